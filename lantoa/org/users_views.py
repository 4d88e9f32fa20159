"""Wagtail's users admin, scoped: staff see only users who hold a role in their subtree."""

from django.db.models import Q
from django.http import Http404
from wagtail.users.views import users as wagtail_users

from . import scope
from .models import Role


def visible_users(queryset, user):
    if scope.scope_for(user).everything:
        return queryset
    in_scope = Role.objects.filter(unit__in=scope.writable_units(user)).values("user_id")
    return queryset.filter(Q(pk__in=in_scope) | Q(pk=user.pk))


class ScopedUser:
    def get_object(self, *args, **kwargs):
        obj = super().get_object(*args, **kwargs)
        if not visible_users(type(obj).objects.filter(pk=obj.pk), self.request.user).exists():
            raise Http404
        return obj


class IndexView(wagtail_users.IndexView):
    def get_base_queryset(self):
        return visible_users(super().get_base_queryset(), self.request.user)


class EditView(ScopedUser, wagtail_users.EditView):
    pass


class DeleteView(ScopedUser, wagtail_users.DeleteView):
    pass


class HistoryView(ScopedUser, wagtail_users.HistoryView):
    pass


class UserViewSet(wagtail_users.UserViewSet):
    index_view_class = IndexView
    edit_view_class = EditView
    delete_view_class = DeleteView
    history_view_class = HistoryView

"""Wagtail's users admin, scoped: staff see only users who hold a role in their subtree."""

from django.http import Http404
from wagtail.users.views import users as wagtail_users

from . import scope
from .admin_scope import FoldedSearch

visible_users = scope.visible_user_accounts


class ScopedUser:
    def get_object(self, *args, **kwargs):
        obj = super().get_object(*args, **kwargs)
        if not visible_users(type(obj).objects.filter(pk=obj.pk), self.request.user).exists():
            raise Http404
        return obj


class RoleManagedAccess:
    """Only superusers make superusers or pick Wagtail groups: everyone else's groups follow their roles."""

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        if not self.request.user.is_superuser:
            for name in ("is_superuser", "groups"):
                form.fields.pop(name, None)
        return form


class IndexView(FoldedSearch, wagtail_users.IndexView):
    default_ordering = "name"

    def get_base_queryset(self):
        return visible_users(super().get_base_queryset(), self.request.user)

    def order_queryset(self, queryset):
        # Vietnamese lists: by given name, then middle name, then family name.
        if self.ordering in ("name", "-name"):
            return queryset.order_by(("-" if self.ordering == "-name" else "") + "sort_name")
        return super().order_queryset(queryset)


class CreateView(RoleManagedAccess, wagtail_users.CreateView):
    pass


class EditView(RoleManagedAccess, ScopedUser, wagtail_users.EditView):
    pass


class DeleteView(ScopedUser, wagtail_users.DeleteView):
    pass


class HistoryView(ScopedUser, wagtail_users.HistoryView):
    pass


class UserViewSet(wagtail_users.UserViewSet):
    index_view_class = IndexView
    add_view_class = CreateView
    edit_view_class = EditView
    delete_view_class = DeleteView
    history_view_class = HistoryView


def superuser_only_bulk_action(action_class):
    """A user bulk action (assigning Wagtail groups) that acts for superusers only."""

    class SuperuserOnlyBulkAction(action_class):
        def check_perm(self, obj):
            return self.request.user.is_superuser and super().check_perm(obj)

    SuperuserOnlyBulkAction.__name__ = SuperuserOnlyBulkAction.__qualname__ = action_class.__name__
    return SuperuserOnlyBulkAction

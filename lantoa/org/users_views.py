"""Wagtail's users admin, scoped: staff see and change only the accounts they manage
(`lantoa.org.scope.visible_user_accounts`); no copy view."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.http import Http404
from django.utils.functional import cached_property
from wagtail.admin.views.generic.usage import UsageView as WagtailUsageView
from wagtail.users.views import users as wagtail_users

from . import scope
from .admin_scope import FoldedSearch
from .user_forms import UserCreationWithPhoneForm, UserEditWithPhoneForm

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

    @cached_property
    def filters(self):
        # Wagtail's group filter lists every group, and a unit's media group carries its code.
        filters = super().filters
        if filters is not None and "group" in filters.form.fields and not self.request.user.is_superuser:
            accounts = visible_users(get_user_model().objects.all(), self.request.user)
            filters.form.fields["group"].queryset = Group.objects.filter(user__in=accounts).distinct()
        return filters

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


class UsageView(ScopedUser, WagtailUsageView):
    pass


class UserViewSet(wagtail_users.UserViewSet):
    index_view_class = IndexView
    add_view_class = CreateView
    edit_view_class = EditView
    delete_view_class = DeleteView
    history_view_class = HistoryView
    usage_view_class = UsageView
    # Wagtail's copy view hands the original account to a creation form, whose save
    # overwrites that account (password, superuser status): there is no copy of a person.
    copy_view_enabled = False

    def get_form_class(self, for_update=False):
        # Wagtail's forms plus the mobile number used for signing in by code.
        return UserEditWithPhoneForm if for_update else UserCreationWithPhoneForm


def superuser_only_bulk_action(action_class):
    """A user bulk action (assigning Wagtail groups) that acts for superusers only."""

    class SuperuserOnlyBulkAction(action_class):
        def dispatch(self, request, *args, **kwargs):
            # Refused before its form runs: its message would name the group chosen.
            if not request.user.is_superuser:
                raise Http404
            return super().dispatch(request, *args, **kwargs)

        def check_perm(self, obj):
            return self.request.user.is_superuser and super().check_perm(obj)

    SuperuserOnlyBulkAction.__name__ = SuperuserOnlyBulkAction.__qualname__ = action_class.__name__
    return SuperuserOnlyBulkAction

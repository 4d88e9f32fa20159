from django.contrib.auth import get_user_model
from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.permissions import register_permission_policy

from . import accounts_views
from .admin_scope import (
    ScopedPermissionPolicy,
    install_log_entry_scope,
    media_rows,
    register_log_scope,
    scoped_bulk_action,
    scoped_media_endpoint,
)
from .models import Reorganisation, Role, Unit
from .queries import unit_of_collection
from .scope import can_read_unit
from .users_views import superuser_only_bulk_action, visible_users
from .views import ReorganisationViewSet, RoleViewSet, UnitChooserViewSet, UnitViewSet, admin_urls

for _model in (Unit, Role, Reorganisation):
    register_permission_policy(_model, ScopedPermissionPolicy(_model))
register_log_scope(get_user_model(), visible_users)
install_log_entry_scope()


def _scoped_bulk_actions():
    from wagtail.documents.views import bulk_actions as document_actions
    from wagtail.images.views import bulk_actions as image_actions
    from wagtail.users.views import bulk_actions as user_actions

    for module, rows in ((image_actions, media_rows), (document_actions, media_rows), (user_actions, visible_users)):
        for name in module.__all__:
            action = scoped_bulk_action(getattr(module, name), rows)
            # Groups follow roles (actions.sync_user_groups): only superusers assign them by hand.
            yield superuser_only_bulk_action(action) if name == "AssignRoleBulkAction" else action


# Registered after Wagtail's own, so the registry keeps these for the same action names.
for _action in _scoped_bulk_actions():
    hooks.register("register_bulk_action", _action, order=100)


class OrgMenu(ViewSetGroup):
    menu_label = _("Union organisation")
    menu_icon = "group"
    menu_order = 200
    items = (
        UnitViewSet("unit", url_prefix="org/units"),
        RoleViewSet("role", url_prefix="org/roles"),
        ReorganisationViewSet("reorganisation", url_prefix="org/reorganisations"),
    )


@hooks.register("register_admin_viewset")
def register_org_viewsets():
    return [OrgMenu(), UnitChooserViewSet("unit_chooser", url_prefix="org/unit-chooser")]


@hooks.register("register_admin_urls")
def register_org_urls():
    return admin_urls()


@hooks.register("register_admin_urls")
def register_officer_accounts_urls():
    return accounts_views.admin_urls()


class OfficerAccountsMenuItem(MenuItem):
    def is_shown(self, request):
        return accounts_views.may_manage_accounts(request.user)


@hooks.register("register_admin_menu_item")
def register_officer_accounts_menu_item():
    return OfficerAccountsMenuItem(_("Officer accounts"), reverse("org_officer_accounts"), icon_name="user", order=195)


@hooks.register("construct_admin_api", order=100)  # after Wagtail's own endpoints
def scope_admin_api_media(router):
    from wagtail.documents.api.admin.views import DocumentsAdminAPIViewSet
    from wagtail.images.api.admin.views import ImagesAdminAPIViewSet

    router.register_endpoint("images", scoped_media_endpoint(ImagesAdminAPIViewSet))
    router.register_endpoint("documents", scoped_media_endpoint(DocumentsAdminAPIViewSet))


@hooks.register("before_serve_document")
def serve_unit_documents_within_scope(document, request):
    """Documents in a unit's collection are the unit's: only staff who may read the unit
    download them (404 for everyone else), unless a published page shows them to everyone
    (`lantoa.portal.documents`). Shared collections stay public."""
    from lantoa.portal.documents import is_public_document

    unit = unit_of_collection(document.collection)
    if unit is not None and not can_read_unit(request.user, unit.pk) and not is_public_document(document):
        raise Http404


@hooks.register("register_admin_menu_item")
def register_tree_menu_item():
    return MenuItem(_("Union tree"), reverse("org_tree"), icon_name="list-ul", order=190)


@hooks.register("register_log_actions")
def register_org_log_actions(actions):
    labels = {
        "lantoa.org.create": _("Unit created"),
        "lantoa.org.move": _("Unit moved"),
        "lantoa.org.merge": _("Unit merged"),
        "lantoa.org.rename": _("Unit renamed"),
        "lantoa.org.close": _("Unit closed"),
        "lantoa.org.recount": _("Member counts updated"),
        "lantoa.org.role_assign": _("Role given"),
        "lantoa.org.role_remove": _("Role removed"),
        "lantoa.org.role_change": _("Role changed"),
        "lantoa.org.officer_accounts": _("Officer accounts created"),
        "lantoa.org.signin_links_issue": _("Sign-in sheets printed"),
        "lantoa.org.signin_links_revoke": _("Sign-in links revoked"),
    }
    for action, label in labels.items():
        actions.register_action(action, label, label)

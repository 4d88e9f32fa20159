from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.permissions import register_permission_policy

from .admin_scope import ScopedPermissionPolicy
from .models import Reorganisation, Role, Unit
from .panels import ScopeSummaryPanel
from .views import ReorganisationViewSet, RoleViewSet, UnitChooserViewSet, UnitViewSet, admin_urls

for _model in (Unit, Role, Reorganisation):
    register_permission_policy(_model, ScopedPermissionPolicy(_model))


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


@hooks.register("register_admin_menu_item")
def register_tree_menu_item():
    return MenuItem(_("Union tree"), reverse("org_tree"), icon_name="list-ul", order=190)


@hooks.register("construct_homepage_panels")
def add_scope_panel(request, panels):
    panels.insert(0, ScopeSummaryPanel(request.user))


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
    }
    for action, label in labels.items():
        actions.register_action(action, label, label)

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.permissions import register_permission_policy
from wagtail.snippets.bulk_actions.delete import DeleteBulkAction
from wagtail.snippets.models import register_snippet

from lantoa.org.admin_scope import ScopedPermissionPolicy, scope_rows, scoped_bulk_action

from . import calendar_views, dashboard_views, export_views
from .models import Campaign, Plan, Target
from .views import CampaignViewSet, PlansGroup, admin_urls

for _model in (Plan, Target, Campaign):
    register_permission_policy(_model, ScopedPermissionPolicy(_model))

register_snippet(CampaignViewSet)
# Snippet bulk actions fetch rows by id: only campaigns in scope (registered after Wagtail's).
hooks.register("register_bulk_action", scoped_bulk_action(DeleteBulkAction, scope_rows), order=100)


@hooks.register("register_admin_viewset")
def register_plan_viewsets():
    return PlansGroup()


@hooks.register("register_admin_urls")
def register_plan_urls():
    return [*admin_urls(), *dashboard_views.urlpatterns, *export_views.urlpatterns, *calendar_views.urlpatterns]


@hooks.register("register_log_actions")
def register_plan_log_actions(actions):
    labels = {
        "lantoa.plans.issue": _("Plan issued"),
        "lantoa.plans.adopt": _("Plan adopted from the upper level"),
        "lantoa.plans.manual_value": _("Figure entered with evidence"),
        "lantoa.plans.close_campaign": _("Campaign closed"),
        "lantoa.plans.spending": _("Spending recorded"),
        "lantoa.plans.assign": _("Assignments created"),
        "lantoa.plans.move_open_work": _("Open work moved to the successor"),
    }
    for action, label in labels.items():
        actions.register_action(action, label, label)


@hooks.register("register_admin_menu_item")
def register_calendar_menu_item():
    from django.urls import reverse
    from wagtail.admin.menu import MenuItem

    return MenuItem(_("Union calendar"), reverse("plans_calendar"), icon_name="date", order=170)


# --- "Record spending" on approved campaigns (finance, editors, officers)


@hooks.register("register_admin_urls")
def register_spending_urls():
    from . import spending_views

    return spending_views.urlpatterns


@hooks.register("register_admin_menu_item")
def register_spending_menu_item():
    from django.urls import reverse
    from wagtail.admin.menu import MenuItem

    from .spending_views import PERMISSION

    class SpendingMenuItem(MenuItem):
        def is_shown(self, request):
            return request.user.has_perm(PERMISSION)

    return SpendingMenuItem(_("Campaign spending"), reverse("plans_spending_index"), icon_name="form", order=165)


@hooks.register("register_snippet_action_menu_item")
def spending_action_menu_item(model):
    from wagtail.snippets.action_menu import ActionMenuItem

    from .spending_views import may_record_spending

    class RecordSpendingMenuItem(ActionMenuItem):
        label = _("Record spending")
        name = "record-spending"
        icon_name = "form"

        def is_shown(self, context):
            instance = context.get("instance")
            return context.get("view") == "edit" and may_record_spending(context["request"].user, instance)

        def get_url(self, parent_context):
            from django.urls import reverse

            return reverse("plans_record_spending", args=[parent_context["instance"].pk])

    return RecordSpendingMenuItem(order=70) if model is Campaign else None


# --- The approver's review of a campaign, and "Phê duyệt" instead of "Xuất bản" (issue #10)
from . import review_hooks  # noqa: E402, F401

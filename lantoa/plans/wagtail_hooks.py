from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from . import calendar_views, dashboard_views, export_views


@hooks.register("register_admin_urls")
def register_plan_urls():
    return [*dashboard_views.urlpatterns, *export_views.urlpatterns, *calendar_views.urlpatterns]


@hooks.register("register_log_actions")
def register_plan_log_actions(actions):
    labels = {
        "lantoa.plans.issue": _("Plan issued"),
        "lantoa.plans.adopt": _("Plan adopted from the upper level"),
        "lantoa.plans.manual_value": _("Figure entered with evidence"),
        "lantoa.plans.close_campaign": _("Campaign closed"),
        "lantoa.plans.spending": _("Spending recorded"),
        "lantoa.plans.assign": _("Assignments created"),
        "lantoa.plans.assignment_done": _("Assignment done"),
    }
    for action, label in labels.items():
        actions.register_action(action, label, label)

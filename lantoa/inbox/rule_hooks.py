"""Wagtail hooks of the inbox's rule screens (imported by wagtail_hooks.py): the routing
rules' viewset (lantoa/inbox/rule_views.py), its own menu item "Quy tắc chuyển xử lý"
next to the worker inbox, and its permission policy (`inbox.change_case` on the rule's unit)."""

from wagtail import hooks
from wagtail.permissions import register_permission_policy

from .models import RoutingRule
from .rule_views import RoutingRuleViewSet, RulePolicy

register_permission_policy(RoutingRule, RulePolicy(RoutingRule))


@hooks.register("register_admin_viewset")
def register_rule_viewset():
    return RoutingRuleViewSet("routing_rule", url_prefix="inbox/rules")

"""The routing rules' staff screens: a union's rules sending the cases that reach it (by
topic and urgency) to another unit or to a role (`routing.apply_rules` applies them).

Who may: a rule is a row of its unit (`RoutingRule.unit_id_for_scope`), and the right to
list, write and delete it is the right to handle that unit's cases, `inbox.change_case`
(`RulePolicy`), so no role needs permissions of its own for rules (roles.py unchanged).
The listing shows only the rules of the units where the user handles cases.

The form offers as the rule's unit and as its target only units where the user handles
cases (`ScopedForm`, narrowed by `inbox.change_case`). Decision: the target must also lie
in the rule unit's subtree, or be the union just above it (a grassroots union may pass
strikes to its park's union); never a sibling or a far-away union, whose staff did not ask
for the work. The role offered is one that can handle cases (`kinds_granting`).
"""

from __future__ import annotations

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views import generic

from lantoa.org.admin_scope import ScopedForm, ScopedModelViewSet, ScopedPermissionPolicy, scope_rows
from lantoa.org.models import RoleKind
from lantoa.org.roles import kinds_granting

from .models import RoutingRule
from .routing import HANDLE

RULE_ACTIONS = {"view", "add", "change", "delete"}


class RulePolicy(ScopedPermissionPolicy):
    """Every action on a rule is `inbox.change_case` on the rule's unit."""

    unit_permission = HANDLE

    def scope_perm(self, action: str) -> str | None:
        return HANDLE

    def user_has_permission(self, user, action):
        return action in RULE_ACTIONS and user.has_perm(HANDLE)

    def instances_user_has_any_permission_for(self, user, actions):
        if not any(self.user_has_permission(user, action) for action in actions):
            return RoutingRule.objects.none()
        return scope_rows(RoutingRule.objects.all(), user, perm=HANDLE)


class RuleForm(ScopedForm):
    unit_permission = HANDLE

    class Meta:
        model = RoutingRule
        fields = ["unit", "below", "topic", "urgency", "target_unit", "target_role", "position", "active"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("unit", "target_unit"):
            self.fields[name].error_messages["invalid_choice"] = _("Choose a unit you manage.")
        # An empty choice says what it means (the model's blanks: any, stay, nobody).
        self.fields["topic"].choices = [("", _("Any topic")), *self.fields["topic"].choices[1:]]
        self.fields["urgency"].choices = [("", _("Any urgency")), *self.fields["urgency"].choices[1:]]
        self.fields["target_unit"].empty_label = _("Stays with the union")
        handling = set(kinds_granting(HANDLE))
        self.fields["target_role"].choices = [("", _("Nobody in particular"))] + [
            (kind, label) for kind, label in RoleKind.choices if kind in handling
        ]
        self.fields["below"].help_text = _("Cases that reach the unions under this one follow the rule too.")
        self.fields["position"].help_text = _(
            "The rules of the nearest union are tried first, each union's from the lowest order; the first that "
            "matches decides."
        )

    def clean(self):
        data = super().clean()
        unit, target = data.get("unit"), data.get("target_unit")
        if unit is not None and target is not None and not is_allowed_target(unit, target):
            self.add_error("target_unit", _("Send the cases to a unit under this one or to the union just above it."))
        if "target_unit" in data and not target and not data.get("target_role"):
            self.add_error(None, _("Choose a unit to send the cases to, a role to assign them to, or both."))
        return data


def is_allowed_target(unit, target) -> bool:
    """The rule unit's subtree, or the union just above it."""
    return target.path.startswith(unit.path) or target.pk == unit.parent_id


def topic_text(rule: RoutingRule) -> str:
    return rule.get_topic_display() if rule.topic else gettext("Any topic")


def urgency_text(rule: RoutingRule) -> str:
    return rule.get_urgency_display() if rule.urgency else gettext("Any urgency")


def target_text(rule: RoutingRule) -> str:
    return rule.target_unit.name if rule.target_unit_id else gettext("Stays with the union")


def role_text(rule: RoutingRule) -> str:
    return rule.get_target_role_display() if rule.target_role else "—"


def yes_no(value: bool) -> str:
    return gettext("Yes") if value else gettext("No")


def rule_label(rule: RoutingRule) -> str:
    """How a rule reads in titles ("Công đoàn phường …: An toàn, vệ sinh lao động, Khẩn cấp"):
    the model's own text is for logs."""
    return f"{rule.unit.name}: {topic_text(rule)}, {urgency_text(rule)}"


def saved_message(rule: RoutingRule) -> str:
    return gettext("The rule of “%(unit)s” is saved.") % {"unit": rule.unit.name}


class RuleCreateView(generic.CreateView):
    def get_success_message(self, instance):
        return saved_message(instance)


class RuleEditView(ScopedModelViewSet.edit_view_class):
    def get_page_subtitle(self):
        return rule_label(self.object)

    def get_success_message(self):
        return saved_message(self.object)


class RuleDeleteView(ScopedModelViewSet.delete_view_class):
    def get_page_subtitle(self):
        return rule_label(self.object)

    def get_success_message(self):
        return gettext("The rule of “%(unit)s” is deleted.") % {"unit": self.object.unit.name}


class RuleIndexView(ScopedModelViewSet.index_view_class):
    def get_base_queryset(self):
        rows = scope_rows(super().get_base_queryset(), self.request.user, perm=HANDLE)
        return rows.select_related("unit", "target_unit")


class RoutingRuleViewSet(ScopedModelViewSet):
    model = RoutingRule
    icon = "redirect"
    menu_label = _("Routing rules")
    menu_order = 177  # just after the worker inbox (176)
    add_to_admin_menu = True
    index_view_class = RuleIndexView
    add_view_class = RuleCreateView
    edit_view_class = RuleEditView
    delete_view_class = RuleDeleteView
    list_display = [
        TitleColumn("unit", label=_("rule of"), url_name="routing_rule:edit", sort_key="unit__sort_name"),
        Column("below", label=_("also for cases of its units"), accessor=lambda rule: yes_no(rule.below)),
        Column("topic", label=_("topic"), accessor=topic_text),
        Column("urgency", label=_("urgency"), accessor=urgency_text),
        Column("target_unit", label=_("send to unit"), accessor=target_text),
        Column("target_role", label=_("assign to the holder of role"), accessor=role_text),
        Column("position", label=_("order"), sort_key="position"),
        Column("active", label=_("in use"), accessor=lambda rule: yes_no(rule.active)),
    ]
    list_filter = ["topic", "urgency", "active"]
    ordering = ["unit__path", "position", "pk"]
    copy_view_enabled = False
    inspect_view_enabled = False

    def get_form_class(self, for_update=False):
        return RuleForm

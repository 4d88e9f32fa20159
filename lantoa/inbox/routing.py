"""Which union handles a case, and who hears of a critical one at once.

The workplace union matched from the employer the worker named handles it; the worker
may send it to the union above instead (fear of retaliation), and then the workplace
union never sees it. Without a match: the union the worker chose on the form, else the
union owning the channel it came through, else the top of the tree.

Then the unions' own rules (`RoutingRule`, `apply_rules`) may send the case on, once: the
rules of the union it reached first, then those of the unions above marked "also for
cases of its units" (`below`), nearest first, each union's by `position`; the first whose
topic and urgency match decides the unit (a current one; a rule pointing at a unit that
has ended is skipped) and, by its role, the person. One pass, no chaining: a rule's target
is not routed again, so two rules pointing at each other cannot loop.

A case the worker sent to the upper-level union never comes back to the union they went
over (their workplace union, or the union they chose): a rule whose target is that union
or a unit under it is skipped for such a case (`shielded`).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Count, IntegerField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import translation
from django.utils.translation import gettext as _

from lantoa.org import paths
from lantoa.org.models import RoleKind, Unit
from lantoa.org.roles import kinds_granting

from .models import Case, CaseStatus, RoutingRule

HANDLE = "inbox.change_case"
OPEN_STATUSES = (CaseStatus.NEW, CaseStatus.ASSIGNED, CaseStatus.IN_PROGRESS)


@dataclass(frozen=True)
class Routed:
    """Where a new case goes: its unit, the person it is assigned to (None: the unit's
    staff), and the rule that decided it (None: the base routing)."""

    unit: Unit
    assignee: object | None = None
    rule: RoutingRule | None = None


def base_unit(*, employer_unit: Unit | None, chosen_unit_id: int | None, channel_id: int | None) -> Unit:
    """The union the worker's message belongs to, before any request to go above it."""
    from .intake import channel_unit_id

    unit = employer_unit
    if unit is None and chosen_unit_id:
        unit = Unit.objects.filter(pk=chosen_unit_id).first()
    if unit is None and channel_id:
        unit = Unit.objects.filter(pk=channel_unit_id(channel_id)).first()
    if unit is None:
        unit = Unit.objects.current().order_by("depth", "path").first()
    return unit


def route(*, topic: str, urgency: str, employer_unit: Unit | None, chosen_unit_id: int | None,
          channel_id: int | None, to_upper_level: bool) -> Unit:  # fmt: skip
    """The base routing: the union of `base_unit`, or its parent on the worker's request."""
    unit = base_unit(employer_unit=employer_unit, chosen_unit_id=chosen_unit_id, channel_id=channel_id)
    if to_upper_level and unit.parent_id:
        unit = unit.parent
    return unit


def route_case(*, topic: str, urgency: str, employer_unit: Unit | None, chosen_unit_id: int | None,
               channel_id: int | None, to_upper_level: bool) -> Routed:  # fmt: skip
    """The base routing, then the unions' rules (`apply_rules`), shielding the union a
    worker went over when they asked for the upper level."""
    first = base_unit(employer_unit=employer_unit, chosen_unit_id=chosen_unit_id, channel_id=channel_id)
    unit, shielded = first, None
    if to_upper_level and first.parent_id:
        unit, shielded = first.parent, first
    target, assignee, rule = apply_rules(unit, topic, urgency, shielded=shielded)
    return Routed(target, assignee, rule)


# --- The unions' rules


def candidate_rules(unit: Unit, topic: str, urgency: str) -> list[RoutingRule]:
    """Active rules that may apply to a case routed to `unit`, in the order they are tried:
    the unit's own, then the `below` rules of each union above, nearest first; within a
    union by position, then age. One query."""
    above = paths.ancestor_ids(unit.path)[:-1]
    rules = (
        RoutingRule.objects.filter(active=True)
        .filter(Q(unit_id=unit.pk) | Q(unit_id__in=above, below=True))
        .filter(Q(topic="") | Q(topic=topic), Q(urgency="") | Q(urgency=urgency))
        .select_related("target_unit")
    )
    nearness = {unit_id: distance for distance, unit_id in enumerate(reversed([*above, unit.pk]))}
    return sorted(rules, key=lambda rule: (nearness[rule.unit_id], rule.position, rule.pk))


def usable_target(rule: RoutingRule, shielded: Unit | None) -> bool:
    """A rule's target unit must be open today, and outside the union a worker went over."""
    target = rule.target_unit
    if target is None:
        return True
    if not target.is_current:
        return False
    return shielded is None or not target.path.startswith(shielded.path)


def role_holder(unit: Unit, kind: str):
    """The active holder of role `kind` on `unit` itself (not above) with the fewest open
    cases, then the oldest account; None when nobody holds it or the role cannot handle
    cases. One query."""
    if kind not in kinds_granting(HANDLE):
        return None
    open_cases = (
        Case.objects.filter(assignee=OuterRef("pk"), status__in=OPEN_STATUSES)
        .order_by()
        .values("assignee")
        .annotate(n=Count("pk"))
        .values("n")
    )
    holders = get_user_model().objects.filter(is_active=True, lantoa_roles__unit=unit, lantoa_roles__kind=kind)
    load = Coalesce(Subquery(open_cases, output_field=IntegerField()), Value(0))
    return holders.annotate(open_load=load).order_by("open_load", "pk").first()


def apply_rules(unit: Unit, topic: str, urgency: str, *, shielded: Unit | None = None):
    """(final unit, assignee or None, rule or None) for a case of `topic` and `urgency`
    routed to `unit`: the first matching rule (`candidate_rules`) whose target is usable
    (`usable_target`). Its `target_unit` (empty: stay) becomes the case's unit, and the
    holder of its `target_role` on that unit (`role_holder`) its assignee. Applied once:
    the target's own rules are not applied in turn.

    `shielded` is the union a worker asked to go over (`Case.to_upper_level`): a rule
    sending the case to it or to a unit under it is skipped, so a rule can never bring
    the case back where the worker feared retaliation."""
    for rule in candidate_rules(unit, topic, urgency):
        if not usable_target(rule, shielded):
            continue
        final = rule.target_unit or unit
        assignee = role_holder(final, rule.target_role) if rule.target_role else None
        return final, assignee, rule
    return unit, None, None


def propaganda_boards():
    """The propaganda boards ("Ban Tuyên giáo"): board units named so, under a federation."""
    from lantoa.org.models import UnitKind

    return Unit.objects.current().filter(kind=UnitKind.BOARD, search_text__contains="tuyen giao")


def watched_federation_paths(user) -> list[str]:
    """The paths of the federations whose propaganda board `user` heads: their critical
    cases are the user's to read (R13), whichever union below handles them."""
    from lantoa.org.models import Role

    heads = Role.objects.filter(user_id=user.pk, kind=RoleKind.BOARD_HEAD, unit__in=propaganda_boards())
    return list(Unit.objects.filter(pk__in=heads.values("unit__parent_id")).values_list("path", flat=True))


def propaganda_heads(unit: Unit) -> set[int]:
    """Heads of the propaganda board ("Ban Tuyên giáo") of the federations above `unit`."""
    from lantoa.org.models import Role

    boards = propaganda_boards().filter(parent_id__in=paths.ancestor_ids(unit.path))
    roles = Role.objects.filter(kind=RoleKind.BOARD_HEAD, unit__in=boards, user__is_active=True)
    return set(roles.values_list("user_id", flat=True))


def alert_critical(case) -> int:
    """A critical case (a stoppage, an accident) reaches at once the propaganda board's
    head and the spokesperson nearest above its unit (R13), in the app and outside it."""
    from lantoa.org.approval import nearest_holders
    from lantoa.workspace.actions import do_notify

    from .notices import case_url

    people = nearest_holders(case.unit_id, RoleKind.SPOKESPERSON) | propaganda_heads(case.unit)
    with translation.override(settings.LANGUAGE_CODE):
        message = _("Critical case %(code)s at %(unit)s: %(subject)s") % {
            "code": case.code, "unit": case.unit.name, "subject": case.subject,
        }  # fmt: skip
    return do_notify(people, kind="inbox.critical", message=message, url=case_url(case), unit_id=case.unit_id,
                     email=True)  # fmt: skip

"""Scoped reads of plans: every plan fetched for a user comes through here."""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from lantoa.org import scope

from .models import Campaign, Plan, PlanStatus


def visible_plans(user):
    """Plans issued by units the user may read."""
    return scope.scope_queryset(Plan.objects.all(), user, unit_field="issuing_unit")


def role_lines(user) -> set[int]:
    """The units of the user's roles and every unit above them."""
    from lantoa.org import paths
    from lantoa.org.models import Role

    return {uid for path in Role.objects.filter(user=user).values_list("unit__path", flat=True)
            for uid in paths.ancestor_ids(path)}  # fmt: skip


def received_plans(user):
    """Issued plans of the units above the user's roles: the directives a lower unit puts
    into practice (R20). Readable as documents with their plan-wide figures, the campaigns
    of the user's own subtree and of the units above it (`campaigns_seen_by`), and the
    drill-down of the user's own units (`drill_units`)."""
    return Plan.objects.filter(Q(issuing_unit_id__in=role_lines(user)), ~Q(status=PlanStatus.DRAFT))


def readable_plans(user):
    if scope.scope_for(user).everything:
        return Plan.objects.all()
    return Plan.objects.filter(pk__in=visible_plans(user).values("pk")) | Plan.objects.filter(
        pk__in=received_plans(user).values("pk")
    )


def access_plan(user, pk, *, perm: str | None = None, received: bool = False) -> Plan:
    """A plan for a user: 404 when out of reading scope, 403 without `perm` on its unit. With
    `received`, plans of the units above the user's roles are readable too."""
    plans = readable_plans(user) if received else visible_plans(user)
    try:
        plan = plans.select_related("issuing_unit").get(pk=pk)
    except (Plan.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    if perm and not scope.has_perm(user, perm, plan.issuing_unit_id):
        raise PermissionDenied
    return plan


def visible_campaigns(user):
    return scope.scope_queryset(Campaign.objects.all(), user)


def campaigns_seen_by(user, campaigns: QuerySet[Campaign]) -> QuerySet[Campaign]:
    """The campaigns of a plan a user reads: those of units in the user's reading scope and
    those of the units above the user's roles. A lower unit reading a plan received from
    above sees its own and its upper units' campaigns, never a sibling's."""
    if scope.scope_for(user).everything:
        return campaigns
    return campaigns.filter(Q(unit__in=scope.visible_units(user)) | Q(unit_id__in=role_lines(user)))


def drill_units(user, targets, day: datetime.date) -> dict[int, int | None]:
    """For each target, the unit whose line the user opens in the drill-down on `day`: the
    measured unit when the user reads it (or when the figure is not broken down by unit,
    so the line is the plan-wide figure); otherwise the highest unit of the user's roles
    inside the measured subtree (a commune officer's own commune of a provincial target);
    None when the user has no line there. Three queries, whatever the number of targets."""
    from lantoa.org.models import Role, UnitState

    from . import indicators

    targets = list(targets)
    measured = {t.measured_unit_id for t in targets}
    readable = set(scope.visible_units(user).filter(pk__in=measured).values_list("pk", flat=True))
    paths = dict(UnitState.objects.on(day).filter(unit_id__in=measured).values_list("unit_id", "path"))
    own = sorted(
        UnitState.objects.on(day)
        .filter(unit_id__in=Role.objects.filter(user=user).values("unit_id"))
        .values_list("path", "unit_id"),
        key=lambda pair: (len(pair[0]), pair[0]),
    )
    found: dict[int, int | None] = {}
    for target in targets:
        unit_id = target.measured_unit_id
        if unit_id in readable or not indicators.REGISTRY[target.indicator].drills_down:
            found[target.pk] = unit_id
            continue
        root = paths.get(unit_id)
        found[target.pk] = next((uid for path, uid in own if root and path.startswith(root)), None)
    return found

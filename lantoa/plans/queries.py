"""Scoped reads of plans: every plan fetched for a user comes through here."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404

from lantoa.org import scope

from .models import Campaign, Plan, PlanStatus


def visible_plans(user):
    """Plans issued by units the user may read."""
    return scope.scope_queryset(Plan.objects.all(), user, unit_field="issuing_unit")


def received_plans(user):
    """Issued plans of the units above the user's roles: the directives a lower unit puts
    into practice (R20). Readable as documents, with their plan-wide figures; their
    drill-down by unit stays with the issuing unit's scope."""
    from django.db.models import Q

    from lantoa.org import paths
    from lantoa.org.models import Role

    above = {uid for path in Role.objects.filter(user=user).values_list("unit__path", flat=True)
             for uid in paths.ancestor_ids(path)}  # fmt: skip
    return Plan.objects.filter(Q(issuing_unit_id__in=above), ~Q(status=PlanStatus.DRAFT))


def readable_plans(user):
    if scope.scope_for(user).everything:
        return Plan.objects.all()
    return Plan.objects.filter(pk__in=visible_plans(user).values("pk")) | Plan.objects.filter(
        pk__in=received_plans(user).values("pk")
    )


def access_plan(user, pk, *, write: bool = False, received: bool = False) -> Plan:
    """A plan for a user: 404 when out of reading scope, 403 when read-only. With
    `received`, plans of the units above the user's roles are readable too."""
    plans = readable_plans(user) if received else visible_plans(user)
    try:
        plan = plans.select_related("issuing_unit").get(pk=pk)
    except (Plan.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    if write and not scope.can_write_unit(user, plan.issuing_unit_id):
        raise PermissionDenied
    return plan


def visible_campaigns(user):
    return scope.scope_queryset(Campaign.objects.all(), user)

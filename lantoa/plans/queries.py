"""Scoped reads of plans: every plan fetched for a user comes through here."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404

from lantoa.org import scope

from .models import Campaign, Plan


def visible_plans(user):
    """Plans issued by units the user may read."""
    return scope.scope_queryset(Plan.objects.all(), user, unit_field="issuing_unit")


def access_plan(user, pk, *, write: bool = False) -> Plan:
    """A plan for a user: 404 when out of reading scope, 403 when read-only."""
    try:
        plan = visible_plans(user).select_related("issuing_unit").get(pk=pk)
    except (Plan.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    if write and not scope.can_write_unit(user, plan.issuing_unit_id):
        raise PermissionDenied
    return plan


def visible_campaigns(user):
    return scope.scope_queryset(Campaign.objects.all(), user)

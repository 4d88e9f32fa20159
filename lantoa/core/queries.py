"""Scoped reads of the core app: the sign-ins that the throttle (django-axes) refuses now."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Max, Sum
from django.utils import timezone

from lantoa.org.scope import visible_user_accounts


@dataclass(frozen=True)
class SigninLock:
    who: str  # a username or an address
    failures: int
    last_failure: datetime.datetime
    ends_at: datetime.datetime  # at the latest


def may_unlock_signins(user) -> bool:
    """Superusers, and staff who manage accounts (federation admins)."""
    return user.is_active and (user.is_superuser or user.has_perm("org.change_user"))


def may_unlock_account(user, username: str) -> bool:
    if user.is_superuser:
        return True
    accounts = get_user_model().objects.filter(username=username)
    return may_unlock_signins(user) and visible_user_accounts(accounts, user).exists()


def _locks(field: str) -> list[SigninLock]:
    cool_off = settings.AXES_COOLOFF_TIME
    rows = (
        AccessAttempt.objects.filter(attempt_time__gte=timezone.now() - cool_off)
        .exclude(**{f"{field}__isnull": True})
        .values(field)
        .annotate(failures=Sum("failures_since_start"), last=Max("attempt_time"))
        .filter(failures__gte=settings.AXES_FAILURE_LIMIT)
        .order_by(field)
    )
    return [SigninLock(row[field], row["failures"], row["last"], row["last"] + cool_off) for row in rows]


def locked_accounts(user) -> list[SigninLock]:
    """Locked usernames: all of them for superusers, the accounts they manage for others."""
    locks = _locks("username")
    if user.is_superuser:
        return locks
    accounts = get_user_model().objects.filter(username__in=[lock.who for lock in locks])
    managed = set(visible_user_accounts(accounts, user).values_list("username", flat=True))
    return [lock for lock in locks if lock.who in managed]


def locked_addresses(user) -> list[SigninLock]:
    """Locked addresses, for superusers only: an address is shared by whoever uses it."""
    return _locks("ip_address") if user.is_superuser else []

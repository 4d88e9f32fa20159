"""Every change made by the core app: unlocking sign-ins."""

from __future__ import annotations

from axes.models import AccessAttempt
from axes.utils import reset as axes_reset
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db import transaction
from wagtail.log_actions import log

from .queries import may_unlock_account


@transaction.atomic
def do_unlock_signin(*, username: str = "", ip_address: str = "", actor) -> int:
    """Forget the failed sign-ins of one account (`username`) or one address, so that it
    may sign in at once; returns how many attempt rows went. Superusers unlock anything;
    staff who manage accounts unlock the accounts they manage (PermissionDenied otherwise).
    The entry goes to the account's history (or, for an address, to the attempts' own)."""
    if bool(username) == bool(ip_address):
        raise ValueError("unlock one account or one address")
    allowed = may_unlock_account(actor, username) if username else actor.is_superuser
    if not allowed:
        raise PermissionDenied
    attempts = AccessAttempt.objects.filter(**({"username": username} if username else {"ip_address": ip_address}))
    subject = get_user_model().objects.filter(username=username).first() if username else None
    subject = subject or attempts.first()
    if subject is None:
        return 0
    log(subject, "lantoa.signin.unlock", user=actor, data={"username": username, "ip_address": ip_address})
    return axes_reset(username=username or None, ip=ip_address or None)

"""Signing in without a password: one-time links printed on a unit's sheet, and six-digit
codes sent to a user's phone.

Secrets are kept as hashes only (a link's token: SHA-256; a code: HMAC with SECRET_KEY, as
a million codes are quickly tried against a plain hash). Links and codes are throttled
through the shared cache (`CACHES`, one for every worker), counted per phone and per
client address in fixed windows. Codes travel through the sender named by the setting
`LANTOA_CODE_SENDER` (a dotted path to a function `send(phone, message)`): the console in
the embedded mode, a list in memory in the tests, an SMS or Zalo gateway in production.
"""

from __future__ import annotations

import datetime
import hashlib
import secrets
import time
from dataclasses import dataclass
from enum import Enum

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.log_actions import log

from . import actions, scope
from .bulk_accounts import ACCOUNTS_PERM
from .models import Role, RoleKind, SignInCode, SignInLink, Unit
from .phones import normalize_phone

LINK_LIFETIME = datetime.timedelta(days=14)
CODE_LIFETIME = datetime.timedelta(minutes=10)
CODE_ATTEMPTS = 5
CODE_DIGITS = 6
HOUR = 3600
CODES_PER_PHONE_PER_HOUR = 5
CODES_PER_ADDRESS_PER_HOUR = 20
CODE_CHECKS_PER_ADDRESS_PER_HOUR = 30
LINK_FAILURES_PER_ADDRESS_PER_HOUR = 20
DEFAULT_SENDER = "lantoa.org.signin.console_sender"
LINKS = gettext_lazy("sign-in links")
ISSUE_ACTION = "lantoa.org.signin_links_issue"
REVOKE_ACTION = "lantoa.org.signin_links_revoke"


# --- Throttle


def over_limit(name: str, who: str, *, limit: int, window: int = HOUR) -> bool:
    """Count one more event of `name` for `who` in the current window; True once the count
    passes `limit`. Counted by get and set (not `incr`, which the file cache does not keep
    for the window): two workers at the same instant may both pass, never many."""
    key = f"lantoa-throttle:{name}:{_digest(who)}:{int(time.time() // window)}"
    count = (cache.get(key) or 0) + 1
    cache.set(key, count, timeout=window)
    return count > limit


def is_over(name: str, who: str, *, limit: int, window: int = HOUR) -> bool:
    """Whether `who` already passed `limit` in the current window (counts nothing)."""
    key = f"lantoa-throttle:{name}:{_digest(who)}:{int(time.time() // window)}"
    return (cache.get(key) or 0) >= limit


def _digest(value: str) -> str:
    return hashlib.sha256(str(value).encode()).hexdigest()[:32]


# --- Completing an account made in bulk


def complete_account(user) -> None:
    """Give a user made in bulk (`bulk_accounts`) the per-unit groups its roles imply
    (media library rights), at its first sign-in rather than at creation."""
    with transaction.atomic():
        actions.sync_user_groups(user)


def landing_url(user) -> str:
    from lantoa.cascade.landing import landing_url as cascade_landing

    return cascade_landing(user)


# --- One-time links


class LinkState(Enum):
    VALID = "valid"
    USED = "used"
    EXPIRED = "expired"
    REVOKED = "revoked"
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class IssuedLink:
    unit: Unit
    user: object
    token: str
    expires_at: datetime.datetime


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def officers_of(units) -> dict[int, object]:
    """The officer of each unit (the earliest given `unit_officer` role of an active user)."""
    officers = {}
    roles = (
        Role.objects.filter(unit__in=units, kind=RoleKind.UNIT_OFFICER, user__is_active=True)
        .select_related("user")
        .order_by("created_at", "pk")
    )
    for role in roles:
        officers.setdefault(role.unit_id, role.user)
    return officers


def outstanding_links():
    return SignInLink.objects.filter(used_at__isnull=True, revoked_at__isnull=True, expires_at__gt=timezone.now())


@transaction.atomic
def do_issue_signin_links(units, *, actor, lifetime: datetime.timedelta = LINK_LIFETIME) -> list[IssuedLink]:
    """A new one-time link for the officer of each unit (units without one are left out);
    the unit's earlier links that are still usable are revoked, so only the newest sheet
    works. The tokens are returned once, for printing, and never stored."""
    units = list(units)
    scope.require_perm(actor, ACCOUNTS_PERM, [u.pk for u in units], LINKS)
    officers = officers_of(units)
    now = timezone.now()
    outstanding_links().filter(unit_id__in=list(officers)).update(revoked_at=now)
    issued, rows = [], []
    for unit in units:
        user = officers.get(unit.pk)
        if user is None:
            continue
        token = secrets.token_urlsafe(24)
        issued.append(IssuedLink(unit, user, token, now + lifetime))
        rows.append(
            SignInLink(user=user, unit=unit, token_hash=hash_token(token), expires_at=now + lifetime, created_by=actor)
        )
    SignInLink.objects.bulk_create(rows, batch_size=1000)
    if issued:
        data = {"count": len(issued), "accounts": sorted(link.user.username for link in issued)}
        log(units[0].parent or units[0], ISSUE_ACTION, user=actor, data=data)
    return issued


@transaction.atomic
def do_revoke_signin_links(units, *, actor) -> int:
    """Revoke every usable link of the units; returns how many."""
    units = list(units)
    scope.require_perm(actor, ACCOUNTS_PERM, [u.pk for u in units], LINKS)
    revoked = outstanding_links().filter(unit__in=units).update(revoked_at=timezone.now())
    if revoked:
        log(units[0].parent or units[0], REVOKE_ACTION, user=actor, data={"count": revoked})
    return revoked


def link_state(token: str) -> LinkState:
    link = SignInLink.objects.filter(token_hash=hash_token(token)).select_related("user").first()
    if link is None or not link.user.is_active:
        return LinkState.UNKNOWN
    if link.revoked_at:
        return LinkState.REVOKED
    if link.used_at:
        return LinkState.USED
    if link.expires_at <= timezone.now():
        return LinkState.EXPIRED
    return LinkState.VALID


def redeem_link(token: str):
    """The link's user, marking the link used; None when it is not usable. One conditional
    update decides, so two requests racing on one link sign in once."""
    now = timezone.now()
    usable = outstanding_links().filter(token_hash=hash_token(token), user__is_active=True)
    link = usable.first()
    if link is None or not outstanding_links().filter(pk=link.pk).update(used_at=now):
        return None
    return link.user


# --- Codes by phone


def send_text(phone: str, message: str) -> None:
    """Deliver `message` to `phone` through the configured sender."""
    sender = import_string(getattr(settings, "LANTOA_CODE_SENDER", "") or DEFAULT_SENDER)
    sender(phone, message)


def console_sender(phone: str, message: str) -> None:
    """The embedded mode's sender: the message on the server's console."""
    print(f"[Lan Tỏa → {phone}] {message}", flush=True)  # noqa: T201 - the console is the delivery


OUTBOX: list[tuple[str, str]] = []


def locmem_sender(phone: str, message: str) -> None:
    """The tests' sender: messages collect in `OUTBOX`."""
    OUTBOX.append((phone, message))


def hash_code(user_id: int, code: str) -> str:
    return salted_hmac("lantoa.org.signin.code", f"{user_id}:{code}", algorithm="sha256").hexdigest()


def user_with_phone(phone: str):
    return get_user_model().objects.filter(phone=phone, is_active=True).first()


class Throttled(Exception):
    """Too many codes asked or tried: the same answer whoever asks."""


def request_code(phone: str, *, address: str) -> None:
    """Send a new code to `phone` (normalised) when an active account has it. Says nothing
    about whether one does; raises Throttled past the limits, counted either way."""
    phone_over = over_limit("code-phone", phone, limit=CODES_PER_PHONE_PER_HOUR)
    address_over = over_limit("code-address", address, limit=CODES_PER_ADDRESS_PER_HOUR)
    if phone_over or address_over:
        raise Throttled
    user = user_with_phone(phone)
    if user is None:
        return
    code = f"{secrets.randbelow(10**CODE_DIGITS):0{CODE_DIGITS}d}"
    with transaction.atomic():
        SignInCode.objects.filter(user=user, used_at__isnull=True).update(used_at=timezone.now())
        SignInCode.objects.create(
            user=user, code_hash=hash_code(user.pk, code), expires_at=timezone.now() + CODE_LIFETIME
        )
    minutes = int(CODE_LIFETIME.total_seconds() // 60)
    send_text(
        phone,
        _("Your Lan Tỏa sign-in code is %(code)s. It is valid for %(minutes)s minutes; do not share it with anyone.")
        % {"code": code, "minutes": minutes},
    )


def check_code(phone: str, code: str, *, address: str):
    """The account of `phone` when `code` is its current code (used up on success); None
    otherwise, counting the attempt. Raises Throttled past the address's limit."""
    if over_limit("code-check", address, limit=CODE_CHECKS_PER_ADDRESS_PER_HOUR):
        raise Throttled
    user = user_with_phone(phone)
    if user is None:
        return None
    current = (
        SignInCode.objects.filter(user=user, used_at__isnull=True, expires_at__gt=timezone.now())
        .filter(Q(attempts__lt=CODE_ATTEMPTS))
        .order_by("-created_at", "-pk")
        .first()
    )
    if current is None:
        return None
    if not constant_time_compare(current.code_hash, hash_code(user.pk, code.strip())):
        SignInCode.objects.filter(pk=current.pk).update(attempts=F("attempts") + 1)
        return None
    used = SignInCode.objects.filter(pk=current.pk, used_at__isnull=True).update(used_at=timezone.now())
    return user if used else None


@transaction.atomic
def do_set_phone(user, phone: str, *, actor) -> None:
    """Record a user's mobile number in its stored form; one account per number."""
    phone = normalize_phone(phone) if phone else ""
    if phone and get_user_model().objects.filter(phone=phone).exclude(pk=user.pk).exists():
        raise ValidationError(_("This mobile number belongs to another account."), code="phone_taken")
    user.phone = phone
    user.save(update_fields=["phone"])
    log(user, "wagtail.edit", user=actor, data={"fields": ["phone"]})

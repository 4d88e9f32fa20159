"""Officer accounts for thousands of units at once, from the unit registry.

One account per unit that has no officer yet: username `cs.<unit code>`, no usable password
(the officer signs in with the unit's printed sheet or a code sent to their phone), a
`unit_officer` role on the unit and membership of the shared role group. Everything is
written with `bulk_create`, a chunk per transaction, and one audit-log entry per chunk.

The per-unit media group and collection that `actions.sync_user_groups` adds are left out
here (they cost a tree insert each); `signin.complete_account` adds them when the officer
first signs in.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.db.models import Exists, OuterRef, QuerySet
from django.utils.translation import gettext_lazy as _
from wagtail.log_actions import log

from lantoa.lib.tasks import background_task, describe_task, enqueue_once

from . import scope
from .actions import role_group
from .models import Role, RoleKind, Unit, UnitKind

CHUNK_SIZE = 1000
USERNAME_PREFIX = "cs."
ACCOUNTS_PERM = "org.add_user"  # federation administrators, on their subtree
INLINE_LIMIT = 300  # larger subtrees are done by the worker
LOG_ACTION = "lantoa.org.officer_accounts"
_NOT_IN_USERNAME = re.compile(r"[^a-z0-9.@+_-]+")
ACCOUNTS = _("officer accounts")


def officer_q():
    """Units that have an officer: a `unit_officer` role on the unit itself."""
    return Exists(Role.objects.filter(unit=OuterRef("pk"), kind=RoleKind.UNIT_OFFICER))


def units_needing_officer(root: Unit) -> QuerySet[Unit]:
    """The open grassroots units of `root`'s subtree (itself included) without an officer."""
    return (
        Unit.objects.current()
        .in_subtree(root.path)
        .filter(kind=UnitKind.GRASSROOTS)
        .exclude(officer_q())
        .order_by("path")
    )


def username_for(unit: Unit) -> str:
    return USERNAME_PREFIX + (_NOT_IN_USERNAME.sub("-", unit.code.lower()).strip("-") or str(unit.pk))


def do_create_officer_accounts(units: Iterable[Unit], *, actor, root: Unit | None = None) -> list:
    """Create an officer account for each open unit of `units` that has none; returns the new
    users. Idempotent: units that already have an officer are skipped. `actor` needs the
    right to manage accounts on every unit (checked chunk by chunk); None is the system."""
    group = role_group(RoleKind.UNIT_OFFICER)
    units = list(units)
    created = []
    for start in range(0, len(units), CHUNK_SIZE):
        created += _create_chunk(units[start : start + CHUNK_SIZE], actor=actor, group=group, root=root)
    return created


@transaction.atomic
def _create_chunk(units: list[Unit], *, actor, group, root: Unit | None) -> list:
    scope.require_perm(actor, ACCOUNTS_PERM, [u.pk for u in units], ACCOUNTS)
    todo = list(Unit.objects.current().filter(pk__in=[u.pk for u in units]).exclude(officer_q()).order_by("path"))
    if not todo:
        return []
    users = _bulk_create_users(todo)
    Role.objects.bulk_create(
        [
            Role(user_id=user.pk, unit_id=unit.pk, kind=RoleKind.UNIT_OFFICER)
            for user, unit in zip(users, todo, strict=True)
        ]
    )
    membership = get_user_model().groups.through
    membership.objects.bulk_create([membership(user_id=user.pk, group_id=group.pk) for user in users])
    _log_chunk(todo, users, actor=actor, root=root)
    return users


def _bulk_create_users(units: list[Unit]) -> list:
    User = get_user_model()
    names = _free_usernames([username_for(unit) for unit in units])
    users = []
    for unit, name in zip(units, names, strict=True):
        user = User(username=name, first_name=unit.name[:150], password=make_password(None))
        user.refresh_derived()
        users.append(user)
    User.objects.bulk_create(users)
    if any(user.pk is None for user in users):  # a database that returns no keys from an insert
        ids = dict(User.objects.filter(username__in=names).values_list("username", "pk"))
        for user in users:
            user.pk = user.id = ids[user.username]
    return users


def _free_usernames(wanted: list[str]) -> list[str]:
    """`wanted`, each made unique against existing accounts (and each other) with "-2", "-3"…"""
    User = get_user_model()
    taken = set(User.objects.filter(username__in=wanted).values_list("username", flat=True))
    names = []
    for name in wanted:
        candidate, n = name, 1
        while candidate in taken or (n > 1 and User.objects.filter(username=candidate).exists()):
            n += 1
            candidate = f"{name}-{n}"
        taken.add(candidate)
        names.append(candidate)
    return names


def _log_chunk(units: list[Unit], users: list, *, actor, root: Unit | None) -> None:
    subject = root or units[0].parent or units[0]
    data = {"count": len(users), "accounts": {u.username: unit.code for u, unit in zip(users, units, strict=True)}}
    log(subject, LOG_ACTION, user=actor, data=data)


# --- The worker's side, for subtrees too large for one request


@background_task(max_attempts=1)
def create_officer_accounts_task(root_id: int, actor_id: int | None) -> int:
    root = Unit.objects.get(pk=root_id)
    actor = get_user_model().objects.filter(pk=actor_id).first() if actor_id else None
    if actor_id and actor is None:
        return 0
    return len(do_create_officer_accounts(units_needing_officer(root), actor=actor, root=root))


describe_task(
    create_officer_accounts_task,
    label=_("Create officer accounts for a subtree"),
    units=lambda root_id, actor_id: [root_id],
)


def start_officer_accounts(root: Unit, *, actor) -> tuple[int, bool]:
    """Create the accounts `root`'s subtree lacks: now when few, else by the worker.
    Returns (how many, whether in the background)."""
    scope.require_perm(actor, ACCOUNTS_PERM, root.pk, ACCOUNTS)
    pending = units_needing_officer(root)
    count = pending.count()
    if count <= INLINE_LIMIT:
        return len(do_create_officer_accounts(pending, actor=actor, root=root)), False
    # The key holds the count: a second press while it runs adds nothing; new units later do.
    key = f"officer-accounts:{root.pk}:{count}"
    enqueue_once(create_officer_accounts_task, root.pk, actor.pk if actor else None, key=key)
    return count, True

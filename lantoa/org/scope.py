"""The one place that decides what a staff user may see and change.

A role in a unit applies to the unit's subtree. Reading covers every unit that was ever
in the subtree of a role unit or of one of its predecessors (a merged unit's history
stays readable by its successor), whatever the role. Changing is granted permission by
permission: "may change channels here" holds when some role of the user whose kind
grants `channels.change_channel` (`roles.ROLE_PERMISSIONS`) sits on the unit or above
it, and the unit is open today. `has_perm(user, perm, unit_id)` answers that question;
every admin listing, form, chooser, bulk action, export, API call, action and workflow
task asks it, or filters through `units_with_perm` built on the same prefixes.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from . import paths
from .models import Role, Succession, Unit, UnitState
from .roles import ROLE_PERMISSIONS, is_read_permission

_CACHE_ATTR = "_lantoa_scope"


@dataclass(frozen=True)
class Scope:
    everything: bool
    read_prefixes: tuple[str, ...]
    # Permission → current paths of the open role units whose kind grants it.
    perm_prefixes: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # Units once under a read prefix that live elsewhere now (moved out of the subtree).
    moved_out: tuple[int, ...] = ()

    def read_q(self, field: str = "path") -> Q:
        return subtrees_q(self.read_prefixes, field)

    def units_q(self) -> Q:
        """Units that ever had a period under a read prefix. An open period's path is the
        unit's own path and a closed unit keeps its last path, so the unit table's path
        index answers for every unit except the few that moved out."""
        return self.read_q("path") | Q(pk__in=self.moved_out)

    def perm_q(self, perm: str, field: str = "path") -> Q:
        """Rows whose unit path lies in a subtree where a role grants `perm`."""
        return subtrees_q(self.perm_prefixes.get(perm, ()), field)


def subtrees_q(prefixes, field: str) -> Q:
    """Rows whose `field` (a materialised path) lies in the subtree of one of `prefixes`."""
    query = Q(pk__in=[])
    for prefix in prefixes:
        low, high = paths.subtree_bounds(prefix)
        query |= Q(**{f"{field}__gte": low, f"{field}__lt": high})
    return query


def strictly_below_q(prefixes, field: str) -> Q:
    """Rows whose `field` lies in the subtree of one of `prefixes` but is not the prefix
    itself: the units below a role's unit (path ranges, so an index answers it)."""
    query = Q(pk__in=[])
    for prefix in outermost(prefixes):
        low, high = paths.subtree_bounds(prefix)
        query |= Q(**{f"{field}__gte": low, f"{field}__lt": high}) & ~Q(**{field: prefix})
    return query


def outermost(prefixes) -> tuple[str, ...]:
    """Drop prefixes already covered by a shorter one."""
    kept: list[str] = []
    for prefix in sorted(prefixes, key=len):
        if not any(prefix.startswith(k) for k in kept):
            kept.append(prefix)
    return tuple(sorted(kept))


def _with_predecessors(unit_ids: set[int]) -> set[int]:
    found = set(unit_ids)
    frontier = set(unit_ids)
    while frontier:
        frontier = (
            set(Succession.objects.filter(successor_id__in=frontier).values_list("predecessor_id", flat=True)) - found
        )
        found |= frontier
    return found


def _moved_out(read: tuple[str, ...]) -> tuple[int, ...]:
    """Units with a closed period under `read` whose own path is outside it now."""
    if not read:
        return ()
    moved = (
        UnitState.objects.filter(subtrees_q(read, "path"), valid_to__isnull=False)
        .exclude(subtrees_q(read, "unit__path"))
        .order_by()
        .values_list("unit_id", flat=True)
        .distinct()
    )
    return tuple(sorted(moved))


def scope_for(user) -> Scope:
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is not None:
        return cached
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        scope = Scope(False, ())
    elif user.is_superuser:
        scope = Scope(True, ())
    else:
        roles = list(Role.objects.filter(user=user).values_list("unit_id", "kind"))
        read_ids = _with_predecessors({unit for unit, _kind in roles})
        periods = list(UnitState.objects.filter(unit_id__in=read_ids).values_list("unit_id", "path", "valid_to"))
        read = outermost({path for _unit, path, _end in periods})
        scope = Scope(False, read, _perm_prefixes(roles, periods), _moved_out(read))
    setattr(user, _CACHE_ATTR, scope)
    return scope


def _perm_prefixes(roles, periods) -> dict[str, tuple[str, ...]]:
    """For each permission, the current paths of the open units where a role grants it."""
    open_paths = {unit: path for unit, path, end in periods if end is None}
    granted: dict[str, set[str]] = {}
    for unit, kind in roles:
        if unit in open_paths:
            for perm in ROLE_PERMISSIONS.get(kind, ()):
                granted.setdefault(perm, set()).add(open_paths[unit])
    return {perm: outermost(found) for perm, found in granted.items()}


def forget_scope(user) -> None:
    if hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)


def visible_states(user, *, on: datetime.date | None = None) -> QuerySet[UnitState]:
    """Every period of every visible unit: a unit in scope brings its whole history, also
    the part spent elsewhere (a grassroots union moved under a new commune union in 2025
    shows its 2021 record to that commune's officers)."""
    states = UnitState.objects.all()
    scope = scope_for(user)
    if not scope.everything:
        states = states.filter(unit_id__in=visible_units(user).values("pk"))
    return states.on(on) if on else states


def visible_units(user) -> QuerySet[Unit]:
    """Every unit the user may read, open or ended."""
    scope = scope_for(user)
    if scope.everything:
        return Unit.objects.all()
    return Unit.objects.filter(scope.units_q())


def units_with_perm(user, perm: str) -> QuerySet[Unit]:
    """Units where `user` holds `perm`: for a read permission every visible unit; for any
    other, units open today under a role whose kind grants it."""
    if is_read_permission(perm):
        return visible_units(user)
    scope = scope_for(user)
    units = Unit.objects.current()
    return units if scope.everything else units.filter(scope.perm_q(perm))


def scope_queryset(queryset: QuerySet, user, *, unit_field: str = "unit", perm: str | None = None) -> QuerySet:
    """Filter rows that carry a unit foreign key down to those the user may read, or,
    with `perm`, to those of units where the user holds `perm`."""
    if scope_for(user).everything and perm is None:
        return queryset
    units = visible_units(user) if perm is None else units_with_perm(user, perm)
    return queryset.filter(**{f"{unit_field}__in": units})


def can_read_unit(user, unit_id: int | None) -> bool:
    if unit_id is None:
        return scope_for(user).everything
    return scope_for(user).everything or visible_units(user).filter(pk=unit_id).exists()


def has_perm(user, perm: str, unit_id: int | None) -> bool:
    """Whether `user` may do `perm` ("app.codename") on rows of the unit `unit_id`: the one
    question every write in Lan Tỏa asks. Rows without a unit are the superuser's."""
    if is_read_permission(perm):
        return can_read_unit(user, unit_id)
    if unit_id is None:
        return scope_for(user).everything
    return units_with_perm(user, perm).filter(pk=unit_id).exists()


def require_perm(actor, perm: str, unit_ids, what: str) -> None:
    """Refuse, with a message naming the first refused unit, when `actor` may not do `perm`
    on one of the units (one id or many, checked in one query). Every action calls it on
    every unit it writes; actor None is the system (demo loaders, tasks)."""
    if actor is None:
        return
    if unit_ids is None:  # a row of no unit: the superuser's
        if scope_for(actor).everything:
            return
        raise ValidationError(_("You cannot change %(what)s here.") % {"what": what})
    wanted = {unit_ids} if isinstance(unit_ids, int) else {pk for pk in unit_ids if pk is not None}
    if not wanted:
        return
    # Superusers too: an ended unit is history, read-only for every account.
    allowed = set(units_with_perm(actor, perm).filter(pk__in=wanted).values_list("pk", flat=True))
    refused = sorted(wanted - allowed)
    if refused:
        name = Unit.objects.filter(pk=refused[0]).values_list("name", flat=True).first() or "—"
        raise ValidationError(_("You cannot change %(what)s of “%(unit)s”.") % {"what": what, "unit": name})


def access_unit(user, pk, *, perm: str | None = None) -> Unit:
    """Fetch a unit for a user: 404 when out of reading scope, 403 without `perm` there."""
    try:
        unit = visible_units(user).get(pk=pk)
    except (Unit.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    if perm and not has_perm(user, perm, unit.pk):
        raise PermissionDenied
    return unit


def visible_user_accounts(queryset, user):
    """Staff accounts a user may see and manage in the users screens: their own, and
    accounts that are not superusers and hold at least one role, every one of them in a
    unit where the user manages accounts (`org.change_user`). An account with a single role above or beside the user's
    subtree belongs to someone else's administration and stays out of reach (a commune's
    admin must not reset the password of a provincial editor who also reads the commune)."""
    if scope_for(user).everything:
        return queryset
    inside = _roles_in_write_scope(user)
    outside = Role.objects.exclude(pk__in=inside.values("pk"))
    managed = Q(pk__in=inside.values("user_id")) & ~Q(pk__in=outside.values("user_id")) & Q(is_superuser=False)
    return queryset.filter(managed | Q(pk=user.pk))


def _roles_in_write_scope(user) -> QuerySet[Role]:
    """Roles held in the subtrees where the user manages accounts (closed units included)."""
    return Role.objects.filter(scope_for(user).perm_q("org.change_user", "unit__path"))


def assignable_users(user):
    """Accounts a user may give a role to: the accounts they manage, and active accounts
    that hold no role yet and are not superusers (new staff)."""
    from django.contrib.auth import get_user_model

    accounts = get_user_model().objects.filter(is_active=True)
    if scope_for(user).everything:
        return accounts
    without_role = accounts.exclude(pk__in=Role.objects.values("user_id")).filter(is_superuser=False)
    return (visible_user_accounts(accounts, user) | without_role).distinct()


def can_manage_account(user, account) -> bool:
    """Whether `user` may give roles to, edit or remove `account`."""
    return assignable_users(user).filter(pk=account.pk).exists()

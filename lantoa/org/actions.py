"""Every change to the union tree and to roles.

Each action runs in one transaction, records a `Reorganisation` row for the tree's own
audit trail and writes an entry in Wagtail's audit log (the log the admin screens also
write). Dated changes never rewrite the past: they close the open `UnitState` period on
the effective date and open a new one, so the tree as of an earlier day is unchanged.
"""

from __future__ import annotations

import datetime

from django.contrib.auth.models import Group, Permission
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Value
from django.db.models.functions import Concat, Substr
from django.dispatch import Signal
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.log_actions import log
from wagtail.models import Collection, GroupCollectionPermission

from lantoa.vi.text import normalize

from . import paths, scope
from .models import Reorganisation, ReorgKind, Role, RoleKind, Succession, Unit, UnitKind, UnitState
from .roles import ADMINISTER, MEDIA_EDITING_ROLES, MEDIA_PERMISSIONS, ROLE_PERMISSIONS

TREE = gettext_lazy("the union tree")


# Sent after B is merged into A; later apps move B's open work to A from that date.
unit_merged = Signal()  # kwargs: source, target, on_date, actor
unit_moved = Signal()  # kwargs: unit (with its new path), old_parent, on_date, actor

STATE_FIELDS = ("name", "short_name", "member_count", "worker_count", "female_member_count")
DETAIL_FIELDS = (
    "province_code",
    "ward_code",
    "old_province",
    "old_district",
    "address",
    "employer",
    "sector",
)


def _record(kind: str, unit: Unit, *, on_date, actor, target: Unit | None = None, decision: str = "", **details):
    Reorganisation.objects.create(
        kind=kind, unit=unit, target=target, on_date=on_date, decision=decision, details=details, actor=actor
    )
    data = {"on_date": on_date.isoformat(), "decision": decision, **details}
    if target is not None:
        data["target"] = {"id": target.pk, "name": target.name}
    log(unit, f"lantoa.org.{kind}", user=actor, data=data)


def _open_state(unit: Unit) -> UnitState:
    state = unit.states.filter(valid_to__isnull=True).first()
    if state is None:
        raise ValidationError(_("The unit “%(name)s” has already ended.") % {"name": unit.name})
    return state


def _check_date(unit: Unit, state: UnitState, on_date: datetime.date) -> None:
    if on_date < state.valid_from:
        raise ValidationError(
            _("The effective date must not be before %(date)s, the unit's last recorded change.")
            % {"date": state.valid_from.strftime("%d/%m/%Y")}
        )


def _start_period(state: UnitState, on_date: datetime.date, **changes) -> UnitState:
    """Close `state` on `on_date` and open a new period with `changes` (same day: edit in place)."""
    if state.valid_from == on_date:
        for field, value in changes.items():
            setattr(state, field, value)
        state.save()
        return state
    state.valid_to = on_date
    state.save(update_fields=["valid_to"])
    values = {f: getattr(state, f) for f in ("unit_id", "parent_id", "path", "depth", *STATE_FIELDS)}
    values.update(changes)
    return UnitState.objects.create(valid_from=on_date, **values)


@transaction.atomic
def do_create_unit(
    *,
    code: str,
    kind: str,
    name: str,
    parent: Unit | None,
    valid_from: datetime.date,
    actor=None,
    short_name: str = "",
    member_count: int = 0,
    worker_count: int = 0,
    female_member_count: int = 0,
    decision: str = "",
    **details,
) -> Unit:
    scope.require_perm(actor, "org.add_unit", parent.pk if parent else None, TREE)
    if parent is not None and not parent.is_open_on(valid_from):
        raise ValidationError(_("The parent unit is not open on the start date."))
    if parent is None and kind != UnitKind.CONFEDERATION and Unit.objects.filter(parent__isnull=True).exists():
        raise ValidationError(_("Only the national confederation may have no parent unit."))
    unit = Unit.objects.create(
        code=code,
        kind=kind,
        name=name,
        short_name=short_name,
        parent=parent,
        valid_from=valid_from,
        member_count=member_count,
        worker_count=worker_count,
        female_member_count=female_member_count,
        counted_on=valid_from if member_count else None,
        **{k: v for k, v in details.items() if k in DETAIL_FIELDS},
    )
    unit.path = paths.child_path(parent.path if parent else "", unit.pk)
    unit.depth = paths.depth_of(unit.path)
    unit.save(update_fields=["path", "depth"])
    UnitState.objects.create(
        unit=unit,
        parent=parent,
        path=unit.path,
        depth=unit.depth,
        valid_from=valid_from,
        **{f: getattr(unit, f) for f in STATE_FIELDS},
    )
    _record(ReorgKind.CREATE, unit, on_date=valid_from, actor=actor, target=parent, decision=decision)
    return unit


@transaction.atomic
def do_update_unit_details(unit: Unit, *, actor, **details) -> Unit:
    """Change facts that carry no history of their own (address, employer, place)."""
    scope.require_perm(actor, "org.change_unit", unit.pk, TREE)
    changed = {k: v for k, v in details.items() if k in DETAIL_FIELDS and getattr(unit, k) != v}
    for field, value in changed.items():
        setattr(unit, field, value)
    if changed:
        unit.save(update_fields=list(changed))
        log(unit, "wagtail.edit", user=actor, data={"fields": sorted(changed)})
    return unit


@transaction.atomic
def do_rename_unit(
    unit: Unit, *, name: str, short_name: str, on_date: datetime.date, actor, decision: str = ""
) -> Unit:
    scope.require_perm(actor, ADMINISTER, unit.pk, TREE)
    unit = Unit.objects.select_for_update().get(pk=unit.pk)
    state = _open_state(unit)
    _check_date(unit, state, on_date)
    name, short_name = normalize(name), normalize(short_name)
    old = {"name": unit.name, "short_name": unit.short_name}
    _start_period(state, on_date, name=name, short_name=short_name)
    unit.name, unit.short_name = name, short_name
    unit.save(update_fields=["name", "short_name"])
    _record(ReorgKind.RENAME, unit, on_date=on_date, actor=actor, decision=decision, old=old)
    return unit


@transaction.atomic
def do_update_counts(
    unit: Unit,
    *,
    member_count: int,
    worker_count: int,
    female_member_count: int,
    on_date: datetime.date,
    actor,
) -> Unit:
    if female_member_count > member_count:
        raise ValidationError(_("Female members cannot exceed members."))
    scope.require_perm(actor, "org.change_unit", unit.pk, TREE)
    unit = Unit.objects.select_for_update().get(pk=unit.pk)
    state = _open_state(unit)
    _check_date(unit, state, on_date)
    counts = {
        "member_count": member_count,
        "worker_count": worker_count,
        "female_member_count": female_member_count,
    }
    _start_period(state, on_date, **counts)
    Unit.objects.filter(pk=unit.pk).update(counted_on=on_date, **counts)
    unit.refresh_from_db()
    _record(ReorgKind.RECOUNT, unit, on_date=on_date, actor=actor, **counts)
    return unit


def _move_subtree(unit: Unit, new_parent: Unit, on_date: datetime.date) -> None:
    """Re-path every open state and current unit of `unit`'s subtree under `new_parent`."""
    old_prefix = unit.path
    new_prefix = paths.child_path(new_parent.path, unit.pk)
    depth_delta = paths.depth_of(new_prefix) - unit.depth
    open_states = list(UnitState.objects.in_subtree(old_prefix).filter(valid_to__isnull=True))
    for state in open_states:
        _check_date(unit, state, on_date)
    same_day = [s for s in open_states if s.valid_from == on_date]
    earlier = [s for s in open_states if s.valid_from < on_date]
    UnitState.objects.filter(pk__in=[s.pk for s in earlier]).update(valid_to=on_date)
    new_states = []
    for state in open_states:
        target = (
            state
            if state in same_day
            else UnitState(unit_id=state.unit_id, valid_from=on_date, **{f: getattr(state, f) for f in STATE_FIELDS})
        )
        target.parent_id = new_parent.pk if state.unit_id == unit.pk else state.parent_id
        target.path = new_prefix + state.path[len(old_prefix) :]
        target.depth = state.depth + depth_delta
        if state in same_day:
            target.save(update_fields=["parent", "path", "depth"])
        else:
            new_states.append(target)
    UnitState.objects.bulk_create(new_states, batch_size=1000)
    Unit.objects.in_subtree(old_prefix).filter(valid_to__isnull=True).update(
        path=Concat(Value(new_prefix), Substr("path", len(old_prefix) + 1)),
        depth=F("depth") + depth_delta,
    )
    Unit.objects.filter(pk=unit.pk).update(parent=new_parent)
    _move_collection(unit, new_parent)


def _check_move(unit: Unit, new_parent: Unit, on_date: datetime.date) -> None:
    if not new_parent.is_open_on(on_date) or not unit.is_current:
        raise ValidationError(_("Both units must be open on the effective date."))
    if new_parent.path.startswith(unit.path):
        raise ValidationError(_("A unit cannot be moved under itself or one of its own units."))


@transaction.atomic
def do_move_unit(unit: Unit, *, new_parent: Unit, on_date: datetime.date, actor, decision: str = "") -> Unit:
    scope.require_perm(actor, ADMINISTER, [unit.pk, new_parent.pk], TREE)
    unit = Unit.objects.select_for_update().get(pk=unit.pk)
    new_parent = Unit.objects.get(pk=new_parent.pk)
    _check_move(unit, new_parent, on_date)
    old_parent = unit.parent
    _move_subtree(unit, new_parent, on_date)
    unit.refresh_from_db()
    _record(
        ReorgKind.MOVE,
        unit,
        on_date=on_date,
        actor=actor,
        target=new_parent,
        decision=decision,
        old_parent={"id": old_parent.pk, "name": old_parent.name} if old_parent else None,
    )
    unit_moved.send(sender=Unit, unit=unit, old_parent=old_parent, on_date=on_date, actor=actor)
    return unit


def _end(unit: Unit, on_date: datetime.date) -> None:
    state = _open_state(unit)
    _check_date(unit, state, on_date)
    if state.valid_from == on_date:
        raise ValidationError(_("A unit cannot end on the day it starts."))
    state.valid_to = on_date
    state.save(update_fields=["valid_to"])
    Unit.objects.filter(pk=unit.pk).update(valid_to=on_date)


@transaction.atomic
def do_merge_units(source: Unit, *, target: Unit, on_date: datetime.date, actor, decision: str = "") -> Unit:
    """Merge `source` (B) into `target` (A) on `on_date`.

    B's open children move under A, B's counts are added to A's, B ends on that day and
    A records B as its predecessor. Everything before `on_date` stays B's.
    """
    scope.require_perm(actor, ADMINISTER, [source.pk, target.pk], TREE)
    source = Unit.objects.select_for_update().get(pk=source.pk)
    target = Unit.objects.select_for_update().get(pk=target.pk)
    if source.pk == target.pk or target.path.startswith(source.path):
        raise ValidationError(_("A unit cannot be merged into itself or one of its own units."))
    if not target.is_open_on(on_date) or not source.is_current:
        raise ValidationError(_("Both units must be open on the effective date."))
    moved = []
    for child in Unit.objects.current().filter(parent=source).order_by("pk"):
        _move_subtree(child, target, on_date)
        moved.append(child.pk)
    if source.member_count or source.worker_count:
        target_state = _open_state(target)
        _check_date(target, target_state, on_date)
        summed = {f: getattr(target, f) + getattr(source, f) for f in STATE_FIELDS[2:]}
        _start_period(target_state, on_date, **summed)
        Unit.objects.filter(pk=target.pk).update(**summed)
    _end(source, on_date)
    Succession.objects.create(predecessor=source, successor=target, on_date=on_date)
    source.refresh_from_db()
    target.refresh_from_db()
    _record(ReorgKind.MERGE, source, on_date=on_date, actor=actor, target=target, decision=decision, moved=moved)
    unit_merged.send(sender=Unit, source=source, target=target, on_date=on_date, actor=actor)
    return target


@transaction.atomic
def do_close_unit(unit: Unit, *, on_date: datetime.date, actor, decision: str = "") -> Unit:
    """End a unit (dissolution). Its open units must be moved or closed first."""
    scope.require_perm(actor, ADMINISTER, unit.pk, TREE)
    unit = Unit.objects.select_for_update().get(pk=unit.pk)
    open_children = Unit.objects.current().filter(parent=unit).count()
    if open_children:
        raise ValidationError(
            _("“%(name)s” still has %(count)s open units: move or close them first.")
            % {"name": unit.name, "count": open_children}
        )
    _end(unit, on_date)
    unit.refresh_from_db()
    _record(ReorgKind.CLOSE, unit, on_date=on_date, actor=actor, decision=decision)
    return unit


# --- Collections: one per unit, nested like the tree, so image and document
# permissions given on a unit's collection reach its subtree's collections.


def ensure_unit_collection(unit: Unit) -> Collection:
    unit = Unit.objects.select_for_update(of=("self",)).select_related("collection").get(pk=unit.pk)
    if unit.collection_id:
        return unit.collection
    parent_collection = ensure_unit_collection(unit.parent) if unit.parent_id else Collection.get_first_root_node()
    collection = parent_collection.add_child(instance=Collection(name=f"{unit.code} · {unit.name}"[:255]))
    Unit.objects.filter(pk=unit.pk).update(collection=collection)
    unit.collection = collection
    return collection


def _move_collection(unit: Unit, new_parent: Unit) -> None:
    unit = Unit.objects.select_related("collection").get(pk=unit.pk)
    if unit.collection_id:
        # Wagtail keeps collections sorted by name: "last-child" would be refused.
        unit.collection.move(ensure_unit_collection(new_parent), pos="sorted-child")


# --- Roles and the permission groups behind them.


def _permissions(names: list[str]) -> list[Permission]:
    found = []
    for name in names:
        app_label, codename = name.split(".")
        found.append(Permission.objects.get(content_type__app_label=app_label, codename=codename))
    return found


def role_group(kind: str) -> Group:
    # Named in Vietnamese whatever language is active (migrate runs untranslated).
    with translation.override("vi"):
        name = f"Vai trò: {RoleKind(kind).label}"
    group, _created = Group.objects.get_or_create(name=name)
    group.permissions.set(_permissions(ROLE_PERMISSIONS[kind]))
    return group


def media_group(unit: Unit, *, editing: bool) -> Group:
    collection = ensure_unit_collection(unit)
    suffix = "biên tập tư liệu" if editing else "dùng tư liệu"
    group, _created = Group.objects.get_or_create(name=f"{unit.code}: {suffix}"[:150])
    for permission in _permissions(MEDIA_PERMISSIONS[editing]):
        GroupCollectionPermission.objects.get_or_create(group=group, collection=collection, permission=permission)
    return group


def sync_user_groups(user) -> None:
    """Make the user's Django groups exactly those their roles imply."""
    groups = set()
    for role in Role.objects.filter(user=user).select_related("unit"):
        groups.add(role_group(role.kind))
        groups.add(media_group(role.unit, editing=role.kind in MEDIA_EDITING_ROLES))
    user.groups.set(groups)


@transaction.atomic
def do_assign_role(*, user, unit: Unit, kind: str, actor, title: str = "") -> Role:
    _check_role_change(actor, user, unit.pk)
    unit = Unit.objects.get(pk=unit.pk)
    if not unit.is_current:
        raise ValidationError(_("Roles can only be given in units that are open today."))
    role, created = Role.objects.get_or_create(user=user, unit=unit, kind=kind, defaults={"title": title})
    if created:
        sync_user_groups(user)
        log(user, "lantoa.org.role_assign", user=actor, data={"unit": unit.name, "role": role.get_kind_display()})
    return role


@transaction.atomic
def do_remove_role(role: Role, *, actor) -> None:
    scope.require_perm(actor, "org.delete_role", role.unit_id, _("roles"))
    user = role.user
    data = {"unit": role.unit.name, "role": role.get_kind_display()}
    role.delete()
    sync_user_groups(user)
    log(user, "lantoa.org.role_remove", user=actor, data=data)


def _check_role_change(actor, user, unit_id: int) -> None:
    """Roles are given in units the actor changes, to accounts the actor manages: never to a
    superuser or to an account that holds a role above or beside the actor's subtree."""
    scope.require_perm(actor, "org.add_role", unit_id, _("roles"))
    if actor is not None and not scope.can_manage_account(actor, user):
        raise ValidationError({"user": _("You cannot give roles to this account.")})


@transaction.atomic
def do_change_role(role: Role, *, actor, user, unit: Unit, kind: str, title: str = "") -> Role:
    """Edit a role: the old holder loses what it gave, the new one gains it."""
    scope.require_perm(actor, "org.change_role", role.unit_id, _("roles"))
    _check_role_change(actor, user, unit.pk)
    old_user = role.user
    before = {"unit": role.unit.name, "role": role.get_kind_display(), "user": old_user.username}
    role.user, role.unit, role.kind, role.title = user, Unit.objects.get(pk=unit.pk), kind, title
    role.full_clean()
    role.save()
    for holder in {old_user, user}:
        sync_user_groups(holder)
    log(user, "lantoa.org.role_change", user=actor, data={"before": before, "unit": role.unit.name,
                                                         "role": role.get_kind_display()})  # fmt: skip
    return role

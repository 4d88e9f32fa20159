"""Every change to the channel registry."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from lantoa.core import concurrency
from lantoa.org import scope

from .models import Channel, ChannelEvent, ChannelEventKind, Verification
from .validation import validate_channel_address

VERIFY_PERMISSION = "channels.change_channel"
# Changing these of a verified channel makes it another channel: it is verified again.
IDENTITY_FIELDS = ("kind", "address")

EDITABLE_FIELDS = (
    "unit",
    "kind",
    "name",
    "address",
    "purpose",
    "admins",
    "audience_count",
    "audience_counted_on",
    "location",
    "funding_source",
    "cost",
    "active_from",
    "active_to",
)


def _check_scope(actor, unit) -> None:
    if actor is not None and not scope.has_perm(actor, "channels.change_channel", unit.pk):
        raise ValidationError(_("You cannot change channels of “%(unit)s”.") % {"unit": unit.name})


def may_verify(actor, channel: Channel) -> bool:
    """A unit never verifies its own channels: a role on a unit strictly above the
    channel's unit that may change channels there does (the system and superusers too)."""
    if actor is None or scope.scope_for(actor).everything:
        return True
    parent_id = channel.unit.parent_id
    return parent_id is not None and scope.has_perm(actor, VERIFY_PERMISSION, parent_id)


def _record(channel: Channel, kind: str, on_date, actor=None, **facts) -> ChannelEvent:
    return ChannelEvent.objects.create(channel=channel, kind=kind, on_date=on_date, actor=actor, **facts)


def _record_changes(channel: Channel, before: dict, actor, created: bool) -> None:
    """Add the events a save stands for: registration, a new count of members or
    followers, a closing day; a changed address or kind sends a verified channel back to
    verification, and a refused channel its unit has corrected back to the queue."""
    today = timezone.localdate()
    if created:
        _record(channel, ChannelEventKind.REGISTERED, channel.active_from or today, actor)
    counted = (channel.audience_count, channel.audience_counted_on)
    if channel.audience_counted_on and counted != (before.get("audience_count"), before.get("audience_counted_on")):
        _record_audience(channel, channel.audience_count, channel.audience_counted_on, actor)
    if channel.active_to and channel.active_to != before.get("active_to"):
        _record(channel, ChannelEventKind.CLOSED, channel.active_to, actor)
    if created:
        return
    changed = any(before.get(name) != getattr(channel, name) for name in EDITABLE_FIELDS)
    if channel.verification == Verification.VERIFIED and any(
        before.get(name) != getattr(channel, name) for name in IDENTITY_FIELDS
    ):
        reason = _("The address or kind of the channel changed: it must be verified again.")
        _record(channel, ChannelEventKind.UNVERIFIED, today, actor, reason=reason)
        _set_verification(channel, Verification.PENDING)
    elif channel.verification == Verification.REFUSED and changed:
        _set_verification(channel, Verification.PENDING)


def _record_audience(channel: Channel, audience: int | None, on_date, actor=None) -> None:
    """One count of members or followers a day (a later count that day replaces it)."""
    ChannelEvent.objects.update_or_create(
        channel=channel, kind=ChannelEventKind.AUDIENCE_COUNTED, on_date=on_date,
        defaults={"audience": audience, "actor": actor},
    )  # fmt: skip


def do_record_audience(channel: Channel, *, audience: int, on_date, actor=None) -> None:
    """A count read from the platform (or given by someone): the dated event, and the row's
    cached latest count when it is not older than the one there. No save: the channel's
    version stays, so an edit form open meanwhile still saves."""
    _record_audience(channel, audience, on_date, actor)
    if channel.audience_counted_on is None or on_date >= channel.audience_counted_on:
        Channel.objects.filter(pk=channel.pk).update(audience_count=audience, audience_counted_on=on_date)
        channel.audience_count, channel.audience_counted_on = audience, on_date


def _set_verification(channel: Channel, state: str, on_date=None, actor=None) -> None:
    """Update the cached latest state (the row's verification fields) without a save:
    the channel's version stays, so an edit form open meanwhile still saves."""
    verified = state == Verification.VERIFIED
    cache = {
        "verification": state,
        "verified": verified,
        "verified_on": on_date if verified else None,
        "verified_by": actor if verified else None,
    }
    Channel.objects.filter(pk=channel.pk).update(**cache)
    for name, value in cache.items():
        setattr(channel, name, value)


@transaction.atomic
def do_save_channel(
    channel: Channel,
    *,
    actor,
    verified: bool | None = None,
    opened: concurrency.OpenedVersion | None = None,
    **fields,
) -> Channel:
    """Create (no pk) or update a channel; the address is validated for its kind.

    An update applies `fields` to the row as stored now (locked until the end of the save),
    so a stale `channel` never writes back old values of fields it does not name; the saved
    row is returned. `opened` is the version an edit form was opened on: a save that would
    overwrite a change made since raises `concurrency.EditConflict` and writes nothing.
    Without it (the .xlsx import) the save is the last writer and wins. Every update moves
    the channel's version. The save adds the channel's dated events (`_record_changes`).

    `verified=True` verifies the channel today only when `actor` may verify it
    (`may_verify`: the level above, the system); from the channel's own unit it is
    ignored, like any other way of verifying one's own channel. Un-verifying takes a
    reason: `do_refuse_channel`."""
    created = channel.pk is None
    before: dict = {}
    if not created:
        channel = Channel.objects.select_for_update(of=("self",)).get(pk=channel.pk)
        _check_scope(actor, channel.unit)
        concurrency.check_version(channel, opened, submitted=fields)
        channel.version += 1
        before = {name: getattr(channel, name) for name in EDITABLE_FIELDS}
    for name, value in fields.items():
        if name in EDITABLE_FIELDS:
            setattr(channel, name, value)
    _check_scope(actor, channel.unit)
    channel.address = validate_channel_address(channel.kind, channel.address)
    channel.full_clean()
    channel.save()
    log(channel, "wagtail.create" if created else "wagtail.edit", user=actor)
    _record_changes(channel, before, actor, created)
    if verified and channel.verification != Verification.VERIFIED and may_verify(actor, channel):
        do_verify_channel(channel, actor=actor)
    return channel


def _locked_for_verdict(channel: Channel, actor) -> Channel:
    channel = Channel.objects.select_for_update(of=("self",)).select_related("unit").get(pk=channel.pk)
    if not may_verify(actor, channel):
        raise ValidationError(
            _("Channels of “%(unit)s” are verified by the union above it, not by the unit itself.")
            % {"unit": channel.unit.name}
        )
    return channel


def _verdict_day(on_date) -> datetime.date:
    today = timezone.localdate()
    if on_date is not None and on_date > today:
        raise ValidationError(_("A channel cannot be verified on a day still to come."))
    return on_date or today


@transaction.atomic
def do_verify_channel(channel: Channel, *, actor, on_date: datetime.date | None = None) -> ChannelEvent:
    """Record that the level above checked the channel and found it genuine, on `on_date`
    (today unless a loader replays history); who and when are kept on the event."""
    channel = _locked_for_verdict(channel, actor)
    if channel.verification == Verification.VERIFIED:
        raise ValidationError(_("“%(channel)s” is already verified.") % {"channel": channel.name})
    day = _verdict_day(on_date)
    event = _record(channel, ChannelEventKind.VERIFIED, day, actor)
    _set_verification(channel, Verification.VERIFIED, day, actor)
    log(channel, "lantoa.channels.verify", user=actor)
    return event


@transaction.atomic
def do_refuse_channel(channel: Channel, *, actor, reason: str, on_date: datetime.date | None = None) -> ChannelEvent:
    """Refuse to verify a channel, or withdraw its verification, with the reason its unit
    reads. From `on_date` on it counts as not verified; days before keep what was true."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason the channel is not verified.")})
    channel = _locked_for_verdict(channel, actor)
    if channel.verification == Verification.REFUSED:
        raise ValidationError(_("“%(channel)s” has already been refused.") % {"channel": channel.name})
    day = _verdict_day(on_date)
    event = _record(channel, ChannelEventKind.UNVERIFIED, day, actor, reason=reason)
    _set_verification(channel, Verification.REFUSED)
    log(channel, "lantoa.channels.refuse", user=actor, data={"reason": reason})
    return event


@transaction.atomic
def do_delete_channel(channel: Channel, *, actor) -> None:
    _check_scope(actor, channel.unit)
    log(channel, "wagtail.delete", user=actor)
    channel.delete()

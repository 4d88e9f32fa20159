"""Every change to the channel registry."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from lantoa.core import concurrency
from lantoa.org import scope

from .models import Channel
from .validation import validate_channel_address

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
    if actor is not None and not scope.can_write_unit(actor, unit.pk):
        raise ValidationError(_("You cannot change channels of “%(unit)s”.") % {"unit": unit.name})


def _apply_verification(channel: Channel, verified: bool, actor) -> None:
    if verified and not channel.verified:
        channel.verified, channel.verified_on, channel.verified_by = True, timezone.localdate(), actor
    elif not verified:
        channel.verified, channel.verified_on, channel.verified_by = False, None, None


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
    the channel's version."""
    created = channel.pk is None
    if not created:
        channel = Channel.objects.select_for_update(of=("self",)).get(pk=channel.pk)
        _check_scope(actor, channel.unit)
        submitted = fields if verified is None else {**fields, "verified": verified}
        concurrency.check_version(channel, opened, submitted=submitted)
        channel.version += 1
    for name, value in fields.items():
        if name in EDITABLE_FIELDS:
            setattr(channel, name, value)
    _check_scope(actor, channel.unit)
    channel.address = validate_channel_address(channel.kind, channel.address)
    if verified is not None:
        _apply_verification(channel, verified, actor)
    channel.full_clean()
    channel.save()
    log(channel, "wagtail.create" if created else "wagtail.edit", user=actor)
    return channel


@transaction.atomic
def do_delete_channel(channel: Channel, *, actor) -> None:
    _check_scope(actor, channel.unit)
    log(channel, "wagtail.delete", user=actor)
    channel.delete()

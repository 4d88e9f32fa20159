"""Every write of the workspace: sending and reading notifications."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone

from .models import Notification

MESSAGE_LENGTH = Notification._meta.get_field("message").max_length


@transaction.atomic
def do_notify(recipient_ids: Iterable[int], *, kind: str, message: str, url: str = "", unit_id=None) -> int:
    """One notification per recipient (each id once), in one insert; returns how many."""
    ids = sorted({int(pk) for pk in recipient_ids if pk})
    text = str(message)
    if len(text) > MESSAGE_LENGTH:
        text = text[: MESSAGE_LENGTH - 1] + "…"
    rows = [Notification(recipient_id=pk, kind=kind, message=text, url=url, unit_id=unit_id) for pk in ids]
    Notification.objects.bulk_create(rows)
    return len(rows)


def do_mark_read(user, ids: Iterable[int] | None = None) -> int:
    """Mark the user's own notifications read (all of them without `ids`); never another's."""
    rows = Notification.objects.for_user(user).unread()
    if ids is not None:
        rows = rows.filter(pk__in=[int(pk) for pk in ids])
    return rows.update(read_at=timezone.now())

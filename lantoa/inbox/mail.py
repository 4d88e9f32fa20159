"""E-mail intake: each connected EMAIL channel's mailbox, polled by the worker
(`tasks.poll_mail`, every 2 minutes).

For each unseen message, oldest first: parse it, store it as a `RawEvent` keyed by its
Message-ID (`email:<id>`), enqueue its processing, and only then mark it `\\Seen` on the
server. A crash between storing and marking redelivers the message at the next poll; the
key makes it the same row, so it is never a second message. A message that cannot be
parsed at all is still stored (its error kept by `events.process_event`) and marked seen:
it must not block the mailbox for ever.

Attachments: the bytes of the types the portal form accepts (JPEG, PNG, PDF, recognised
by their first bytes, not their names) are stored like the form's uploads (under
`inbox/`, random names, listed in the payload with their `path`, erased with the
worker's data); any other attachment, or one over the size limit
(LANTOA_EMAIL_MAX_ATTACHMENT_BYTES, default 5 MB), is only listed: name, type, size.
Nothing a mail client may render (HTML, scripts) is ever served from the site.

A mailbox that fails does not stop the others. A refused login marks its connection
"needs reconnecting" and tells the unit's officers (`channels.publishing.needs_reconnect`);
a passing failure (timeout, network) is kept as the connection's `problem` until a poll
succeeds.
"""

from __future__ import annotations

import hashlib
import io
import logging
import os
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db.models import Q
from django.utils import timezone

from lantoa.channels.kinds.adapters import adapter_for
from lantoa.channels.kinds.base import PlatformError
from lantoa.channels.kinds.email.parse import MailAttachment, ParsedMail, parse_message
from lantoa.channels.models import Channel, ChannelKind, Connection, ConnectionStatus

from . import events
from .forms import ATTACHMENT_DIR, sniff_type
from .intake import store_event
from .models import Intake, RawEvent

log = logging.getLogger(__name__)
KEY_PREFIX = "email:"
MAX_PER_POLL = 50


@dataclass(frozen=True)
class PollResult:
    channel_id: int
    stored: int = 0
    repeated: int = 0
    error: str = ""


def max_attachment_bytes() -> int:
    return int(getattr(settings, "LANTOA_EMAIL_MAX_ATTACHMENT_BYTES", 5 * 1024 * 1024))


def mailboxes():
    """Active EMAIL channels whose connection is in order."""
    today = timezone.localdate()
    return (
        Channel.objects.filter(kind=ChannelKind.EMAIL, connection__status=ConnectionStatus.CONNECTED)
        .filter(Q(active_to__isnull=True) | Q(active_to__gte=today))
        .select_related("connection")
        .order_by("pk")
    )


def poll_mailboxes() -> list[PollResult]:
    """Poll every connected mailbox; one failing leaves the others polled."""
    results = []
    for channel in mailboxes():
        try:
            results.append(poll_mailbox(channel))
        except Exception as error:  # noqa: BLE001 - one mailbox's bug must not stop the others
            log.exception("inbox: polling mailbox of channel %s failed", channel.pk)
            results.append(PollResult(channel.pk, error=type(error).__name__))
    return results


def poll_mailbox(channel: Channel, *, limit: int = MAX_PER_POLL) -> PollResult:
    """Store the mailbox's unseen messages (each once) and enqueue them; a PlatformError is
    recorded on the connection and returned, not raised."""
    connection = channel.connection
    stored = repeated = 0
    try:
        with adapter_for(ChannelKind.EMAIL).open_mailbox(connection) as box:
            for uid in box.unseen_uids(limit):
                raw_bytes = box.fetch(uid)
                if raw_bytes is not None:
                    _raw, new = take(channel, raw_bytes)
                    stored, repeated = stored + new, repeated + (not new)
                box.mark_seen(uid)
    except PlatformError as error:
        record_problem(channel, error)
        return PollResult(channel.pk, stored, repeated, error=str(error))
    clear_problem(connection)
    return PollResult(channel.pk, stored, repeated)


def take(channel: Channel, raw_bytes: bytes) -> tuple[RawEvent, bool]:
    """One fetched message stored (once, by its Message-ID) and its processing enqueued."""
    try:
        mail = parse_message(raw_bytes, max_part_bytes=max_attachment_bytes())
    except Exception:  # noqa: BLE001 - stored unread: `events.read_email` refuses it, the poll goes on
        log.exception("inbox: a message of channel %s could not be parsed", channel.pk)
        digest = hashlib.sha256(raw_bytes).hexdigest()
        payload = {"unparsed": True, "size": len(raw_bytes)}
        return store_event(Intake.EMAIL, key=f"{KEY_PREFIX}<sha256-{digest}@lantoa.invalid>", payload=payload,
                           channel=channel)  # fmt: skip
    key = KEY_PREFIX + mail.message_id
    existing = RawEvent.objects.filter(key=key[:200]).first()
    if existing is not None:
        return existing, False
    attachments = save_attachments(mail.attachments)
    raw, new = store_event(Intake.EMAIL, key=key, payload=payload_of(mail, attachments), channel=channel)
    if not new:
        delete_saved(attachments)
        return raw, False
    events.enqueue(raw)
    return raw, True


def payload_of(mail: ParsedMail, attachments: list[dict]) -> dict:
    return {**mail.payload(), "attachments": attachments}


def save_attachments(attachments: tuple[MailAttachment, ...]) -> list[dict]:
    """What the payload lists of the attachments; the accepted types' bytes stored."""
    listed = []
    for item in attachments:
        entry = {"name": item.name, "content_type": item.content_type, "size": item.size}
        sniffed = sniff_type(io.BytesIO(item.data)) if item.data is not None else None
        if sniffed is not None:
            content_type, extension = sniffed
            name = os.path.join(ATTACHMENT_DIR, secrets.token_urlsafe(18) + extension)
            entry.update(content_type=content_type, path=default_storage.save(name, ContentFile(item.data)))
        else:
            entry["skipped"] = item.skipped or "file_type"
        listed.append(entry)
    return listed


def delete_saved(attachments: list[dict]) -> None:
    for entry in attachments:
        if entry.get("path"):
            default_storage.delete(entry["path"])


def record_problem(channel: Channel, error: PlatformError) -> None:
    from lantoa.channels.publishing import needs_reconnect

    log.warning("inbox: mailbox of channel %s: %s", channel.pk, error)
    if error.reconnect:
        needs_reconnect(channel, error)
    else:
        Connection.objects.filter(channel=channel).update(problem=str(error)[:500])


def clear_problem(connection: Connection) -> None:
    Connection.objects.filter(pk=connection.pk, status=ConnectionStatus.CONNECTED).exclude(problem="").update(
        problem=""
    )

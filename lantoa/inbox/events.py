"""A stored delivery read as an `Inbound` by its intake, then received (`intake.receive`).

Each path keeps what the platform or the form sent in `RawEvent.payload`:
- Zalo OA: the webhook's event object (`channels.kinds.zalo_oa.webhook.parse_event`); a
  follower's message that is nothing but a case's tracking code links that case to them
  instead (`take_in`, `zalo_notice`);
- Messenger: one page entry with one messaging event (`facebook_page.messenger`);
- the portal form: its cleaned fields (`forms.WorkerMessageForm.payload`);
- e-mail: the parsed message (`channels.kinds.email.parse.ParsedMail.payload`, with the
  attachments `mail.save_attachments` listed). The sender's address, lowercased, is the
  contact: their later mails, replies to the union's answer included (the subject carries
  the case's code), join their open case (`intake.open_case_of`).
"""

from __future__ import annotations

import datetime
import logging

from django.db import transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from lantoa.channels.kinds.inbound import InboundMessage, InvalidPayload

from .intake import Inbound, Reading, prepare, receive
from .models import Intake, Message, RawEvent
from .zalo_notice import link_by_code

log = logging.getLogger(__name__)


def from_platform(intake: str, message: InboundMessage, channel_id: int | None) -> Inbound:
    return Inbound(
        intake=intake, external_id=message.sender_id, text=message.text or attachment_text(message),
        sent_at=message.sent_at, channel_id=channel_id, message_id=message.message_id,
        attachments=tuple(message.attachments),
    )  # fmt: skip


def attachment_text(message: InboundMessage) -> str:
    kinds = ", ".join(sorted({str(a.get("type", "")) for a in message.attachments if a.get("type")}))
    return f"[{kinds}]" if kinds else ""


def read_zalo(raw: RawEvent) -> Inbound | None:
    from lantoa.channels.kinds.zalo_oa.webhook import parse_event

    message = parse_event(raw.payload)
    return from_platform(Intake.ZALO_OA, message, raw.channel_id) if message else None


def read_messenger(raw: RawEvent) -> Inbound | None:
    from lantoa.channels.kinds.facebook_page.messenger import parse_events

    messages = parse_events(raw.payload)
    return from_platform(Intake.MESSENGER, messages[0], raw.channel_id) if messages else None


def read_form(raw: RawEvent) -> Inbound:
    data = raw.payload
    if not isinstance(data, dict) or not isinstance(data.get("text"), str):
        raise InvalidPayload("form without text")
    sent_at = parse_datetime(str(data.get("sent_at") or "")) or raw.received_at

    def text(name: str) -> str:
        value = data.get(name)
        return value.strip() if isinstance(value, str) else ""

    return Inbound(
        intake=raw.intake, external_id=text("contact_key") or raw.key, text=text("text"), sent_at=sent_at,
        channel_id=raw.channel_id, name=text("name"), phone=text("phone"), zalo=text("zalo"), email=text("email"),
        employer=text("employer"), unit_id=data.get("unit_id") if isinstance(data.get("unit_id"), int) else None,
        to_upper_level=data.get("to_upper_level") is True, consent=data.get("consent") is True,
        publish_consent=data.get("publish_consent") is True,
    )  # fmt: skip


def read_email(raw: RawEvent) -> Inbound | None:
    """The worker's mail; None for an auto-reply or a bounce (kept, no case)."""
    data = raw.payload
    if isinstance(data, dict) and "from_address" not in data and isinstance(data.get("text"), str):
        return read_form(raw)  # an e-mail staff recorded by hand, as a form
    if not isinstance(data, dict) or data.get("unparsed"):
        raise InvalidPayload("e-mail that could not be parsed")
    address = data.get("from_address")
    if not isinstance(address, str) or "@" not in address:
        raise InvalidPayload("e-mail without a sender")
    if data.get("automatic") is True:
        return None

    def text(name: str) -> str:
        value = data.get(name)
        return value.strip() if isinstance(value, str) else ""

    return Inbound(
        intake=Intake.EMAIL, external_id=address.strip().lower(), text=mail_text(text("subject"), text("text")),
        sent_at=mail_sent_at(text("sent_at"), raw.received_at), channel_id=raw.channel_id,
        message_id=text("message_id"), name=text("from_name"), email=address.strip().lower()[:254],
        attachments=tuple(item for item in data.get("attachments") or () if isinstance(item, dict)),
    )  # fmt: skip


REPLY_PREFIXES = ("re:", "tl:", "trả lời:", "fw:", "fwd:", "chuyển tiếp:")


def mail_text(subject: str, body: str) -> str:
    """The subject, then the body; a reply's subject ("Re: … [LT-…]") says nothing new."""
    if not subject or subject.lower().startswith(REPLY_PREFIXES):
        return body or subject
    return f"{subject}\n\n{body}" if body else subject


def mail_sent_at(value: str, received_at: datetime.datetime) -> datetime.datetime:
    """The Date header, unless it is missing or far from when the mail arrived (a sender's
    clock or a forged date must not move a deadline)."""
    sent_at = parse_datetime(value) if value else None
    if sent_at is None or abs(sent_at - received_at) > datetime.timedelta(days=1):
        return received_at
    return sent_at


READERS = {
    Intake.ZALO_OA: read_zalo,
    Intake.MESSENGER: read_messenger,
    Intake.PORTAL: read_form,
    Intake.HOTLINE: read_form,
    Intake.WALK_IN: read_form,
    Intake.EMAIL: read_email,
}


def process_event(raw_id: int) -> int | None:
    """Receive one stored delivery (once: a processed one is left alone); returns the
    message's id (the internal note's, for a tracking code sent to a Zalo OA). A malformed
    payload is kept with its error, never retried.

    The delivery is read, classified and its employer matched (`intake.prepare`) before the
    write transaction: SQLite has one writer at a time, and the webhooks storing the next
    deliveries wait for it (the model alone took about 9 ms inside it)."""
    raw = RawEvent.objects.filter(pk=raw_id, processed_at__isnull=True).first()
    if raw is None:
        return None
    try:
        inbound = READERS[raw.intake](raw)
    except InvalidPayload as error:
        log.warning("inbox: event %s refused: %s", raw.pk, error)
        RawEvent.objects.filter(pk=raw.pk, processed_at__isnull=True).update(
            error=f"invalid: {error}"[:1000], processed_at=timezone.now()
        )
        return None
    reading = prepare(inbound) if inbound and inbound.text else None
    with transaction.atomic():
        raw = RawEvent.objects.select_for_update().filter(pk=raw_id, processed_at__isnull=True).first()
        if raw is None:
            return None  # another worker took it meanwhile
        message = take_in(inbound, raw, reading) if reading is not None else None
        raw.processed_at = timezone.now()
        raw.save(update_fields=["processed_at"])
    return message.pk if message else None


def take_in(inbound: Inbound, raw: RawEvent, reading: Reading | None = None) -> Message:
    """A Zalo OA follower who sends nothing but a case's tracking code asks to be told of its
    answer there (`zalo_notice`): the case is linked, with an internal note saying so; no
    case is opened and no message of theirs added. Anything else is the worker's message."""
    return link_by_code(inbound, raw=raw) or receive(inbound, raw=raw, reading=reading)


def enqueue(raw: RawEvent) -> None:
    from .tasks import process_raw_event

    transaction.on_commit(lambda: process_raw_event.enqueue(raw.pk))


def stale_events(older_than: datetime.timedelta = datetime.timedelta(minutes=10)):
    """Stored deliveries still waiting after `older_than` (a worker lost): processed again."""
    return RawEvent.objects.filter(processed_at__isnull=True, received_at__lt=timezone.now() - older_than)

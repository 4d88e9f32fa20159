"""What staff do with a case: answer it (the answer goes back on the channel it came from),
write an internal note, hand it to a unit or a person, correct its topic or urgency (the
correction becomes a training example), close it; and what the worker does not see: the
escalation of an overdue case to the union above.

An answer to a Zalo OA or Messenger case is sent by a background task
(`tasks.send_answer`); a refusal (the window closed, a token revoked) stays on the message,
in Vietnamese, with a "Thử lại". Before sending, `reply_window` says whether it may still
go out and what to do instead. A worker who left an e-mail, or sent their code to a Zalo
OA (`zalo_notice`), is told that the answer is on the status page.
"""

from __future__ import annotations

import datetime
import logging

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from lantoa.channels.kinds.adapters import Delivered, Reply
from lantoa.channels.kinds.base import PlatformError
from lantoa.channels.kinds.inbound import MESSENGER, ZALO_OA, ReplyWindow, reply_window
from lantoa.org import scope
from lantoa.org.models import Unit
from lantoa.vi.formats import number as vi_number

from .models import Case, CaseRoute, CaseStatus, Direction, Intake, Message, SendStatus, TrainingExample

log = logging.getLogger(__name__)
CHANGE = "inbox.change_case"
PLATFORM_INTAKES = {Intake.ZALO_OA: ZALO_OA, Intake.MESSENGER: MESSENGER}
MAX_ANSWER = 2000  # Messenger's limit; Zalo's consultation messages are shorter still in practice


def require_change(actor, case: Case) -> None:
    scope.require_perm(actor, CHANGE, case.unit_id, _("cases"))


def answers_since_last_message(case: Case) -> int:
    last = case.last_inbound_at or case.opened_at
    return (
        case.messages.filter(direction=Direction.OUT, created_at__gte=last)
        .exclude(send_status=SendStatus.FAILED)
        .count()
    )


def window_of(case: Case, now: datetime.datetime | None = None) -> ReplyWindow | None:
    """Whether an answer may still go out on the case's platform (None: no window applies,
    the answer shows on the status page or goes by e-mail)."""
    platform = PLATFORM_INTAKES.get(case.intake)
    if platform is None:
        return None
    return reply_window(platform, case.last_inbound_at, answers_since_last_message(case), now or timezone.now())


@transaction.atomic
def do_answer(case: Case, *, actor, text: str) -> Message:
    """The answer, on the case's thread at once; sent on the platform in the background.
    Refused (with what to do instead) when the platform's window has closed."""
    require_change(actor, case)
    text = text.strip()
    if not text:
        raise ValidationError({"text": _("Write the answer.")})
    if len(text) > MAX_ANSWER and case.intake in PLATFORM_INTAKES:
        raise ValidationError({"text": _("Keep the answer under %(n)s characters.") % {"n": vi_number(MAX_ANSWER)}})
    window = window_of(case)
    if window is not None and not window.open:
        raise ValidationError({"text": window.advice_vi})
    now = timezone.now()
    sends = replied_on_channel(case)
    message = Message.objects.create(case=case, direction=Direction.OUT, body=text, author=actor, created_at=now,
                                     send_status=SendStatus.QUEUED if sends else SendStatus.NONE)  # fmt: skip
    case.status = CaseStatus.ANSWERED
    case.first_response_at = case.first_response_at or now
    case.save(update_fields=["status", "first_response_at"])
    if sends:
        enqueue_send(message)
    if not (sends and case.intake == Intake.EMAIL):  # the e-mail answer is itself the news
        tell_the_worker(case)
    return message


def replied_on_channel(case: Case) -> bool:
    """Whether the answer goes back where the worker wrote: a Zalo OA or Messenger chat, or
    the union's mailbox that received the e-mail (not an e-mail staff recorded by hand)."""
    return case.intake in PLATFORM_INTAKES or (case.intake == Intake.EMAIL and case.channel_id is not None)


def enqueue_send(message: Message) -> None:
    from .tasks import send_answer

    transaction.on_commit(lambda: send_answer.enqueue(message.pk))


def tell_the_worker(case: Case) -> None:
    """A worker who left an e-mail, or sent their code to a Zalo OA, hears that the answer
    is there (the status page)."""
    from . import zalo_notice

    zalo_notice.enqueue_answered(case)
    if not case.contact.email:
        return
    from django.core.mail import send_mail

    with translation.override(settings.LANGUAGE_CODE):
        subject = _("The trade union has answered your message %(code)s") % {"code": case.code}
        body = _("Open %(url)s and enter your code %(code)s to read the answer.") % {
            "url": status_url(case), "code": case.code,
        }  # fmt: skip
    address = case.contact.email
    transaction.on_commit(lambda: send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [address],
                                            fail_silently=True))  # fmt: skip


def status_url(case: Case) -> str:
    """The page where the worker enters their code (the code itself is not put in a link)."""
    from django.urls import reverse

    from lantoa.workspace.actions import absolute_url

    return absolute_url(reverse("inbox_public_lookup"))


def send_answer(message_id: int) -> str:
    """Send one queued answer on its platform; the outcome stays on the message."""
    message = Message.objects.select_related("case__contact", "case__channel__connection").get(pk=message_id)
    if message.send_status != SendStatus.QUEUED:
        return message.send_status
    case = message.case
    Message.objects.filter(pk=message.pk).update(attempts=F("attempts") + 1)
    try:
        delivered = deliver(case, message)
    except PlatformError as error:
        Message.objects.filter(pk=message.pk).update(send_status=SendStatus.FAILED, error=str(error)[:1000])
        if error.reconnect and case.channel_id:
            from lantoa.channels.publishing import needs_reconnect

            needs_reconnect(case.channel, error)  # marked, and the unit's officers told once
        if error.retryable:
            raise  # the task's back-off tries again; the error shows meanwhile
        return SendStatus.FAILED
    Message.objects.filter(pk=message.pk).update(
        send_status=SendStatus.SENT, external_id=delivered.message_id[:200], error="", **quota_fields(delivered)
    )
    return SendStatus.SENT


def quota_fields(delivered: Delivered) -> dict:
    """The quota the platform counted the answer against, as the message keeps it."""
    quota = delivered.quota or {}
    kind = str(quota.get("quota_type") or "")[:20]
    remain = str(quota.get("remain") or "").strip()
    return {"quota_type": kind, "quota_remain": int(remain) if remain.isdigit() else None}


def deliver(case: Case, message: Message) -> Delivered:
    """The answer sent to the case's contact through its channel's adapter, as the
    platform took it (its id there, the quota it counted)."""
    from lantoa.channels.kinds.adapters import adapter_for

    connection = getattr(case.channel, "connection", None) if case.channel_id else None
    if connection is None:
        raise PlatformError(_("The channel is no longer connected: answer the worker another way."),
                            code="not_connected")  # fmt: skip
    return adapter_for(case.channel.kind).send_reply(connection, reply_to(case, message))


def reply_to(case: Case, message: Message) -> Reply:
    """The answer as its platform takes it: quoting the worker's last Zalo message (a reply
    inside the free window), tagged on Messenger past the 24 hours, threaded by e-mail."""
    inbound = case.messages.filter(direction=Direction.IN).exclude(external_id="").order_by("-created_at", "-pk")
    last = inbound.values_list("external_id", flat=True).first() or ""
    if case.intake == Intake.EMAIL:
        first = inbound.order_by("created_at", "pk").values_list("external_id", flat=True).first() or ""
        return Reply(
            recipient=case.contact.email or case.contact.external_id, text=message.body, in_reply_to=last,
            subject=f"{case.subject or case.code} [{case.code}]",
            references=tuple(dict.fromkeys(i for i in (first, last) if i)),
        )  # fmt: skip
    if case.intake == Intake.ZALO_OA:
        return Reply(recipient=case.contact.external_id, text=message.body, quote=last)
    window = window_of(case, message.created_at)
    return Reply(recipient=case.contact.external_id, text=message.body, tag=window.needs_tag if window else "")


@transaction.atomic
def do_retry_answer(message: Message, *, actor) -> Message:
    require_change(actor, message.case)
    if message.send_status != SendStatus.FAILED:
        raise ValidationError(_("Only an answer that failed to send can be sent again."))
    window = window_of(message.case)
    if window is not None and not window.open:
        raise ValidationError(window.advice_vi)
    message.send_status, message.error = SendStatus.QUEUED, ""
    message.save(update_fields=["send_status", "error"])
    enqueue_send(message)
    return message


@transaction.atomic
def do_note(case: Case, *, actor, text: str) -> Message:
    require_change(actor, case)
    if not text.strip():
        raise ValidationError({"text": _("Write the note.")})
    return Message.objects.create(case=case, direction=Direction.NOTE, body=text.strip(), author=actor,
                                  created_at=timezone.now())  # fmt: skip


@transaction.atomic
def do_assign(case: Case, *, actor, unit: Unit | None = None, user=None) -> Case:
    """Hand the case to another unit in the actor's scope, or to a person of its unit; the
    person (or the unit's handlers) hears of it."""
    require_change(actor, case)
    before = (case.unit_id, case.assignee_id)
    if unit is not None and unit.pk != case.unit_id:
        scope.require_perm(actor, CHANGE, unit.pk, _("cases"))
        case.unit, case.assignee = unit, None
        CaseRoute.objects.create(case=case, unit=unit, at=timezone.now())
    if user is not None:
        if not scope.has_perm(user, CHANGE, case.unit_id):
            raise ValidationError(_("This person cannot handle cases of %(unit)s.") % {"unit": case.unit.name})
        case.assignee = user
    changed = (case.unit_id, case.assignee_id) != before
    if case.status == CaseStatus.NEW:
        case.status = CaseStatus.ASSIGNED
    case.save(update_fields=["unit", "assignee", "status"])
    if changed and actor is not None:  # the system assigns at intake (told there) and in the demo loader
        from . import notices

        notices.case_assigned(case, actor)
    return case


@transaction.atomic
def do_classify(case: Case, *, actor, topic: str, urgency: str) -> Case:
    """Staff's topic and urgency; a change teaches the next model (a training example from
    the worker's first message)."""
    from .models import Topic, Urgency

    require_change(actor, case)
    if topic not in Topic.values or urgency not in Urgency.values:
        raise ValidationError(_("Choose a topic and an urgency from the lists."))
    if (topic, urgency) == (case.topic, case.urgency):
        return case
    first = case.messages.filter(direction=Direction.IN).order_by("created_at", "pk").first()
    if first is not None:
        TrainingExample.objects.create(text=first.body, topic=topic, urgency=urgency, case=case, created_by=actor)
    case.topic, case.urgency, case.classified_by = topic, urgency, "staff"
    case.save(update_fields=["topic", "urgency", "classified_by"])
    return case


@transaction.atomic
def do_set_status(case: Case, *, actor, status: str) -> Case:
    require_change(actor, case)
    if status not in (CaseStatus.IN_PROGRESS, CaseStatus.CLOSED):
        raise ValidationError(_("This status is set by answering or assigning."))
    case.status = status
    case.closed_at = timezone.now() if status == CaseStatus.CLOSED else None
    case.save(update_fields=["status", "closed_at"])
    return case


def escalate_overdue(now: datetime.datetime | None = None) -> int:
    """Cases past their deadline without an answer go to the union above (once each), whose
    officers hear of it; returns how many."""
    from lantoa.cascade.notices import officers_of
    from lantoa.workspace.actions import do_notify

    now = now or timezone.now()
    late = Case.objects.filter(due_at__lt=now, first_response_at__isnull=True, escalated_at__isnull=True,
                               status__in=[CaseStatus.NEW, CaseStatus.ASSIGNED, CaseStatus.IN_PROGRESS],
                               unit__parent__isnull=False).select_related("unit__parent")  # fmt: skip
    count = 0
    # Read before writing: a cursor left open across the per-case transactions would hold
    # SQLite's read snapshot, and a write by anyone meanwhile makes the next one fail.
    for case in list(late):
        with transaction.atomic():
            parent = case.unit.parent
            Case.objects.filter(pk=case.pk).update(unit=parent, escalated_at=now, assignee=None)
            CaseRoute.objects.create(case=case, unit=parent, at=now)
            people = officers_of([parent.pk]).get(parent.pk, set())
            with translation.override(settings.LANGUAGE_CODE):
                text = _("Case %(code)s was not answered in time by %(unit)s and comes to your union.") % {
                    "code": case.code, "unit": case.unit.name,
                }  # fmt: skip
            do_notify(people, kind="inbox.escalated", message=text, unit_id=parent.pk, email=True)
        count += 1
    return count

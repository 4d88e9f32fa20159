"""Background work of the inbox: a stored delivery becomes a message of a case."""

from __future__ import annotations

import datetime

from django.utils.translation import gettext_lazy as _

from lantoa.lib.tasks import background_task, describe_task, periodic


@background_task(max_attempts=5, backoff_seconds=30, priority=10)
def process_raw_event(raw_id: int) -> int | None:
    """Turn one stored delivery into a message; returns the message's id (None when there is
    nothing to keep: an event that is not a message)."""
    from . import events

    return events.process_event(raw_id)


describe_task(process_raw_event, label=_("Receive a worker's message"))


@background_task(max_attempts=4, backoff_seconds=60, priority=10)
def send_answer(message_id: int) -> str:
    """Send one answer on the platform the case came from."""
    from . import actions

    return actions.send_answer(message_id)


describe_task(send_answer, label=_("Send an answer to a worker"))


def case_units(case_id: int) -> list[int]:
    from .models import Case

    return list(Case.objects.filter(pk=case_id).values_list("unit_id", flat=True))


@background_task(max_attempts=4, backoff_seconds=60, priority=10)
def confirm_zalo_link(case_id: int) -> str:
    """Confirm on the Zalo OA, to the follower who sent a case's code, that they will be told there."""
    from . import zalo_notice

    return zalo_notice.confirm_link(case_id)


describe_task(confirm_zalo_link, label=_("Confirm a tracking code on Zalo"), units=case_units)


@background_task(max_attempts=4, backoff_seconds=60, priority=10)
def tell_answered_on_zalo(case_id: int) -> str:
    """Tell the follower linked to a case, on the Zalo OA, that the case was answered."""
    from . import zalo_notice

    return zalo_notice.tell_answered(case_id)


describe_task(tell_answered_on_zalo, label=_("Tell a worker on Zalo that the answer is there"), units=case_units)


@periodic(every=datetime.timedelta(minutes=2), name="inbox.poll_mail")
@background_task(max_attempts=1)
def poll_mail() -> str:
    """Read the unions' mailboxes: each unseen e-mail stored once and received. Not
    retried: the next poll, two minutes on, is the retry; a mailbox's error stays on its
    channel's connection."""
    from . import mail

    results = mail.poll_mailboxes()
    return " ".join(f"{r.channel_id}:{r.stored}+{r.repeated}{'!' if r.error else ''}" for r in results)


describe_task(poll_mail, label=_("Read the unions' mailboxes"))


@periodic(every=datetime.timedelta(minutes=15), name="inbox.escalate")
@background_task(max_attempts=2)
def escalate_overdue_cases() -> int:
    """Cases past their deadline without an answer go to the union above."""
    from . import actions

    return actions.escalate_overdue()


describe_task(escalate_overdue_cases, label=_("Escalate unanswered cases"))


@periodic(every=datetime.timedelta(hours=6), name="inbox.retrain")
@background_task(max_attempts=1)
def retrain_classifier() -> str:
    """A new classifier from staff's corrections when they are enough or a week old."""
    from . import training

    if not training.due():
        return ""
    row = training.retrain()
    return f"{row.version} macro_f1={row.macro_f1:.3f} active={row.active}" if row else ""


describe_task(retrain_classifier, label=_("Retrain the inbox classifier"))

"""Telling a worker on Zalo that their case has been answered.

A Zalo OA may only write to someone who wrote to it, and knows them by a follower id of its
own, never by a phone number. So a worker who used the portal's form is invited (on the
code page and the status page) to follow the Zalo OA of the union handling their case, or
of the nearest union above it (`notice_oa`), and to send it their tracking code.

That message opens no case and joins none: it links the case to that OA and follower
(`link_by_code`, from `events.process_event`), with an internal note saying so to staff
and a confirmation sent back on the OA. When staff answer, the follower is told on the OA
to read the answer on the status page (`actions.tell_the_worker`); the answer itself stays
there, behind the code.

Both messages go out in background tasks (`tasks.confirm_zalo_link`,
`tasks.tell_answered_on_zalo`). A refusal becomes an internal note on the case, in
Vietnamese, with Zalo's reason; a retryable one is raised again for the task's back-off.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lantoa.channels.kinds.base import PlatformError
from lantoa.channels.models import Channel, ChannelKind, ConnectionStatus
from lantoa.org import paths

from .forms import normalize_code
from .intake import Inbound
from .models import Case, Direction, Intake, Message, RawEvent

log = logging.getLogger(__name__)
SENT, FAILED, UNLINKED = "sent", "failed", "unlinked"


# --- Which OA


def notice_oa(case: Case) -> Channel | None:
    """The connected, running Zalo OA of the case's union, or of the nearest union above it."""
    today = timezone.localdate()
    found = Channel.objects.filter(
        kind=ChannelKind.ZALO_OA, unit_id__in=paths.ancestor_ids(case.unit.path),
        connection__status=ConnectionStatus.CONNECTED,
    ).filter(Q(active_to__isnull=True) | Q(active_to__gt=today))  # fmt: skip
    return found.order_by("-unit__depth", "pk").first()


def is_linked(case: Case) -> bool:
    return bool(case.zalo_notify_channel_id and case.zalo_notify_user)


def offer(case: Case) -> tuple[Channel | None, bool]:
    """What the worker's pages say about Zalo: (the OA, True) once the case is linked to it;
    (the OA to send the code to, False) for a case from the form; (None, False) otherwise."""
    if is_linked(case):
        return case.zalo_notify_channel, True
    if case.intake != Intake.PORTAL:
        return None, False
    return notice_oa(case), False


# --- The follower sends the code


def link_by_code(inbound: Inbound, *, raw: RawEvent | None = None) -> Message | None:
    """When a Zalo OA follower's whole message is an existing case's tracking code: the case
    linked to them (the note saying so returned); None for any other message."""
    if inbound.intake != Intake.ZALO_OA or inbound.channel_id is None or not inbound.external_id:
        return None
    code = normalize_code(inbound.text)
    case = Case.objects.select_for_update().filter(code=code).first() if code else None
    if case is None:
        return None
    return do_link(case, channel_id=inbound.channel_id, user_id=inbound.external_id,
                   message_id=inbound.message_id, at=inbound.sent_at, raw=raw)  # fmt: skip


@transaction.atomic
def do_link(case: Case, *, channel_id: int, user_id: str, message_id: str, at, raw: RawEvent | None) -> Message:
    """Tell this follower of this OA when `case` is answered (the latest to send the code
    wins). The internal note carries their message's id, which what the OA sends them
    quotes, and the raw delivery, erased with the case's messages."""
    Case.objects.filter(pk=case.pk).update(zalo_notify_channel_id=channel_id, zalo_notify_user=user_id[:64])
    oa_name = Channel.objects.filter(pk=channel_id).values_list("name", flat=True).first() or ""
    with translation.override(settings.LANGUAGE_CODE):
        text = _(
            "The worker sent this case's code to the Zalo OA “%(oa)s”: they will be told there when it is answered."
        ) % {"oa": oa_name}
    note = Message.objects.create(case=case, direction=Direction.NOTE, body=text, raw=raw,
                                  external_id=message_id[:200], created_at=at)  # fmt: skip
    from .tasks import confirm_zalo_link

    enqueue(confirm_zalo_link, case.pk)
    return note


def enqueue(task, case_id: int) -> None:
    transaction.on_commit(lambda: task.enqueue(case_id))


def enqueue_answered(case: Case) -> None:
    """After staff answered: the linked follower hears of it on the OA (once committed)."""
    if is_linked(case):
        from .tasks import tell_answered_on_zalo

        enqueue(tell_answered_on_zalo, case.pk)


# --- What the OA sends


def confirm_link(case_id: int) -> str:
    def text(case: Case) -> str:
        return _("Code %(code)s received. When the trade union answers, we will message you here.") % {
            "code": case.code,
        }  # fmt: skip

    failure = gettext_lazy("The Zalo OA “%(oa)s” could not confirm the code to the worker: %(error)s")
    return send_to_follower(case_id, text, failure)


def tell_answered(case_id: int) -> str:
    from .actions import status_url

    def text(case: Case) -> str:
        return _("The trade union has answered your request %(code)s. Open %(url)s and enter the code to read it.") % {
            "code": case.code, "url": status_url(case),
        }  # fmt: skip

    failure = gettext_lazy("The Zalo OA “%(oa)s” could not tell the worker that the case was answered: %(error)s")
    return send_to_follower(case_id, text, failure)


def send_to_follower(case_id: int, text: Callable[[Case], str], failure) -> str:
    """Send `text(case)` to the case's linked follower; a refusal becomes an internal note
    (`failure` names the OA and the error) and a retryable one is raised again."""
    case = Case.objects.select_related("zalo_notify_channel__connection").filter(pk=case_id).first()
    if case is None or not is_linked(case) or case.zalo_notify_channel is None:
        return UNLINKED  # erased, or the OA's channel deleted, since
    channel = case.zalo_notify_channel
    with translation.override(settings.LANGUAGE_CODE):  # what is sent and noted is stored or read later
        try:
            send_text(channel, case.zalo_notify_user, text(case), quote=last_message_id(case))
        except PlatformError as error:
            log.warning("inbox: Zalo notice for case %s refused: %s", case.pk, error.code or "error")
            note = str(failure) % {"oa": channel.name, "error": str(error)}
            Message.objects.create(case=case, direction=Direction.NOTE, body=note, created_at=timezone.now())
            if error.retryable:
                raise  # the task's back-off tries again; the note shows meanwhile
            return FAILED
    return SENT


def send_text(channel: Channel, user_id: str, text: str, *, quote: str = "") -> None:
    from lantoa.channels.kinds.adapters import Reply, adapter_for

    connection = getattr(channel, "connection", None)
    if connection is None:
        raise PlatformError(_("The Zalo OA is no longer connected."), code="not_connected")
    adapter_for(ChannelKind.ZALO_OA).send_reply(connection, Reply(recipient=user_id, text=text, quote=quote))


def last_message_id(case: Case) -> str:
    """The follower's newest message to the OA (the code, or one of their own cases'):
    quoted, what the OA sends is a reply inside Zalo's free window, not a proactive message."""
    theirs = Message.objects.filter(raw__channel_id=case.zalo_notify_channel_id).exclude(external_id="").filter(
        Q(direction=Direction.NOTE, case__zalo_notify_user=case.zalo_notify_user)
        | Q(direction=Direction.IN, case__contact__platform=Intake.ZALO_OA,
            case__contact__external_id=case.zalo_notify_user)
    )  # fmt: skip
    return theirs.order_by("-created_at", "-pk").values_list("external_id", flat=True).first() or ""

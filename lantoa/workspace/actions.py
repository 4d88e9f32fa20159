"""Every write of the workspace: sending and reading notifications."""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext

from .models import Notification

MESSAGE_LENGTH = Notification._meta.get_field("message").max_length


SUBJECT_LENGTH = 120


@transaction.atomic
def do_notify(
    recipient_ids: Iterable[int], *, kind: str, message: str, url: str = "", unit_id=None, email: bool = False
) -> int:
    """One notification per recipient (each id once), in one insert; returns how many.

    With `email`, each recipient also gets it outside the app, by e-mail or, with only a
    phone number, by text message (`send_notice_emails`): a background task enqueued once
    the transaction commits (nothing is sent for a write that rolls back, and
    the request that wrote it does not wait on the mail server)."""
    ids = sorted({int(pk) for pk in recipient_ids if pk})
    text = str(message)
    if len(text) > MESSAGE_LENGTH:
        text = text[: MESSAGE_LENGTH - 1] + "…"
    rows = [Notification(recipient_id=pk, kind=kind, message=text, url=url, unit_id=unit_id) for pk in ids]
    Notification.objects.bulk_create(rows)
    if email and ids:
        transaction.on_commit(lambda: _enqueue_notice_emails(ids, message=str(message), url=url))
    return len(rows)


def _enqueue_notice_emails(recipient_ids: list[int], *, message: str, url: str) -> None:
    from .tasks import send_notice_emails as send_task  # tasks imports this module

    send_task.enqueue(recipient_ids, message, url)


def absolute_url(url: str) -> str:
    """A site-relative link made absolute with WAGTAILADMIN_BASE_URL where it is set."""
    base = (getattr(settings, "WAGTAILADMIN_BASE_URL", "") or "").rstrip("/")
    return f"{base}{url}" if base and url.startswith("/") else url


def notice_email(address: str, *, message: str, url: str) -> EmailMessage:
    """One notice by e-mail, in Vietnamese: the message as subject and text, and the link."""
    with translation.override(settings.LANGUAGE_CODE):
        subject = message if len(message) <= SUBJECT_LENGTH else message[: SUBJECT_LENGTH - 1] + "…"
        lines = [message]
        if url:
            lines += ["", gettext("Open it in Lan Tỏa: %(url)s") % {"url": absolute_url(url)}]
        lines += ["", gettext("This message was sent by Lan Tỏa; you do not need to reply.")]
    return EmailMessage(subject=f"[Lan Tỏa] {subject}", body="\n".join(lines), to=[address])


def send_notice_emails(recipient_ids: Iterable[int], *, message: str, url: str = "") -> int:
    """The notice outside the app: one e-mail per active recipient with an address (on one
    connection), and a text message through the pluggable sender (`LANTOA_CODE_SENDER`,
    the sign-in codes' own) to those with only a phone number, as many grassroots officers
    have; returns how many were sent."""
    users = get_user_model()._default_manager.filter(pk__in=list(recipient_ids), is_active=True)
    sent = send_texts(users.filter(email="").exclude(phone=""), message=message, url=url)
    addresses = users.exclude(email="").values_list("email", flat=True)
    emails = [notice_email(address, message=message, url=url) for address in addresses]
    if emails:
        sent += get_connection().send_messages(emails) or 0
    return sent


def send_texts(users, *, message: str, url: str) -> int:
    from lantoa.org import signin

    text = f"Lan Tỏa: {message}" + (f" {absolute_url(url)}" if url else "")
    phones = list(users.values_list("phone", flat=True))
    for phone in phones:
        signin.send_text(phone, text)
    return len(phones)


def do_mark_read(user, ids: Iterable[int] | None = None) -> int:
    """Mark the user's own notifications read (all of them without `ids`); never another's."""
    rows = Notification.objects.for_user(user).unread()
    if ids is not None:
        rows = rows.filter(pk__in=[int(pk) for pk in ids])
    return rows.update(read_at=timezone.now())

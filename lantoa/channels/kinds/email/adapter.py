"""The e-mail adapter: a union's mailbox, read by the inbox (`lantoa.inbox.mail` polls it
through `open_mailbox`) and answering workers by e-mail (`send_reply`).

Publishing does not go through e-mail: an EMAIL channel is posted to by hand like the kinds
without an API (the base adapter's `ManualActionNeeded`).

A connection's sealed secrets hold the IMAP settings (`host`, `port`, `security`,
`username`, `password`, `folder`), the mailbox's own address (`address`) and, optionally,
its SMTP server (`smtp_host`, `smtp_port`, `smtp_security`, `smtp_username`,
`smtp_password`). Without an SMTP server a reply goes through the site's mail settings
(Django's default backend), still from the mailbox's address, so the worker's answer
threads with their message.
"""

from __future__ import annotations

import smtplib
import socket
from email.utils import make_msgid

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.utils.translation import gettext as _

from lantoa.channels.connections import secrets_of

from ..adapters import Adapter, Delivered, Reply, register
from ..base import PlatformError
from .client import TIMEOUT, MailboxClient, MailboxSettings

SMTP_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
SMTP_PORTS = {"ssl": 465, "starttls": 587, "none": 25}


def mailbox_settings(secrets: dict, *, timeout: float = TIMEOUT) -> MailboxSettings:
    return MailboxSettings.from_secrets(secrets, timeout=timeout)


def mail_timeout() -> float:
    """Seconds any one IMAP or SMTP exchange may take (LANTOA_EMAIL_TIMEOUT, default 20)."""
    return float(getattr(settings, "LANTOA_EMAIL_TIMEOUT", TIMEOUT))


def from_address(secrets: dict) -> str:
    return str(secrets.get("address") or secrets.get("username") or "")


def smtp_connection(secrets: dict, *, timeout: float | None = None):
    """The mailbox's own SMTP server when one is given, else the site's mail backend."""
    host = str(secrets.get("smtp_host") or "")
    if not host:
        return get_connection()
    security = secrets.get("smtp_security") if secrets.get("smtp_security") in SMTP_PORTS else "starttls"
    return get_connection(
        SMTP_BACKEND, host=host, port=int(secrets.get("smtp_port") or SMTP_PORTS[security]),
        username=str(secrets.get("smtp_username") or secrets.get("username") or ""),
        password=str(secrets.get("smtp_password") or secrets.get("password") or ""),
        use_ssl=security == "ssl", use_tls=security == "starttls", timeout=timeout or mail_timeout(),
        fail_silently=False,
    )  # fmt: skip


def smtp_refusal(error: BaseException) -> PlatformError:
    if isinstance(error, smtplib.SMTPAuthenticationError):
        return PlatformError(_("The outgoing mail server refused the user name or password: connect the mailbox "
                               "again."), code="smtp_auth", reconnect=True)  # fmt: skip
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return PlatformError(_("The mail server refused the worker's address: answer the worker another way."),
                             code="recipient")  # fmt: skip
    if isinstance(error, TimeoutError | socket.timeout):
        return PlatformError(_("The mail server did not answer in time; Lan Tỏa will try again."),
                             code="timeout", retryable=True)  # fmt: skip
    return PlatformError(_("The e-mail could not be sent now; Lan Tỏa will try again."),
                         code="smtp", retryable=True)  # fmt: skip


def reply_subject(subject: str) -> str:
    subject = " ".join(subject.split())
    return subject if subject.lower().startswith(("re:", "tl:", "trả lời:")) else f"Re: {subject}"


@register
class EmailAdapter(Adapter):
    kind = "email"
    sends = False

    def open_mailbox(self, connection, *, timeout: float | None = None) -> MailboxClient:
        """A client for the mailbox (use `with`: it connects and logs in on enter)."""
        return MailboxClient(mailbox_settings(secrets_of(connection), timeout=timeout or mail_timeout()))

    def send_reply(self, connection, reply: Reply) -> Delivered:
        """Send the reply's text to its recipient's address from the mailbox's address,
        threaded under `in_reply_to`; returns the reply's Message-ID as its id."""
        to, in_reply_to, references = reply.recipient, reply.in_reply_to, reply.references
        secrets = secrets_of(connection)
        sender = from_address(secrets)
        if not sender or not to:
            raise PlatformError(_("The mailbox's address or the worker's address is missing: answer the worker "
                                  "another way."), code="address")  # fmt: skip
        domain = sender.rsplit("@", 1)[-1] or "lantoa.invalid"
        message_id = make_msgid(domain=domain)
        headers = {"Message-ID": message_id}
        chain = [*references, in_reply_to] if in_reply_to and in_reply_to not in references else list(references)
        if in_reply_to:
            headers["In-Reply-To"] = in_reply_to
        if chain:
            headers["References"] = " ".join(chain[-10:])
        email = EmailMessage(subject=reply_subject(reply.subject), body=reply.text, from_email=sender, to=[to],
                             headers=headers, connection=smtp_connection(secrets))  # fmt: skip
        try:
            email.send(fail_silently=False)
        except (smtplib.SMTPException, OSError) as error:
            raise smtp_refusal(error) from error
        return Delivered(message_id)

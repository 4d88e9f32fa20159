"""The IMAP client of a union's mailbox, over the standard library's `imaplib`.

    with MailboxClient(MailboxSettings.from_secrets(secrets)) as box:
        for uid in box.unseen_uids():
            raw = box.fetch(uid)
            ...                      # store it first
            box.mark_seen(uid)

Decisions:
- Messages are read with `BODY.PEEK[]`, which leaves them unseen, and marked `\\Seen` one
  by one only after the inbox stored them: a crash mid-poll redelivers the rest, and the
  stored event's key (the Message-ID) makes a redelivered message one row.
- UIDs, not sequence numbers: they do not shift when another client expunges.
- Every socket has a timeout (`timeout`, default 20 s): a stalled server must not hold a
  worker. Every failure becomes a `PlatformError`: network trouble and timeouts are
  retryable; a refused login, a missing folder or a refused certificate need the mailbox
  connected again (`reconnect`). The password is never in a message or a log line.
"""

from __future__ import annotations

import base64
import imaplib
import re
import socket
import ssl
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from django.utils.translation import gettext as _

from ..base import PlatformError, tls_context

SECURITY = ("ssl", "starttls", "none")
DEFAULT_PORTS = {"ssl": 993, "starttls": 143, "none": 143}
TIMEOUT = 20.0
MAX_PER_POLL = 50  # the oldest unseen first; the rest wait for the next poll
_UID_RE = re.compile(rb"^\d+$")


@dataclass(frozen=True)
class MailboxSettings:
    host: str
    username: str
    password: str
    port: int = 993
    security: str = "ssl"
    folder: str = "INBOX"
    timeout: float = TIMEOUT

    @classmethod
    def from_secrets(cls, secrets: dict, *, timeout: float = TIMEOUT) -> MailboxSettings:
        security = secrets.get("security") if secrets.get("security") in SECURITY else "ssl"
        return cls(
            host=str(secrets.get("host") or ""), username=str(secrets.get("username") or ""),
            password=str(secrets.get("password") or ""), port=int(secrets.get("port") or DEFAULT_PORTS[security]),
            security=security, folder=str(secrets.get("folder") or "INBOX"), timeout=timeout,
        )  # fmt: skip

    def __repr__(self) -> str:  # never the password
        return f"MailboxSettings({self.username}@{self.host}:{self.port}, {self.security}, {self.folder})"


def network_error(error: BaseException) -> PlatformError:
    if isinstance(error, TimeoutError | socket.timeout):
        return PlatformError(_("The mail server did not answer in time; Lan Tỏa will try again."),
                             code="timeout", retryable=True)  # fmt: skip
    return PlatformError(_("Lan Tỏa could not reach the mail server; it will try again."),
                         code="network", retryable=True)  # fmt: skip


def tls_error() -> PlatformError:
    return PlatformError(_("The mail server's security certificate was refused: check the server name and security."),
                         code="tls", reconnect=True)  # fmt: skip


def login_refused() -> PlatformError:
    return PlatformError(_("The mail server refused the user name or password: connect the mailbox again."),
                         code="auth", reconnect=True)  # fmt: skip


def protocol_error() -> PlatformError:
    return PlatformError(_("The mail server gave an unexpected answer; Lan Tỏa will try again."),
                         code="imap", retryable=True)  # fmt: skip


@contextmanager
def translated() -> Iterator[None]:
    """imaplib's and the socket's exceptions as PlatformError (refusals raised inside pass)."""
    try:
        yield
    except PlatformError:
        raise
    except ssl.SSLCertVerificationError as error:
        raise tls_error() from error
    except imaplib.IMAP4.abort as error:  # the connection broke: before IMAP4.error, its base
        raise network_error(error) from error
    except imaplib.IMAP4.error as error:
        raise protocol_error() from error
    except (OSError, EOFError) as error:  # socket errors, timeouts, ssl.SSLError
        raise network_error(error) from error


class MailboxClient:
    """One session with the mailbox: connected, logged in and its folder selected on enter."""

    def __init__(self, settings: MailboxSettings, *, ssl_context: ssl.SSLContext | None = None):
        self.settings = settings
        self.ssl_context = ssl_context
        self.imap: imaplib.IMAP4 | None = None

    def __repr__(self) -> str:
        return f"MailboxClient({self.settings!r})"

    def __enter__(self) -> MailboxClient:
        self.open()
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def open(self) -> None:
        s = self.settings
        if not s.host or not s.username:
            raise PlatformError(_("The mailbox's server or user name is missing: connect the mailbox again."),
                                code="config", reconnect=True)  # fmt: skip
        context = self.ssl_context or tls_context()
        with translated():
            if s.security == "ssl":
                self.imap = imaplib.IMAP4_SSL(s.host, s.port, ssl_context=context, timeout=s.timeout)
            else:
                self.imap = imaplib.IMAP4(s.host, s.port, timeout=s.timeout)
                if s.security == "starttls":
                    self.imap.starttls(ssl_context=context)
        self.login()
        self.select()

    def login(self) -> None:
        try:
            with translated():
                self.imap.login(self.settings.username, self.settings.password)
        except PlatformError as error:
            if error.code == "imap":  # a NO or BAD to LOGIN: the credentials
                raise login_refused() from error
            raise

    def select(self) -> None:
        with translated():
            status, _data = self.imap.select(_quoted(self.settings.folder))
        if status != "OK":
            raise PlatformError(_("The mail folder “%(folder)s” does not exist on the server.")
                                % {"folder": self.settings.folder}, code="folder", reconnect=True)  # fmt: skip

    def close(self) -> None:
        if self.imap is None:
            return
        imap, self.imap = self.imap, None
        try:
            imap.logout()
        except Exception:  # noqa: BLE001 - the session is over either way
            try:
                imap.shutdown()
            except Exception:  # noqa: BLE001, S110
                pass

    def unseen_uids(self, limit: int = MAX_PER_POLL) -> list[str]:
        with translated():
            status, data = self.imap.uid("SEARCH", "UNSEEN")
        if status != "OK":
            raise protocol_error()
        found = b" ".join(part for part in data if isinstance(part, bytes)).split()
        return [uid.decode() for uid in found if _UID_RE.match(uid)][:limit]

    def fetch(self, uid: str) -> bytes | None:
        """The whole message, left unseen; None when the server has no such message now."""
        with translated():
            status, data = self.imap.uid("FETCH", uid, "(BODY.PEEK[])")
        if status != "OK":
            raise protocol_error()
        for part in data:
            if isinstance(part, tuple) and len(part) == 2 and isinstance(part[1], bytes):
                return part[1]
        return None

    def mark_seen(self, uid: str) -> None:
        with translated():
            status, _data = self.imap.uid("STORE", uid, "+FLAGS", "(\\Seen)")
        if status != "OK":
            raise protocol_error()

    def check(self) -> None:
        """Nothing but the session: login and folder are checked on enter."""
        with translated():
            self.imap.noop()


def _quoted(folder: str) -> str:
    folder = imap_utf7(folder)
    return '"' + folder.replace("\\", "\\\\").replace('"', '\\"') + '"'


def imap_utf7(name: str) -> str:
    """A folder name in IMAP's modified UTF-7 (RFC 3501, 5.1.3): "Hộp thư" is "H&Htk-p th&AbA-"."""
    out, pending = [], []

    def flush() -> None:
        if pending:
            encoded = base64.b64encode("".join(pending).encode("utf-16-be")).rstrip(b"=").replace(b"/", b",")
            out.append("&" + encoded.decode() + "-")
            pending.clear()

    for char in name:
        if 0x20 <= ord(char) <= 0x7E:
            flush()
            out.append("&-" if char == "&" else char)
        else:
            pending.append(char)
    flush()
    return "".join(out)

"""An RFC 822 message as the inbox needs it, never failing on what the wire brings.

`parse_message(raw)` reads the sender (name and address), the subject, the Message-ID
(else one made from the bytes' SHA-256, so a message without one is still stored once),
the date, the threading headers, the text (the text/plain part, else the HTML part made
plain) and the attachments. A header that does not parse, a charset Python does not know
or a broken transfer encoding gives an empty field or replacement characters, never an
exception: one bad message must not stop a mailbox's poll.

Attachments keep their bytes only up to `max_part_bytes` each and `max_parts` in all; the
others are listed (name, type, size) with `skipped` set.
"""

from __future__ import annotations

import datetime
import hashlib
import html
import re
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage, Message
from email.utils import getaddresses, parseaddr, parsedate_to_datetime

MAX_TEXT = 20_000
MAX_PART_BYTES = 5 * 1024 * 1024
MAX_PARTS = 5
_MSGID_RE = re.compile(r"<[^<>\s]+>")
_BLOCK_END_RE = re.compile(r"(?i)<\s*(br|/p|/div|/li|/tr|/h[1-6])\b[^>]*>")
_DROPPED_RE = re.compile(r"(?is)<\s*(script|style|head)\b.*?<\s*/\s*\1\s*>")
_TAG_RE = re.compile(r"(?s)<[^>]*>")
_BLANK_LINES_RE = re.compile(r"\n\s*\n\s*\n+")
_WROTE_RE = re.compile(r"(?i)(wrote|viết|đã viết)\s*:\s*$")


@dataclass(frozen=True)
class MailAttachment:
    name: str
    content_type: str
    size: int
    data: bytes | None = None  # None: over the limits, listed only
    skipped: str = ""  # why the bytes were not kept: "too_large", "too_many"


@dataclass(frozen=True)
class ParsedMail:
    message_id: str
    from_address: str
    from_name: str
    subject: str
    text: str
    sent_at: datetime.datetime | None
    in_reply_to: str = ""
    references: tuple[str, ...] = ()
    attachments: tuple[MailAttachment, ...] = field(default_factory=tuple)
    automatic: bool = False  # an auto-reply or a bounce: no worker wrote it

    def payload(self) -> dict:
        """JSON-safe, without the attachments' bytes (the caller stores those)."""
        return {
            "message_id": self.message_id, "from_address": self.from_address, "from_name": self.from_name,
            "subject": self.subject, "text": self.text,
            "sent_at": self.sent_at.isoformat() if self.sent_at else "",
            "in_reply_to": self.in_reply_to, "references": list(self.references), "automatic": self.automatic,
        }  # fmt: skip


def parse_message(raw: bytes, *, max_part_bytes: int = MAX_PART_BYTES, max_parts: int = MAX_PARTS) -> ParsedMail:
    message = message_from_bytes(raw, policy=policy.default)
    name, address = sender(message)
    body_part = body_of(message)
    return ParsedMail(
        message_id=message_id_of(message, raw), from_address=address, from_name=name,
        subject=one_line(header(message, "Subject")), text=text_of(body_part)[:MAX_TEXT], sent_at=date_of(message),
        in_reply_to=first_id(header(message, "In-Reply-To")), references=tuple(ids(header(message, "References"))),
        attachments=tuple(attachments_of(message, body_part, max_part_bytes, max_parts)),
        automatic=is_automatic(message, address),
    )  # fmt: skip


def is_automatic(message: Message, address: str) -> bool:
    """An auto-reply, a bounce or a list's mail (RFC 3834 Auto-Submitted, the daemons' addresses)."""
    auto = header(message, "Auto-Submitted").strip().lower()
    local = address.split("@", 1)[0]
    return (auto not in ("", "no") or local in ("mailer-daemon", "postmaster")
            or header(message, "Precedence").strip().lower() in ("bulk", "junk", "list"))  # fmt: skip


def header(message: Message, name: str) -> str:
    """The header decoded (RFC 2047), else as it came, else ""."""
    try:
        value = message.get(name)
        return str(value) if value is not None else ""
    except Exception:  # noqa: BLE001 - a header the registry cannot parse
        try:
            raw = message.get_all(name, failobj=[None])[0]
            return str(raw or "")
        except Exception:  # noqa: BLE001
            return ""


def one_line(value: str) -> str:
    return " ".join(value.split())[:255]


def sender(message: Message) -> tuple[str, str]:
    """(name, address) of From, else of Sender; the address lowercased, "" when none."""
    for name in ("From", "Sender", "Reply-To"):
        value = header(message, name)
        pairs = getaddresses([value]) if value else []
        for display, address in pairs or [parseaddr(value)]:
            address = address.strip().lower()
            if "@" in address and " " not in address:
                return one_line(display)[:200], address[:200]
    return "", ""


def message_id_of(message: Message, raw: bytes) -> str:
    found = first_id(header(message, "Message-ID"))
    return found or "<sha256-" + hashlib.sha256(raw).hexdigest() + "@lantoa.invalid>"


def first_id(value: str) -> str:
    found = ids(value)
    return found[0] if found else ""


def ids(value: str) -> list[str]:
    return [item[:200] for item in _MSGID_RE.findall(value or "")][:20]


def date_of(message: Message) -> datetime.datetime | None:
    value = header(message, "Date")
    try:
        date = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if date is None:
        return None
    if date.tzinfo is None:
        date = date.replace(tzinfo=datetime.UTC)
    return date


def body_of(message: Message) -> Message | None:
    """The part holding the text: text/plain preferred, else text/html."""
    if isinstance(message, EmailMessage):
        try:
            return message.get_body(preferencelist=("plain", "html"))
        except Exception:  # noqa: BLE001, S110 - a broken structure: read the first text part
            pass
    for part in message.walk():
        if part.get_content_maintype() == "text" and not is_attachment(part):
            return part
    return None


def text_of(part: Message | None) -> str:
    if part is None:
        return ""
    text = decoded_text(part)
    if part.get_content_subtype() == "html":
        text = html_to_text(text)
    text = strip_quoted(text.replace("\r\n", "\n").replace("\r", "\n"))
    return _BLANK_LINES_RE.sub("\n\n", text).strip()


def strip_quoted(text: str) -> str:
    """Without the earlier messages a reply quotes ("> …" lines and the "… wrote:" line
    before them), unless nothing else is left."""
    lines = text.split("\n")
    kept = [line for line in lines if not line.lstrip().startswith(">")]
    if len(kept) != len(lines):
        while kept and (not kept[-1].strip() or _WROTE_RE.search(kept[-1])):
            kept.pop()
    return "\n".join(kept) if any(line.strip() for line in kept) else text


def decoded_text(part: Message) -> str:
    """The part's text in its charset; UTF-8 with replacements when that fails."""
    try:
        content = part.get_content()
        if isinstance(content, str):
            return content
    except Exception:  # noqa: BLE001, S110 - unknown charset, broken base64 …
        pass
    try:
        data = part.get_payload(decode=True) or b""
    except Exception:  # noqa: BLE001
        data = b""
    charset = part.get_content_charset() or "utf-8"
    try:
        return data.decode(charset, errors="replace")
    except LookupError:
        return data.decode("utf-8", errors="replace")


def html_to_text(markup: str) -> str:
    markup = _DROPPED_RE.sub("", markup)
    markup = _BLOCK_END_RE.sub("\n", markup)
    return html.unescape(_TAG_RE.sub("", markup))


def is_attachment(part: Message) -> bool:
    try:
        disposition = part.get_content_disposition()
        return disposition == "attachment" or (disposition == "inline" and bool(part.get_filename()))
    except Exception:  # noqa: BLE001
        return False


def attachments_of(message: Message, body_part: Message | None, max_part_bytes: int, max_parts: int):
    kept = 0
    for part in message.walk():
        if part.is_multipart() or part is body_part:
            continue
        if not (is_attachment(part) or part.get_content_maintype() not in ("text", "multipart")):
            continue
        try:
            data = part.get_payload(decode=True) or b""
        except Exception:  # noqa: BLE001
            data = b""
        name = safe_filename(part)
        content_type = part.get_content_type()[:100]
        if len(data) > max_part_bytes:
            yield MailAttachment(name, content_type, len(data), skipped="too_large")
        elif kept >= max_parts:
            yield MailAttachment(name, content_type, len(data), skipped="too_many")
        else:
            kept += 1
            yield MailAttachment(name, content_type, len(data), data=data)


def safe_filename(part: Message) -> str:
    try:
        name = part.get_filename() or ""
    except Exception:  # noqa: BLE001
        name = ""
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    return "".join(ch for ch in name if ch.isprintable())[:255]

"""What the inbox receives from a platform and when it may still answer, independent of
any platform: the message parsed out of a webhook event (`InboundMessage`), the two ways a
webhook is turned away (`WebhookRefused`: not from the platform; `InvalidPayload`: from it,
or claiming to be, but not a shape we accept), and the reply window (`reply_window`).

Each kind's webhook module (`zalo_oa/webhook.py`, `facebook_page/messenger.py`) parses its
own events into `InboundMessage`s with the bounded readers below, so that anything a
webhook sends, however malformed, ends as `InvalidPayload` and never as a `KeyError` or a
`TypeError` deep in a view. Nothing here touches the database: the inbox stores what these
functions return.

Sources of the window rules: integration-facts.md §1.3 (Zalo: 8 free replies within 48 h
of the follower's last message, from Zalo's help centre, "may be outdated") and §2.2
(Messenger: 24 h standard window, HUMAN_AGENT tag up to 7 days, from Meta's policy page).
"""

from __future__ import annotations

import datetime
import math
import re
from dataclasses import dataclass, field

ZALO_OA = "zalo_oa"
MESSENGER = "messenger"
PLATFORMS = (ZALO_OA, MESSENGER)

# Bounds on what a webhook may carry: beyond them an event is refused, not stored.
MAX_TEXT_CHARS = 20_000
MAX_ATTACHMENTS = 20
MAX_URL_CHARS = 4_096
MAX_NAME_CHARS = 500
# Platform ids (users, OAs, Pages) are decimal integers, some beyond 2**53: kept as strings.
ID_RE = re.compile(r"^\d{1,32}$")
# Message ids: Zalo's are hex, Messenger's look like "m_AbC-_…" or "mid.$cAA…": printable
# ASCII without spaces, bounded.
MESSAGE_ID_RE = re.compile(r"^[\x21-\x7e]{1,255}$")
MILLIS_RE = re.compile(r"^\d{1,16}$")
# Events from before 2000 or after 2100 are not real: a garbled timestamp.
EARLIEST = datetime.datetime(2000, 1, 1, tzinfo=datetime.UTC)
LATEST = datetime.datetime(2100, 1, 1, tzinfo=datetime.UTC)
EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC)
EARLIEST_MS = (EARLIEST - EPOCH) // datetime.timedelta(milliseconds=1)
LATEST_MS = (LATEST - EPOCH) // datetime.timedelta(milliseconds=1)

VIETNAM = datetime.timezone(datetime.timedelta(hours=7), "ICT")  # no daylight saving


class WebhookRefused(Exception):
    """The request is not proven to come from the platform (signature, verify token).
    `reason` is short English for the log; it never holds a secret or a signature."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


class InvalidPayload(Exception):
    """The event is not in a shape we accept (missing or mistyped fields, values out of
    bounds). `reason` is short English for the log, naming the field, never its value."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class InboundMessage:
    """One message a person sent to one of our accounts.

    `account_id` is the account that received it (the Zalo OA id, the Facebook Page id),
    `sender_id` the person's id on that platform (Zalo user id, Messenger PSID),
    `message_id` the platform's id of the message: the inbox stores each once.
    `attachments` are dicts with `type`, `url` and `name` (either may be empty).
    `raw_event` is the event as received, for the record."""

    platform: str
    account_id: str
    sender_id: str
    message_id: str
    text: str
    sent_at: datetime.datetime
    attachments: tuple[dict, ...] = field(default=(), hash=False)
    raw_event: dict = field(default_factory=dict, hash=False, compare=False, repr=False)


# ---------------------------------------------------------------------------------------
# Bounded readers shared by the webhook parsers


def require_dict(value, what: str) -> dict:
    if not isinstance(value, dict):
        raise InvalidPayload(f"{what} is not an object")
    return value


def require_list(value, what: str, *, limit: int) -> list:
    if not isinstance(value, list):
        raise InvalidPayload(f"{what} is not a list")
    if len(value) > limit:
        raise InvalidPayload(f"{what} has more than {limit} items")
    return value


def _digits(value, what: str, kind: str) -> str:
    """A JSON integer or a string, as a string; a huge integer is refused before `str()`
    (which raises past 4,300 digits)."""
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise InvalidPayload(f"{what} is missing or not {kind}")
    if isinstance(value, int) and not 0 <= value < 10**32:
        raise InvalidPayload(f"{what} is out of range")
    return str(value)


def platform_id(value, what: str) -> str:
    """A user, OA or Page id: a decimal integer, given as a string or a JSON integer."""
    text = _digits(value, what, "an id")
    if not ID_RE.match(text):
        raise InvalidPayload(f"{what} is not an id")
    return text


def message_id(value, what: str) -> str:
    if not isinstance(value, str) or not MESSAGE_ID_RE.match(value):
        raise InvalidPayload(f"{what} is missing or not a message id")
    return value


def optional_text(value, what: str, *, limit: int = MAX_TEXT_CHARS) -> str:
    """A text field that may be absent (None) but, when present, is a bounded string."""
    if value is None:
        return ""
    if not isinstance(value, str):
        raise InvalidPayload(f"{what} is not text")
    if len(value) > limit:
        raise InvalidPayload(f"{what} is longer than {limit} characters")
    if "\x00" in value or not _encodable(value):
        raise InvalidPayload(f"{what} holds a NUL or a lone surrogate")  # no database stores these
    return value


def _encodable(value: str) -> bool:
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def optional_url(value, what: str) -> str:
    """An address a staff member may open from the inbox: http(s) only, so that a
    `javascript:` or `data:` address never becomes a link."""
    url = optional_text(value, what, limit=MAX_URL_CHARS)
    if url and not url.lower().startswith(("https://", "http://")):
        raise InvalidPayload(f"{what} is not an http(s) address")
    return url


def millis_to_datetime(value, what: str) -> datetime.datetime:
    """Milliseconds since the epoch (a JSON integer or a string of digits) as an aware
    UTC datetime within 2000..2100."""
    text = _digits(value, what, "a timestamp")
    if not MILLIS_RE.match(text):
        raise InvalidPayload(f"{what} is not a timestamp in milliseconds")
    millis = int(text)
    if not EARLIEST_MS <= millis < LATEST_MS:
        raise InvalidPayload(f"{what} is out of range")
    return EPOCH + datetime.timedelta(milliseconds=millis)  # exact, unlike a float of seconds


def coordinate(value, what: str, *, bound: float) -> float:
    """A latitude (bound 90) or longitude (bound 180), given as a number or a string."""
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise InvalidPayload(f"{what} is not a number")
    if isinstance(value, str) and len(value) > 32:
        raise InvalidPayload(f"{what} is not a number")
    try:
        number = float(value)
    except ValueError:
        raise InvalidPayload(f"{what} is not a number") from None
    if not math.isfinite(number) or abs(number) > bound:
        raise InvalidPayload(f"{what} is out of range")
    return number


def attachment(kind: str, url: str = "", name: str = "") -> dict:
    return {"type": kind, "url": url, "name": name}


# ---------------------------------------------------------------------------------------
# Reply window

ZALO_FREE_WINDOW = datetime.timedelta(hours=48)
ZALO_FREE_REPLIES = 8
MESSENGER_STANDARD_WINDOW = datetime.timedelta(hours=24)
MESSENGER_HUMAN_AGENT_WINDOW = datetime.timedelta(days=7)
HUMAN_AGENT = "HUMAN_AGENT"


@dataclass(frozen=True)
class ReplyWindow:
    """Whether a reply to a person may go out now, and how.

    `open`: a reply sent now is accepted as a reply (Zalo: one of the free replies;
    Messenger: inside the standard window, or with `needs_tag` inside the tag window).
    `closes_at`: when that stops (None when the person never wrote).
    `needs_tag`: the Messenger message tag the reply must carry ("" when none).
    `remaining_free`: Zalo's free replies left (None for Messenger, which does not count).
    `advice_vi`: what to tell the staff member, in Vietnamese."""

    open: bool
    closes_at: datetime.datetime | None
    needs_tag: str = ""
    remaining_free: int | None = None
    advice_vi: str = ""


def _aware(moment: datetime.datetime, what: str) -> datetime.datetime:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"{what} must be an aware datetime")
    return moment


def vietnam_time(moment: datetime.datetime) -> str:
    """`14:30 ngày 05/03/2026`, in Vietnam's time."""
    local = moment.astimezone(VIETNAM)
    return f"{local:%H:%M} ngày {local:%d/%m/%Y}"


def reply_window(
    platform: str, last_user_message_at: datetime.datetime | None, replies_since: int, now: datetime.datetime
) -> ReplyWindow:
    """The window for replying to a person whose last message came at
    `last_user_message_at`, after `replies_since` replies were sent since that message.
    Each window is half-open: a reply exactly 48 h (Zalo) or 24 h / 7 days (Messenger)
    after the message is already outside it."""
    if platform not in PLATFORMS:
        raise ValueError(f"unknown platform {platform!r}")
    if isinstance(replies_since, bool) or not isinstance(replies_since, int) or replies_since < 0:
        raise ValueError("replies_since must be a count")
    _aware(now, "now")
    if last_user_message_at is None:
        return ReplyWindow(
            open=False, closes_at=None, remaining_free=0 if platform == ZALO_OA else None,
            advice_vi="Người này chưa nhắn tin cho kênh nên chưa thể trả lời qua kênh này.",
        )  # fmt: skip
    # A message stamped in the future (clocks apart) counts as just now.
    elapsed = max(now - _aware(last_user_message_at, "last_user_message_at"), datetime.timedelta(0))
    if platform == ZALO_OA:
        return _zalo_window(last_user_message_at, elapsed, replies_since)
    return _messenger_window(last_user_message_at, elapsed)


def _zalo_window(last: datetime.datetime, elapsed: datetime.timedelta, replies_since: int) -> ReplyWindow:
    """Zalo's "tin phản hồi": 8 free replies within 48 h of the follower's last message,
    the count starting again each time the follower writes (help centre, §1.3; marked
    there as possibly outdated: unverified against the live rules). Past either limit a
    message is a paid proactive one ("tin chủ động"), which only a verified OA with quota
    may send."""
    closes_at = last + ZALO_FREE_WINDOW
    if elapsed >= ZALO_FREE_WINDOW:
        return ReplyWindow(
            open=False, closes_at=closes_at, remaining_free=0,
            advice_vi="Đã quá 48 giờ kể từ tin nhắn cuối của người dùng: tin gửi lúc này là tin chủ động "
            "(tính phí, chỉ Zalo OA đã xác thực mới gửi được). Hãy trả lời qua kênh khác "
            "hoặc chờ người dùng nhắn lại.",
        )  # fmt: skip
    remaining = max(ZALO_FREE_REPLIES - replies_since, 0)
    if remaining == 0:
        return ReplyWindow(
            open=False, closes_at=closes_at, remaining_free=0,
            advice_vi=f"Đã dùng hết {ZALO_FREE_REPLIES} tin trả lời miễn phí cho tin nhắn cuối của người dùng: "
            "tin tiếp theo là tin chủ động (tính phí, chỉ Zalo OA đã xác thực mới gửi được). "
            "Hãy chờ người dùng nhắn lại hoặc trả lời qua kênh khác.",
        )  # fmt: skip
    return ReplyWindow(
        open=True, closes_at=closes_at, remaining_free=remaining,
        advice_vi=f"Còn {remaining} tin trả lời miễn phí, trước {vietnam_time(closes_at)}.",
    )  # fmt: skip


def _messenger_window(last: datetime.datetime, elapsed: datetime.timedelta) -> ReplyWindow:
    """Messenger: any reply within 24 h of the person's last message; after that only a
    human agent's reply tagged HUMAN_AGENT, up to 7 days (Meta's policy, §2.2, verified);
    then nothing."""
    if elapsed < MESSENGER_STANDARD_WINDOW:
        closes_at = last + MESSENGER_STANDARD_WINDOW
        return ReplyWindow(
            open=True, closes_at=closes_at,
            advice_vi=f"Có thể trả lời bình thường trước {vietnam_time(closes_at)} "
            "(24 giờ sau tin nhắn cuối của người dùng).",
        )  # fmt: skip
    closes_at = last + MESSENGER_HUMAN_AGENT_WINDOW
    if elapsed < MESSENGER_HUMAN_AGENT_WINDOW:
        return ReplyWindow(
            open=True, closes_at=closes_at, needs_tag=HUMAN_AGENT,
            advice_vi="Đã quá 24 giờ: chỉ câu trả lời do cán bộ tự viết mới được gửi, "
            f"kèm thẻ dành cho nhân viên hỗ trợ, trước {vietnam_time(closes_at)} (7 ngày sau tin nhắn cuối); "
            "không gửi nội dung quảng bá.",
        )  # fmt: skip
    return ReplyWindow(
        open=False, closes_at=closes_at,
        advice_vi="Đã quá 7 ngày kể từ tin nhắn cuối của người dùng: Facebook không cho trả lời nữa. "
        "Hãy liên hệ qua kênh khác hoặc chờ người dùng nhắn lại.",
    )  # fmt: skip

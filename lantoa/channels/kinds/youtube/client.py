"""The YouTube Data API v3 client: reads channel and video statistics with an API key.

What it does: `channels.list?part=statistics` (a channel's views, subscribers, videos),
`videos.list?part=statistics` (views, likes, comments of up to 50 videos a call) and
`channels.list?forHandle=` (the channel id behind an @handle). Each call costs 1 quota unit
of the project's 10,000 a day, which Google resets at midnight Pacific Time.

What it does not do: publish. Uploading (`videos.insert`) needs an OAuth consent of the
channel's owner, and videos uploaded by an API project that has not passed Google's
compliance audit stay private, so publishing to YouTube stays manual: an officer uploads
the video and pastes its link, and this client only reads the figures back.

The API key travels in the `X-Goog-Api-Key` header, never in the address: Google accepts
it there for every REST API (cloud.google.com/apis/docs/system-parameters), and httpx logs
each request's address at INFO, so a key in the query string would land in the logs.

The base URL comes from `settings.LANTOA_YOUTUBE_API_URL` (default the real host), so tests
and a staging site talk to `fake.FakeYouTube` instead.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from urllib.parse import parse_qs, unquote, urlparse
from zoneinfo import ZoneInfo

import httpx
from django.conf import settings

from ..base import PlatformError, PostStats, http_client

DEFAULT_API_URL = "https://www.googleapis.com"
MAX_IDS_PER_CALL = 50
QUOTA_TIMEZONE = ZoneInfo("America/Los_Angeles")
QUOTA_RESET_MARGIN = 60.0  # seconds after midnight PT, so a retry does not land on the edge
RATE_LIMIT_PAUSE = 60.0  # per-minute limits: try again after a minute unless told otherwise

VIDEO_ID_RE = re.compile(r"^[A-Za-z0-9_-]{11}$")
CHANNEL_ID_RE = re.compile(r"^UC[A-Za-z0-9_-]{22}$")
HANDLE_RE = re.compile(r"^@[\w.\-·]{2,100}$")  # as channels/validation.py accepts
YOUTUBE_HOSTS = {"youtube.com", "www.youtube.com", "m.youtube.com", "music.youtube.com", "youtube-nocookie.com"}
SHORT_HOSTS = {"youtu.be", "www.youtu.be"}
VIDEO_PATH_PREFIXES = ("shorts", "embed", "live", "v")

KEY_INVALID_REASONS = {"keyInvalid", "keyExpired", "API_KEY_INVALID", "API_KEY_EXPIRED"}
KEY_BLOCKED_REASONS = {
    "accessNotConfigured", "SERVICE_DISABLED", "ipRefererBlocked", "API_KEY_SERVICE_BLOCKED",
    "API_KEY_HTTP_REFERRER_BLOCKED", "API_KEY_IP_ADDRESS_BLOCKED",
}  # fmt: skip
QUOTA_REASONS = {"quotaExceeded", "dailyLimitExceeded"}
RATE_REASONS = {"rateLimitExceeded", "userRateLimitExceeded", "RATE_LIMIT_EXCEEDED"}


# --- Addresses -----------------------------------------------------------------------


@dataclass(frozen=True)
class ChannelRef:
    """A channel named by an address: its id (UC…) when the address has it, else its @handle."""

    channel_id: str = ""
    handle: str = ""


def _parse(address: str):
    address = (address or "").strip()
    return urlparse(address if "://" in address else f"https://{address}")


def video_id_from_url(address: str) -> str | None:
    """The video id in youtu.be/ID, youtube.com/watch?v=ID, /shorts/ID, /embed/ID, /live/ID,
    or a bare 11-character id; None for anything else (a channel or playlist link)."""
    address = (address or "").strip()
    if VIDEO_ID_RE.match(address):
        return address
    parsed = _parse(address)
    host = parsed.netloc.lower().split(":")[0]
    parts = [part for part in parsed.path.split("/") if part]
    if host in SHORT_HOSTS:
        candidate = parts[0] if parts else ""
    elif host in YOUTUBE_HOSTS and parsed.path == "/watch":
        candidate = parse_qs(parsed.query).get("v", [""])[0]
    elif host in YOUTUBE_HOSTS and len(parts) >= 2 and parts[0] in VIDEO_PATH_PREFIXES:
        candidate = parts[1]
    else:
        return None
    return candidate if VIDEO_ID_RE.match(candidate) else None


def channel_from_url(address: str) -> ChannelRef | None:
    """The channel named by youtube.com/channel/UC…, youtube.com/@handle, a bare UC… id or a
    bare @handle; None otherwise. Old /c/name and /user/name addresses give None: the API
    has no lookup for custom names, so the officer must give the @handle or the UC… id."""
    address = (address or "").strip()
    if CHANNEL_ID_RE.match(address):
        return ChannelRef(channel_id=address)
    if address.startswith("@"):
        return ChannelRef(handle=address) if HANDLE_RE.match(address) else None
    parsed = _parse(address)
    if parsed.netloc.lower().split(":")[0] not in YOUTUBE_HOSTS:
        return None
    parts = [unquote(part) for part in parsed.path.split("/") if part]
    if len(parts) >= 2 and parts[0] == "channel" and CHANNEL_ID_RE.match(parts[1]):
        return ChannelRef(channel_id=parts[1])
    if parts and HANDLE_RE.match(parts[0]):
        return ChannelRef(handle=parts[0])
    return None


# --- Quota clock ---------------------------------------------------------------------


def seconds_until_quota_reset(now: datetime.datetime | None = None) -> float:
    """Seconds from `now` (aware; default: the current time) until a minute after the next
    midnight in Pacific Time, when Google gives the project its daily quota back."""
    now = now or datetime.datetime.now(datetime.UTC)
    tomorrow = now.astimezone(QUOTA_TIMEZONE).date() + datetime.timedelta(days=1)
    midnight = datetime.datetime.combine(tomorrow, datetime.time(0), tzinfo=QUOTA_TIMEZONE)
    return (midnight - now).total_seconds() + QUOTA_RESET_MARGIN


# --- Errors --------------------------------------------------------------------------


def _error_parts(response: httpx.Response) -> tuple[list[str], str]:
    """The reasons of Google's error body, the specific ones first (`details[].reason`, such
    as API_KEY_INVALID, then the legacy `errors[].reason`), and its English message; empty
    when the body is not Google's JSON (a proxy's HTML page)."""
    try:
        error = response.json().get("error") or {}
    except (ValueError, AttributeError):
        return [], ""
    if not isinstance(error, dict):
        return [], ""
    items = [*(error.get("details") or []), *(error.get("errors") or [])]
    reasons = [str(item["reason"]) for item in items if isinstance(item, dict) and item.get("reason")]
    return list(dict.fromkeys(reasons)), str(error.get("message") or "")


def _retry_after_header(response: httpx.Response) -> float | None:
    try:
        return float(response.headers["Retry-After"])
    except (KeyError, ValueError):
        return None


def error_from_response(response: httpx.Response) -> PlatformError:
    """Google's refusal as a PlatformError an officer can act on. The key is never echoed:
    Google's messages do not contain it, and only our Vietnamese text is shown."""
    reason_list, message = _error_parts(response)
    reasons = set(reason_list)
    status = response.status_code
    code = reason_list[0] if reason_list else str(status)
    if reasons & KEY_INVALID_REASONS or "API key not valid" in message or "API key expired" in message:
        return PlatformError(
            "YouTube từ chối: khóa API không hợp lệ hoặc đã hết hạn, cần nhập lại khóa API.",
            code=code, reconnect=True,
        )  # fmt: skip
    if "missing a valid API key" in message:
        return PlatformError("YouTube từ chối: thiếu khóa API, cần nhập khóa API.", code=code, reconnect=True)
    if reasons & KEY_BLOCKED_REASONS:
        return PlatformError(
            "YouTube từ chối: khóa API chưa được phép dùng YouTube Data API v3 (chưa bật API hoặc "
            "khóa bị giới hạn), cần sửa khóa trong Google Cloud.",
            code=code, reconnect=True,
        )  # fmt: skip
    if reasons & QUOTA_REASONS:
        return PlatformError(
            "YouTube: đã dùng hết hạn mức truy vấn trong ngày, sẽ thử lại sau nửa đêm giờ Thái Bình Dương "
            "(khoảng 14 hoặc 15 giờ, giờ Việt Nam).",
            code=code, retryable=True, retry_after=seconds_until_quota_reset(),
        )  # fmt: skip
    if reasons & RATE_REASONS or status == 429:
        return PlatformError(
            "YouTube: gửi yêu cầu quá nhanh, sẽ thử lại sau ít phút.",
            code=code, retryable=True, retry_after=_retry_after_header(response) or RATE_LIMIT_PAUSE,
        )  # fmt: skip
    if status >= 500:
        return PlatformError(
            "YouTube đang gặp sự cố, sẽ thử lại sau.",
            code=code, retryable=True, retry_after=_retry_after_header(response),
        )  # fmt: skip
    if status == 404:
        return PlatformError("YouTube không tìm thấy video hoặc kênh được hỏi.", code=code)
    if status in (401, 403):
        return PlatformError("YouTube không cho phép đọc dữ liệu này bằng khóa API.", code=code)
    return PlatformError("YouTube từ chối yêu cầu: dữ liệu gửi đi không hợp lệ.", code=code)


def _malformed(what: str) -> PlatformError:
    return PlatformError(
        f"YouTube trả lời thiếu hoặc sai dữ liệu ({what}), sẽ thử lại sau.", code="malformed", retryable=True
    )


def _count(statistics: dict, name: str) -> int | None:
    """A count Google sends as a string ("1234"); None when absent (likes hidden by the
    owner, comments turned off)."""
    value = statistics.get(name)
    if value is None:
        return None
    try:
        return int(value)
    except (TypeError, ValueError):
        raise _malformed(name) from None


def _chunks(ids: list[str], size: int) -> Iterator[list[str]]:
    for start in range(0, len(ids), size):
        yield ids[start : start + size]


# --- Client --------------------------------------------------------------------------


class YouTubeClient:
    """Reads public statistics with one API key. Use as a context manager, or pass `client`
    (then closing it stays with the caller)."""

    def __init__(
        self, api_key: str, *, base_url: str | None = None, client: httpx.Client | None = None,
        timeout: float | None = None,
    ):  # fmt: skip
        self._api_key = api_key
        self.base_url = (base_url or getattr(settings, "LANTOA_YOUTUBE_API_URL", DEFAULT_API_URL)).rstrip("/")
        self._owns_client = client is None
        self._http = client or http_client(timeout=timeout)

    def __repr__(self) -> str:
        return f"<YouTubeClient {self.base_url}>"

    def __enter__(self) -> YouTubeClient:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        if self._owns_client:
            self._http.close()

    def _get(self, resource: str, params: dict[str, str]) -> dict:
        """GET /youtube/v3/<resource>; Google's answer as a dict, or PlatformError. Transport
        errors are raised `from None`: their request carries the key header."""
        url = f"{self.base_url}/youtube/v3/{resource}"
        try:
            response = self._http.get(url, params=params, headers={"X-Goog-Api-Key": self._api_key})
        except httpx.TimeoutException:
            raise PlatformError("YouTube không trả lời kịp, sẽ thử lại sau.", code="timeout", retryable=True) from None
        except httpx.TransportError:
            raise PlatformError(
                "Không kết nối được tới YouTube, sẽ thử lại sau.", code="network", retryable=True
            ) from None
        if not response.is_success:
            raise error_from_response(response)
        try:
            body = response.json()
        except ValueError:
            raise _malformed("không phải JSON") from None
        if not isinstance(body, dict):
            raise _malformed("không phải JSON")
        return body

    @staticmethod
    def _items(body: dict) -> list[dict]:
        """The answer's items. channels.list leaves `items` out when nothing matched."""
        items = body.get("items", [])
        if not isinstance(items, list) or not all(isinstance(item, dict) and item.get("id") for item in items):
            raise _malformed("items")
        return items

    def channel_statistics(self, channel_id: str) -> PostStats:
        """A channel's totals: `views`; `extra` holds `subscribers` (None when the owner hides
        it; Google rounds it to 3 significant figures), `subscribers_hidden` and `videos`."""
        body = self._get("channels", {"part": "statistics", "id": channel_id})
        items = self._items(body)
        if not items:
            raise PlatformError(
                "YouTube không tìm thấy kênh này: mã kênh sai hoặc kênh đã bị xóa.", code="channelNotFound"
            )
        statistics = items[0].get("statistics")
        if not isinstance(statistics, dict):
            raise _malformed("statistics")
        hidden = bool(statistics.get("hiddenSubscriberCount"))
        return PostStats(
            external_id=str(items[0]["id"]),
            fetched_at=datetime.datetime.now(datetime.UTC),
            views=_count(statistics, "viewCount"),
            extra={
                "subscribers": None if hidden else _count(statistics, "subscriberCount"),
                "subscribers_hidden": hidden,
                "videos": _count(statistics, "videoCount"),
            },
        )

    def channel_id_for_handle(self, handle: str) -> str:
        """The UC… id of the channel with this @handle (`channels.list?forHandle=`, 1 unit).
        unverified: that forHandle takes the value with its leading '@' (sent as given)."""
        handle = handle if handle.startswith("@") else f"@{handle}"
        items = self._items(self._get("channels", {"part": "id", "forHandle": handle}))
        if not items:
            raise PlatformError(
                "YouTube không tìm thấy kênh có tên định danh này: hãy kiểm tra lại @tên của kênh.",
                code="channelNotFound",
            )
        return str(items[0]["id"])

    def resolve_channel_id(self, address: str) -> str:
        """The UC… id of a channel given as a link, an @handle or the id itself; costs a call
        only for a handle."""
        ref = channel_from_url(address)
        if ref is None:
            raise PlatformError(
                "Không nhận ra kênh YouTube từ địa chỉ này: hãy dùng dạng youtube.com/@tên hoặc "
                "youtube.com/channel/UC…",
                code="badAddress",
            )
        return ref.channel_id or self.channel_id_for_handle(ref.handle)

    def video_statistics(self, video_ids: Iterable[str]) -> list[PostStats]:
        """Views, likes (as `reactions`) and comments of each video, in the order asked, 50 ids
        a call. A video that is deleted, private or never existed is simply absent from the
        result (YouTube leaves it out without an error): compare the ids to find it."""
        wanted = list(dict.fromkeys(video_id.strip() for video_id in video_ids if video_id and video_id.strip()))
        found: dict[str, PostStats] = {}
        for chunk in _chunks(wanted, MAX_IDS_PER_CALL):
            body = self._get("videos", {"part": "statistics", "id": ",".join(chunk)})
            for item in self._items(body):
                found[str(item["id"])] = self._video_stats(item)
        return [found[video_id] for video_id in wanted if video_id in found]

    @staticmethod
    def _video_stats(item: dict) -> PostStats:
        statistics = item.get("statistics")
        if not isinstance(statistics, dict):
            raise _malformed("statistics")
        return PostStats(
            external_id=str(item["id"]),
            fetched_at=datetime.datetime.now(datetime.UTC),
            views=_count(statistics, "viewCount"),
            reactions=_count(statistics, "likeCount"),
            comments=_count(statistics, "commentCount"),
        )

"""The Graph API client of one Facebook Page, holding a long-lived Page access token.

What it does (developers.facebook.com/docs/pages-api/posts, .../reference/page/photos,
.../reference/page-post/insights):
- `publish_post`: `POST /{page-id}/feed` with `message` and an optional `link`; Graph answers
  `{"id": "<page-id>_<post-id>"}`. `publish_photo`: `POST /{page-id}/photos` with `caption`
  and either `url` (a public image address Facebook fetches) or a multipart `source`; Graph
  answers `{"id": <photo id>, "post_id": <post id>}`. The post's address is then read from
  its `permalink_url` field. `find_post`: `GET /{page-id}/posts?since=…`, the Page's recent
  posts, to recognise one a lost answer left unrecorded.
- `update_post`: `POST /{post-id}` with `message`; `delete_post`: `DELETE /{post-id}`. Both
  answer `{"success": true}`.
- `post_statistics`: reactions, comments (`summary(total_count)`) and `shares.count` in one
  read, and the reach from the post's insights in a second one.
- `send_message`: a Messenger reply, `POST /{page-id}/messages` (developers.facebook.com/
  docs/messenger-platform/reference/send-api), answered `{"recipient_id", "message_id"}`.

Every refusal becomes a `PlatformError` (see `error_from_response`): an expired or revoked
token (code 190) or a missing permission (10, 200-299) asks for the Page to be connected
again; throttling (4, 17, 32, 613, 80001-80014) and Facebook's own failures are retried.

The token travels in the `Authorization: Bearer` header, never in the address (httpx logs
each request's address at INFO) nor in an exception: Graph's own message for a malformed
token quotes the token, so only our Vietnamese text is ever shown.
unverified: the Pages API guides show the token as the `access_token` parameter; the bearer
header is what Meta documents for other APIs on the same host (WhatsApp Cloud API). If Graph
refused it for Pages, `_auth` is the one place to change.

A publish that times out may still have created the post (Graph has no idempotency key):
the error is retryable, so whoever retries a publish should first look for the post.

The base URL comes from `settings.LANTOA_FACEBOOK_GRAPH_URL` and the API version from
`settings.LANTOA_FACEBOOK_GRAPH_VERSION`, so tests and a staging site talk to
`fake.FakeGraph` instead.
"""

from __future__ import annotations

import datetime
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit

import httpx
from django.conf import settings

from ..base import PlatformError, Posted, PostStats, http_client

DEFAULT_GRAPH_URL = "https://graph.facebook.com"
# v26.0 (29 July 2026) is the newest version the Graph API changelog names; each version
# lives about two years.
DEFAULT_GRAPH_VERSION = "v26.0"
POST_URL = "https://www.facebook.com/{post_id}"
# post_impressions_unique was withdrawn by Meta in 2026; its named successor:
REACH_METRIC = "post_total_media_view_unique"
STATS_FIELDS = "reactions.summary(total_count).limit(0),comments.summary(total_count).limit(0),shares"
RATE_LIMIT_PAUSE = 15 * 60.0  # Graph's windows roll over an hour: wait a while unless told
POLICY_BLOCK_PAUSE = 60 * 60.0

ID_RE = re.compile(r"^\d{1,30}(_\d{1,30})?$")
PERMISSION_RE = re.compile(r"\b(pages_[a-z_]+|publish_[a-z_]+|read_insights|business_management)\b")

TOKEN_CODES = {102, 104, 190, 2500}  # expired, revoked, missing or unparsable token
RATE_CODES = {4, 17, 32, 341, 613}
TRANSIENT_CODES = {1, 2}
BAD_INPUT_CODES = {100, 324, 1609005}
DUPLICATE_POST = 506
POLICY_BLOCK = 368
NOT_FOUND_SUBCODE = 33
NOT_FOUND = f"100/{NOT_FOUND_SUBCODE}"  # "Object … does not exist": a post deleted on Facebook

# Messenger Send API (developers.facebook.com/docs/messenger-platform/reference/send-api).
HUMAN_AGENT = "HUMAN_AGENT"
MESSAGE_TAGS = frozenset({HUMAN_AGENT})  # the only tag the inbox sends (§2.2)
# unverified: the Send API reference's limit of 2,000 characters of text per message.
MAX_MESSAGE_CHARS = 2000
# "(#10) This message is sent outside of allowed window": the error subcode that says the
# 24-hour (or, with HUMAN_AGENT, 7-day) window has passed. unverified: read from Meta's
# error reference and code that calls the API, not from a live call.
OUTSIDE_WINDOW_SUBCODE = 2018278
# unverified: 551 "This person isn't available right now" (blocked the Page, left).
UNAVAILABLE = 551


# --- A post's Graph id from its address ----------------------------------------------

POST_PATH_RE = re.compile(r"^/[^/]+/posts/(\d{1,30})/?$")
STORY_PATHS = ("/permalink.php", "/story.php")


def graph_post_id(url: str, *, page_id: str) -> str:
    """The Graph id ("<page-id>_<post-id>") of a Page post from the address an officer gave,
    "" when it cannot be read from it. Readable: `facebook.com/<page>/posts/<digits>` (with
    the connected Page's id) and `permalink.php?story_fbid=<digits>&id=<digits>`. Not
    readable: the `pfbid…` addresses and `/share/` links, whose ids Graph alone resolves.
    unverified: that a post's numeric id in its address is the `<post-id>` half of its Graph
    id is what Page posts' addresses have shown; a wrong id is answered "does not exist"
    (100/33), which `statistics` skips."""
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not (parts.hostname or "").endswith("facebook.com"):
        return ""
    if parts.path in STORY_PATHS:
        query = parse_qs(parts.query)
        story, owner = query.get("story_fbid", [""])[0], query.get("id", [""])[0]
        return f"{owner}_{story}" if story.isdigit() and owner.isdigit() else ""
    found = POST_PATH_RE.match(parts.path)
    if found and page_id.isdigit():
        return f"{page_id}_{found.group(1)}"
    return ""


# --- Errors --------------------------------------------------------------------------


def _graph_error(response: httpx.Response) -> dict:
    """Graph's `error` object, or {} when the body is not Graph's JSON (a proxy's page)."""
    try:
        error = response.json().get("error")
    except (ValueError, AttributeError):
        return {}
    return error if isinstance(error, dict) else {}


def _as_int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _regain_seconds(response: httpx.Response) -> float | None:
    """How long Facebook says the Page stays throttled: the largest
    `estimated_time_to_regain_access` (minutes) in `X-Business-Use-Case-Usage`, which Page
    tokens are counted against, else a `Retry-After` header (seconds)."""
    minutes = []
    try:
        usage = json.loads(response.headers.get("X-Business-Use-Case-Usage", "") or "{}")
        for entries in usage.values():
            minutes += [float(entry.get("estimated_time_to_regain_access") or 0) for entry in entries]
    except (ValueError, TypeError, AttributeError):
        pass
    if minutes and max(minutes) > 0:
        return max(minutes) * 60
    try:
        return float(response.headers["Retry-After"])
    except (KeyError, ValueError):
        return None


def _permission_message(message: str) -> str:
    """The Vietnamese refusal for a missing permission, naming it when Graph does (the
    names, such as pages_manage_posts, are what the officer grants when reconnecting)."""
    names = list(dict.fromkeys(PERMISSION_RE.findall(message)))
    if names:
        return (
            f"Facebook từ chối: ứng dụng chưa được cấp quyền {', '.join(names)} trên trang, "
            "cần kết nối lại trang và cấp đủ quyền."
        )
    return "Facebook từ chối: ứng dụng không đủ quyền với trang này, cần kết nối lại trang và cấp đủ quyền."


def error_from_response(response: httpx.Response) -> PlatformError:
    """Graph's refusal as a PlatformError an officer can act on; `code` is Graph's code, with
    its subcode after a slash ("190/463"), or the HTTP status when Graph gave none. Graph's
    English message is read for permission names only, never shown: it may quote the token."""
    error = _graph_error(response)
    code, subcode = _as_int(error.get("code")), _as_int(error.get("error_subcode"))
    label = f"{code}/{subcode}" if code and subcode else str(code or response.status_code)
    message = str(error.get("message") or "")
    if code in TOKEN_CODES:
        return PlatformError(
            "Facebook từ chối: mã truy cập không còn hiệu lực, cần kết nối lại trang.", code=label, reconnect=True
        )
    if code == 10 or (code is not None and 200 <= code <= 299):
        return PlatformError(_permission_message(message), code=label, reconnect=True)
    if code in RATE_CODES or (code is not None and 80000 <= code <= 80014) or response.status_code == 429:
        return PlatformError(
            "Facebook: đã gửi quá nhiều yêu cầu, sẽ thử lại sau ít phút.",
            code=label, retryable=True, retry_after=_regain_seconds(response) or RATE_LIMIT_PAUSE,
        )  # fmt: skip
    if code == POLICY_BLOCK:
        return PlatformError(
            "Facebook tạm chặn trang đăng bài vì nghi vi phạm chính sách, sẽ thử lại sau; nếu kéo dài, "
            "hãy kiểm tra thông báo trên trang.",
            code=label, retryable=True, retry_after=POLICY_BLOCK_PAUSE,
        )  # fmt: skip
    if code in TRANSIENT_CODES or error.get("is_transient") is True or response.status_code >= 500:
        return PlatformError(
            "Facebook đang gặp sự cố, sẽ thử lại sau.",
            code=label,
            retryable=True,
            retry_after=_regain_seconds(response),
        )
    if code == DUPLICATE_POST:
        return PlatformError("Facebook từ chối: bài trùng với bài trang vừa đăng.", code=label)
    if code == 100 and subcode == NOT_FOUND_SUBCODE:
        return PlatformError("Facebook không tìm thấy bài này: bài có thể đã bị xóa.", code=label)
    if code == 1609005:
        return PlatformError("Facebook không đọc được liên kết kèm bài: hãy kiểm tra lại địa chỉ.", code=label)
    return PlatformError("Facebook từ chối yêu cầu: dữ liệu gửi đi không hợp lệ.", code=label)


def _malformed(what: str) -> PlatformError:
    return PlatformError(
        f"Facebook trả lời thiếu hoặc sai dữ liệu ({what}), sẽ thử lại sau.", code="malformed", retryable=True
    )


def _checked_id(value: str, what: str) -> str:
    """A Graph id ("123" or "123_456") checked before it goes into a path."""
    value = str(value or "").strip()
    if not ID_RE.match(value):
        raise PlatformError(f"Mã {what} Facebook không hợp lệ.", code="bad_id")
    return value


def post_url(post_id: str) -> str:
    """The public address of a post when Graph does not give its permalink.
    unverified: that facebook.com/<page-id>_<post-id> redirects to the post (long observed)."""
    return POST_URL.format(post_id=post_id)


def address_of(post_id: str, permalink) -> str:
    """The post's `permalink_url` when Graph gave a sound one, else the address from its id."""
    return permalink if isinstance(permalink, str) and permalink.startswith("https://") else post_url(post_id)


def _count(node, *path: str) -> int | None:
    """The integer at `path` in Graph's answer; None when a step is absent."""
    for step in path:
        if not isinstance(node, dict) or step not in node:
            return None
        node = node[step]
    if isinstance(node, bool) or not isinstance(node, int):
        raise _malformed(".".join(path))
    return node


def _send_refusal(error: PlatformError, *, tagged: bool) -> PlatformError:
    """A Send API refusal in words for the inbox: the window that has passed (Graph says
    code 10, which `error_from_response` reads as a missing permission), the person out
    of reach; any other refusal as the rest of the client says it."""
    subcode = error.code.partition("/")[2]
    if subcode == str(OUTSIDE_WINDOW_SUBCODE):
        if tagged:
            message = (
                "Đã quá 7 ngày kể từ tin nhắn cuối của người dùng nên Facebook không cho gửi trả lời, "
                "kể cả với thẻ HUMAN_AGENT. Hãy trả lời qua kênh khác."
            )
        else:
            message = (
                "Đã quá 24 giờ kể từ tin nhắn cuối của người dùng nên Facebook không cho gửi trả lời thông "
                "thường. Hãy trả lời qua kênh khác, hoặc nếu chưa quá 7 ngày, để cán bộ trả lời trực tiếp "
                "với thẻ HUMAN_AGENT."
            )
        return PlatformError(message, code="outside_window")
    if error.code.partition("/")[0] == str(UNAVAILABLE):
        return PlatformError(
            "Người này hiện không nhận được tin nhắn của trang (có thể đã chặn trang). Hãy liên hệ qua kênh khác.",
            code="unavailable",
        )
    return error


@dataclass(frozen=True)
class SentMessage:
    """A Messenger message Facebook accepted: its id and the person's PSID."""

    message_id: str
    recipient_id: str = ""


# --- Client --------------------------------------------------------------------------


FIND_PAGES = 10  # a post is looked for among the 1,000 newest since the interrupted send


def next_cursor(body: dict) -> str:
    """The `after` cursor of a Graph listing that has a next page, else ""."""
    paging = body.get("paging")
    if not isinstance(paging, dict) or not paging.get("next"):
        return ""
    cursors = paging.get("cursors")
    after = cursors.get("after") if isinstance(cursors, dict) else None
    return after if isinstance(after, str) else ""


class FacebookPageClient:
    """Publishes on and reads one Page with its Page access token. Use as a context manager,
    or pass `client` (then closing it stays with the caller)."""

    def __init__(
        self, page_id: str, access_token: str, *, base_url: str | None = None, version: str | None = None,
        client: httpx.Client | None = None, timeout: float | None = None,
    ):  # fmt: skip
        self.page_id = str(page_id or "").strip()
        self._access_token = access_token
        self.base_url = (base_url or getattr(settings, "LANTOA_FACEBOOK_GRAPH_URL", DEFAULT_GRAPH_URL)).rstrip("/")
        self.version = version or getattr(settings, "LANTOA_FACEBOOK_GRAPH_VERSION", DEFAULT_GRAPH_VERSION)
        self._owns_client = client is None
        self._http = client or http_client(timeout=timeout)

    def __repr__(self) -> str:
        return f"<FacebookPageClient page={self.page_id} {self.base_url}/{self.version}>"

    def __enter__(self) -> FacebookPageClient:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        if self._owns_client:
            self._http.close()

    # -- transport --------------------------------------------------------------------

    def _auth(self) -> dict[str, str]:
        """No header at all without a token: Graph then says which (code 104)."""
        return {"Authorization": f"Bearer {self._access_token}"} if self._access_token else {}

    def _call(self, method: str, path: str, **kwargs) -> dict:
        """One Graph call; its JSON object, or PlatformError. Transport errors are raised
        `from None`: their request carries the token header."""
        url = f"{self.base_url}/{self.version}/{path}"
        try:
            response = self._http.request(method, url, headers=self._auth(), **kwargs)
        except httpx.TimeoutException:
            raise PlatformError("Facebook không trả lời kịp, sẽ thử lại sau.", code="timeout", retryable=True) from None
        except httpx.TransportError:
            raise PlatformError(
                "Không kết nối được tới Facebook, sẽ thử lại sau.", code="network", retryable=True
            ) from None
        if not response.is_success:
            raise error_from_response(response)
        try:
            body = response.json()
        except ValueError:
            raise _malformed("không phải JSON") from None
        if not isinstance(body, dict):
            raise _malformed("không phải JSON")
        if isinstance(body.get("error"), dict):  # a refusal sent with 200, seen behind some proxies
            raise error_from_response(response)
        return body

    def _page_path(self, edge: str) -> str:
        if not ID_RE.match(self.page_id):
            raise PlatformError(
                "Mã trang Facebook đã lưu không hợp lệ, cần kết nối lại trang.", code="bad_id", reconnect=True
            )
        return f"{self.page_id}/{edge}"

    # -- the Page itself ---------------------------------------------------------------

    def page_name(self) -> str:
        """The Page's name, read with the token: connecting a Page checks the token this way
        before it is stored. `GET /me?fields=id,name` with a Page token is that Page itself;
        a user's token or another Page's token answers another id and is refused here (code
        `other_page`). A refused token raises the usual PlatformError (code 190 → `reconnect`)."""
        _checked_id(self.page_id, "trang")
        body = self._call("GET", "me", params={"fields": "id,name"})
        if not body.get("id"):
            raise _malformed("id")
        if str(body["id"]) != self.page_id:
            raise PlatformError(
                "Mã truy cập này không phải mã truy cập của trang đã nhập (có thể là mã của người dùng "
                "hoặc của trang khác).",
                code="other_page",
            )
        name = body.get("name")
        if not isinstance(name, str) or not name.strip():
            raise _malformed("name")
        return name.strip()

    def find_post(self, message: str, *, since: datetime.datetime) -> Posted | None:
        """The Page's post made since `since` whose text is `message`, if there is one
        (`GET /{page-id}/posts` with `since`, newest first, pages of 100 followed by their
        `after` cursor, at most FIND_PAGES): how a publish interrupted after Facebook took it
        is recognised instead of being posted twice, however many posts came after it."""
        params = {"fields": "id,message,permalink_url", "since": int(since.timestamp()), "limit": 100}
        wanted = (message or "").strip()
        for _page in range(FIND_PAGES):
            body = self._call("GET", self._page_path("posts"), params=params)
            posts = body.get("data")
            if not isinstance(posts, list):
                raise _malformed("data")
            for post in posts:
                if not isinstance(post, dict) or str(post.get("message") or "").strip() != wanted:
                    continue
                post_id = str(post.get("id") or "")
                if ID_RE.match(post_id):
                    return Posted(post_id, address_of(post_id, post.get("permalink_url")))
            after = next_cursor(body)
            if not after or not posts:
                return None
            params = {**params, "after": after}
        return None

    # -- publishing -------------------------------------------------------------------

    def publish_post(self, message: str, *, link: str = "") -> Posted:
        """A text post, with a link preview when `link` is given; published at once."""
        if not (message or "").strip() and not link:
            raise PlatformError("Bài đăng Facebook cần có nội dung hoặc liên kết.", code="empty")
        data = {"message": message, **({"link": link} if link else {})}
        body = self._call("POST", self._page_path("feed"), data=data)
        return self._posted(body.get("id"))

    def publish_photo(
        self, caption: str, *, image_url: str = "", image: bytes | None = None, filename: str = "anh.jpg",
        content_type: str = "image/jpeg",
    ) -> Posted:  # fmt: skip
        """A photo post: Facebook fetches `image_url` (a public address), or `image` (the
        file's bytes) is uploaded as multipart `source`. The result's id is the post's
        (`post_id`), which statistics, editing and deleting take, not the photo's."""
        if not image_url and image is None:
            raise PlatformError("Bài ảnh Facebook cần có ảnh (địa chỉ ảnh hoặc tệp ảnh).", code="empty")
        path = self._page_path("photos")
        if image is not None:
            body = self._call(
                "POST", path, data={"caption": caption}, files={"source": (filename, image, content_type)}
            )
        else:
            body = self._call("POST", path, data={"caption": caption, "url": image_url})
        return self._posted(body.get("post_id") or body.get("id"))

    def _posted(self, post_id) -> Posted:
        if not isinstance(post_id, str | int) or not ID_RE.match(str(post_id)):
            raise _malformed("id")
        return Posted(external_id=str(post_id), url=self.permalink(str(post_id)))

    def permalink(self, post_id: str) -> str:
        """The post's `permalink_url`. Called right after a publish, so it never fails: the
        post exists whatever happens here, and a raised error would have it published twice.
        A failed read gives the address built from the id instead."""
        try:
            body = self._call("GET", _checked_id(post_id, "bài"), params={"fields": "permalink_url"})
        except PlatformError:
            return post_url(post_id)
        return address_of(post_id, body.get("permalink_url"))

    def update_post(self, post_id: str, message: str) -> None:
        """Replaces the post's text. Facebook refuses for some posts (photo posts among them,
        unverified which exactly): that final refusal asks the officer to edit by hand."""
        try:
            body = self._call("POST", _checked_id(post_id, "bài"), data={"message": message})
        except PlatformError as error:
            if error.retryable or error.reconnect or error.code == NOT_FOUND:
                raise
            raise PlatformError(
                "Facebook không cho sửa bài này qua API: hãy sửa thủ công trên trang.", code=error.code
            ) from None
        self._require_success(body)

    def delete_post(self, post_id: str) -> None:
        """Deletes the post. A post already gone is refused with code "100/33"."""
        self._require_success(self._call("DELETE", _checked_id(post_id, "bài")))

    @staticmethod
    def _require_success(body: dict) -> None:
        if body.get("success") is not True:
            raise _malformed("success")

    # -- Messenger --------------------------------------------------------------------

    def send_message(self, psid: str, text: str, *, tag: str = "") -> SentMessage:
        """A text message to the person `psid` (`POST /{page-id}/messages`, JSON body):
        `messaging_type` RESPONSE inside the 24-hour window, or MESSAGE_TAG with `tag`
        (only HUMAN_AGENT: a staff member's own reply, up to 7 days after the person's
        last message, never promotional; §2.2). Which one to use: `inbound.reply_window`.

        Refusals: the window passed → code "outside_window"; a token refused → `reconnect`
        (as everywhere in this client); the person out of reach → code "unavailable". A
        timeout is retryable but the message may have gone: Graph has no idempotency key."""
        if tag and tag not in MESSAGE_TAGS:
            raise ValueError(f"unsupported message tag {tag!r}")
        text = text or ""
        if not text.strip():
            raise PlatformError("Tin nhắn trả lời không có nội dung.", code="empty")
        if len(text) > MAX_MESSAGE_CHARS:
            raise PlatformError(
                f"Tin nhắn Messenger dài quá {MAX_MESSAGE_CHARS} ký tự: hãy rút gọn hoặc chia thành nhiều tin.",
                code="too_long",
            )
        body = {"recipient": {"id": _checked_id(psid, "người nhận")}, "message": {"text": text}}
        body |= {"messaging_type": "MESSAGE_TAG", "tag": tag} if tag else {"messaging_type": "RESPONSE"}
        try:
            answer = self._call("POST", self._page_path("messages"), json=body)
        except PlatformError as error:
            raise _send_refusal(error, tagged=bool(tag)) from None
        sent_id = answer.get("message_id")
        if not isinstance(sent_id, str) or not sent_id:
            # Not retryable: the message has most likely gone; sending again would repeat it.
            raise PlatformError("Facebook trả lời thiếu mã tin nhắn: tin có thể đã được gửi.", code="malformed")
        return SentMessage(message_id=sent_id, recipient_id=str(answer.get("recipient_id") or psid))

    # -- statistics -------------------------------------------------------------------

    def post_statistics(self, post_id: str) -> PostStats:
        """Reactions (all kinds), top-level comments, shares and reach of one post. Graph
        leaves `shares` out when nobody shared: that reads as 0. Reach is None when the
        insights read is refused for good (a Page under 100 likes, a withdrawn metric, no
        `read_insights`); `extra["reach_error"]` then holds Graph's code."""
        post_id = _checked_id(post_id, "bài")
        body = self._call("GET", post_id, params={"fields": STATS_FIELDS})
        reactions = _count(body, "reactions", "summary", "total_count")
        comments = _count(body, "comments", "summary", "total_count")
        if reactions is None or comments is None:
            raise _malformed("summary")
        shares = _count(body, "shares", "count")
        reach, extra = self._reach(post_id)
        return PostStats(
            external_id=post_id,
            fetched_at=datetime.datetime.now(datetime.UTC),
            reactions=reactions,
            comments=comments,
            shares=shares if shares is not None else 0,
            reach=reach,
            extra=extra,
        )

    def _reach(self, post_id: str) -> tuple[int | None, dict]:
        """The post's lifetime unique viewers (`post_total_media_view_unique`).
        unverified: the metric's name and lifetime period come from Meta's deprecation note
        for post_impressions_unique, not from a live call."""
        try:
            body = self._call("GET", f"{post_id}/insights", params={"metric": REACH_METRIC, "period": "lifetime"})
        except PlatformError as error:
            if error.retryable or _as_int(error.code.split("/")[0]) in TOKEN_CODES:
                raise
            return None, {"reach_error": error.code}
        for item in body.get("data") or []:
            if isinstance(item, dict) and item.get("name") == REACH_METRIC:
                values = item.get("values")
                if not isinstance(values, list) or not values:
                    return None, {}
                return _count(values[-1], "value"), {}
        return None, {}

    def statistics(self, post_ids: Iterable[str]) -> list[PostStats]:
        """`post_statistics` of each post, in the order asked, repeats once. A post that is
        gone (code 100/33) is absent from the result: compare the ids to find it."""
        found = []
        for post_id in dict.fromkeys(str(post_id).strip() for post_id in post_ids if post_id):
            try:
                found.append(self.post_statistics(post_id))
            except PlatformError as error:
                if error.code != NOT_FOUND:
                    raise
        return found

"""The Zalo Official Account API: OAuth v4 with PKCE, consultation messages, OA articles
and their figures.

Two hosts, both from settings so tests and staging point at `fake.FakeZalo`:
`LANTOA_ZALO_OAUTH_URL` (https://oauth.zaloapp.com) grants and refreshes tokens,
`LANTOA_ZALO_OPENAPI_URL` (https://openapi.zalo.me) does everything else with the OA's
access token in an `access_token` header.

Zalo answers refusals with HTTP 200 and a body `{"error": <negative int>, "message": …}`
(the token endpoint: `error_name`/`error_description`). `-216` means the access token is
no longer accepted: `TokenExpired` tells the caller to refresh it once and retry. A refresh
token works once (every refresh returns a new one), so the caller must store the new pair
before anything else. Sources: integration-facts.md §1.3, §1.4, Zalo's own Java SDK samples
(zaloplatform/zalo-java-sdk) and code that calls the API in production; where only the
latter back a fact, the function says "unverified".

Secrets (app secret, access and refresh tokens) are never part of an exception text or a
repr.
"""

from __future__ import annotations

import base64
import datetime
import hashlib
import secrets
from collections.abc import Iterable
from dataclasses import dataclass, field
from urllib.parse import urlencode

import httpx
from django.conf import settings

from ..base import PlatformError, Posted, PostStats, http_client

DEFAULT_OPENAPI_URL = "https://openapi.zalo.me"
DEFAULT_OAUTH_URL = "https://oauth.zaloapp.com"

ACCESS_LIFETIME = datetime.timedelta(hours=25)
REFRESH_LIFETIME = datetime.timedelta(days=90)

TOKEN_EXPIRED = -216
ARTICLE_PROCESSING = -214
# unverified: -124 and -220 are read as "token invalid / revoked" by code that calls the
# API in production; Zalo's public error table could not be reached.
RECONNECT_CODES = frozenset({-124, -220})
# unverified: -32 "too many requests per minute", -211 "out of quota".
RATE_LIMIT_CODES = frozenset({-32, -211})
RATE_LIMIT_WAIT = 60.0
# unverified: -230 "the user has not interacted with the OA recently" and -232 "the user's
# last interaction is too old", as code calling the API reads them: a consultation message
# outside the reply window that the OA may not send as a proactive one.
OUTSIDE_WINDOW_CODES = frozenset({-230, -232})

SLICE_SIZE = 10  # getslice gives at most 10 articles a page
SLICE_PAGES = 20  # figures are read for the OA's 200 newest articles
FIND_PAGES = 100  # an interrupted send's article is looked for among the 1,000 newest since


def pkce_challenge(verifier: str) -> str:
    """The S256 challenge of a PKCE verifier: base64url(sha256(verifier)) without padding."""
    digest = hashlib.sha256(verifier.encode("ascii")).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


def make_pkce_pair() -> tuple[str, str]:
    """A fresh (verifier, challenge): keep the verifier in the session, send the challenge."""
    verifier = secrets.token_urlsafe(48)  # 64 characters, within RFC 7636's 43..128
    return verifier, pkce_challenge(verifier)


def _now() -> datetime.datetime:
    return datetime.datetime.now(datetime.UTC)


@dataclass(frozen=True)
class TokenPair:
    """An OA's tokens and when each stops working. The refresh token works once."""

    access_token: str = field(repr=False)
    refresh_token: str = field(repr=False)
    access_expires_at: datetime.datetime
    refresh_expires_at: datetime.datetime


@dataclass(frozen=True)
class SentMessage:
    """A consultation message Zalo accepted, and the quota it was counted against."""

    message_id: str
    user_id: str = ""
    quota: dict = field(default_factory=dict)


class TokenExpired(PlatformError):
    """Zalo no longer accepts this access token (-216): refresh it and try once more."""

    token_expired = True


class ArticlePending(PlatformError):
    """Zalo accepted the article but is still processing it; `token` is what
    `verify_article` needs later. Creating it again would post it twice."""

    def __init__(self, message: str, *, token: str, **kwargs):
        super().__init__(message, **kwargs)
        self.token = token


# ---------------------------------------------------------------------------------------
# Reading answers


def _send(client: httpx.Client, method: str, url: str, **kwargs) -> httpx.Response:
    """One HTTP exchange; network failures become retryable refusals."""
    try:
        return client.request(method, url, **kwargs)
    except httpx.TimeoutException as exc:
        raise PlatformError("Zalo không trả lời kịp, sẽ thử lại sau.", code="timeout", retryable=True) from exc
    except httpx.HTTPError as exc:
        raise PlatformError("Không kết nối được tới Zalo, sẽ thử lại sau.", code="network", retryable=True) from exc


def _http_refusal(response: httpx.Response) -> PlatformError | None:
    """A refusal said by the HTTP status alone (5xx, 429), before the body is read."""
    status = response.status_code
    if status >= 500:
        return PlatformError("Zalo đang gặp sự cố, sẽ thử lại sau.", code=f"http-{status}", retryable=True)
    if status == 429:
        return PlatformError(
            "Zalo tạm thời từ chối vì có quá nhiều yêu cầu, sẽ thử lại sau.",
            code="http-429", retryable=True, retry_after=_retry_after(response),
        )  # fmt: skip
    return None


def _retry_after(response: httpx.Response) -> float:
    try:
        return float(response.headers.get("Retry-After", ""))
    except ValueError:
        return RATE_LIMIT_WAIT


def _body(response: httpx.Response) -> dict:
    """The JSON object of an answer, or a refusal if there is none."""
    refusal = _http_refusal(response)
    if refusal:
        raise refusal
    try:
        body = response.json()
    except ValueError:
        body = None
    if not isinstance(body, dict):
        raise PlatformError("Zalo trả lời không đúng định dạng.", code=f"http-{response.status_code}")
    return body


def _error_code(body: dict) -> int:
    try:
        return int(body.get("error") or 0)
    except (TypeError, ValueError):
        return -1


def _api_refusal(code: int) -> PlatformError:
    """What an Open API error code means for the caller."""
    if code == TOKEN_EXPIRED:
        return TokenExpired("Zalo từ chối: mã truy cập đã hết hạn, cần làm mới mã rồi thử lại.", code=str(code))
    if code in RECONNECT_CODES:
        return PlatformError(
            "Zalo từ chối: quyền truy cập của ứng dụng không còn hiệu lực, cần kết nối lại Official Account.",
            code=str(code), reconnect=True,
        )  # fmt: skip
    if code in RATE_LIMIT_CODES:
        return PlatformError(
            "Zalo tạm thời từ chối vì gửi quá nhiều yêu cầu hoặc đã hết hạn mức, sẽ thử lại sau.",
            code=str(code), retryable=True, retry_after=RATE_LIMIT_WAIT,
        )  # fmt: skip
    if code in OUTSIDE_WINDOW_CODES:
        return PlatformError(
            "Zalo không cho gửi: người dùng đã ngoài khung trả lời (quá 48 giờ hoặc đã dùng hết 8 tin trả lời "
            "miễn phí) và Official Account không gửi được tin chủ động. Hãy trả lời qua kênh khác.",
            code="outside_window",
        )
    if code == ARTICLE_PROCESSING:
        return PlatformError("Zalo đang xử lý bài viết, sẽ kiểm tra lại sau.", code=str(code), retryable=True)
    return PlatformError("Zalo từ chối yêu cầu: dữ liệu gửi đi không hợp lệ hoặc chưa được phép.", code=str(code))


# unverified: -14002 "invalid app" (a wrong app id or secret) per code calling the API in production.
INVALID_APP = -14002


def _oauth_refusal(code: int) -> PlatformError:
    """What a token endpoint error means: the site's own Zalo app misconfigured (no OA can
    fix that), a rate limit, or else: connect the OA again."""
    if code in RATE_LIMIT_CODES:
        return _api_refusal(code)
    if code == INVALID_APP:
        return PlatformError(
            "Zalo không nhận ứng dụng Zalo của hệ thống (LANTOA_ZALO_APP_ID, LANTOA_ZALO_APP_SECRET sai): "
            "cần quản trị hệ thống sửa cấu hình, không phải kết nối lại Official Account.",
            code="config",
        )
    return PlatformError(
        "Zalo từ chối cấp mã truy cập: mã cấp quyền hoặc mã làm mới không còn hiệu lực, "
        "cần kết nối lại Official Account.",
        code=str(code), reconnect=True,
    )  # fmt: skip


def _missing(what: str) -> PlatformError:
    """An answer without a field the protocol promises. Not retryable: the call may have
    taken effect, and doing it again could post twice."""
    return PlatformError(f"Zalo trả lời thiếu thông tin ({what}).", code="bad-answer")


def _text(value) -> str:
    """Ids as strings: Zalo's ids are 64-bit integers that some parsers round."""
    return "" if value is None else str(value)


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


# ---------------------------------------------------------------------------------------
# OAuth


class ZaloOAuth:
    """The OA authorisation flow (OAuth v4 with PKCE) on `LANTOA_ZALO_OAUTH_URL`."""

    def __init__(self, *, base_url: str | None = None, client: httpx.Client | None = None, timeout=None):
        self.base_url = (base_url or getattr(settings, "LANTOA_ZALO_OAUTH_URL", DEFAULT_OAUTH_URL)).rstrip("/")
        self._client = client or http_client(timeout=timeout)

    def __repr__(self) -> str:
        return f"ZaloOAuth({self.base_url!r})"

    def authorization_url(self, app_id: str, redirect_uri: str, state: str, code_challenge: str) -> str:
        """Where to send the OA's administrator to grant access; Zalo returns to
        `redirect_uri` with `code`, `oa_id` and `state`."""
        query = urlencode(
            {"app_id": app_id, "redirect_uri": redirect_uri, "code_challenge": code_challenge, "state": state}
        )
        return f"{self.base_url}/v4/oa/permission?{query}"

    def exchange_code(self, app_id: str, app_secret: str, code: str, code_verifier: str) -> TokenPair:
        """The first token pair, for the code Zalo sent back to the redirect address."""
        fields = {"code": code, "code_verifier": code_verifier, "grant_type": "authorization_code"}
        return self._token(app_id, app_secret, fields)

    def refresh(self, app_id: str, app_secret: str, refresh_token: str) -> TokenPair:
        """A new pair. The refresh token given is spent even if the answer is lost, so the
        caller stores the new pair at once and never refreshes the same token twice."""
        fields = {"refresh_token": refresh_token, "grant_type": "refresh_token"}
        return self._token(app_id, app_secret, fields)

    def _token(self, app_id: str, app_secret: str, fields: dict) -> TokenPair:
        url = f"{self.base_url}/v4/oa/access_token"
        response = _send(
            self._client, "POST", url, data={"app_id": app_id, **fields}, headers={"secret_key": app_secret}
        )
        body = _body(response)
        code = _error_code(body)
        if code:
            raise _oauth_refusal(code)
        return _token_pair(body)


def _token_pair(body: dict) -> TokenPair:
    """The pair in a token answer. `expires_in` (seconds, sent as a string) when given;
    unverified: `refresh_token_expires_in`, else the documented three months."""
    if not body.get("access_token"):
        raise _missing("access_token")
    if not body.get("refresh_token"):
        raise _missing("refresh_token")
    now = _now()
    access_seconds = _int(body.get("expires_in"))
    refresh_seconds = _int(body.get("refresh_token_expires_in"))
    return TokenPair(
        access_token=str(body["access_token"]),
        refresh_token=str(body["refresh_token"]),
        access_expires_at=now + (datetime.timedelta(seconds=access_seconds) if access_seconds else ACCESS_LIFETIME),
        refresh_expires_at=now + (datetime.timedelta(seconds=refresh_seconds) if refresh_seconds else REFRESH_LIFETIME),
    )


# ---------------------------------------------------------------------------------------
# Open API


class ZaloOAClient:
    """One OA's Open API calls with its access token, on `LANTOA_ZALO_OPENAPI_URL`."""

    def __init__(
        self, access_token: str, *, base_url: str | None = None, client: httpx.Client | None = None, timeout=None,
    ):  # fmt: skip
        self.base_url = (base_url or getattr(settings, "LANTOA_ZALO_OPENAPI_URL", DEFAULT_OPENAPI_URL)).rstrip("/")
        self._access_token = access_token
        self._client = client or http_client(timeout=timeout)

    def __repr__(self) -> str:
        return f"ZaloOAClient({self.base_url!r})"

    def _call(self, method: str, path: str, *, json: dict | None = None, params: dict | None = None) -> dict:
        """One call; returns the answer's `data` object, or raises the refusal."""
        headers = {"access_token": self._access_token}
        response = _send(self._client, method, f"{self.base_url}{path}", headers=headers, json=json, params=params)
        body = _body(response)
        code = _error_code(body)
        if code:
            raise _api_refusal(code)
        data = body.get("data")
        return data if isinstance(data, dict) else {}

    # Messages

    def send_text(self, user_id: str, text: str, *, quote_message_id: str = "") -> SentMessage:
        """A consultation message ("tin Tư vấn") to a follower. Quoting the follower's
        message id makes it a reply inside the free 48-hour window rather than a paid
        proactive message. Secondary source for the `quote_message_id` field."""
        message = {"text": text}
        if quote_message_id:
            message["quote_message_id"] = quote_message_id
        data = self._call("POST", "/v3.0/oa/message/cs", json={"recipient": {"user_id": user_id}, "message": message})
        if not data.get("message_id"):
            raise _missing("message_id")
        quota = data.get("quota")
        return SentMessage(
            message_id=_text(data["message_id"]),
            user_id=_text(data.get("user_id")),
            quota=quota if isinstance(quota, dict) else {},
        )

    # Articles

    def create_article(
        self, *, title: str, author: str, description: str, cover_url: str, paragraphs: Iterable[str],
        show: bool = True, comments: bool = True,
    ) -> str:  # fmt: skip
        """Submit a normal article; returns the processing token `verify_article` takes.
        Zalo's limits: title 150, author 50, description 300 characters, a cover photo.
        Source: Zalo's Java SDK sample (POST /v2.0/article/create)."""
        article = {
            "type": "normal",
            "title": title,
            "author": author,
            "cover": {"cover_type": "photo", "photo_url": cover_url, "status": "show"},
            "description": description,
            "body": [{"type": "text", "content": paragraph} for paragraph in paragraphs],
            "status": "show" if show else "hide",
            "comment": "show" if comments else "hide",
        }
        data = self._call("POST", "/v2.0/article/create", json=article)
        if not data.get("token"):
            raise _missing("token")
        return _text(data["token"])

    def verify_article(self, token: str) -> Posted:
        """The article's id once Zalo has processed it (POST /v2.0/article/verify); raises a
        retryable refusal (-214) while it is still processing. The public address comes from
        the answer if it has one, else from the OA's newest articles (unverified: neither
        answer is documented to hold it for certain; may be empty)."""
        data = self._call("POST", "/v2.0/article/verify", json={"token": token})
        article_id = _text(data.get("id") or data.get("article_id"))
        if not article_id:
            raise _missing("id")
        url = _text(data.get("link") or data.get("link_view") or data.get("url"))
        if not url:
            url = self._newest_link(article_id)
        return Posted(external_id=article_id, url=url)

    def publish_article(
        self, *, title: str, author: str, description: str, cover_url: str, paragraphs: Iterable[str],
        show: bool = True, comments: bool = True,
    ) -> Posted:  # fmt: skip
        """Create then verify an article (arguments of `create_article`). Once Zalo has
        accepted it, any failure to verify (still processing, expired token, lost answer)
        raises `ArticlePending` holding the token and the failure's code: the caller keeps
        the token and calls `verify_article` later (after a refresh if the code is -216),
        never `publish_article` again, which would post the article twice."""
        token = self.create_article(
            title=title, author=author, description=description, cover_url=cover_url, paragraphs=paragraphs,
            show=show, comments=comments,
        )  # fmt: skip
        try:
            return self.verify_article(token)
        except PlatformError as exc:
            raise ArticlePending(
                exc.message, token=token, code=exc.code, retryable=not exc.reconnect, reconnect=exc.reconnect,
                retry_after=exc.retry_after,
            ) from exc  # fmt: skip

    def find_article(self, title: str, *, since: datetime.datetime) -> Posted | None:
        """The OA's article titled `title` created since `since`, among its newest (pages of
        getslice, newest first, until one older than `since`, at most FIND_PAGES): how an
        article whose creation answer was lost is recognised instead of being posted twice,
        however many articles came after it. unverified: `create_date` is read as
        milliseconds since the epoch (as code calling the API in production reads it); an
        article without one matches by its title alone."""
        wanted, since_ms = title.strip(), since.timestamp() * 1000
        for media in self._newest_articles(pages=FIND_PAGES):
            created = _int(media.get("create_date"))
            if created is not None and created < since_ms:
                return None  # newest first: the rest are older still
            if _text(media.get("title")).strip() == wanted:
                article_id = _text(media.get("id"))
                if article_id:
                    return Posted(external_id=article_id, url=_text(media.get("link_view")))
        return None

    def remove_article(self, article_id: str) -> None:
        """Delete an article from the OA (POST /v2.0/article/remove). Source: Zalo's Java
        SDK sample; hiding without deleting needs the whole article again (update)."""
        self._call("POST", "/v2.0/article/remove", json={"id": article_id})

    # Figures

    def article_stats(self, article_id: str) -> PostStats:
        """Views and shares of one article; see `articles_stats`."""
        found = self.articles_stats([article_id])
        if article_id not in found:
            raise PlatformError(
                "Không tìm thấy bài viết trên Official Account (có thể đã bị xoá hoặc quá cũ).", code="not-found"
            )
        return found[article_id]

    def articles_stats(self, article_ids: Iterable[str]) -> dict[str, PostStats]:
        """Figures of the articles asked for, found among the OA's newest SLICE_PAGES ×
        SLICE_SIZE articles (GET /v2.0/article/getslice gives `total_view` and
        `total_share`; no API gives likes or comments). Unverified beyond code that calls
        the API in production. Articles not found are absent from the answer."""
        wanted = {str(article_id) for article_id in article_ids}
        fetched_at = _now()
        found: dict[str, PostStats] = {}
        for media in self._newest_articles():
            article_id = _text(media.get("id"))
            if article_id in wanted:
                found[article_id] = _stats(article_id, media, fetched_at)
                if len(found) == len(wanted):
                    break
        return found

    def _newest_articles(self, pages: int = SLICE_PAGES):
        """The OA's articles, newest first, a page at a time."""
        for page in range(pages):
            params = {"offset": page * SLICE_SIZE, "limit": SLICE_SIZE, "type": "normal"}
            data = self._call("GET", "/v2.0/article/getslice", params=params)
            medias = data.get("medias")
            if not isinstance(medias, list):
                raise _missing("medias")
            yield from (media for media in medias if isinstance(media, dict))
            total = _int(data.get("total")) or 0
            if len(medias) < SLICE_SIZE or (page + 1) * SLICE_SIZE >= total:
                return

    def _newest_link(self, article_id: str) -> str:
        for media in self._newest_articles(pages=1):
            if _text(media.get("id")) == article_id:
                return _text(media.get("link_view"))
        return ""


def _stats(article_id: str, media: dict, fetched_at: datetime.datetime) -> PostStats:
    return PostStats(
        external_id=article_id,
        fetched_at=fetched_at,
        views=_int(media.get("total_view")),
        shares=_int(media.get("total_share")),
        extra={"link": _text(media.get("link_view")), "status": _text(media.get("status"))},
    )

"""A local Zalo OA server for tests and staging: the token endpoint and the Open API calls
`client.py` makes, on one 127.0.0.1 port.

    with FakeZalo() as zalo:
        oauth = ZaloOAuth(base_url=zalo.base_url)
        api = ZaloOAClient(zalo.access_token, base_url=zalo.base_url)

It checks the `secret_key` and `access_token` headers as Zalo does and answers refusals
in Zalo's shape (HTTP 200, negative `error`); a refresh token works once. It keeps what
was sent (`messages`, `articles`) and can be told to misbehave for the next N requests
(`misbehave("server_error" | "rate_limit" | "stall" | "drop_field", times=N)`), to expire
the access token (`expire_access_token`) or to revoke the app (`revoke`).

The webhook side: `signed_event(...)` builds a follower's event for the fake's OA as Zalo
would POST it (body bytes and headers, `X-ZEvent-Signature` made with `oa_secret_key`) and
opens that follower's reply window. For a follower who wrote (`signed_event`, `user_wrote`)
a consultation message is a free reply only when it quotes one of their messages, within
48 hours and 8 replies; otherwise it is a proactive message, refused (-230, unverified
code) unless `state.proactive_allowed` (a verified OA with quota). `close_window(user_id)`
closes it at once. Followers who never wrote are answered as before (no window check).
"""

from __future__ import annotations

import base64
import hashlib
import itertools
import json
import secrets
import sys
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlencode, urlsplit

MODES = ("server_error", "rate_limit", "stall", "drop_field")
REVOKED = -220  # unverified code, see client.RECONNECT_CODES
OUTSIDE_WINDOW = -230  # unverified code, see client.OUTSIDE_WINDOW_CODES
FREE_WINDOW_SECONDS = 48 * 3600
FREE_REPLIES = 8


@dataclass
class FollowerWindow:
    """A follower's messages since the OA's last free reply count started again."""

    last_at: float
    message_ids: set = field(default_factory=set)
    replies: int = 0
    closed: bool = False


@dataclass
class FakeArticle:
    id: str
    fields: dict
    total_view: int = 0
    total_share: int = 0
    created_ms: int = field(default_factory=lambda: int(time.time() * 1000))

    @property
    def link(self) -> str:
        return f"https://zalo.me/fake-article/{self.id}"


@dataclass
class _State:
    app_id: str = "1234567890123456789"
    app_secret: str = field(default_factory=lambda: secrets.token_urlsafe(16))
    oa_id: str = "4318405112431112345"
    oa_secret_key: str = field(default_factory=lambda: secrets.token_urlsafe(16))
    windows: dict = field(default_factory=dict)  # user_id -> FollowerWindow
    proactive_allowed: bool = False
    access_tokens: dict = field(default_factory=dict)  # token -> "valid" | "expired" | "revoked"
    refresh_tokens: dict = field(default_factory=dict)  # token -> "valid" | "used" | "revoked"
    codes: dict = field(default_factory=dict)  # code -> code_challenge
    messages: list = field(default_factory=list)
    articles: dict = field(default_factory=dict)  # id -> FakeArticle
    pending: dict = field(default_factory=dict)  # article token -> article id
    processing_verifies: int = 0
    faults: list = field(default_factory=list)
    stall_seconds: float = 2.0


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address) -> None:
        """A client that gave up on a stalled answer closed the socket: nothing to report."""
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


class FakeZalo:
    """The fake server; a context manager that starts and stops it."""

    def __init__(self):
        self.state = _State()
        self._ids = itertools.count(7_000_000_000_000_000_001)
        self._lock = threading.Lock()
        self.access_token, self.refresh_token = self._issue_pair()
        self._server: _Server | None = None

    # Lifecycle

    def __enter__(self) -> FakeZalo:
        handler = type("Handler", (_Handler,), {"fake": self})
        self._server = _Server(("127.0.0.1", 0), handler)
        threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
        return self

    def __exit__(self, *exc) -> None:
        self._server.shutdown()
        self._server.server_close()

    @property
    def base_url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    # What a test sets up or asks

    @property
    def app_id(self) -> str:
        return self.state.app_id

    @property
    def app_secret(self) -> str:
        return self.state.app_secret

    @property
    def messages(self) -> list:
        return self.state.messages

    @property
    def articles(self) -> dict:
        return self.state.articles

    def grant(self, code_challenge: str) -> str:
        """The code Zalo would send back after the administrator agreed."""
        code = secrets.token_urlsafe(12)
        self.state.codes[code] = code_challenge
        return code

    def expire_access_token(self, token: str | None = None) -> None:
        self.state.access_tokens[token or self.access_token] = "expired"

    def revoke(self) -> None:
        """The administrator removed the app from the OA: every token stops working."""
        for tokens in (self.state.access_tokens, self.state.refresh_tokens):
            for token in tokens:
                tokens[token] = "revoked"

    def misbehave(self, mode: str, times: int = 1) -> None:
        assert mode in MODES, mode
        self.state.faults.extend([mode] * times)

    def keep_processing(self, times: int = 1) -> None:
        """The next `times` article verifications answer "still processing" (-214)."""
        self.state.processing_verifies = times

    @property
    def oa_id(self) -> str:
        return self.state.oa_id

    @property
    def oa_secret_key(self) -> str:
        return self.state.oa_secret_key

    def user_wrote(self, user_id: str, *, message_id: str = "", at: float | None = None) -> str:
        """A follower sent the OA a message (id returned): their free replies start again."""
        message_id = message_id or secrets.token_hex(10)
        with self._lock:
            window = FollowerWindow(last_at=time.time() if at is None else at)
            window.message_ids.add(message_id)
            self.state.windows[str(user_id)] = window
        return message_id

    def close_window(self, user_id: str) -> None:
        """The follower's 48 hours have passed: no more free replies."""
        self.state.windows.setdefault(str(user_id), FollowerWindow(last_at=0.0)).closed = True

    def signed_event(
        self, event_name: str = "user_send_text", *, user_id: str = "2468458835296197922", text: str = "",
        attachments: list | None = None, msg_id: str = "", timestamp_ms: int | None = None,
        oa_secret_key: str | None = None,
    ) -> tuple[bytes, dict]:  # fmt: skip
        """A follower's event to the fake's OA, signed, as Zalo would POST it; a
        `user_send_*` event also opens the follower's reply window here. `oa_secret_key`
        signs with another key (a forged or misrouted event)."""
        event = message_event(
            event_name, app_id=self.app_id, oa_id=self.oa_id, user_id=user_id, text=text,
            attachments=attachments, msg_id=msg_id or secrets.token_hex(10), timestamp_ms=timestamp_ms,
        )  # fmt: skip
        if event_name.startswith("user_send_"):
            self.user_wrote(user_id, message_id=event["message"]["msg_id"])
        return sign_event(event, app_id=self.app_id, oa_secret_key=oa_secret_key or self.oa_secret_key)

    def add_article(self, title: str, *, views: int = 0, shares: int = 0) -> FakeArticle:
        article = FakeArticle(self._next_id(), {"title": title}, views, shares)
        self.state.articles[article.id] = article
        return article

    # Internals shared with the handler

    def _next_id(self) -> str:
        return str(next(self._ids))

    def _issue_pair(self) -> tuple[str, str]:
        access, refresh = secrets.token_urlsafe(24), secrets.token_urlsafe(24)
        self.state.access_tokens[access] = "valid"
        self.state.refresh_tokens[refresh] = "valid"
        return access, refresh

    def _next_fault(self) -> str:
        with self._lock:
            return self.state.faults.pop(0) if self.state.faults else ""


def message_event(
    event_name: str = "user_send_text", *, app_id: str, oa_id: str, user_id: str, text: str = "",
    attachments: list | None = None, msg_id: str = "", timestamp_ms: int | None = None,
) -> dict:  # fmt: skip
    """A follower's message event in the shape of integration-facts.md §1.1: ids and the
    timestamp as strings, as Zalo sends them. `follow`/`unfollow` take Zalo's other shape
    (`oa_id`, `follower`)."""
    timestamp = str(timestamp_ms if timestamp_ms is not None else int(time.time() * 1000))
    if event_name in ("follow", "unfollow"):
        return {
            "app_id": app_id, "oa_id": oa_id, "user_id_by_app": "5521772797175877301", "event_name": event_name,
            "timestamp": timestamp, "source": "oa_profile", "follower": {"id": user_id},
        }  # fmt: skip
    message = {"msg_id": msg_id or secrets.token_hex(10)}
    if text:
        message["text"] = text
    if attachments:
        message["attachments"] = attachments
    sender, recipient = (oa_id, user_id) if event_name.startswith("oa_send_") else (user_id, oa_id)
    return {
        "app_id": app_id, "user_id_by_app": "5521772797175877301", "event_name": event_name,
        "timestamp": timestamp, "sender": {"id": sender}, "recipient": {"id": recipient}, "message": message,
    }  # fmt: skip


def sign_event(event: dict, *, app_id: str, oa_secret_key: str) -> tuple[bytes, dict]:
    """The body Zalo would POST for `event` and its headers, `X-ZEvent-Signature` being
    `mac=` + SHA-256(app_id + body + timestamp + OA secret key) (§1.2)."""
    body = json.dumps(event, ensure_ascii=False).encode()
    digest = hashlib.sha256(app_id.encode() + body + str(event["timestamp"]).encode() + oa_secret_key.encode())
    headers = {"Content-Type": "application/json", "X-ZEvent-Signature": f"mac={digest.hexdigest()}"}
    return body, headers


def _challenge(verifier: str) -> str:
    digest = hashlib.sha256(verifier.encode("ascii")).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


def _refusal(code: int, message: str) -> dict:
    return {"error": code, "message": message}


def _ok(data: dict) -> dict:
    return {"error": 0, "message": "Success", "data": data}


class _Handler(BaseHTTPRequestHandler):
    fake: FakeZalo

    def log_message(self, *args) -> None:  # keep test output quiet
        pass

    def do_GET(self) -> None:
        self._handle("GET")

    def do_POST(self) -> None:
        self._handle("POST")

    # Dispatch

    def _handle(self, method: str) -> None:
        url = urlsplit(self.path)
        self.query = {key: values[0] for key, values in parse_qs(url.query).items()}
        raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        if url.path == "/v4/oa/permission":
            return self._permission()
        fault = self.fake._next_fault()
        if fault == "stall":
            time.sleep(self.fake.state.stall_seconds)
        if fault == "server_error":
            return self._reply({"error": -1, "message": "Internal error"}, status=502)
        if fault == "rate_limit":
            return self._reply(_refusal(-32, "The request rate limit has been reached"))
        route = ROUTES.get((method, url.path))
        if route is None:
            return self._reply({"error": -404, "message": "Not found"}, status=404)
        body = route(self, raw)
        if fault == "drop_field":
            body = _drop_field(body)
        self._reply(body)

    def _reply(self, body: dict, status: int = 200) -> None:
        payload = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def _permission(self) -> None:
        """The consent screen, agreed at once: back to redirect_uri with a code."""
        code = self.fake.grant(self.query.get("code_challenge", ""))
        back = urlencode({"code": code, "oa_id": self.fake.oa_id, "state": self.query.get("state", "")})
        self.send_response(302)
        self.send_header("Location", f"{self.query.get('redirect_uri', '')}?{back}")
        self.end_headers()

    # OAuth

    def token(self, raw: bytes) -> dict:
        state = self.fake.state
        form = {key: values[0] for key, values in parse_qs(raw.decode()).items()}
        if form.get("app_id") != state.app_id or self.headers.get("secret_key") != state.app_secret:
            return {"error": -14002, "error_name": "invalid_app", "error_description": "app id or secret invalid"}
        grant = form.get("grant_type")
        if grant == "authorization_code":
            return self._grant_code(form)
        if grant == "refresh_token":
            return self._grant_refresh(form)
        return {"error": -14019, "error_name": "invalid_grant_type", "error_description": "grant_type invalid"}

    def _grant_code(self, form: dict) -> dict:
        challenge = self.fake.state.codes.pop(form.get("code", ""), None)
        if challenge is None:
            return {"error": -14005, "error_name": "invalid_code", "error_description": "code invalid"}
        if _challenge(form.get("code_verifier", "")) != challenge:
            return {"error": -14016, "error_name": "invalid_code_verifier", "error_description": "verifier"}
        return self._pair()

    def _grant_refresh(self, form: dict) -> dict:
        with self.fake._lock:
            tokens = self.fake.state.refresh_tokens
            token = form.get("refresh_token", "")
            if tokens.get(token) != "valid":
                return {"error": -14020, "error_name": "invalid_refresh_token", "error_description": "used"}
            tokens[token] = "used"
            return self._pair()

    def _pair(self) -> dict:
        access, refresh = self.fake._issue_pair()
        return {"access_token": access, "refresh_token": refresh, "expires_in": "90000"}

    # Open API

    def _token_refusal(self) -> dict | None:
        status = self.fake.state.access_tokens.get(self.headers.get("access_token", ""))
        if status == "revoked":
            return _refusal(REVOKED, "Access token has been revoked")
        if status != "valid":
            return _refusal(-216, "Access token is invalid")
        return None

    def _json(self, raw: bytes) -> dict:
        try:
            body = json.loads(raw or b"{}")
        except ValueError:
            body = None
        return body if isinstance(body, dict) else {}

    def send_cs(self, raw: bytes) -> dict:
        refusal = self._token_refusal()
        if refusal:
            return refusal
        body = self._json(raw)
        user_id = str(body.get("recipient", {}).get("user_id") or "")
        message = body.get("message") or {}
        if not user_id or not message.get("text"):
            return _refusal(-201, "Parameters are invalid")
        quota = self._quota(user_id, str(message.get("quote_message_id") or ""))
        if quota is None:
            return _refusal(OUTSIDE_WINDOW, "User has not interacted with the OA in the allowed time")
        message_id = secrets.token_hex(10)
        self.fake.state.messages.append({"message_id": message_id, "user_id": user_id, **message})
        return _ok({"message_id": message_id, "user_id": user_id, "quota": quota})

    def _quota(self, user_id: str, quote: str) -> dict | None:
        """What a consultation message counts against, or None when it may not go: a free
        reply quotes the follower's message within 48 hours and 8 replies; anything else
        is proactive, allowed only to an OA with quota. A follower who never wrote here
        gets the answer the fake always gave."""
        state = self.fake.state
        with self.fake._lock:
            window = state.windows.get(user_id)
            if window is None:
                return {"quota_type": "reply" if quote else "sub_quota", "remain": "7"}
            fresh = not window.closed and time.time() - window.last_at < FREE_WINDOW_SECONDS
            if fresh and quote in window.message_ids and window.replies < FREE_REPLIES:
                window.replies += 1
                return {"quota_type": "reply", "remain": str(FREE_REPLIES - window.replies)}
        return {"quota_type": "sub_quota", "remain": "999"} if state.proactive_allowed else None

    def create_article(self, raw: bytes) -> dict:
        refusal = self._token_refusal()
        if refusal:
            return refusal
        body = self._json(raw)
        if body.get("type") not in ("normal", "video"):
            return _refusal(-201, "type accept only 2 value normal and video.")
        needed = ("title", "author", "description", "cover", "body")
        if any(not body.get(key) for key in needed) or len(body["title"]) > 150:
            return _refusal(-201, "Parameters are invalid")
        article = FakeArticle(self.fake._next_id(), body)
        token = secrets.token_urlsafe(32)
        self.fake.state.articles[article.id] = article
        self.fake.state.pending[token] = article.id
        return _ok({"token": token})

    def verify_article(self, raw: bytes) -> dict:
        refusal = self._token_refusal()
        if refusal:
            return refusal
        article_id = self.fake.state.pending.get(self._json(raw).get("token", ""))
        if article_id is None:
            return _refusal(-201, "token is invalid")
        with self.fake._lock:
            if self.fake.state.processing_verifies > 0:
                self.fake.state.processing_verifies -= 1
                return _refusal(-214, "Article is being processed")
        return _ok({"id": article_id})

    def remove_article(self, raw: bytes) -> dict:
        refusal = self._token_refusal()
        if refusal:
            return refusal
        if self.fake.state.articles.pop(str(self._json(raw).get("id", "")), None) is None:
            return _refusal(-201, "Article not found")
        return _ok({})

    def getslice(self, raw: bytes) -> dict:
        refusal = self._token_refusal()
        if refusal:
            return refusal
        offset, limit = int(self.query.get("offset", 0)), min(int(self.query.get("limit", 10)), 10)
        newest = sorted(self.fake.state.articles.values(), key=lambda article: int(article.id), reverse=True)
        medias = [_media(article) for article in newest[offset : offset + limit]]
        return _ok({"medias": medias, "total": len(newest)})


def _media(article: FakeArticle) -> dict:
    return {
        "id": article.id,
        "type": "normal",
        "title": article.fields.get("title", ""),
        "status": article.fields.get("status", "show"),
        "total_view": article.total_view,
        "total_share": article.total_share,
        "link_view": article.link,
        "create_date": article.created_ms,
    }


def _drop_field(body: dict) -> dict:
    """The answer with the field the client needs most taken out."""
    body = dict(body)
    if isinstance(body.get("data"), dict):
        body["data"] = {}
    else:
        body.pop("access_token", None)
    return body


ROUTES = {
    ("POST", "/v4/oa/access_token"): _Handler.token,
    ("POST", "/v3.0/oa/message/cs"): _Handler.send_cs,
    ("POST", "/v2.0/article/create"): _Handler.create_article,
    ("POST", "/v2.0/article/verify"): _Handler.verify_article,
    ("POST", "/v2.0/article/remove"): _Handler.remove_article,
    ("GET", "/v2.0/article/getslice"): _Handler.getslice,
}

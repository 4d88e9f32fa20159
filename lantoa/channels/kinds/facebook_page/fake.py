"""A local stand-in for the Graph API of one Facebook Page, for tests and staging.

    with FakeGraph(page_id="61550000000000123", token="EAAG…") as fake:
        client = FacebookPageClient(fake.page_id, fake.token, base_url=fake.base_url)
        posted = client.publish_post("Xin chào", link="https://example.org")
        fake.posts[posted.external_id].message  # "Xin chào"

It answers, under any `/vNN.N/` prefix: `GET /{page}` and `GET /me` (fields `id`, `name`;
`token_owner_id` says whose token it is), `GET /{page}/posts` (`since`, `limit`),
`POST /{page}/feed` and `POST /{page}/photos` (form `url` or multipart `source`),
`GET /{post}` (fields `permalink_url`, `message`, the `reactions`/`comments` summaries,
`shares`), `POST /{post}` (`message`), `DELETE /{post}`
and `GET /{post}/insights` (only `post_total_media_view_unique` is a valid metric). Ids are
strings beyond 2**53, as a client must keep them. It checks the token like Graph (header
`Authorization: Bearer` or `access_token` parameter): missing → 104, wrong → 190 whose
message quotes the token (as Graph's "Malformed access token" does), `expire_token()` →
190/463, `revoke_token()` → 190/460, `remove_permission(name)` → #200/#10 naming it.
`misbehave(mode, times)` makes the next requests fail: "server_error" (500, code 2,
is_transient), "bad_gateway" (502 HTML), "rate_limit" (code 32 with
X-Business-Use-Case-Usage saying `regain_minutes`), "app_rate_limit" (code 4, no time
given), "stall" (answers after `stall_seconds`), "drop_field" (answers without `id`, `name`,
`summary` or `success`), "not_json" (an HTML 200).
unverified: the exact English texts and the refusal of editing a photo post (shape only).

Messenger: `POST /{page}/messages` and `POST /me/messages` (JSON or form body, as Graph
takes both) keep what was sent in `messages` and answer `{"recipient_id", "message_id"}`.
They need `pages_messaging` (else #200) and a `messaging_type`; `close_window(psid)` makes
untagged sends to that person fail as Graph does past 24 hours (code 10, subcode 2018278),
`close_window(psid, human_agent=True)` HUMAN_AGENT ones too (past 7 days).
`signed_event(psid, text=…)` builds a notification of that person's message to the Page as
Meta would POST it (body bytes and headers, `X-Hub-Signature-256` keyed with `app_secret`)
and opens their window again.
"""

from __future__ import annotations

import hashlib
import hmac
import itertools
import json
import re
import secrets
import time
from dataclasses import dataclass, field
from email.parser import BytesParser
from email.policy import HTTP
from http.server import BaseHTTPRequestHandler
from urllib.parse import parse_qs, urlparse

from ..fakes import FakeServer

MODES = {"server_error", "bad_gateway", "rate_limit", "app_rate_limit", "stall", "drop_field", "not_json"}
VALID_METRICS = {"post_total_media_view_unique"}
VERSION_RE = re.compile(r"^/v\d+\.\d+(?=/)")
WRITE_PERMISSIONS = {"pages_manage_posts", "pages_read_engagement"}
MESSAGING_TYPES = {"RESPONSE", "UPDATE", "MESSAGE_TAG"}
OUTSIDE_WINDOW_SUBCODE = 2018278


@dataclass
class FakePost:
    post_id: str
    message: str = ""
    link: str = ""
    photo_url: str = ""
    photo_bytes: bytes | None = None
    reactions: int = 0
    comments: int = 0
    shares: int = 0
    reach: int = 0
    created: float = field(default_factory=time.time)

    @property
    def is_photo(self) -> bool:
        return bool(self.photo_url or self.photo_bytes)


def graph_error(message: str, code: int, *, subcode: int | None = None, kind: str = "OAuthException", **more) -> dict:
    """Graph's error body: `message`, `type`, `code`, optional `error_subcode`, `fbtrace_id`."""
    error = {"message": message, "type": kind, "code": code, **more, "fbtrace_id": "AbCdEfFakeTrace"}
    if subcode is not None:
        error["error_subcode"] = subcode
    return {"error": error}


class FakeGraph(FakeServer):
    """A stateful fake on 127.0.0.1 with a free port, served from a daemon thread."""

    MODES = frozenset(MODES)

    def __init__(
        self, *, page_id: str = "61550000000000123", token: str = "EAAG-fake-page-token",  # noqa: S107 (a fake's)
        stall_seconds: float = 2.0, regain_minutes: int = 7, page_name: str = "Công đoàn Công ty A",
    ):  # fmt: skip
        super().__init__()
        self.page_id = page_id
        self.page_name = page_name
        self.token = token
        self.token_owner_id = page_id  # who `GET /me` says the token belongs to: set a user's id to fake a user token
        self.stall_seconds = stall_seconds
        self.regain_minutes = regain_minutes
        self.posts: dict[str, FakePost] = {}
        self.deleted: set[str] = set()
        self.permissions = set(WRITE_PERMISSIONS) | {"read_insights", "pages_messaging"}
        self.app_secret = secrets.token_hex(16)
        self.messages: list[dict] = []  # Messenger sends: {"psid", "text", "messaging_type", "tag", "message_id"}
        self.closed_windows: dict[str, bool] = {}  # psid -> whether HUMAN_AGENT is refused too
        self.requests: list[dict] = []  # {"method", "path", "params"} of each request, token left out
        self._session = "valid"
        self._ids = itertools.count(122_100_000_000_000_001)  # beyond 2**53, as Facebook's are

    # -- set-up -----------------------------------------------------------------------

    def add_post(self, **fields) -> FakePost:
        post = FakePost(f"{self.page_id}_{next(self._ids)}", **fields)
        self.posts[post.post_id] = post
        return post

    def expire_token(self) -> None:
        """The long-lived token ran out (60 days unused, or the admin's session ended)."""
        self._session = "expired"

    def revoke_token(self) -> None:
        """The admin changed password or removed the app: every call is refused."""
        self._session = "revoked"

    def remove_permission(self, name: str) -> None:
        self.permissions.discard(name)

    def close_window(self, psid: str, *, human_agent: bool = False) -> None:
        """The person's last message is over 24 hours old (`human_agent`: over 7 days)."""
        self.closed_windows[str(psid)] = human_agent

    def signed_event(
        self, psid: str, text: str = "", *, attachments: list | None = None, mid: str = "",
        timestamp_ms: int | None = None, app_secret: str | None = None,
    ) -> tuple[bytes, dict]:  # fmt: skip
        """A person's message to the Page, signed as Meta would POST it; their window opens
        again. `app_secret` signs with another secret (a forged notification)."""
        self.closed_windows.pop(str(psid), None)
        payload = messaging_event(self.page_id, psid, text, attachments=attachments, mid=mid, timestamp_ms=timestamp_ms)
        return sign_payload(payload, app_secret=app_secret or self.app_secret)

    def handler_class(self):
        return _handler_for(self)

    # -- protocol ---------------------------------------------------------------------

    def _token_refusal(self, token: str | None) -> dict | None:
        if not token:
            return graph_error("An access token is required to request this resource.", 104)
        if token != self.token:
            return graph_error(f"Malformed access token {token}", 190)
        if self._session == "expired":
            return graph_error(
                "Error validating access token: Session has expired on Monday, 01-Jun-26.", 190, subcode=463
            )
        if self._session == "revoked":
            return graph_error(
                "Error validating access token: The session has been invalidated because the user changed their "
                "password or Facebook has changed the session for security reasons.",
                190, subcode=460,
            )  # fmt: skip
        return None

    def answer(self, method: str, path: str, params: dict, token: str | None) -> tuple[int, object, dict]:
        """(status, body, headers) for one request; a str body is sent as HTML."""
        path = VERSION_RE.sub("", path).strip("/")
        self.requests.append(
            {"method": method, "path": path, "params": {k: v for k, v in params.items() if k != "source"}}
        )
        refusal = self._token_refusal(token)
        if refusal:
            return 400, refusal, {"WWW-Authenticate": 'OAuth "Facebook Platform" "invalid_token"'}
        fault = self._next_fault()
        if fault == "server_error":
            return 500, graph_error("An unexpected error has occurred. Please retry your request later.", 2,
                                    is_transient=True), {}  # fmt: skip
        if fault == "bad_gateway":
            return 502, "<html><body>502 Bad Gateway</body></html>", {}
        if fault == "rate_limit":
            usage = {self.page_id: [{"type": "pages", "call_count": 100, "total_cputime": 12, "total_time": 15,
                                     "estimated_time_to_regain_access": self.regain_minutes}]}  # fmt: skip
            body = graph_error("(#32) Page request limit reached", 32, kind="OAuthException")
            return 400, body, {"X-Business-Use-Case-Usage": json.dumps(usage)}
        if fault == "app_rate_limit":
            return 403, graph_error("(#4) Application request limit reached", 4, is_transient=True), {
                "X-App-Usage": json.dumps({"call_count": 100, "total_cputime": 3, "total_time": 4})
            }  # fmt: skip
        if fault == "stall":
            self._closing.wait(self.stall_seconds)
        if fault == "not_json":
            return 200, "<html><body>Sorry, something went wrong.</body></html>", {}
        status, body = self._route(method, path, params)
        if fault == "drop_field" and status == 200:
            for key in ("id", "post_id", "name", "reactions", "comments", "success", "message_id"):
                body.pop(key, None)
        return status, body, {}

    def _route(self, method: str, path: str, params: dict) -> tuple[int, dict]:
        parts = path.split("/")
        if parts[0] in (self.page_id, "me") and len(parts) == 2 and method == "POST" and parts[1] == "messages":
            return self._send_message(params)
        if parts[0] == self.page_id and len(parts) == 2 and method == "POST":
            if parts[1] == "feed":
                return self._publish(params)
            if parts[1] == "photos":
                return self._publish_photo(params)
        if parts == [self.page_id] and method == "GET":
            return 200, self._read_page(params.get("fields", "id"))
        if parts == ["me"] and method == "GET":
            return 200, {**self._read_page(params.get("fields", "id")), "id": self.token_owner_id}
        if parts == [self.page_id, "posts"] and method == "GET":
            return 200, self._list_posts(params)
        if parts[0] in self.deleted or (parts[0] not in self.posts and "_" in parts[0]):
            return 400, graph_error(
                f"Unsupported {method.lower()} request. Object with ID '{parts[0]}' does not exist, cannot be loaded "
                "due to missing permissions, or does not support this operation.",
                100, subcode=33, kind="GraphMethodException",
            )  # fmt: skip
        post = self.posts.get(parts[0])
        if post is None:
            return 400, graph_error("(#803) Some of the aliases you requested do not exist", 803)
        if len(parts) == 2 and parts[1] == "insights" and method == "GET":
            return self._insights(post, params)
        if len(parts) == 1 and method == "GET":
            return 200, self._read(post, params.get("fields", "id"))
        if len(parts) == 1 and method == "POST":
            return self._edit(post, params)
        if len(parts) == 1 and method == "DELETE":
            return self._delete(post)
        return 400, graph_error("(#100) Unknown path components", 100)

    def _write_refusal(self) -> tuple[int, dict] | None:
        if WRITE_PERMISSIONS <= self.permissions:
            return None
        return 403, graph_error(
            "(#200) If posting to a page, requires both pages_read_engagement and pages_manage_posts as an admin "
            "with sufficient administrative permission",
            200,
        )  # fmt: skip

    def _publish(self, params: dict) -> tuple[int, dict]:
        refusal = self._write_refusal()
        if refusal:
            return refusal
        if not params.get("message") and not params.get("link"):
            return 400, graph_error("(#100) Missing message or attachment.", 100)
        post = self.add_post(message=params.get("message", ""), link=params.get("link", ""))
        return 200, {"id": post.post_id}

    def _publish_photo(self, params: dict) -> tuple[int, dict]:
        refusal = self._write_refusal()
        if refusal:
            return refusal
        if not params.get("url") and not params.get("source"):
            return 400, graph_error("(#324) Requires upload file", 324)
        source = params.get("source")
        post = self.add_post(message=params.get("caption", ""), photo_url=params.get("url", ""), photo_bytes=source)
        return 200, {"id": str(next(self._ids)), "post_id": post.post_id}

    def _send_message(self, params: dict) -> tuple[int, dict]:
        """The Send API: a text to a PSID, within the person's window or tagged."""
        if "pages_messaging" not in self.permissions:
            return 403, graph_error("(#200) Requires pages_messaging permission to manage the object", 200)
        recipient, message = params.get("recipient"), params.get("message")
        if isinstance(recipient, str) or isinstance(message, str):  # form-encoded: JSON in each field
            try:
                recipient, message = json.loads(recipient or "null"), json.loads(message or "null")
            except ValueError:
                recipient = message = None
        psid = str((recipient or {}).get("id") or "") if isinstance(recipient, dict) else ""
        text = (message or {}).get("text") if isinstance(message, dict) else None
        kind, tag = params.get("messaging_type"), params.get("tag") or ""
        if not psid or kind not in MESSAGING_TYPES or (kind == "MESSAGE_TAG") != bool(tag):
            return 400, graph_error("(#100) Invalid parameter", 100, kind="OAuthException")
        if not isinstance(text, str) or not text or len(text) > 2000:
            return 400, graph_error("(#100) Length of param message[text] must be less than or equal to 2000", 100)
        if psid in self.closed_windows and (tag != "HUMAN_AGENT" or self.closed_windows[psid]):
            return 400, graph_error(
                "(#10) This message is sent outside of allowed window. Learn more about the new policy here: "
                "https://developers.facebook.com/docs/messenger-platform/policy-overview",
                10, subcode=OUTSIDE_WINDOW_SUBCODE,
            )  # fmt: skip
        sent_id = f"m_Fake{next(self._ids)}"
        self.messages.append({"psid": psid, "text": text, "messaging_type": kind, "tag": tag, "message_id": sent_id})
        return 200, {"recipient_id": psid, "message_id": sent_id}

    def _read(self, post: FakePost, fields: str) -> dict:
        body: dict = {"id": post.post_id}
        names = {field.split(".")[0] for field in fields.split(",")}
        if "permalink_url" in names:
            body["permalink_url"] = f"https://www.facebook.com/{self.page_id}/posts/pfbid0Fake{post.post_id[-6:]}"
        if "message" in names:
            body["message"] = post.message
        if "reactions" in names:
            body["reactions"] = {"data": [], "summary": {"total_count": post.reactions, "viewer_reaction": "NONE"}}
        if "comments" in names:
            body["comments"] = {"data": [], "summary": {"order": "ranked", "total_count": post.comments,
                                                        "can_comment": True}}  # fmt: skip
        if "shares" in names and post.shares:  # Graph leaves shares out when nobody shared
            body["shares"] = {"count": post.shares}
        return body

    def _list_posts(self, params: dict) -> dict:
        """The Page's posts, newest first, created at or after `since` (a UNIX time), a page
        at a time: `paging.cursors.after` and `paging.next` while more remain."""
        since = float(params.get("since") or 0)
        limit = min(int(params.get("limit") or 25), 100)
        posts = sorted((p for p in self.posts.values() if p.created >= since), key=lambda p: p.created, reverse=True)
        start = int(params.get("after") or 0)
        fields = params.get("fields", "id")
        paging: dict = {}
        if start + limit < len(posts):
            after = str(start + limit)
            paging = {"cursors": {"after": after}, "next": f"{self.base_url}/{self.page_id}/posts?after={after}"}
        return {"data": [self._read(post, fields) for post in posts[start : start + limit]], "paging": paging}

    def _read_page(self, fields: str) -> dict:
        body = {"id": self.page_id}
        if "name" in fields.split(","):
            body["name"] = self.page_name
        return body

    def _edit(self, post: FakePost, params: dict) -> tuple[int, dict]:
        refusal = self._write_refusal()
        if refusal:
            return refusal
        if post.is_photo:
            return 400, graph_error("(#100) Cannot edit the message of this post", 100, kind="GraphMethodException")
        post.message = params.get("message", post.message)
        return 200, {"success": True}

    def _delete(self, post: FakePost) -> tuple[int, dict]:
        refusal = self._write_refusal()
        if refusal:
            return refusal
        self.deleted.add(post.post_id)
        del self.posts[post.post_id]
        return 200, {"success": True}

    def _insights(self, post: FakePost, params: dict) -> tuple[int, dict]:
        if "read_insights" not in self.permissions:
            return 403, graph_error("(#10) Requires read_insights permission", 10)
        metrics = [m for m in params.get("metric", "").split(",") if m]
        if not metrics or set(metrics) - VALID_METRICS:
            return 400, graph_error("(#100) The value must be a valid insights metric", 100)
        data = [
            {
                "name": metric, "period": "lifetime", "values": [{"value": post.reach}],
                "title": "Lifetime Post Total Media Viewers", "description": "Lifetime: unique viewers",
                "id": f"{post.post_id}/insights/{metric}/lifetime",
            }
            for metric in metrics
        ]  # fmt: skip
        return 200, {"data": data, "paging": {}}


def messaging_event(
    page_id: str, psid: str, text: str = "", *, attachments: list | None = None, mid: str = "",
    timestamp_ms: int | None = None,
) -> dict:  # fmt: skip
    """A notification of one person's message to a Page, in the shape of
    integration-facts.md §2.1."""
    now = int(time.time() * 1000)
    timestamp = timestamp_ms if timestamp_ms is not None else now
    message: dict = {"mid": mid or f"m_{secrets.token_urlsafe(24)}"}
    if text:
        message["text"] = text
    if attachments:
        message["attachments"] = attachments
    event = {"sender": {"id": psid}, "recipient": {"id": page_id}, "timestamp": timestamp, "message": message}
    return {"object": "page", "entry": [{"id": page_id, "time": max(now, timestamp), "messaging": [event]}]}


def sign_payload(payload: dict, *, app_secret: str) -> tuple[bytes, dict]:
    """The body Meta would POST and its headers: `X-Hub-Signature-256` is `sha256=` and
    the HMAC-SHA256 of the body keyed with the App Secret (§2.1)."""
    body = json.dumps(payload, ensure_ascii=False).encode()
    signature = hmac.new(app_secret.encode(), body, hashlib.sha256).hexdigest()
    return body, {"Content-Type": "application/json", "X-Hub-Signature-256": f"sha256={signature}"}


def _form(handler: BaseHTTPRequestHandler) -> dict:
    """The request's body parameters: url-encoded, JSON, or multipart (files as bytes)."""
    length = int(handler.headers.get("Content-Length") or 0)
    raw = handler.rfile.read(length) if length else b""
    content_type = handler.headers.get("Content-Type", "")
    if content_type.startswith("application/json"):
        try:
            body = json.loads(raw or b"{}")
        except ValueError:
            body = None
        return body if isinstance(body, dict) else {}
    if content_type.startswith("multipart/form-data"):
        message = BytesParser(policy=HTTP).parsebytes(f"Content-Type: {content_type}\r\n\r\n".encode() + raw)
        form = {}
        for part in message.iter_parts():
            name = part.get_param("name", header="content-disposition")
            payload = part.get_payload(decode=True)
            form[name] = payload if part.get_filename() else payload.decode()
        return form
    return {name: values[-1] for name, values in parse_qs(raw.decode()).items()}


def _handler_for(fake: FakeGraph) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def _serve(self, method: str) -> None:
            parsed = urlparse(self.path)
            params = {name: values[-1] for name, values in parse_qs(parsed.query).items()}
            if method == "POST":
                params.update(_form(self))
            auth = self.headers.get("Authorization", "")
            token = auth.removeprefix("Bearer ").strip() if auth.startswith("Bearer ") else None
            token = token or params.pop("access_token", None)
            params.pop("access_token", None)
            status, body, headers = fake.answer(method, parsed.path, params, token)
            if isinstance(body, str):
                payload, content_type = body.encode(), "text/html; charset=utf-8"
            else:
                payload, content_type = json.dumps(body).encode(), "application/json; charset=UTF-8"
            try:
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(payload)))
                for name, value in headers.items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(payload)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up (a stalled answer)

        def do_GET(self):  # noqa: N802 (http.server's names)
            self._serve("GET")

        def do_POST(self):  # noqa: N802
            self._serve("POST")

        def do_DELETE(self):  # noqa: N802
            self._serve("DELETE")

        def log_message(self, format, *args):  # noqa: A002 — keep test output quiet
            pass

    return Handler

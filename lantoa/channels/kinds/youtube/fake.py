"""A local stand-in for the YouTube Data API v3 (statistics reads), for tests and staging.

    with FakeYouTube(api_key="k") as fake:
        fake.add_video("dQw4w9WgXcQ", views=10, likes=2, comments=1)
        YouTubeClient("k", base_url=fake.base_url).video_statistics(["dQw4w9WgXcQ"])

It answers `GET /youtube/v3/channels` (by `id` or `forHandle`) and `GET /youtube/v3/videos`
(by `id`, at most 50) with Google's shapes: counts as strings, `items` left out of a
channels answer that matched nothing, unknown video ids silently absent. It checks the key
like Google (header `X-Goog-Api-Key` or query `key`): missing → 403 "missing a valid API
key", wrong or revoked → 400 "API key not valid" with ErrorInfo `API_KEY_INVALID`.
`misbehave(mode, times)` makes the next requests fail: "server_error" (503), "quota"
(403 quotaExceeded), "rate_limit" (403 rateLimitExceeded), "stall" (answers after
`stall_seconds`), "drop_field" (items without `statistics`), "not_json" (an HTML 200).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler
from urllib.parse import parse_qs, urlparse

from ..fakes import FakeServer

MODES = {"server_error", "quota", "rate_limit", "stall", "drop_field", "not_json"}
MAX_IDS = 50


@dataclass
class FakeChannel:
    channel_id: str
    handle: str = ""
    views: int = 0
    subscribers: int = 0
    videos: int = 0
    hidden_subscribers: bool = False

    def statistics(self) -> dict:
        stats = {"viewCount": str(self.views), "hiddenSubscriberCount": self.hidden_subscribers}
        if not self.hidden_subscribers:
            stats["subscriberCount"] = str(self.subscribers)
        stats["videoCount"] = str(self.videos)
        return stats


@dataclass
class FakeVideo:
    video_id: str
    views: int = 0
    likes: int | None = 0
    comments: int | None = 0

    def statistics(self) -> dict:
        stats = {"viewCount": str(self.views), "favoriteCount": "0"}
        if self.likes is not None:  # the owner hid the likes
            stats["likeCount"] = str(self.likes)
        if self.comments is not None:  # comments are turned off
            stats["commentCount"] = str(self.comments)
        return stats


def google_error(status: int, reason: str, message: str, *, domain: str = "youtube.quota", details=None) -> dict:
    """Google's JSON error body: `error.code`, `error.message`, `error.errors[]` (the legacy
    reasons) and, for key problems, `error.details[]` with an ErrorInfo."""
    error = {"code": status, "message": message, "errors": [{"message": message, "domain": domain, "reason": reason}]}
    if details:
        error["details"] = details
    return {"error": error}


class FakeYouTube(FakeServer):
    """A stateful fake on 127.0.0.1 with a free port, served from a daemon thread."""

    MODES = frozenset(MODES)

    def __init__(self, *, api_key: str = "fake-youtube-key", stall_seconds: float = 2.0):
        super().__init__()
        self.api_key = api_key
        self.stall_seconds = stall_seconds
        self.channels: dict[str, FakeChannel] = {}
        self.videos: dict[str, FakeVideo] = {}
        self.requests: list[dict] = []  # {"path", "params"} of every request, the key left out
        self._revoked = False

    # -- set-up -----------------------------------------------------------------------

    def add_channel(self, channel_id: str, **fields) -> FakeChannel:
        self.channels[channel_id] = FakeChannel(channel_id, **fields)
        return self.channels[channel_id]

    def add_video(self, video_id: str, **fields) -> FakeVideo:
        self.videos[video_id] = FakeVideo(video_id, **fields)
        return self.videos[video_id]

    def revoke_key(self) -> None:
        """The key was deleted or regenerated in Google Cloud: every call is refused."""
        self._revoked = True

    def handler_class(self):
        return _handler_for(self)

    # -- protocol ---------------------------------------------------------------------

    def answer(self, path: str, params: dict[str, str], header_key: str | None) -> tuple[int, object]:
        """(status, body) for one GET; the body is a dict, or a str for a non-JSON answer."""
        key = header_key or params.get("key")
        params.pop("key", None)
        self.requests.append({"path": path, "params": dict(params)})
        if not key:
            return 403, google_error(
                403, "forbidden", "The request is missing a valid API key.", domain="global"
            )  # fmt: skip
        if key != self.api_key or self._revoked:
            info = [{"@type": "type.googleapis.com/google.rpc.ErrorInfo", "reason": "API_KEY_INVALID"}]
            return 400, google_error(
                400, "badRequest", "API key not valid. Please pass a valid API key.", domain="global", details=info
            )  # fmt: skip
        fault = self._next_fault()
        if fault == "server_error":
            return 503, google_error(503, "backendError", "Backend Error", domain="global")
        if fault == "quota":
            return 403, google_error(
                403, "quotaExceeded", "The request cannot be completed because you have exceeded your quota."
            )  # fmt: skip
        if fault == "rate_limit":
            return 403, google_error(403, "rateLimitExceeded", "Rate Limit Exceeded", domain="usageLimits")
        if fault == "stall":
            self._closing.wait(self.stall_seconds)
        if fault == "not_json":
            return 200, "<html><body>Sorry…</body></html>"
        resource = path.removeprefix("/youtube/v3/")
        if resource not in ("channels", "videos"):
            return 404, google_error(404, "notFound", "Not Found", domain="global")
        if "part" not in params:
            return 400, google_error(400, "missingRequiredParameter", "No filter selected.", domain="youtube.parameter")
        status, body = self._list(resource, params)
        if fault == "drop_field":
            for item in body.get("items", []):
                item.pop("statistics", None)
        return status, body

    def _list(self, resource: str, params: dict[str, str]) -> tuple[int, dict]:
        ids = [value for value in params.get("id", "").split(",") if value]
        if resource == "videos":
            if len(ids) > MAX_IDS:
                return 400, google_error(
                    400, "invalidFilters", "The request specifies an invalid filter parameter.",
                    domain="youtube.parameter",
                )  # fmt: skip
            records = [self.videos[i] for i in ids if i in self.videos]
        elif "forHandle" in params:
            handle = params["forHandle"].lower()
            handle = handle if handle.startswith("@") else f"@{handle}"
            records = [c for c in self.channels.values() if c.handle.lower() == handle]
        else:
            records = [self.channels[i] for i in ids if i in self.channels]
        return 200, self._list_body(resource, params["part"], records)

    @staticmethod
    def _list_body(resource: str, part: str, records: list) -> dict:
        kind = "video" if resource == "videos" else "channel"
        items = []
        for record in records:
            item = {"kind": f"youtube#{kind}", "etag": "fake", "id": getattr(record, f"{kind}_id")}
            if "statistics" in part.split(","):
                item["statistics"] = record.statistics()
            items.append(item)
        body: dict = {
            "kind": f"youtube#{kind}ListResponse",
            "etag": "fake",
            "pageInfo": {"totalResults": len(items), "resultsPerPage": max(len(items), 5)},
        }
        if items or resource == "videos":
            body["items"] = items
        return body


def _handler_for(fake: FakeYouTube) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 (http.server's name)
            parsed = urlparse(self.path)
            params = {name: values[-1] for name, values in parse_qs(parsed.query).items()}
            status, body = fake.answer(parsed.path, params, self.headers.get("X-Goog-Api-Key"))
            if isinstance(body, str):
                payload, content_type = body.encode(), "text/html; charset=utf-8"
            else:
                payload, content_type = json.dumps(body).encode(), "application/json; charset=UTF-8"
            try:
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up (a stalled answer)

        def log_message(self, format, *args):  # noqa: A002 — keep test output quiet
            pass

    return Handler

"""What every channel adapter's client shares.

- `http_client()`: an `httpx.Client` with bounded timeouts (a stalled platform must not
  hold a worker), no redirects followed silently, a clear User-Agent.
- `PlatformError`: every refusal or failure of a platform, whatever its protocol, as one
  exception: a Vietnamese message an officer can act on, the platform's own code, whether
  trying again later may work (`retryable`: 5xx, timeouts, rate limits) and whether the
  channel must be connected again (`reconnect`: a revoked or expired credential).
- `Posted` and `PostStats`: what a publication and a statistics read give back.

Secrets (tokens, keys) are never part of a message, a log line or an exception text.
"""

from __future__ import annotations

import datetime
import functools
import ssl
from dataclasses import dataclass, field

import httpx

CONNECT_TIMEOUT = 5.0
READ_TIMEOUT = 20.0
USER_AGENT = "LanToa/1.0 (+https://github.com/lantoa)"


@functools.cache
def tls_context() -> ssl.SSLContext:
    """The system's certificate store, loaded once per process: loading it costs about
    20 ms, more than a whole call to a platform."""
    return httpx.create_ssl_context()


def http_client(*, timeout: float | None = None, transport: httpx.BaseTransport | None = None) -> httpx.Client:
    """A client for one platform call or a batch of them; close it (use `with`)."""
    read = timeout if timeout is not None else READ_TIMEOUT
    return httpx.Client(
        verify=tls_context(),
        timeout=httpx.Timeout(read, connect=min(CONNECT_TIMEOUT, read)),
        follow_redirects=False,
        headers={"User-Agent": USER_AGENT},
        transport=transport,
    )


class PlatformError(Exception):
    """A platform refused or failed a call. `message` is Vietnamese, for people."""

    def __init__(
        self, message: str, *, code: str = "", retryable: bool = False, reconnect: bool = False,
        retry_after: float | None = None,
    ):  # fmt: skip
        super().__init__(message)
        self.message = message
        self.code = str(code)
        self.retryable = retryable
        self.reconnect = reconnect
        self.retry_after = retry_after

    def __str__(self) -> str:
        return f"{self.message} (mã {self.code})" if self.code else self.message


@dataclass(frozen=True)
class Posted:
    """A publication the platform accepted: its id there and its public address."""

    external_id: str
    url: str = ""


@dataclass(frozen=True)
class PostStats:
    """What a platform says of one post at `fetched_at`; None where it gives no figure."""

    external_id: str
    fetched_at: datetime.datetime
    reactions: int | None = None
    comments: int | None = None
    shares: int | None = None
    reach: int | None = None
    views: int | None = None
    extra: dict = field(default_factory=dict)

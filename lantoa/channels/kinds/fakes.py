"""What every platform's fake server shares: a threaded HTTP server on a free local port, run
as a context manager, and a queue of faults ("misbehave") its handler consumes one per
request. Each kind's `fake.py` subclasses `FakeServer`, sets `MODES` and
`handler_class()`, and speaks its platform's protocol."""

from __future__ import annotations

import threading
from collections import deque
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class FakeServer:
    MODES: frozenset[str] = frozenset()

    def __init__(self):
        self._faults: deque[str] = deque()
        self._lock = threading.Lock()
        self._closing = threading.Event()  # set on exit: wakes handlers that stall
        self._server: ThreadingHTTPServer | None = None

    def handler_class(self) -> type[BaseHTTPRequestHandler]:
        raise NotImplementedError

    def misbehave(self, mode: str, times: int = 1) -> None:
        """The next `times` requests fail as `mode` says (one of MODES)."""
        if mode not in self.MODES:
            raise ValueError(f"unknown mode {mode!r}")
        with self._lock:
            self._faults.extend([mode] * times)

    def _next_fault(self) -> str | None:
        with self._lock:
            return self._faults.popleft() if self._faults else None

    @property
    def base_url(self) -> str:
        assert self._server is not None, f"use {type(self).__name__} as a context manager"
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def __enter__(self):
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self.handler_class())
        self._server.daemon_threads = True
        # a short poll so that leaving the `with` block takes milliseconds, not half a second
        threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True).start()
        return self

    def __exit__(self, *exc) -> None:
        self._closing.set()
        assert self._server is not None
        self._server.shutdown()
        self._server.server_close()

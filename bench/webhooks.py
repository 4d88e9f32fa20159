"""The inbox's webhook intake under `make run`'s server (issue 14, Speed and robustness).

On a fresh SQLite DATA_DIR: migrate, one province with a connected Zalo OA (its OA secret
key sealed as the connect flow seals it). Then `manage.py serve` (DEBUG off, its task
worker beside it, settings `bench.bare_settings`: the site's URLs plus a bare view) on a free
port, and Debian's `wrk -t2 -c32 --latency` against

- `/bench/bare`: a Django view answering a constant, the ceiling of server + middleware;
- `POST /webhooks/zalo/` with one correctly signed follower message, sent again and again
  (Zalo's redeliveries: the signature is checked, the OA's key unsealed, the event found
  already stored): the BENCH figures;
- the same with a distinct message per request (bodies signed beforehand, read by the Lua
  script): each request stores a new event and enqueues its task, and the worker turns
  them into cases at the same time; printed beside, no target.

Then 1,000 deliveries of one new event, 32 at a time (httpx in threads), the worker left to
finish, and the messages of that event counted: one.

    python -m bench.webhooks        (also run by `make bench`)

Environment: BENCH_WRK_DURATION (default 10s), BENCH_KEEP=1 to keep the directory.
wrk, the server, its worker and this script share the machine's cores; a miss is reported,
never asserted.
"""

from __future__ import annotations

import concurrent.futures
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.imports import environment

ROOT = Path(__file__).resolve().parent.parent
APP_ID = "1234567890123456789"
OA_ID = "4318405112431112345"
OA_KEY = "bench-oa-secret-key"
USER_ID = "2468458835296197922"
TARGET_RPS, TARGET_P99_MS = 300, 100
WRK = ["wrk", "-t2", "-c32", "--latency", "--timeout", "10s"]
UNIQUE_BODIES = 40_000  # more than 10 s of requests can use
REDELIVERIES, AT_ONCE = 1000, 32

# Each wrk thread reads the signed bodies (one "signature<TAB>body" a line) and sends every
# `threads`-th one from its own offset, so that no two requests carry the same message.
UNIQUE_LUA = """
local counter = 0
local threads = {}
function setup(thread)
  thread:set("index", counter)
  counter = counter + 1
  table.insert(threads, thread)
end
function init(args)
  bodies, signatures = {}, {}
  for line in io.lines(args[1]) do
    local tab = line:find("\\t", 1, true)
    table.insert(signatures, line:sub(1, tab - 1))
    table.insert(bodies, line:sub(tab + 1))
  end
  position = index + 1
  step = tonumber(args[2])
end
function request()
  local i = position
  position = position + step
  if position > #bodies then position = index + 1 end
  return wrk.format("POST", nil, {["Content-Type"] = "application/json",
                                  ["X-ZEvent-Signature"] = signatures[i]}, bodies[i])
end
"""


def out(line: str = "") -> None:
    print(line, flush=True)


def signed(msg_id: str, text: str = "Công ty chậm lương tháng này hai tuần rồi.") -> tuple[bytes, str]:
    from lantoa.channels.kinds.zalo_oa.fake import message_event, sign_event

    event = message_event(app_id=APP_ID, oa_id=OA_ID, user_id=USER_ID, text=text, msg_id=msg_id)
    body, headers = sign_event(event, app_id=APP_ID, oa_secret_key=OA_KEY)
    return body, headers["X-ZEvent-Signature"]


def build(data_dir: str) -> None:
    """Migrate; one province and its connected Zalo OA."""
    env = environment(data_dir)
    subprocess.run([sys.executable, "manage.py", "migrate", "--no-input", "-v", "0"], cwd=ROOT, env=env, check=True)  # noqa: S603
    os.environ.update(env)
    import datetime

    import django

    django.setup()
    from django.db import connections

    from lantoa.channels.connections import do_connect
    from lantoa.channels.models import Channel, ChannelKind
    from lantoa.org.actions import do_create_unit
    from lantoa.org.models import UnitKind

    province = do_create_unit(code="LDLD-VL", kind=UnitKind.PROVINCIAL, name="LĐLĐ Vĩnh Long", parent=None,
                              valid_from=datetime.date(2020, 1, 1))  # fmt: skip
    oa = Channel.objects.create(unit=province, kind=ChannelKind.ZALO_OA, name="Zalo OA LĐLĐ Vĩnh Long")
    do_connect(oa, account_id=OA_ID, secrets={"access_token": "bench", "oa_secret_key": OA_KEY})
    connections.close_all()  # the server is another process; this one keeps no lock


def write_scripts(data_dir: str) -> tuple[Path, Path, Path]:
    """The Lua scripts of the two webhook runs and the file of distinct signed bodies."""
    body, signature = signed("bench0redelivered")
    escape = body.decode().replace("\\", "\\\\").replace('"', '\\"')
    same = Path(data_dir) / "same.lua"
    same.write_text(
        'wrk.method = "POST"\n'
        f'wrk.body = "{escape}"\n'
        'wrk.headers["Content-Type"] = "application/json"\n'
        f'wrk.headers["X-ZEvent-Signature"] = "{signature}"\n'
    )
    unique = Path(data_dir) / "unique.lua"
    unique.write_text(UNIQUE_LUA)
    bodies = Path(data_dir) / "bodies.tsv"
    with bodies.open("w") as lines:
        for number in range(UNIQUE_BODIES):
            body, signature = signed(f"bench{number:08x}", f"Tin nhắn thử số {number}: công ty chậm trả lương.")
            lines.write(f"{signature}\t{body.decode()}\n")
    return same, unique, bodies


def wrk(base: str, path: str, duration: str, script: Path | None = None, *script_args: str) -> tuple[float, float]:
    """(requests per second, p99 latency in ms); answers other than 2xx/3xx void the figure."""
    command = [*WRK, f"-d{duration}", *(["-s", str(script)] if script else []), base + path]
    if script_args:
        command += ["--", *script_args]
    report = subprocess.run(command, capture_output=True, text=True, check=True).stdout  # noqa: S603
    if re.search(r"Non-2xx or 3xx responses: (\d+)", report):
        raise SystemExit(f"wrk saw failed answers on {path}:\n{report}")
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", report).group(1))
    p99 = milliseconds(re.search(r"^\s*99%\s+(\S+)", report, re.M).group(1))
    errors = re.search(r"Socket errors: (.*)", report)
    latency = re.search(r"Latency\s+(\S+)\s+(\S+)\s+(\S+)", report)
    out(f"#   {path}: {rps:.0f} req/s, latency mean {latency.group(1)}, p99 {p99:.1f} ms, max {latency.group(3)}"
        + (f"; socket errors: {errors.group(1)}" if errors else ""))  # fmt: skip
    return rps, p99


def milliseconds(text: str) -> float:
    value, unit = re.match(r"([\d.]+)(us|ms|s|m)", text).groups()
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}[unit]


def redeliver(base: str) -> tuple[int, dict[int, int]]:
    """One new event POSTed REDELIVERIES times, AT_ONCE at a time; (messages made, answers)."""
    import httpx

    body, signature = signed("bench0redelivered1000x")
    headers = {"Content-Type": "application/json", "X-ZEvent-Signature": signature}
    answers: dict[int, int] = {}
    limits = httpx.Limits(max_connections=AT_ONCE, max_keepalive_connections=AT_ONCE)
    with httpx.Client(base_url=base, limits=limits, timeout=30) as client:
        with concurrent.futures.ThreadPoolExecutor(AT_ONCE) as pool:
            for status in pool.map(lambda _i: client.post("/webhooks/zalo/", content=body, headers=headers).status_code,
                                   range(REDELIVERIES)):  # fmt: skip
                answers[status] = answers.get(status, 0) + 1
    return messages_of("zalo:bench0redelivered1000x"), answers


def warm_up(base: str) -> None:
    """The redelivered event's first delivery, left to the worker (which loads the
    classifier then) before the clock starts: the runs measure the intake, not that."""
    import httpx

    body, signature = signed("bench0redelivered")
    headers = {"Content-Type": "application/json", "X-ZEvent-Signature": signature}
    for _ in range(20):  # every web process and thread past its first request
        httpx.post(base + "/webhooks/zalo/", content=body, headers=headers, timeout=30).raise_for_status()
    if messages_of("zalo:bench0redelivered") != 1:
        raise SystemExit("the warm-up event did not become one message")


def messages_of(key: str, wait_s: float = 120) -> int:
    """The messages made from the event stored under `key`, once the worker processed it."""
    from django.db import connections

    from lantoa.inbox.models import Message, RawEvent

    deadline = time.monotonic() + wait_s
    while time.monotonic() < deadline:
        raw = RawEvent.objects.filter(key=key).first()
        if raw is not None and raw.processed_at is not None:
            break
        connections.close_all()
        time.sleep(0.5)
    count = Message.objects.filter(external_id=key.split(":", 1)[1]).count()  # however it came to be stored
    connections.close_all()
    return count


def main() -> int:
    if shutil.which("wrk") is None:
        out("# inbox_webhook_*: skipped (wrk is not installed: `sudo apt-get install -y wrk`)")
        return 0
    from bench.portal import Server

    duration = os.environ.get("BENCH_WRK_DURATION", "10s")
    server = os.environ.get("LANTOA_WEB_SERVER") or "gunicorn"  # serve.default_server() on Linux
    os.environ.update(LANTOA_ZALO_APP_ID=APP_ID, LANTOA_ZALO_APP_SECRET="bench-app-secret")  # noqa: S106
    data_dir = tempfile.mkdtemp(prefix="lantoa-bench-webhooks-")
    try:
        build(data_dir)
        same, unique, bodies = write_scripts(data_dir)
        with Server(data_dir, server, cache_seconds=0) as web:
            web.check("/bench/bare", "ok")
            warm_up(web.base)
            bare_rps, bare_p99 = wrk(web.base, "/bench/bare", duration)
            rps, p99 = wrk(web.base, "/webhooks/zalo/", duration, same)
            unique_rps, unique_p99 = wrk(web.base, "/webhooks/zalo/", duration, unique, str(bodies), "2")
            messages, answers = redeliver(web.base)
    finally:
        if os.environ.get("BENCH_KEEP"):
            out(f"# webhook data kept in {data_dir}")
        else:
            shutil.rmtree(data_dir, ignore_errors=True)
    setting = f"{server}, sqlite, {os.cpu_count()} cores, wrk -t2 -c32 -d{duration}"
    out(f"BENCH inbox_webhook_rps {rps:.0f} req/s (signed Zalo event, redelivered; {setting}; target >= {TARGET_RPS})")
    out(f"BENCH inbox_webhook_p99_ms {p99:.1f} ms (same run; target <= {TARGET_P99_MS})")
    out(f"BENCH inbox_bare_view_rps {bare_rps:.0f} req/s (/bench/bare, same server; p99 {bare_p99:.1f} ms)")
    out(f"#   distinct messages: {unique_rps:.0f} req/s, p99 {unique_p99:.1f} ms (each stored and enqueued)")
    met = rps >= TARGET_RPS and p99 <= TARGET_P99_MS
    out(f"#   target >= {TARGET_RPS} req/s with p99 <= {TARGET_P99_MS} ms: {'met' if met else 'MISSED'}")
    out(f"#   {REDELIVERIES} deliveries, {AT_ONCE} at a time: answers {answers}")
    out(f"BENCH inbox_redeliveries_messages {messages} (target 1)")
    return 0 if messages == 1 else 1


if __name__ == "__main__":
    sys.exit(main())

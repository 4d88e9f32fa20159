"""Peak memory of the web server while it imports a hostile channel workbook (issue #8, §5).

Starts the server as `make run` does (`manage.py serve`, DEBUG off, SQLite in a temporary
DATA_DIR, after `migrate`; static files are not collected, the import does not need them),
with one grassroots unit and a unit officer who may import channels. Signs in over HTTP
(CSRF token, session cookie), uploads to `channels_xlsx_import` a workbook of 5,000 rows
that share one 30,000-character invalid «Loại kênh» cell (about 90 KB: the cell is stored
once, in the shared strings), then the same rows as openpyxl writes them (the cell inline on
every row: 150 MB unpacked) and a workbook of 200,000 cell formats, and reads the peak
resident memory of the `serve` process (VmHWM in /proc/<pid>/status, Linux) after them.
Before the bounds, such a file drove the server to 15.8 GB.

    python -m bench.imports        (also run by `make bench`)

Prints `BENCH import_peak_memory_mb <value> MB` and its target as a comment; a miss is
reported, never asserted.
"""

from __future__ import annotations

import http.cookiejar
import io
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
import uuid
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

from bench.run import worker_env

ROOT = Path(__file__).resolve().parent.parent
TARGET_MB = 500
ROWS = 5_000
CELL_CHARS = 30_000
USERNAME, PASSWORD = "coso.bench", "mat-khau-bench-123"

SETUP = f"""
import datetime, django
django.setup()
from django.contrib.auth import get_user_model
from lantoa.org.actions import do_assign_role, do_create_unit
from lantoa.org.models import RoleKind, UnitKind
unit = do_create_unit(code="CDCS-BENCH", kind=UnitKind.GRASSROOTS, name="CĐCS Công ty Bench", parent=None,
                      valid_from=datetime.date(2020, 1, 1))
user = get_user_model().objects.create_user({USERNAME!r}, "bench@example.vn", {PASSWORD!r})
do_assign_role(user=user, unit=unit, kind=RoleKind.UNIT_OFFICER, actor=None)
"""


def out(line: str = "") -> None:
    print(line, flush=True)


HEADERS = ("Mã đơn vị", "Loại kênh", "Tên kênh", "Vị trí")  # the file format's columns
LONG_CELL = "Nhóm Zalo " + "x" * (CELL_CHARS - 10)  # no channel kind


def shared_string_workbook() -> bytes:
    """5,000 rows whose «Loại kênh» cells all point at one 30,000-character shared string: the
    attack of the issue (the file is small, and small once unpacked)."""
    strings = [*HEADERS, "CDCS-BENCH", LONG_CELL, "Cổng"]
    index = {text: n for n, text in enumerate(strings)}

    def shared(ref: str, text: str) -> str:
        return f'<c r="{ref}" t="s"><v>{index[text]}</v></c>'

    def inline(ref: str, text: str) -> str:
        return f'<c r="{ref}" t="inlineStr"><is><t>{escape(text)}</t></is></c>'

    rows = ['<row r="1">' + "".join(shared(f"{c}1", h) for c, h in zip("ABCD", HEADERS, strict=True)) + "</row>"]
    for n in range(2, ROWS + 2):
        cells = shared(f"A{n}", "CDCS-BENCH") + shared(f"B{n}", LONG_CELL)
        rows.append(f'<row r="{n}">{cells}{inline(f"C{n}", f"Kênh {n}")}{shared(f"D{n}", "Cổng")}</row>')
    sst = "".join(f"<si><t>{escape(text)}</t></si>" for text in strings)
    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    parts = {
        "[Content_Types].xml": (
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/worksheets/sheet1.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
            '<Override PartName="/xl/sharedStrings.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
            "</Types>"
        ),
        "_rels/.rels": (
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{rel}/officeDocument" Target="xl/workbook.xml"/></Relationships>'
        ),
        "xl/workbook.xml": (
            f'<workbook xmlns="{main}" xmlns:r="{rel}"><sheets>'
            '<sheet name="Kênh truyền thông" sheetId="1" r:id="rId1"/></sheets></workbook>'
        ),
        "xl/_rels/workbook.xml.rels": (
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{rel}/worksheet" Target="worksheets/sheet1.xml"/>'
            f'<Relationship Id="rId2" Type="{rel}/sharedStrings" Target="sharedStrings.xml"/></Relationships>'
        ),
        "xl/worksheets/sheet1.xml": f'<worksheet xmlns="{main}"><sheetData>{"".join(rows)}</sheetData></worksheet>',
        "xl/sharedStrings.xml": f'<sst xmlns="{main}" count="{len(strings)}" uniqueCount="{len(strings)}">{sst}</sst>',
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, xml in parts.items():
            archive.writestr(name, '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' + xml)
    return buffer.getvalue()


def inline_string_workbook() -> bytes:
    """The same rows as openpyxl writes them: the long cell repeated inline on every row
    (150 MB once unpacked, under 300 KB packed)."""
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(list(HEADERS))
    for n in range(2, ROWS + 2):
        sheet.append(["CDCS-BENCH", LONG_CELL, f"Kênh {n}", "Cổng"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def bloated_styles_workbook() -> bytes:
    """A small valid workbook whose styles part holds 200,000 cell formats (19 MB unpacked,
    70 KB packed): read whole, it cost openpyxl 420 MB."""
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.active.append(list(HEADERS))
    buffer = io.BytesIO()
    workbook.save(buffer)
    xf = b'<xf numFmtId="0" fontId="0" fillId="0" borderId="0" applyAlignment="1"><alignment wrapText="1"/></xf>'
    out = io.BytesIO()
    with zipfile.ZipFile(buffer) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "xl/styles.xml":
                data = re.sub(rb'<cellXfs count="\d+">', b'<cellXfs count="200001">' + xf * 200_000, data)
            target.writestr(info, data)
    return out.getvalue()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def environment(data_dir: str) -> dict[str, str]:
    """The benchmarks' server environment (bench.run), plain HTTP on localhost."""
    env = worker_env(data_dir, None)
    for name in ("HTTPS", "SECURE_SSL_REDIRECT", "BEHIND_PROXY"):
        env.pop(name, None)
    return env


def peak_rss_mb(pid: int) -> float:
    """The process's peak resident memory so far (VmHWM), in MB."""
    status = Path(f"/proc/{pid}/status").read_text()
    kilobytes = int(re.search(r"^VmHWM:\s+(\d+) kB", status, re.M).group(1))
    return kilobytes / 1024


def wait_until_up(base: str, server: subprocess.Popen, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"the server stopped (exit status {server.returncode})")
        try:
            with urllib.request.urlopen(f"{base}/healthz", timeout=2):  # noqa: S310 - our local server
                return
        except OSError:
            time.sleep(0.5)
    raise SystemExit("the server did not answer /healthz in time")


class Browser:
    """Just enough of a browser: cookies, the CSRF token of the last form, form and file posts."""

    def __init__(self, base: str):
        self.base = base
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.cookies))

    def get(self, path: str) -> str:
        with self.opener.open(self.base + path, timeout=60) as response:
            return response.read().decode()

    def post(self, path: str, body: bytes, content_type: str, timeout: float) -> tuple[int, bytes]:
        headers = {"Content-Type": content_type, "Referer": self.base + path}
        request = urllib.request.Request(self.base + path, data=body, headers=headers)  # noqa: S310 - our local server
        with self.opener.open(request, timeout=timeout) as response:
            return response.status, response.read()

    @staticmethod
    def csrf_token(html: str) -> str:
        return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)

    def log_in(self, username: str, password: str) -> None:
        token = self.csrf_token(self.get("/admin/login/"))
        form = urllib.parse.urlencode({"csrfmiddlewaretoken": token, "username": username, "password": password})
        self.post("/admin/login/", form.encode(), "application/x-www-form-urlencoded", timeout=60)
        if "sessionid" not in {cookie.name for cookie in self.cookies}:
            raise SystemExit("could not sign in")

    def upload(self, path: str, filename: str, content: bytes, timeout: float) -> tuple[int, bytes]:
        token = self.csrf_token(self.get(path))
        boundary = uuid.uuid4().hex
        part = f"--{boundary}\r\nContent-Disposition: form-data; name="
        body = b"".join(
            [
                f'{part}"csrfmiddlewaretoken"\r\n\r\n{token}\r\n'.encode(),
                f'{part}"file"; filename="{filename}"\r\n'.encode(),
                b"Content-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet\r\n\r\n",
                content,
                f"\r\n--{boundary}--\r\n".encode(),
            ]
        )
        return self.post(path, body, f"multipart/form-data; boundary={boundary}", timeout=timeout)


def outcome(page: bytes) -> str:
    """What the import page said: its summary or the reason the file was refused."""
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page.decode()))
    found = re.search(r"Kết quả nhập (.{0,200})", text)
    return found.group(1).split(" Về sổ kênh")[0].strip() if found else "no import result on the page"


def measure(data_dir: str) -> float:
    env = environment(data_dir)
    manage = [sys.executable, "manage.py"]
    subprocess.run([*manage, "migrate", "--no-input", "-v", "0"], cwd=ROOT, env=env, check=True)  # noqa: S603
    subprocess.run([sys.executable, "-c", SETUP], cwd=ROOT, env=env, check=True)  # noqa: S603
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    log = open(Path(data_dir) / "serve.log", "wb")  # noqa: SIM115 - closed below
    server = subprocess.Popen(  # noqa: S603
        [*manage, "serve", "--port", str(port)], cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT
    )
    try:
        wait_until_up(base, server)
        browser = Browser(base)
        browser.log_in(USERNAME, PASSWORD)
        out(f"# serve pid {server.pid}: peak {peak_rss_mb(server.pid):.0f} MB after start and sign-in")
        for label, content in (
            ("shared string", shared_string_workbook()),
            ("inline strings", inline_string_workbook()),
            ("bloated cell formats", bloated_styles_workbook()),
        ):
            started = time.perf_counter()
            status, page = browser.upload("/admin/channels-xlsx/import/", "kenh.xlsx", content, timeout=600)
            seconds = time.perf_counter() - started
            out(f"# {label}: {len(content) / 1024:.0f} KB file, answered {status} in {seconds:.1f} s")
            out(f"#   {len(page) / 1024:.0f} KB page ({outcome(page)}); peak {peak_rss_mb(server.pid):.0f} MB")
        return peak_rss_mb(server.pid)
    except BaseException:
        out("# the server's output:\n" + (Path(data_dir) / "serve.log").read_text(errors="replace")[-3000:])
        raise
    finally:
        # SIGINT, as Ctrl-C under `make run`: `serve` stops its worker before it exits.
        server.send_signal(signal.SIGINT)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()


def main() -> int:
    if not Path("/proc/self/status").exists():
        out("# import_peak_memory_mb: skipped (needs Linux /proc)")
        return 0
    data_dir = tempfile.mkdtemp(prefix="lantoa-bench-import-")
    try:
        peak = measure(data_dir)
    finally:
        shutil.rmtree(data_dir, ignore_errors=True)
    out(f"BENCH import_peak_memory_mb {peak:.0f} MB")
    out(f"#   target <= {TARGET_MB} MB: {'met' if peak <= TARGET_MB else 'MISSED'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""(Re)make the user guide's screenshots (`make guide`).

On a throwaway database (a temporary folder as DATA_DIR, never the real one): migrate, load
the demo province, serve it from a thread, log in as each demo role with the system
Chromium and screenshot every screen of the guide's registry (lantoa.workspace.guide) at
1280×900, written compressed into lantoa/workspace/static/workspace/guide/.
"""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from lantoa.demo.province import PASSWORD

INNER = "LANTOA_GUIDE_INNER"
OUT_DIR = Path(__file__).resolve().parents[2] / "static" / "workspace" / "guide"
VIEWPORT = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}


class Command(BaseCommand):
    help = "Chụp lại ảnh màn hình của hướng dẫn sử dụng trên dữ liệu mẫu, trong một cơ sở dữ liệu tạm."

    def add_arguments(self, parser):
        parser.add_argument("--only", action="append", default=[], help="Chỉ chụp màn hình có mã này (lặp lại được).")
        parser.add_argument("--phone", action="store_true", help="Chụp thêm ảnh khổ điện thoại (390 px).")

    def handle(self, *, only, phone, **options):
        if os.environ.get(INNER) != "1":
            self.run_on_throwaway_database(only, phone)
        else:
            self.make_screenshots(only, phone)

    # --- Outer process: a temporary DATA_DIR, then this command again inside it --------

    def run_on_throwaway_database(self, only, phone):
        started = time.monotonic()
        folder = Path(tempfile.mkdtemp(prefix="lantoa-guide-"))
        env = {
            **os.environ,
            INNER: "1",
            "DATA_DIR": str(folder),
            "SQLITE_PATH": str(folder / "guide.sqlite3"),
            "TASKS_BACKEND": "django_tasks.backends.immediate.ImmediateBackend",
            "DJANGO_SETTINGS_MODULE": "lantoa.settings",
            "DJANGO_ALLOW_ASYNC_UNSAFE": "true",  # Playwright's sync API runs an event loop in this thread
            "DEBUG": "0",
            "HTTPS": "0",
            "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",  # the demo's e-mails stay unsent
        }
        env.pop("DATABASE_URL", None)
        argv = [sys.executable, str(settings.BASE_DIR / "manage.py"), "make_guide"]
        argv += [arg for key in only for arg in ("--only", key)]
        argv += ["--phone"] if phone else []
        try:
            result = subprocess.run(argv, env=env, cwd=settings.BASE_DIR, check=False)  # noqa: S603 - this command itself
        finally:
            shutil.rmtree(folder, ignore_errors=True)
        if result.returncode:
            raise CommandError("Không chụp được ảnh màn hình của hướng dẫn (xem lỗi ở trên).")
        self.stdout.write(f"Xong trong {time.monotonic() - started:.0f} giây.")

    # --- Inner process: demo, server thread, browser ---------------------------------

    def make_screenshots(self, only, phone):
        from lantoa.workspace.guide import SHOTS

        data_dir = Path(settings.DATA_DIR)
        if not data_dir.name.startswith("lantoa-guide-"):
            raise CommandError("make_guide chỉ chạy trên cơ sở dữ liệu tạm do chính lệnh này tạo.")
        unknown = set(only) - set(SHOTS)
        if unknown:
            raise CommandError(f"Không có màn hình: {', '.join(sorted(unknown))}")
        shots = [shot for shot in SHOTS.values() if not only or shot.key in only]

        self.stdout.write("Tạo cơ sở dữ liệu tạm và nạp dữ liệu mẫu…")
        call_command("migrate", interactive=False, verbosity=0)
        from lantoa.demo.province import load_demo_province

        load_demo_province()
        urls = {shot.key: shot.url() for shot in shots}  # looked up before the browser's loop starts

        server, base = serve_in_thread()
        OUT_DIR.mkdir(parents=True, exist_ok=True)
        try:
            self.drive_browser(shots, urls, base, phone)
        finally:
            server.close()
        total = sum(path.stat().st_size for path in OUT_DIR.glob("*.png"))
        self.stdout.write(self.style.SUCCESS(f"{len(shots)} ảnh; tổng dung lượng các ảnh: {total / 1024:.0f} KB."))

    def drive_browser(self, shots, urls, base, phone):
        from playwright.sync_api import sync_playwright

        from lantoa.browser_fixtures import ARGS, CHROMIUM

        by_user: dict[str, list] = {}
        for shot in shots:
            by_user.setdefault(shot.username, []).append(shot)
        problems = []
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            try:
                sizes = [("", VIEWPORT)] + ([("-390", PHONE)] if phone else [])
                for suffix, viewport in sizes:
                    for username, user_shots in by_user.items():
                        context = browser.new_context(locale="vi-VN", viewport=viewport)
                        page = context.new_page()
                        page.set_default_timeout(30_000)
                        try:
                            log_in(page, base, username)
                            for shot in user_shots:
                                problem = self.take(page, base + urls[shot.key], shot, suffix)
                                if problem:
                                    problems.append(problem)
                        finally:
                            context.close()
            finally:
                browser.close()
        for problem in problems:
            self.stderr.write(problem)
        if problems:
            raise CommandError(f"{len(problems)} màn hình không như hướng dẫn ghi.")

    def take(self, page, url, shot, suffix) -> str | None:
        response = page.goto(url)
        page.wait_for_load_state("load")
        status = response.status if response else 0
        heading = " ".join(page.locator("h1").all_inner_texts())
        path = OUT_DIR / f"{shot.key}{suffix}.png"
        write_png(page.screenshot(animations="disabled", full_page=shot.full_page), path)
        self.stdout.write(f"  {shot.username:15} {path.name:32} {path.stat().st_size / 1024:6.0f} KB  {url}")
        if status != 200 or shot.heading not in heading:
            return f"{shot.key}: {url} trả về {status}, tiêu đề “{heading}” (chờ “{shot.heading}”)"
        return None


def log_in(page, base, username):
    page.goto(f"{base}/admin/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/admin/")


def serve_in_thread():
    """Waitress on a free port of 127.0.0.1, in a daemon thread (closed by the caller)."""
    from waitress.server import create_server

    from lantoa.wsgi import application

    server = create_server(application, host="127.0.0.1", port=0, threads=4)
    threading.Thread(target=server.run, daemon=True).start()
    return server, f"http://127.0.0.1:{server.effective_port}"


def write_png(data: bytes, path: Path) -> None:
    """A palette PNG (256 colours): screens of flat colours and text stay sharp at a
    fraction of the size Chromium writes."""
    from PIL import Image

    image = Image.open(io.BytesIO(data)).convert("RGB")
    image.quantize(colors=256, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE).save(path, optimize=True)

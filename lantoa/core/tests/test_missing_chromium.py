"""`make test` on a machine without Chromium: the browser tests are skipped with one line
saying how to install it, never Playwright's stack trace; the Makefile's helper installs it
when run as root, or prints that one line."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
from django.conf import settings

from lantoa import browser_fixtures

SCRIPT = Path(settings.BASE_DIR) / "scripts" / "ensure_chromium.sh"


class Item:
    def __init__(self, *markers):
        self.keywords = dict.fromkeys(markers, True)
        self.markers = []

    def add_marker(self, marker):
        self.markers.append(marker)


class Config:
    def __init__(self):
        self.stash = pytest.Stash()


class Reporter:
    def __init__(self):
        self.lines = []

    def write_line(self, line, **markup):
        self.lines.append(line)


# On the PostgreSQL pass the same hook also skips browser tests ("SQLite pass only").
@pytest.mark.sqlite_only
def test_without_chromium_browser_tests_are_skipped_with_one_line_naming_the_install(monkeypatch, tmp_path):
    monkeypatch.setattr(browser_fixtures, "CHROMIUM", str(tmp_path / "chromium"))
    browser_test, other_test = Item("browser"), Item()
    config = Config()
    browser_fixtures.pytest_collection_modifyitems(config, [browser_test, other_test])

    [skip] = browser_test.markers
    assert skip.name == "skip" and "apt-get install -y chromium" in skip.kwargs["reason"]
    assert other_test.markers == []
    reporter = Reporter()
    browser_fixtures.pytest_terminal_summary(reporter, 0, config)
    assert len(reporter.lines) == 1
    assert reporter.lines[0].startswith("1 browser test(s) skipped: Chromium is missing at ")
    assert reporter.lines[0].endswith("install it with: sudo apt-get install -y chromium")


@pytest.mark.sqlite_only
def test_with_chromium_nothing_is_skipped_or_said(monkeypatch, tmp_path):
    chromium = tmp_path / "chromium"
    chromium.write_text("#!/bin/sh\n")
    chromium.chmod(0o755)
    monkeypatch.setattr(browser_fixtures, "CHROMIUM", str(chromium))
    browser_test, config, reporter = Item("browser"), Config(), Reporter()
    browser_fixtures.pytest_collection_modifyitems(config, [browser_test])
    browser_fixtures.pytest_terminal_summary(reporter, 0, config)
    assert [marker.name for marker in browser_test.markers if marker.name == "skip"] == []
    assert reporter.lines == []


def run_script(chromium: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "LANTOA_CHROMIUM": str(chromium), "LANTOA_INSTALL_CHROMIUM": "0"}
    return subprocess.run(["sh", str(SCRIPT)], env=env, capture_output=True, text=True, check=False)  # noqa: S603, S607


def test_the_makefile_helper_says_in_one_line_how_to_install_chromium(tmp_path):
    result = run_script(tmp_path / "chromium")
    assert result.returncode == 0
    assert result.stderr == ""
    assert result.stdout.splitlines() == [
        f"Browser tests will be skipped: Chromium is missing at {tmp_path / 'chromium'}; "
        "install it with: sudo apt-get install -y chromium"
    ]


def test_the_makefile_helper_is_silent_when_chromium_is_there(tmp_path):
    chromium = tmp_path / "chromium"
    chromium.write_text("#!/bin/sh\n")
    chromium.chmod(0o755)
    result = run_script(chromium)
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")


def test_make_test_runs_the_helper_first():
    makefile = (Path(settings.BASE_DIR) / "Makefile").read_text()
    recipe = makefile.split("\ntest: install\n", 1)[1].split("\n\n", 1)[0]
    assert recipe.splitlines()[0].strip() == "@sh scripts/ensure_chromium.sh"

"""Transport security comes from the environment (off for `make run` on http://127.0.0.1,
on in production), `check --deploy` is clean with the production variables, and every
response carries a Content-Security-Policy: strict on the sign-in pages and the public site,
loosened on the admin for inline styles only, with Wagtail's inline scripts carrying the nonce."""

from __future__ import annotations

import json
import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from lantoa.org import actions
from lantoa.org.models import RoleKind
from lantoa.org.tests.factories import fresh, make_unit, make_user

ROOT = Path(settings.BASE_DIR)
PRODUCTION = {
    "DEBUG": "false",
    "HTTPS": "true",
    "BEHIND_PROXY": "true",
    "ALLOWED_HOSTS": "lantoa.congdoan.example.vn",
    "CSRF_TRUSTED_ORIGINS": "https://lantoa.congdoan.example.vn",
    "BASE_URL": "https://lantoa.congdoan.example.vn",
}
SHOWN = [
    "SESSION_COOKIE_SECURE",
    "CSRF_COOKIE_SECURE",
    "SECURE_SSL_REDIRECT",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_PROXY_SSL_HEADER",
    "AXES_IPWARE_META_PRECEDENCE_ORDER",
]


def clean_env(tmp_path, **variables) -> dict:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {*PRODUCTION, "SECRET_KEY", "SECURE_SSL_REDIRECT", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    env.update(DJANGO_SETTINGS_MODULE="lantoa.settings", DATA_DIR=str(tmp_path), **variables)
    return env


def settings_under(tmp_path, **variables) -> dict:
    code = (
        "import django, json; django.setup(); from django.conf import settings as s; "
        f"print(json.dumps({{n: getattr(s, n) for n in {SHOWN!r}}}))"
    )
    done = subprocess.run(  # noqa: S603 - our own interpreter and manage.py
        [sys.executable, "-c", code], cwd=ROOT, env=clean_env(tmp_path, **variables), capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_make_run_on_plain_http_keeps_cookies_and_redirects_off(tmp_path):
    values = settings_under(tmp_path)
    assert not values["SESSION_COOKIE_SECURE"] and not values["CSRF_COOKIE_SECURE"]
    assert not values["SECURE_SSL_REDIRECT"] and values["SECURE_HSTS_SECONDS"] == 0
    assert values["SECURE_PROXY_SSL_HEADER"] is None
    assert values["AXES_IPWARE_META_PRECEDENCE_ORDER"] == ["REMOTE_ADDR"]


def test_the_production_variables_turn_on_secure_cookies_hsts_redirect_and_the_proxy_header(tmp_path):
    values = settings_under(tmp_path, **PRODUCTION)
    assert values["SESSION_COOKIE_SECURE"] and values["CSRF_COOKIE_SECURE"] and values["SECURE_SSL_REDIRECT"]
    assert values["SECURE_HSTS_SECONDS"] >= 31_536_000 and values["SECURE_HSTS_INCLUDE_SUBDOMAINS"]
    assert values["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]
    # Behind the proxy the throttle counts the client's address, not the proxy's.
    assert values["AXES_IPWARE_META_PRECEDENCE_ORDER"][0] == "HTTP_X_FORWARDED_FOR"


def test_check_deploy_is_clean_with_the_production_variables(tmp_path):
    env = clean_env(tmp_path, SECRET_KEY=secrets.token_urlsafe(64), **PRODUCTION)
    done = subprocess.run(  # noqa: S603 - our own interpreter and manage.py
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "System check identified no issues" in done.stdout


# --- Content-Security-Policy


def policy(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in header.split(";") if part.strip()}


def assert_strict(response):
    directives = policy(response)
    assert all("'unsafe-inline'" not in v and "'unsafe-eval'" not in v for v in directives.values()), directives
    assert directives["script-src"][0] == "'self'" and directives["style-src"] == ["'self'"]
    assert directives["object-src"] == ["'none'"] and directives["base-uri"] == ["'self'"]
    assert directives["frame-ancestors"] == ["'self'"] and directives["form-action"] == ["'self'"]


def inline_script_nonces(html: str) -> list[str | None]:
    """The nonce of every script that runs inline (JSON data blocks do not run)."""
    found = []
    for attrs in re.findall(r"<script\b([^>]*)>", html):
        if "src=" in attrs or "application/json" in attrs:
            continue
        match = re.search(r'nonce="([^"]*)"', attrs)
        found.append(match.group(1) if match else None)
    return found


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["wagtailadmin_login", "wagtailcore_login"])
def test_the_sign_in_pages_get_the_strict_policy(client, url):
    assert_strict(client.get(reverse(url)))


@pytest.mark.django_db
def test_the_locked_out_sign_in_page_gets_the_strict_policy_too(client):
    for _ in range(10):
        response = client.post(reverse("wagtailadmin_login"), {"username": "ai.do", "password": "sai"})
    assert response.status_code == 429
    assert_strict(response)


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/", "/healthz", "/documents/1/x.pdf", "/khong-co-trang-nay/"])
def test_public_answers_get_the_strict_policy(client, path):
    assert_strict(client.get(path))


@pytest.fixture
def officer(db):
    unit = make_unit(None, "grassroots", "Công đoàn cơ sở Công ty TNHH May Sông Tiền")
    user = make_user("songtien.canbo")
    actions.do_assign_role(user=user, unit=unit, kind=RoleKind.UNIT_OFFICER, actor=None)
    return fresh(user)


def test_the_admin_allows_inline_styles_but_no_inline_script_without_the_nonce(client, officer):
    client.force_login(officer)
    directives = policy(client.get(reverse("wagtailadmin_home")))
    assert directives["style-src"] == ["'self'", "'unsafe-inline'"]
    assert "'unsafe-inline'" not in directives["script-src"] and "'unsafe-eval'" not in directives["script-src"]
    assert directives["object-src"] == ["'none'"] and directives["base-uri"] == ["'self'"]


@pytest.mark.parametrize(
    ("url", "has_scripts"),
    [
        ("/admin/channels/new/", False),
        ("/admin/plans/list/new/", True),  # inline panels, date pickers, unit choosers
    ],
)
def test_wagtails_inline_scripts_in_admin_forms_carry_the_nonce_of_the_response(client, officer, url, has_scripts):
    client.force_login(officer)
    response = client.get(url)
    assert response.status_code == 200
    nonces = [v[len("'nonce-") : -1] for v in policy(response)["script-src"] if v.startswith("'nonce-")]
    scripts = inline_script_nonces(response.content.decode())
    assert all(found in nonces for found in scripts), scripts
    assert bool(scripts) == has_scripts

"""A failing send never shows a credential: neither a log line of any logger at DEBUG (httpx
and httpcore included), nor a task result's traceback, nor the publication's error, the
connection's problem, the officers' notices and e-mails, nor the pages staff open
afterwards (the article's publications, the channel's page, the task screen).

Each case publishes an article on a Facebook page and a Zalo OA connected to their local
fakes, which then fail as the case says, through the inline task backend of the tests and
through the database backend run by a worker (whose failed attempts keep a traceback)."""

from __future__ import annotations

import datetime
import io
import logging

import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from openpyxl import load_workbook
from wagtail.models import ModelLogEntry

from lantoa.channels.connections import do_connect
from lantoa.channels.kinds import base
from lantoa.channels.kinds.facebook_page.fake import FakeGraph
from lantoa.channels.kinds.zalo_oa.fake import FakeZalo
from lantoa.channels.models import Channel, ChannelKind, Connection, Publication, PublicationStatus
from lantoa.lib.testing import DB_TASKS, run_worker_batch, use_tasks_settings
from lantoa.portal.tests import portal_world
from lantoa.portal.tests.portal_world import publish_article
from lantoa.workspace.models import Notification

pytestmark = [pytest.mark.django_db, pytest.mark.sqlite_only]

portal, media_root = portal_world.portal, portal_world.media_root  # the portal's fixtures
PAGE_ID, PAGE_TOKEN = "61550000000000123", "EAAG-trang-phu-khuong-bi-mat-0451"
STRANGE_TOKEN = "EAAG-ma-la-bi-mat-khong-ai-biet-9913"  # stored, but Graph does not know it
WINDOW = 12  # a secret cut short still counts: no 12 characters of it in a row may show


# --- Everything that could carry a secret ------------------------------------------------


class Everything(logging.Handler):
    """Every record of every logger, formatted with its traceback and its extra fields."""

    def __init__(self):
        super().__init__(level=logging.DEBUG)
        self.lines: list[str] = []
        self.setFormatter(logging.Formatter("%(name)s %(levelname)s %(message)s"))

    def emit(self, record):
        self.lines.append(self.format(record))
        self.lines.append(repr({k: v for k, v in vars(record).items() if k not in ("msg", "args")}))
        self.lines.append(repr(record.msg))
        self.lines.append(repr(record.args))


@pytest.fixture
def every_log(caplog):
    """The root logger and every named logger at DEBUG, each one feeding `Everything` (a
    logger that does not propagate gets it too); logging as it was afterwards."""
    handler = Everything()
    root = logging.getLogger()
    loggers = [logger for logger in root.manager.loggerDict.values() if isinstance(logger, logging.Logger)]
    for name in ("httpx", "httpcore", "django.request", "django_tasks", "django_tasks_db", "lantoa"):
        loggers.append(logging.getLogger(name))
    saved = [(logger, logger.level, logger.disabled) for logger in loggers]
    saved_root, saved_disable = root.level, root.manager.disable
    logging.disable(logging.NOTSET)
    caplog.set_level(logging.DEBUG)
    root.setLevel(logging.DEBUG)
    root.addHandler(handler)
    quiet = [logger for logger in loggers if not logger.propagate]
    for logger in loggers:
        logger.setLevel(logging.DEBUG)
        logger.disabled = False
    for logger in quiet:
        logger.addHandler(handler)
    yield handler
    for logger in quiet:
        logger.removeHandler(handler)
    root.removeHandler(handler)
    root.setLevel(saved_root)
    logging.disable(saved_disable)
    for logger, level, disabled in saved:
        logger.setLevel(level)
        logger.disabled = disabled


@pytest.fixture(params=["inline", "worker"])
def backend(request, settings):
    """The tests' inline backend (all attempts at once), or the database backend whose
    ready tasks a worker runs in this process (a retry waits for its back-off)."""
    if request.param == "inline":
        yield request.param
        return
    original = settings.TASKS
    use_tasks_settings(settings, DB_TASKS)
    yield request.param
    use_tasks_settings(settings, original)


# --- The world: a page and an OA of the commune, connected to their fakes -----------------


@pytest.fixture
def fast_timeouts(monkeypatch):
    monkeypatch.setattr(base, "READ_TIMEOUT", 0.3)  # a stalled fake gives up in a blink


@pytest.fixture
def graph(settings, fast_timeouts):
    with FakeGraph(page_id=PAGE_ID, token=PAGE_TOKEN, stall_seconds=3.0) as fake:
        settings.LANTOA_FACEBOOK_GRAPH_URL = fake.base_url
        yield fake


@pytest.fixture
def zalo(settings, fast_timeouts):
    with FakeZalo() as fake:
        fake.state.stall_seconds = 0.6
        settings.LANTOA_ZALO_OPENAPI_URL = settings.LANTOA_ZALO_OAUTH_URL = fake.base_url
        settings.LANTOA_ZALO_APP_ID, settings.LANTOA_ZALO_APP_SECRET = fake.app_id, fake.app_secret
        yield fake


@pytest.fixture
def world(portal, graph, zalo):
    from lantoa.org import actions
    from lantoa.org.models import RoleKind
    from lantoa.org.tests.factories import fresh, make_user

    commune = portal["commune"]
    officer = make_user("phukhuong.canbo.kenh")
    actions.do_assign_role(user=officer, unit=commune, kind=RoleKind.UNIT_OFFICER, actor=None)
    page = Channel.objects.create(unit=commune, kind=ChannelKind.FACEBOOK_PAGE, name="Trang Công đoàn Phú Khương")
    oa = Channel.objects.create(unit=commune, kind=ChannelKind.ZALO_OA, name="Zalo OA Công đoàn Phú Khương")
    do_connect(page, account_id=PAGE_ID, secrets={"page_token": PAGE_TOKEN}, actor=portal["admin"])
    do_connect(
        oa, account_id="4318405112431112345",
        secrets={"access_token": zalo.access_token, "refresh_token": zalo.refresh_token},
        access_expires_at=timezone.now() + datetime.timedelta(hours=20), actor=portal["admin"],
    )  # fmt: skip
    return {**portal, "page": page, "oa": oa, "officer": fresh(officer)}


def secrets_in_play(world, graph, zalo) -> list[str]:
    """Every credential the fakes ever issued or expect, and every one stored."""
    found = {PAGE_TOKEN, STRANGE_TOKEN, graph.token, zalo.app_secret, settings.LANTOA_ZALO_APP_SECRET}
    found |= set(zalo.state.access_tokens) | set(zalo.state.refresh_tokens)
    for connection in Connection.objects.all():
        found.add(connection.sealed_secrets)
    return sorted(found)


# --- How the fakes fail ------------------------------------------------------------------


def graph_revoked(world, graph, zalo):
    graph.revoke_token()  # 190/460


def graph_strange_token(world, graph, zalo):
    """Graph's "Malformed access token …" quotes the token it was given."""
    do_connect(world["page"], account_id=PAGE_ID, secrets={"page_token": STRANGE_TOKEN})


def graph_down(world, graph, zalo):
    graph.misbehave("server_error", times=50)


def graph_bad_gateway(world, graph, zalo):
    graph.misbehave("bad_gateway", times=50)


def graph_stalls(world, graph, zalo):
    graph.misbehave("stall", times=50)


def zalo_refresh_refused(world, graph, zalo):
    """-216 for the access token, then the refresh token is refused (already used)."""
    zalo.expire_access_token()
    zalo.state.refresh_tokens[zalo.refresh_token] = "used"


def zalo_token_expiring_and_refresh_refused(world, graph, zalo):
    """The access token is about to expire: refreshed first, and the refresh is refused."""
    Connection.objects.filter(channel=world["oa"]).update(access_expires_at=timezone.now())
    zalo.state.refresh_tokens[zalo.refresh_token] = "used"


def zalo_revoked(world, graph, zalo):
    zalo.revoke()


def zalo_down(world, graph, zalo):
    zalo.misbehave("server_error", times=50)


def zalo_stalls(world, graph, zalo):
    zalo.misbehave("stall", times=50)


def zalo_wrong_app_secret(world, graph, zalo):
    """The site's app secret is not Zalo's: the refresh is refused (-14002)."""
    zalo.state.app_secret = "zalo-app-secret-that-zalo-forgot-7781"
    Connection.objects.filter(channel=world["oa"]).update(access_expires_at=timezone.now())


FAILURES = [
    graph_revoked,
    graph_strange_token,
    graph_down,
    graph_bad_gateway,
    graph_stalls,
    zalo_refresh_refused,
    zalo_token_expiring_and_refresh_refused,
    zalo_revoked,
    zalo_down,
    zalo_stalls,
    zalo_wrong_app_secret,
]


# --- The check ---------------------------------------------------------------------------


def leaks(secrets: list[str], haystack: dict[str, str]) -> list[str]:
    """ "secret … in place" for each secret (or WINDOW characters of it) found somewhere."""
    found = []
    for secret in secrets:
        pieces = {secret[i : i + WINDOW] for i in range(max(1, len(secret) - WINDOW + 1))}
        for place, text in haystack.items():
            if any(piece in text for piece in pieces):
                found.append(f"{secret[:6]}… in {place}")
    return found


def what_staff_see(client, world, article) -> dict[str, str]:
    pages = {}
    for who in ("superuser", "province_editor", "officer"):
        client.force_login(world[who])
        pages[f"publications page ({who})"] = client.get(reverse("channels_publications", args=[article.pk]))
        for name in ("page", "oa"):
            pages[f"{name} inspect page ({who})"] = client.get(reverse("channel:inspect", args=[world[name].pk]))
    client.force_login(world["superuser"])
    pages["task screen"] = client.get(reverse("lantoa_tasks"))
    pages["registry export"] = client.get(reverse("channels_xlsx_export"))
    for place, response in pages.items():
        assert response.status_code == 200 or "officer" in place, place
    return {place: readable(response) for place, response in pages.items()}


def readable(response) -> str:
    """A page's text, or every cell of a downloaded workbook."""
    if response["Content-Type"].startswith("text/html"):
        return response.content.decode()
    sheets = load_workbook(io.BytesIO(response.content), read_only=True).worksheets
    return "\n".join(str(cell) for sheet in sheets for row in sheet.iter_rows(values_only=True) for cell in row)


def stored_traces() -> dict[str, str]:
    return {
        f"task result {row.pk}": " ".join(
            str(value) for value in (row.traceback, row.exception_class_path, row.return_value, row.args_kwargs)
        )
        for row in DBTaskResult.objects.all()
    }


@pytest.mark.parametrize("fail", FAILURES, ids=[fail.__name__ for fail in FAILURES])
def test_no_credential_shows_anywhere_when_a_send_fails(
    fail, backend, world, graph, zalo, client, every_log, caplog, capfd, django_capture_on_commit_callbacks
):
    fail(world, graph, zalo)
    with django_capture_on_commit_callbacks(execute=True):
        article = publish_article(world["section"], 1, title="Ra quân Tháng Công nhân")
    if backend == "worker":
        for _round in range(2):  # the sends, then what their failures enqueued (the officers' e-mails)
            with django_capture_on_commit_callbacks(execute=True):
                run_worker_batch("may-kiem-tra-bi-mat")

    rows = {p.channel.kind: p for p in Publication.objects.filter(article=article).select_related("channel")}
    failed = rows[ChannelKind.ZALO_OA if fail.__name__.startswith("zalo") else ChannelKind.FACEBOOK_PAGE]
    assert failed.status == PublicationStatus.FAILED and failed.error  # the case did fail, and says why
    if backend == "worker":  # the failed attempt kept its traceback, which is searched below
        traces = DBTaskResult.objects.filter(task_path__endswith="send_publication", status="FAILED")
        assert any(failed.error in row.traceback for row in traces)

    haystack = {
        "log records": "\n".join(every_log.lines),
        "caplog": caplog.text + "\n".join(repr(vars(record)) for record in caplog.records),
        "publication errors": "\n".join(p.error for p in Publication.objects.all()),
        "connection problems": "\n".join(Connection.objects.values_list("problem", flat=True)),
        "notifications": "\n".join(f"{n.message} {n.url}" for n in Notification.objects.all()),
        "e-mails": "\n".join(f"{m.subject} {m.body} {getattr(m, 'alternatives', '')}" for m in mail.outbox),
        "audit log": "\n".join(str(entry.data) for entry in ModelLogEntry.objects.all()),
        **stored_traces(),
        **what_staff_see(client, world, article),
    }
    out, err = capfd.readouterr()
    haystack["stdout and stderr"] = out + err
    assert any(line.startswith("httpx INFO HTTP Request") for line in every_log.lines)  # httpx was heard
    assert any(line.startswith("httpcore") for line in every_log.lines)  # and httpcore at DEBUG
    assert failed.error in haystack["publications page (superuser)"]  # the pages searched show the failure
    assert leaks(secrets_in_play(world, graph, zalo), haystack) == []


def test_the_check_finds_a_token_that_a_log_line_would_show(world, graph, zalo, every_log):
    """The net catches what it is there for: a token logged whole, or cut short."""
    logging.getLogger("httpx").debug("GET %s?access_token=%s", graph.base_url, PAGE_TOKEN)
    logging.getLogger("lantoa.quiet").info("refresh %s…", zalo.refresh_token[:14])
    found = leaks(secrets_in_play(world, graph, zalo), {"log records": "\n".join(every_log.lines)})
    assert sorted(found) == sorted([f"{PAGE_TOKEN[:6]}… in log records", f"{zalo.refresh_token[:6]}… in log records"])

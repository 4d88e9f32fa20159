"""The mixed persona on the connection and publication routes: one account is editor of a
commune union and viewer of its province. It connects, disconnects, retries and confirms on
the commune's channels and articles; on the province's it reads and nothing more (404 on
every action, nothing changed, nothing logged), and no channel page shows it a secret."""

import datetime
from urllib.parse import urlsplit

import pytest
from django.test import Client
from django.urls import reverse
from wagtail.models import ModelLogEntry

from lantoa.channels import connect_views
from lantoa.channels.connections import CONNECT_ACTION, DISCONNECT_ACTION, do_connect, secrets_of
from lantoa.channels.kinds import adapters
from lantoa.channels.kinds.base import PlatformError, Posted
from lantoa.channels.kinds.facebook_page.fake import FakeGraph
from lantoa.channels.kinds.zalo_oa.fake import FakeZalo
from lantoa.channels.models import Channel, ChannelKind, Connection, Publication, PublicationStatus
from lantoa.org import actions
from lantoa.org.models import RoleKind
from lantoa.org.tests.factories import fresh, make_user
from lantoa.portal.tests import portal_world
from lantoa.portal.tests.portal_world import publish_article

pytestmark = pytest.mark.django_db

S = PublicationStatus
portal, media_root = portal_world.portal, portal_world.media_root  # the portal's fixtures
PAGE_ID = "61550000000000777"
PROVINCE_TOKEN = "EAAG-trang-tinh-bi-mat-5521"
PROVINCE_ZALO = {"access_token": "zalo-AT-tinh-bi-mat-8812", "refresh_token": "zalo-RT-tinh-bi-mat-3390"}
COMMUNE_TOKEN = "EAAG-trang-phuong-bi-mat-6604"


class FakeAdapter(adapters.Adapter):
    """Stands in for a platform's adapter: fails while it has failures, then posts."""

    sends = True

    def __init__(self, kind):
        self.kind = kind
        self.failures: list[PlatformError] = []
        self.posted = 0

    def publish(self, connection, content, *, resume=""):
        if self.failures:
            raise self.failures.pop(0)
        self.posted += 1
        return Posted(external_id=f"{self.kind}-{self.posted}", url=f"https://example.org/{self.kind}/{self.posted}")


@pytest.fixture
def platforms(monkeypatch):
    made = {kind: FakeAdapter(kind) for kind in (ChannelKind.FACEBOOK_PAGE, ChannelKind.ZALO_OA)}
    for kind, fake in made.items():
        monkeypatch.setitem(adapters.ADAPTERS, kind, fake)
    return made


@pytest.fixture
def mixed(portal):
    user = make_user("phukhuong.bientap.kenh")
    actions.do_assign_role(user=user, unit=portal["commune"], kind=RoleKind.EDITOR, actor=None)
    actions.do_assign_role(user=user, unit=portal["province"], kind=RoleKind.VIEWER, actor=None)
    return fresh(user)


@pytest.fixture
def world(portal, settings):
    """A page, an OA and a board on each level; the province's page and OA connected."""
    settings.LANTOA_ZALO_APP_ID, settings.LANTOA_ZALO_APP_SECRET = "1234567890123456789", "zalo-app-secret-tinh-4471"

    def channel(unit, kind, name):
        return Channel.objects.create(unit=portal[unit], kind=kind, name=name)

    made = {
        "province_page": channel("province", ChannelKind.FACEBOOK_PAGE, "Trang LĐLĐ tỉnh Vĩnh Long"),
        "province_oa": channel("province", ChannelKind.ZALO_OA, "Zalo OA LĐLĐ tỉnh Vĩnh Long"),
        "province_board": channel("province", ChannelKind.BULLETIN_BOARD, "Bảng tin trụ sở LĐLĐ tỉnh"),
        "commune_page": channel("commune", ChannelKind.FACEBOOK_PAGE, "Trang Công đoàn phường Phú Khương"),
        "commune_oa": channel("commune", ChannelKind.ZALO_OA, "Zalo OA Công đoàn phường Phú Khương"),
        "commune_board": channel("commune", ChannelKind.BULLETIN_BOARD, "Bảng tin khu phố 3"),
    }
    do_connect(made["province_page"], account_id=PAGE_ID, secrets={"page_token": PROVINCE_TOKEN}, actor=None)
    do_connect(made["province_oa"], account_id="4318", secrets=dict(PROVINCE_ZALO),
               access_expires_at=datetime.datetime(2030, 1, 1, tzinfo=datetime.UTC), actor=None)  # fmt: skip
    return {**portal, **made}


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def sealed(channel) -> str:
    return Connection.objects.get(channel=channel).sealed_secrets


def logged_by(user, *action_names) -> list:
    return list(ModelLogEntry.objects.filter(user_id=user.pk, action__in=action_names))


# --- Connecting and disconnecting ---------------------------------------------------------


def test_the_province_channels_can_be_neither_connected_nor_disconnected(world, mixed):
    client = signed_in(mixed)
    page, oa = world["province_page"], world["province_oa"]
    before = {channel.pk: sealed(channel) for channel in (page, oa)}
    facebook = reverse("channels_connect_facebook", args=[page.pk])
    assert client.get(facebook).status_code == 404
    assert client.post(facebook, {"page_id": PAGE_ID, "page_token": "EAAG-ma-cua-nguoi-khac"}).status_code == 404
    assert client.post(reverse("channels_connect_zalo", args=[oa.pk])).status_code == 404
    assert connect_views.ZALO_FLOW_KEY not in client.session
    for channel in (page, oa):
        assert client.post(reverse("channels_disconnect", args=[channel.pk])).status_code == 404
        assert sealed(channel) == before[channel.pk]  # still connected, same secrets
    assert secrets_of(Connection.objects.get(channel=page)) == {"page_token": PROVINCE_TOKEN}
    assert logged_by(mixed, CONNECT_ACTION, DISCONNECT_ACTION) == []


def test_the_oa_secret_key_is_stored_for_the_commune_oa_and_refused_for_the_province_oa(world, mixed):
    from lantoa.channels.connections import WEBHOOK_KEY_ACTION

    client = signed_in(mixed)
    province_key = reverse("channels_connect_zalo_key", args=[world["province_oa"].pk])
    assert client.get(province_key).status_code == 404
    assert client.post(province_key, {"oa_secret_key": "Khoa_cua_tinh-12345"}).status_code == 404
    assert secrets_of(Connection.objects.get(channel=world["province_oa"])) == PROVINCE_ZALO
    commune_oa = world["commune_oa"]
    do_connect(commune_oa, account_id="4319", secrets={"access_token": "AT-xa", "refresh_token": "RT-xa"}, actor=None)
    response = client.post(reverse("channels_connect_zalo_key", args=[commune_oa.pk]),
                           {"oa_secret_key": "Khoa_cua_phuong-6789"})  # fmt: skip
    assert response.status_code == 302
    assert secrets_of(Connection.objects.get(channel=commune_oa))["oa_secret_key"] == "Khoa_cua_phuong-6789"
    assert [entry.data for entry in logged_by(mixed, WEBHOOK_KEY_ACTION)] == [{"account_id": "4319"}]


def test_a_zalo_return_for_the_province_oa_is_refused(world, mixed):
    client = signed_in(mixed)
    oa = world["province_oa"]
    session = client.session
    session[connect_views.ZALO_FLOW_KEY] = {"state": "s", "verifier": "v" * 64, "channel": oa.pk}
    session.save()
    response = client.get(reverse("channels_connect_zalo_callback"), {"code": "c", "state": "s", "oa_id": "4318"})
    assert response.status_code == 404
    assert secrets_of(Connection.objects.get(channel=oa)) == PROVINCE_ZALO


def test_the_commune_channels_are_connected_and_disconnected_by_the_same_account(world, mixed, settings):
    client = signed_in(mixed)
    page, oa = world["commune_page"], world["commune_oa"]
    with FakeGraph(page_id=PAGE_ID, token=COMMUNE_TOKEN) as graph:
        settings.LANTOA_FACEBOOK_GRAPH_URL = graph.base_url
        response = client.post(
            reverse("channels_connect_facebook", args=[page.pk]), {"page_id": PAGE_ID, "page_token": COMMUNE_TOKEN}
        )
    assert response.status_code == 302
    connection = Connection.objects.get(channel=page)
    assert connection.connected_by == mixed and secrets_of(connection) == {"page_token": COMMUNE_TOKEN}
    with FakeZalo() as zalo:
        settings.LANTOA_ZALO_OAUTH_URL = zalo.base_url
        settings.LANTOA_ZALO_APP_ID, settings.LANTOA_ZALO_APP_SECRET = zalo.app_id, zalo.app_secret
        response = client.post(reverse("channels_connect_zalo", args=[oa.pk]))
    assert response.status_code == 302 and urlsplit(response["Location"]).path == "/v4/oa/permission"
    assert client.session[connect_views.ZALO_FLOW_KEY]["channel"] == oa.pk
    assert client.post(reverse("channels_disconnect", args=[page.pk])).status_code == 302
    assert not Connection.objects.filter(channel=page).exists()
    entries = sorted(logged_by(mixed, CONNECT_ACTION, DISCONNECT_ACTION), key=lambda entry: entry.pk)
    assert [entry.action for entry in entries] == [CONNECT_ACTION, DISCONNECT_ACTION]


# --- Retrying and confirming publications ------------------------------------------------


def publish(parent, n, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return publish_article(parent, n)


def rows(article) -> dict[int, Publication]:
    return {row.channel_id: row for row in Publication.objects.filter(article=article)}


@pytest.fixture
def articles(world, platforms, django_capture_on_commit_callbacks):
    """The province's article failed on its page; the commune's failed on its own (the
    commune's page is connected for the send); each waits for its board's confirmation."""
    do_connect(world["commune_page"], account_id=PAGE_ID, secrets={"page_token": COMMUNE_TOKEN}, actor=None)
    refusal = PlatformError("Facebook từ chối: thiếu nội dung bài.", code="100")
    platforms[ChannelKind.FACEBOOK_PAGE].failures = [refusal, refusal]
    province = publish(world["home"], 1, django_capture_on_commit_callbacks)
    commune = publish(world["section"], 2, django_capture_on_commit_callbacks)
    assert (province.unit_id, commune.unit_id) == (world["province"].pk, world["commune"].pk)
    for article, level in ((province, "province"), (commune, "commune")):
        found = rows(article)
        assert found[world[f"{level}_page"].pk].status == S.FAILED
        assert found[world[f"{level}_board"].pk].status == S.AWAITING_CONFIRMATION
    return {"province": province, "commune": commune}


def test_the_province_publications_are_shown_but_cannot_be_retried_or_confirmed(
    world, mixed, articles, django_capture_on_commit_callbacks
):
    client = signed_in(mixed)
    article = articles["province"]
    found = rows(article)
    failed, board = found[world["province_page"].pk], found[world["province_board"].pk]
    html = client.get(reverse("channels_publications", args=[article.pk])).content.decode()
    assert "Facebook từ chối: thiếu nội dung bài." in html and world["province_board"].name in html
    assert reverse("channels_publication_retry", args=[failed.pk]) not in html
    assert reverse("channels_publication_confirm", args=[board.pk]) not in html
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(reverse("channels_publication_retry", args=[failed.pk])).status_code == 404
    response = client.post(reverse("channels_publication_confirm", args=[board.pk]), {"url": "", "day": "03/11/2026"})
    assert response.status_code == 404
    failed.refresh_from_db()
    board.refresh_from_db()
    assert (failed.status, failed.attempts) == (S.FAILED, 1)
    assert (board.status, board.confirmed_by) == (S.AWAITING_CONFIRMATION, None)


def test_the_commune_publications_are_retried_and_confirmed(
    world, mixed, articles, platforms, django_capture_on_commit_callbacks
):
    client = signed_in(mixed)
    article = articles["commune"]
    found = rows(article)
    failed, board = found[world["commune_page"].pk], found[world["commune_board"].pk]
    html = client.get(reverse("channels_publications", args=[article.pk])).content.decode()
    assert reverse("channels_publication_retry", args=[failed.pk]) in html
    assert reverse("channels_publication_confirm", args=[board.pk]) in html
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("channels_publication_retry", args=[failed.pk]))
    assert response.status_code == 302
    failed.refresh_from_db()
    assert (failed.status, failed.attempts) == (S.PUBLISHED, 2)
    response = client.post(reverse("channels_publication_confirm", args=[board.pk]), {"url": "", "day": "03/11/2026"})
    assert response.status_code == 302
    board.refresh_from_db()
    assert (board.status, board.confirmed_by) == (S.PUBLISHED, mixed)


# --- The channel's page -------------------------------------------------------------------


def test_the_channel_pages_show_no_secret_and_offer_actions_only_below(world, mixed):
    do_connect(world["commune_page"], account_id=PAGE_ID, secrets={"page_token": COMMUNE_TOKEN}, actor=mixed)
    client = signed_in(mixed)
    secrets = [PROVINCE_TOKEN, *PROVINCE_ZALO.values(), COMMUNE_TOKEN, "zalo-app-secret-tinh-4471"]
    secrets += [sealed(world[name]) for name in ("province_page", "province_oa", "commune_page")]
    pages = {}
    for name in ("province_page", "province_oa", "commune_page", "commune_oa"):
        response = client.get(reverse("channel:inspect", args=[world[name].pk]))
        assert response.status_code == 200, name
        pages[name] = response.content.decode()
    assert [(name, secret[:6]) for name, html in pages.items() for secret in secrets if secret in html] == []
    for name in ("province_page", "province_oa"):
        assert world[name].name in pages[name] and "Đã kết nối" in pages[name]
        assert reverse("channels_disconnect", args=[world[name].pk]) not in pages[name]
    assert reverse("channels_connect_facebook", args=[world["province_page"].pk]) not in pages["province_page"]
    assert reverse("channels_connect_zalo", args=[world["province_oa"].pk]) not in pages["province_oa"]
    assert reverse("channels_disconnect", args=[world["commune_page"].pk]) in pages["commune_page"]
    assert reverse("channels_connect_facebook", args=[world["commune_page"].pk]) in pages["commune_page"]
    assert reverse("channels_connect_zalo", args=[world["commune_oa"].pk]) in pages["commune_oa"]

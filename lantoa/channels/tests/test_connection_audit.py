"""Connecting and disconnecting a channel are written in Wagtail's audit log against the
channel, with the person who did it and the account id, never a secret; the channel's
history shows them in Vietnamese."""

import json
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from django.urls import reverse
from wagtail.models import ModelLogEntry

from lantoa.channels.actions import do_save_channel
from lantoa.channels.connections import CONNECT_ACTION, DISCONNECT_ACTION, do_connect, do_disconnect
from lantoa.channels.kinds.facebook_page.fake import FakeGraph
from lantoa.channels.models import Channel, ChannelKind

pytestmark = pytest.mark.django_db

PAGE, TOKEN = "61550000000000123", "EAAGm0PX4ZCpsBA-audit-page-token-42"
OA_ID = "4318405112431112345"  # what FakeZalo's consent screen answers


@pytest.fixture
def page(tree, admin_user):
    return do_save_channel(Channel(), actor=admin_user, unit=tree["a"], kind=ChannelKind.FACEBOOK_PAGE,
                           name="Trang Facebook CĐCS A", address="https://www.facebook.com/congdoana")  # fmt: skip


@pytest.fixture
def oa(tree, admin_user):
    return do_save_channel(Channel(), actor=admin_user, unit=tree["a"], kind=ChannelKind.ZALO_OA,
                           name="Zalo OA CĐCS A", address=f"https://zalo.me/{OA_ID}")  # fmt: skip


@pytest.fixture
def graph(settings):
    with FakeGraph(page_id=PAGE, token=TOKEN) as fake:
        settings.LANTOA_FACEBOOK_GRAPH_URL = fake.base_url
        yield fake


def entries(channel, action):
    return list(ModelLogEntry.objects.for_instance(channel).filter(action=action))


def as_text(entry) -> str:
    """Everything an entry holds, as one string to search for secrets."""
    return json.dumps(
        {"data": entry.data, "label": entry.label, "content_changed": entry.content_changed, "uuid": str(entry.uuid)},
        default=str,
    )


def test_connecting_a_page_and_disconnecting_it_log_one_entry_each_with_the_officer(client, officer, page, graph):
    client.force_login(officer)
    response = client.post(reverse("channels_connect_facebook", args=[page.pk]), {"page_id": PAGE, "page_token": TOKEN})
    assert response.status_code == 302
    (connected,) = entries(page, CONNECT_ACTION)
    assert connected.user_id == officer.pk and connected.data == {"account_id": PAGE, "replaced": False}
    assert TOKEN not in as_text(connected)
    assert entries(page, DISCONNECT_ACTION) == []

    client.post(reverse("channels_disconnect", args=[page.pk]))
    (disconnected,) = entries(page, DISCONNECT_ACTION)
    assert disconnected.user_id == officer.pk and disconnected.data == {"account_id": PAGE}
    assert TOKEN not in as_text(disconnected)
    assert len(entries(page, CONNECT_ACTION)) == 1  # disconnecting added no second "connected"


def test_connecting_an_oa_through_zalo_logs_one_entry_without_its_tokens(client, officer, oa, zalo):
    client.force_login(officer)
    started = client.post(reverse("channels_connect_zalo", args=[oa.pk]))
    query = {key: values[0] for key, values in parse_qs(urlsplit(started["Location"]).query).items()}
    consent = httpx.get(f"{zalo.base_url}/v4/oa/permission", params=query).headers["Location"]
    answer = {key: values[0] for key, values in parse_qs(urlsplit(consent).query).items()}
    client.get(reverse("channels_connect_zalo_callback"), answer)
    (connected,) = entries(oa, CONNECT_ACTION)
    assert connected.user_id == officer.pk and connected.data == {"account_id": OA_ID, "replaced": False}
    secrets = [*zalo.state.access_tokens, *zalo.state.refresh_tokens, zalo.app_secret, answer["code"]]
    assert len(secrets) == 6  # the fake's first pair, the pair given to the OA, the app secret, the code
    text = as_text(connected)
    assert not [secret for secret in secrets if secret in text]


def test_a_reconnection_is_logged_as_replacing_and_an_idle_disconnect_logs_nothing(officer, admin_user, page):
    do_disconnect(page, actor=officer)  # nothing to cut
    assert entries(page, DISCONNECT_ACTION) == []
    do_connect(page, account_id=PAGE, secrets={"page_token": TOKEN}, actor=officer)
    do_connect(page, account_id=PAGE, secrets={"page_token": TOKEN + "-new"}, actor=admin_user)
    first, second = sorted(entries(page, CONNECT_ACTION), key=lambda entry: entry.pk)
    assert (first.user_id, first.data["replaced"]) == (officer.pk, False)
    assert (second.user_id, second.data["replaced"]) == (admin_user.pk, True)
    assert TOKEN not in as_text(second)


def test_the_channel_history_names_the_connection_in_vietnamese_and_never_the_token(client, admin_user, page):
    do_connect(page, account_id=PAGE, secrets={"page_token": TOKEN}, actor=admin_user)
    do_disconnect(page, actor=admin_user)
    client.force_login(admin_user)
    html = client.get(reverse("channel:history", args=[page.pk])).content.decode()
    assert "Đã kết nối kênh với tài khoản trên nền tảng" in html
    assert "Đã ngắt kết nối kênh với tài khoản trên nền tảng" in html
    assert TOKEN not in html

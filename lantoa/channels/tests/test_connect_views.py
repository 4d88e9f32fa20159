"""Connecting a channel to its platform account, against the local fakes: a Facebook page by
its page token (checked with Graph first), a Zalo OA through OAuth v4 with PKCE (state and
verifier kept in the session), disconnecting; refusals that store nothing, rights that
answer 404, and no secret in any page."""

import datetime
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from django.contrib.auth import get_user_model
from django.contrib.messages import get_messages
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from lantoa.channels import connect_views
from lantoa.channels.actions import do_save_channel
from lantoa.channels.connections import do_connect, secrets_of
from lantoa.channels.kinds.facebook_page.fake import FakeGraph
from lantoa.channels.models import Channel, ChannelKind, Connection, ConnectionStatus
from lantoa.org.actions import do_assign_role
from lantoa.org.models import RoleKind

PAGE, TOKEN = "61550000000000123", "EAAGm0PX4ZCpsBA-page-token-never-shown-77"


pytestmark = pytest.mark.django_db


@pytest.fixture
def officer_b(tree, admin_user):
    user = get_user_model().objects.create_user(username="officer_b")
    do_assign_role(user=user, unit=tree["b"], kind=RoleKind.UNIT_OFFICER, actor=admin_user)
    return user


@pytest.fixture
def page(tree, admin_user):
    return do_save_channel(Channel(), actor=admin_user, unit=tree["a"], kind=ChannelKind.FACEBOOK_PAGE,
                           name="Trang Facebook CĐCS A", address="https://www.facebook.com/congdoana")  # fmt: skip


@pytest.fixture
def oa(tree, admin_user):
    return do_save_channel(Channel(), actor=admin_user, unit=tree["a"], kind=ChannelKind.ZALO_OA,
                           name="Zalo OA CĐCS A", address="https://zalo.me/4318405112431112345")  # fmt: skip


@pytest.fixture
def graph(settings):
    with FakeGraph(page_id=PAGE, token=TOKEN, page_name="Công đoàn Công ty A") as fake:
        settings.LANTOA_FACEBOOK_GRAPH_URL = fake.base_url
        yield fake


def said(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def body(response) -> str:
    return response.content.decode()


def inspect_url(channel) -> str:
    return reverse("channel:inspect", args=[channel.pk])


# --- Facebook page ----------------------------------------------------------------------


def test_an_officer_connects_the_page_with_a_token_graph_accepts(client, officer, page, graph):
    client.force_login(officer)
    url = reverse("channels_connect_facebook", args=[page.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"page_id": PAGE, "page_token": f"  {TOKEN} "})
    assert response.status_code == 302 and response["Location"] == inspect_url(page)
    assert said(response) == ["Đã kết nối với trang Facebook “Công đoàn Công ty A”."]
    connection = Connection.objects.get(channel=page)
    assert (connection.account_id, connection.connected_by, connection.status) == (PAGE, officer, "connected")
    assert secrets_of(connection) == {"page_token": TOKEN}
    assert graph.requests == [{"method": "GET", "path": "me", "params": {"fields": "id,name"}}]


def test_a_refused_token_stores_nothing_keeps_the_page_id_and_never_shows_the_token(client, officer, page, graph):
    client.force_login(officer)
    wrong = TOKEN + "-typo"
    response = client.post(reverse("channels_connect_facebook", args=[page.pk]), {"page_id": PAGE, "page_token": wrong})
    text = body(response)
    assert response.status_code == 200
    assert "Facebook không chấp nhận mã truy cập này cho trang" in text and "Chưa có gì được lưu" in text
    assert f'value="{PAGE}"' in text
    assert wrong not in text and TOKEN not in text
    assert not Connection.objects.exists()


def test_a_page_id_that_is_not_digits_is_refused_before_asking_graph(client, officer, page, graph):
    client.force_login(officer)
    response = client.post(
        reverse("channels_connect_facebook", args=[page.pk]), {"page_id": "congdoan.a", "page_token": TOKEN}
    )
    assert "Mã trang Facebook chỉ gồm chữ số." in body(response) and TOKEN not in body(response)
    assert graph.requests == [] and not Connection.objects.exists()


def test_a_graph_outage_says_so_and_stores_nothing(client, officer, page, graph):
    graph.misbehave("server_error")
    client.force_login(officer)
    response = client.post(reverse("channels_connect_facebook", args=[page.pk]), {"page_id": PAGE, "page_token": TOKEN})
    assert "Facebook đang gặp sự cố" in body(response) and TOKEN not in body(response)
    assert not Connection.objects.exists()


def test_reconnecting_a_page_offers_its_id_and_never_its_token(client, officer, page, graph):
    do_connect(page, account_id=PAGE, secrets={"page_token": TOKEN}, actor=officer)
    client.force_login(officer)
    text = body(client.get(reverse("channels_connect_facebook", args=[page.pk])))
    assert f'value="{PAGE}"' in text and TOKEN not in text


# --- Zalo OA ------------------------------------------------------------------------------


def start_zalo(client, channel) -> dict:
    """Press "Kết nối Zalo OA": the query of the consent address the browser is sent to."""
    response = client.post(reverse("channels_connect_zalo", args=[channel.pk]))
    assert response.status_code == 302
    return {key: values[0] for key, values in parse_qs(urlsplit(response["Location"]).query).items()}


def agree(zalo, query: dict) -> tuple[str, dict]:
    """What Zalo's consent screen answers: the callback address and its query."""
    location = httpx.get(f"{zalo.base_url}/v4/oa/permission", params=query).headers["Location"]
    parts = urlsplit(location)
    return f"{parts.scheme}://{parts.netloc}{parts.path}", {k: v[0] for k, v in parse_qs(parts.query).items()}


def test_an_officer_connects_the_oa_through_zalo_with_pkce(client, officer, oa, zalo):
    client.force_login(officer)
    query = start_zalo(client, oa)
    callback = "http://testserver" + reverse("channels_connect_zalo_callback")
    assert (query["app_id"], query["redirect_uri"]) == (zalo.app_id, callback)
    assert query["state"] == client.session[connect_views.ZALO_FLOW_KEY]["state"]
    back_to, answer = agree(zalo, query)
    assert back_to == callback
    response = client.get(reverse("channels_connect_zalo_callback"), answer)
    assert response.status_code == 302 and response["Location"] == inspect_url(oa)
    assert said(response) == ["Đã kết nối Zalo OA."]
    connection = Connection.objects.get(channel=oa)
    stored = secrets_of(connection)
    assert zalo.state.access_tokens[stored["access_token"]] == "valid"
    assert zalo.state.refresh_tokens[stored["refresh_token"]] == "valid"
    assert (connection.account_id, connection.connected_by) == ("4318405112431112345", officer)
    hours = (connection.access_expires_at - timezone.now()).total_seconds() / 3600
    assert 24.9 < hours <= 25 and connection.refresh_expires_at > connection.access_expires_at
    assert connect_views.ZALO_FLOW_KEY not in client.session  # a flow is used once
    page = body(client.get(reverse("channels_connect_zalo_callback"), answer, follow=True))
    assert stored["access_token"] not in page and stored["refresh_token"] not in page
    assert "Chưa có lượt kết nối Zalo OA nào" in page


def test_a_state_that_does_not_match_stores_nothing(client, officer, oa, zalo):
    client.force_login(officer)
    query = start_zalo(client, oa)
    _, answer = agree(zalo, {**query, "state": "forged-state"})
    response = client.get(reverse("channels_connect_zalo_callback"), answer)
    assert response["Location"] == inspect_url(oa)
    assert said(response) == ["Phản hồi từ Zalo không khớp với lượt kết nối đã bắt đầu tại đây: chưa có gì được lưu."]
    assert not Connection.objects.exists() and len(zalo.state.access_tokens) == 1  # the fake's own pair only


def test_a_return_without_a_code_stores_nothing(client, officer, oa, zalo):
    client.force_login(officer)
    query = start_zalo(client, oa)
    response = client.get(reverse("channels_connect_zalo_callback"), {"state": query["state"], "oa_id": "4318"})
    assert said(response) == ["Zalo không gửi lại mã cấp quyền: quyền truy cập chưa được cấp, chưa có gì được lưu."]
    assert not Connection.objects.exists()


@pytest.mark.parametrize(
    ("spoil", "words"),
    [
        ("code", "Zalo từ chối cấp mã truy cập"),  # a code Zalo never gave
        ("verifier", "Zalo từ chối cấp mã truy cập"),  # PKCE: a verifier that is not the session's
        ("outage", "Zalo đang gặp sự cố"),
    ],
)
def test_a_refusal_from_zalo_is_said_in_vietnamese_and_stores_nothing(client, officer, oa, zalo, spoil, words):
    client.force_login(officer)
    query = start_zalo(client, oa)
    _, answer = agree(zalo, query)
    if spoil == "code":
        answer["code"] = "never-granted"
    elif spoil == "verifier":
        session = client.session
        session[connect_views.ZALO_FLOW_KEY]["verifier"] = "x" * 64
        session.save()
    else:
        zalo.misbehave("server_error")
    response = client.get(reverse("channels_connect_zalo_callback"), answer)
    (message,) = said(response)
    assert message.startswith("Chưa kết nối được Zalo OA: ") and words in message
    assert not Connection.objects.exists()


def test_a_return_with_no_flow_started_says_so(client, officer, zalo):
    client.force_login(officer)
    response = client.get(reverse("channels_connect_zalo_callback"), {"code": "c", "state": "s", "oa_id": "1"})
    assert response["Location"] == reverse("channel:index")
    assert said(response) == [
        "Chưa có lượt kết nối Zalo OA nào được bắt đầu trong phiên làm việc này: hãy bắt đầu lại."
    ]


def test_without_a_zalo_app_the_site_says_so_instead_of_going_to_zalo(client, officer, oa, settings):
    settings.LANTOA_ZALO_APP_ID = settings.LANTOA_ZALO_APP_SECRET = ""
    client.force_login(officer)
    response = client.post(reverse("channels_connect_zalo", args=[oa.pk]))
    assert response["Location"] == inspect_url(oa)
    assert said(response) == [
        "Ứng dụng Zalo của Lan Tỏa chưa được cấu hình trên hệ thống này: hãy liên hệ người quản trị hệ thống."
    ]
    assert connect_views.ZALO_FLOW_KEY not in client.session


def test_starting_a_zalo_connection_takes_a_post(client, officer, oa, zalo):
    client.force_login(officer)
    assert client.get(reverse("channels_connect_zalo", args=[oa.pk])).status_code == 405


# --- Disconnecting ------------------------------------------------------------------------


def test_disconnecting_deletes_the_connection(client, officer, page):
    do_connect(page, account_id=PAGE, secrets={"page_token": TOKEN}, actor=officer)
    client.force_login(officer)
    url = reverse("channels_disconnect", args=[page.pk])
    assert client.get(url).status_code == 405
    response = client.post(url)
    assert response["Location"] == inspect_url(page) and said(response) == ["Đã ngắt kết nối “Trang Facebook CĐCS A”."]
    assert not Connection.objects.filter(channel=page).exists()


# --- Rights -------------------------------------------------------------------------------


def test_an_officer_of_another_unit_gets_404_everywhere_and_changes_nothing(client, officer, officer_b, page, oa, zalo):
    do_connect(page, account_id=PAGE, secrets={"page_token": TOKEN}, actor=officer)
    client.force_login(officer_b)
    for url in (reverse("channels_connect_facebook", args=[page.pk]), reverse("channels_connect_zalo", args=[oa.pk]),
                reverse("channels_disconnect", args=[page.pk])):  # fmt: skip
        assert client.post(url, {"page_id": PAGE, "page_token": "EAAG-other"}).status_code == 404
    assert client.get(reverse("channels_connect_facebook", args=[page.pk])).status_code == 404
    assert secrets_of(Connection.objects.get(channel=page)) == {"page_token": TOKEN}
    assert connect_views.ZALO_FLOW_KEY not in client.session


def test_a_flow_for_a_channel_one_may_not_change_gets_404(client, officer_b, oa, zalo):
    client.force_login(officer_b)
    session = client.session
    session[connect_views.ZALO_FLOW_KEY] = {"state": "s", "verifier": "v" * 64, "channel": oa.pk}
    session.save()
    response = client.get(reverse("channels_connect_zalo_callback"), {"code": "c", "state": "s", "oa_id": "4318"})
    assert response.status_code == 404 and not Connection.objects.exists()


def test_a_viewer_of_the_unit_gets_404(client, viewer, page, graph):
    client.force_login(viewer)
    assert client.get(reverse("channels_connect_facebook", args=[page.pk])).status_code == 404


def test_only_facebook_pages_and_zalo_oas_connect(client, officer, channels, page, oa):
    client.force_login(officer)
    group = channels["zalo"]  # a Zalo group: no API
    assert client.get(reverse("channels_connect_facebook", args=[group.pk])).status_code == 404
    assert client.post(reverse("channels_connect_zalo", args=[group.pk])).status_code == 404
    assert client.post(reverse("channels_disconnect", args=[group.pk])).status_code == 404
    assert client.get(reverse("channels_connect_facebook", args=[oa.pk])).status_code == 404
    assert client.post(reverse("channels_connect_zalo", args=[page.pk])).status_code == 404


# --- The status on the channel's page -----------------------------------------------------


def render_status(user, channel) -> str:
    request = RequestFactory().get("/")
    request.user = user
    return render_to_string("channels/connect/status.html", connect_views.connection_context(user, channel), request)


def test_the_status_says_when_access_ends_and_who_connected_never_a_secret(officer, viewer, oa, settings):
    settings.LANTOA_ZALO_APP_ID, settings.LANTOA_ZALO_APP_SECRET = "1234567890123456789", "app-secret"
    expires = timezone.make_aware(datetime.datetime(2027, 1, 15, 8, 30))  # Hanoi time
    do_connect(oa, account_id="4318", secrets={"access_token": "AT-secret-1", "refresh_token": "RT-secret-2"},
               access_expires_at=expires, actor=officer)  # fmt: skip
    Connection.objects.filter(channel=oa).update(
        status=ConnectionStatus.NEEDS_RECONNECT, problem="Zalo từ chối: quyền truy cập không còn hiệu lực."
    )
    text = render_status(officer, oa)
    assert "Cần kết nối lại" in text and "Zalo từ chối: quyền truy cập không còn hiệu lực." in text
    assert "15/01/2027 08:30" in text and "officer_a" in text
    assert "Kết nối lại Zalo OA" in text and "Ngắt kết nối" in text
    assert "AT-secret-1" not in text and "RT-secret-2" not in text and "sealed" not in text
    assert Connection.objects.get(channel=oa).sealed_secrets not in text
    readonly = render_status(viewer, oa)
    assert "Cần kết nối lại" in readonly and "Ngắt kết nối" not in readonly


def test_the_status_of_an_unconnected_page_offers_to_connect(officer, page):
    text = render_status(officer, page)
    assert "Chưa kết nối" in text and reverse("channels_connect_facebook", args=[page.pk]) in text


def test_the_status_of_an_oa_without_a_zalo_app_says_so(officer, oa, settings):
    settings.LANTOA_ZALO_APP_ID = ""
    text = render_status(officer, oa)
    assert "Ứng dụng Zalo của Lan Tỏa chưa được cấu hình" in text and "Kết nối Zalo OA" not in text


def test_kinds_without_an_api_show_no_status(officer, channels):
    assert connect_views.connection_context(officer, channels["board"]) == {"connection_panel": None}
    assert render_status(officer, channels["board"]).strip() == ""


def test_the_oa_page_lets_its_connect_form_go_on_to_zalo(client, officer, oa, page, zalo):
    """The browser holds the form's redirect to Zalo to the page's CSP `form-action`."""
    client.force_login(officer)
    oauth_origin = zalo.base_url.rstrip("/")
    policy = client.get(inspect_url(oa))["Content-Security-Policy"]
    form_action = next(part for part in policy.split(";") if "form-action" in part)
    assert oauth_origin in form_action and "'self'" in form_action
    other = client.get(inspect_url(page))["Content-Security-Policy"]
    assert oauth_origin not in other  # only where the Zalo flow starts


# --- The OA's secret key, for the messages Zalo forwards -----------------------------------

OA_KEY = "Xk3_q9Lz-OAsecretKEY-never-shown"


def connected_oa(oa, officer):
    return do_connect(oa, account_id="4318405112431112345", secrets={"access_token": "AT-1", "refresh_token": "RT-1"},
                      access_expires_at=timezone.now() + datetime.timedelta(hours=20), actor=officer)  # fmt: skip


def test_an_officer_stores_the_oa_secret_key_beside_its_tokens_and_it_is_never_shown(client, officer, oa):
    connected_oa(oa, officer)
    client.force_login(officer)
    panel = body(client.get(inspect_url(oa)))
    assert "chưa nhận: thiếu khóa bí mật của OA" in panel
    url = reverse("channels_connect_zalo_key", args=[oa.pk])
    page = client.get(url)
    assert page.status_code == 200 and reverse("inbox_webhook_zalo") in body(page)
    response = client.post(url, {"oa_secret_key": f" {OA_KEY} "})
    assert response.status_code == 302 and response["Location"] == inspect_url(oa)
    assert said(response) == ["Đã lưu khóa bí mật của OA: Lan Tỏa nhận được tin nhắn gửi OA từ giờ."]
    assert secrets_of(Connection.objects.get(channel=oa)) == {
        "access_token": "AT-1", "refresh_token": "RT-1", "oa_secret_key": OA_KEY,
    }  # fmt: skip
    for text in (body(client.get(inspect_url(oa))), body(client.get(url))):
        assert OA_KEY not in text
    assert "đã nhận (khóa bí mật riêng của OA)" in body(client.get(inspect_url(oa)))


@pytest.mark.parametrize("typed", ["", "short", "has spaces in the key", "khóa-có-dấu-tiếng-việt", "x" * 201])
def test_a_key_that_cannot_be_one_is_refused_in_vietnamese_and_stores_nothing(client, officer, oa, typed):
    connected_oa(oa, officer)
    client.force_login(officer)
    response = client.post(reverse("channels_connect_zalo_key", args=[oa.pk]), {"oa_secret_key": typed})
    assert response.status_code == 200
    errors = " ".join(response.context["form"].errors["oa_secret_key"])
    assert "Khóa bí mật" in errors or "Trường này là bắt buộc" in errors or "ký tự" in errors
    assert "oa_secret_key" not in secrets_of(Connection.objects.get(channel=oa))


def test_the_key_needs_a_connected_oa_and_the_rights_to_change_it(client, officer, officer_b, viewer, oa, page):
    url = reverse("channels_connect_zalo_key", args=[oa.pk])
    client.force_login(officer)
    response = client.get(url)  # not connected yet
    assert response["Location"] == inspect_url(oa) and said(response) == [
        "Hãy kết nối Zalo OA trước, rồi nhập khóa bí mật của OA."
    ]
    assert client.get(reverse("channels_connect_zalo_key", args=[page.pk])).status_code == 404
    connected_oa(oa, officer)
    for other in (officer_b, viewer):
        client.force_login(other)
        assert client.post(url, {"oa_secret_key": OA_KEY}).status_code == 404
    assert "oa_secret_key" not in secrets_of(Connection.objects.get(channel=oa))


def test_the_panel_says_when_the_sites_common_key_receives_the_messages(officer, oa, settings):
    connected_oa(oa, officer)
    settings.LANTOA_ZALO_OA_SECRET_KEY = "site-wide-key-of-the-zalo-app"
    text = render_status(officer, oa)
    assert "đã nhận (khóa chung của hệ thống)" in text and "site-wide-key-of-the-zalo-app" not in text


def test_whatever_is_typed_as_the_key_answers_and_only_a_possible_key_is_stored(client, officer, oa):
    import re

    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    connected_oa(oa, officer)
    client.force_login(officer)
    url = reverse("channels_connect_zalo_key", args=[oa.pk])
    possible = re.compile(r"^[A-Za-z0-9_-]{8,200}$")

    @settings(max_examples=40, derandomize=True, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(typed=st.text(max_size=260) | st.from_regex(r"[A-Za-z0-9_-]{6,12}", fullmatch=True))
    def store_anything(typed):
        response = client.post(url, {"oa_secret_key": typed})
        stored = secrets_of(Connection.objects.get(channel=oa)).get("oa_secret_key")
        if response.status_code == 302:
            assert possible.match(typed.strip()) and stored == typed.strip()
        else:
            assert response.status_code == 200 and response.context["form"].errors
            assert stored != typed and (len(typed) < 8 or typed not in body(response))  # never shown back

    store_anything()

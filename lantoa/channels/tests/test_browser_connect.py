"""Browser test of connecting channels (issue 12), over the demo province: the provincial
editor `tinh.tuyengiao`, who may change the federation's channels, connects its Facebook
page (a refused token first: a Vietnamese reason, the page id kept, the token never in the
page), disconnects it again after confirming, then connects its Zalo OA through the fake
Zalo's consent screen (OAuth v4 with PKCE: the browser leaves for Zalo and comes back to the
callback with the code and the state), and stores the OA's secret key for the inbox's
webhook (a key with spaces refused first). Screenshots at desktop and 390 px of the refused
form, the connected channel and the key's form."""

import pytest
from django.conf import settings
from django.urls import reverse
from playwright.sync_api import expect

from lantoa.browser_fixtures import ensure_wagtail_roots, log_in
from lantoa.channels.connections import secrets_of
from lantoa.channels.kinds.facebook_page.fake import FakeGraph
from lantoa.channels.models import Channel, ChannelKind, Connection
from lantoa.demo.province import load_demo_province

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

OFFICER = "tinh.tuyengiao"
PAGE_ID, TOKEN = "61550000000007788", "EAAGm0PX4ZCpsBA-browser-page-token-never-shown-42"
WRONG_TOKEN = "EAAGm0PX4ZCpsBA-mistyped-token-never-shown-13"
PAGE_NAME = "Công đoàn tỉnh Vĩnh Long"
REFUSED = "Facebook không chấp nhận mã truy cập này cho trang"
CONNECTED = "Đã kết nối"
NOT_CONNECTED = "Chưa kết nối"
FAKE_OA_ID = "4318405112431112345"  # the OA the fake Zalo's consent screen grants
OA_KEY = "Xk3_q9Lz-browser-OA-secret-key"
SCREENSHOTS = settings.BASE_DIR / "var" / "screenshots"
PHONE = 390


@pytest.fixture
def graph(settings):
    with FakeGraph(page_id=PAGE_ID, token=TOKEN, page_name=PAGE_NAME) as fake:
        settings.LANTOA_FACEBOOK_GRAPH_URL = fake.base_url
        yield fake


@pytest.fixture
def demo(live_server, graph, zalo):
    """The demo province without its plans and articles: its channels, none connected."""
    ensure_wagtail_roots()
    province = load_demo_province(with_plans=False)["vinh_long"]
    current = Channel.objects.filter(unit=province, active_to__isnull=True)
    page = current.get(kind=ChannelKind.FACEBOOK_PAGE)
    oa = current.get(kind=ChannelKind.ZALO_OA)
    assert not Connection.objects.filter(channel__in=[page, oa]).exists()
    return {"url": live_server.url, "page": page, "oa": oa}


def signed_in(browser, base_url, *, width=1280):
    context = browser.new_context(locale="vi-VN", viewport={"width": width, "height": 900})
    page = context.new_page()
    page.set_default_timeout(20_000)
    log_in(page, base_url, OFFICER)
    return page


def open_channel(page, base_url, channel):
    """From the channel registry: search for the channel, open its row's details."""
    page.goto(f"{base_url}{reverse('channel:index')}")
    page.locator("form.w-slim-header__search-form input[name=q]").fill(channel.name)
    name = page.get_by_role("link", name=channel.name, exact=True)
    row = page.locator("#listing-results table.listing tbody tr").filter(has=name)
    expect(row).to_have_count(1)
    name.click()
    page.locator("#w-slim-header-buttons .w-dropdown__toggle").click()
    page.locator("#w-slim-header-buttons").get_by_role("link", name="Kiểm tra").click()
    expect(page).to_have_url(f"{base_url}{reverse('channel:inspect', args=[channel.pk])}")


def connection_panel(page):
    return page.locator("section.lantoa-connection")


def refuse_wrong_token(page):
    """Submit the Facebook form with the page id and a token Graph refuses."""
    page.get_by_label("Mã trang Facebook").fill(PAGE_ID)
    page.get_by_label("Mã truy cập trang (dài hạn)").fill(WRONG_TOKEN)
    page.get_by_role("button", name="Kiểm tra và kết nối").click()
    expect(page.get_by_role("alert")).to_contain_text(REFUSED)


def no_sideways_scroll(page, what):
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"{what} scrolls sideways at {PHONE} px"


def shoot_refused_form_on_phone(browser, base_url, channel):
    phone = signed_in(browser, base_url, width=PHONE)
    phone.goto(f"{base_url}{reverse('channels_connect_facebook', args=[channel.pk])}")
    refuse_wrong_token(phone)
    phone.screenshot(path=SCREENSHOTS / f"connect_facebook_refused_{PHONE}.png", full_page=True)
    no_sideways_scroll(phone, "the Facebook connection form")
    phone.context.close()


def shoot_connected_on_phone(browser, base_url, channel):
    phone = signed_in(browser, base_url, width=PHONE)
    phone.goto(f"{base_url}{reverse('channel:inspect', args=[channel.pk])}")
    expect(connection_panel(phone)).to_contain_text(CONNECTED)
    phone.screenshot(path=SCREENSHOTS / f"connect_facebook_connected_{PHONE}.png", full_page=True)
    no_sideways_scroll(phone, "the connected channel's page")
    phone.context.close()


def test_an_officer_connects_the_page_disconnects_it_and_connects_the_oa(demo, graph, zalo, browser):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    base, channel, oa = demo["url"], demo["page"], demo["oa"]
    officer = signed_in(browser, base)

    # (a) The Facebook page: a refused token first, then the right one.
    open_channel(officer, base, channel)
    expect(connection_panel(officer)).to_contain_text(NOT_CONNECTED)
    officer.get_by_role("link", name="Kết nối trang Facebook").click()
    expect(officer).to_have_url(f"{base}{reverse('channels_connect_facebook', args=[channel.pk])}")
    refuse_wrong_token(officer)
    expect(officer.get_by_label("Mã trang Facebook")).to_have_value(PAGE_ID)
    expect(officer.get_by_label("Mã truy cập trang (dài hạn)")).to_have_value("")
    assert WRONG_TOKEN not in officer.content()
    assert not Connection.objects.filter(channel=channel).exists()
    officer.screenshot(path=SCREENSHOTS / "connect_facebook_refused.png", full_page=True)
    shoot_refused_form_on_phone(browser, base, channel)

    officer.get_by_label("Mã truy cập trang (dài hạn)").fill(TOKEN)
    officer.get_by_role("button", name="Kiểm tra và kết nối").click()
    expect(officer).to_have_url(f"{base}{reverse('channel:inspect', args=[channel.pk])}")
    expect(officer.get_by_text(f"Đã kết nối với trang Facebook “{PAGE_NAME}”.")).to_be_visible()
    panel = connection_panel(officer)
    expect(panel.locator("dd[data-status=connected]")).to_have_text(CONNECTED)
    expect(panel).to_contain_text(PAGE_ID)
    assert TOKEN not in officer.content() and WRONG_TOKEN not in officer.content()
    assert secrets_of(Connection.objects.get(channel=channel)) == {"page_token": TOKEN}
    officer.screenshot(path=SCREENSHOTS / "connect_facebook_connected.png", full_page=True)
    shoot_connected_on_phone(browser, base, channel)

    # (b) Disconnecting the page, confirmed: it is back to not connected, its secrets gone.
    officer.reload()
    panel = connection_panel(officer)
    confirm = panel.get_by_role("button", name="Đồng ý ngắt kết nối kênh này")
    expect(confirm).to_be_hidden()
    panel.locator("summary", has_text="Ngắt kết nối").click()
    expect(panel).to_contain_text("Lan Tỏa sẽ xóa mã truy cập đã lưu cho kênh này")
    assert Connection.objects.filter(channel=channel).exists()
    confirm.click()
    expect(officer.get_by_text(f"Đã ngắt kết nối “{channel.name}”.")).to_be_visible()
    expect(connection_panel(officer)).to_contain_text(NOT_CONNECTED)
    assert not Connection.objects.filter(channel=channel).exists()

    # (c) The Zalo OA: to the fake Zalo's consent screen, which agrees and comes back.
    open_channel(officer, base, oa)
    expect(connection_panel(officer)).to_contain_text(NOT_CONNECTED)
    officer.get_by_role("button", name="Kết nối Zalo OA").click()
    expect(officer.get_by_text("Đã kết nối Zalo OA.")).to_be_visible()
    expect(officer).to_have_url(f"{base}{reverse('channel:inspect', args=[oa.pk])}")
    expect(connection_panel(officer).locator("dd[data-status=connected]")).to_have_text(CONNECTED)
    stored = secrets_of(Connection.objects.get(channel=oa))
    assert set(stored) == {"access_token", "refresh_token"}
    assert zalo.state.access_tokens[stored["access_token"]] == "valid"
    assert Connection.objects.get(channel=oa).account_id == FAKE_OA_ID
    assert not any(token in officer.content() for token in stored.values())

    # (d) The OA's secret key, so that the inbox receives what followers write: a key with a
    # space is refused in Vietnamese, the right one is stored and never shown.
    panel = connection_panel(officer)
    expect(panel.locator("dd[data-receives]")).to_contain_text("chưa nhận: thiếu khóa bí mật của OA")
    panel.get_by_role("link", name="Nhập khóa bí mật của OA").click()
    expect(officer.locator("code[data-webhook-url]")).to_have_text(f"{base}{reverse('inbox_webhook_zalo')}")
    officer.get_by_label("Khóa bí mật OA (OA Secret Key)").fill("khoa co khoang trang")
    officer.get_by_role("button", name="Lưu khóa").click()
    expect(officer.locator("p.error-message")).to_contain_text("không có khoảng trắng")
    officer.screenshot(path=SCREENSHOTS / "connect_zalo_key_refused.png", full_page=True)
    officer.get_by_label("Khóa bí mật OA (OA Secret Key)").fill(OA_KEY)
    with officer.expect_navigation():
        officer.get_by_role("button", name="Lưu khóa").click()
    expect(officer.get_by_text("Đã lưu khóa bí mật của OA")).to_be_visible()
    expect(connection_panel(officer).locator("dd[data-receives]")).to_have_text("đã nhận (khóa bí mật riêng của OA)")
    assert secrets_of(Connection.objects.get(channel=oa))["oa_secret_key"] == OA_KEY
    assert OA_KEY not in officer.content()
    officer.screenshot(path=SCREENSHOTS / "connect_zalo_key_stored.png", full_page=True)
    phone = signed_in(browser, base, width=PHONE)
    phone.goto(f"{base}{reverse('channels_connect_zalo_key', args=[oa.pk])}")
    phone.screenshot(path=SCREENSHOTS / f"connect_zalo_key_{PHONE}.png", full_page=True)
    no_sideways_scroll(phone, "the OA secret key form")
    phone.context.close()
    officer.context.close()

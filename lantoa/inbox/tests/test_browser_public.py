"""Browser test: a worker on a 390×844 phone sends the portal's form anonymously, gets a
tracking code and opens the status page by that code, both inviting them to send the code
to the province's Zalo OA (to be told there of the answer); screenshots in var/screenshots/."""

import datetime
import re

import pytest
from django.conf import settings
from django.utils import timezone
from playwright.sync_api import expect

from lantoa.browser_fixtures import ensure_wagtail_roots
from lantoa.channels.connections import do_connect
from lantoa.channels.models import Channel, ChannelKind
from lantoa.inbox.models import Case
from lantoa.org.tests.factories import make_unit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

SCREENSHOTS = settings.BASE_DIR / "var" / "screenshots"
TEXT = "Công ty nợ lương tháng 5 của 200 công nhân, hẹn mãi không trả."
OA_NAME = "Zalo OA LĐLĐ tỉnh Vĩnh Long"


@pytest.fixture
def world(live_server):
    ensure_wagtail_roots()
    province = make_unit(None, "provincial", "Liên đoàn Lao động tỉnh Vĩnh Long")
    make_unit(province, "grassroots", "Công đoàn cơ sở Công ty TNHH May Sông Tiền")
    oa = Channel.objects.create(unit=province, kind=ChannelKind.ZALO_OA, name=OA_NAME,
                                address="https://zalo.me/4318405112431112345")  # fmt: skip
    do_connect(oa, account_id="4318405112431112345", secrets={"access_token": "t", "oa_secret_key": "k"},
               access_expires_at=timezone.now() + datetime.timedelta(hours=20))  # fmt: skip
    return live_server.url


def fits_the_phone(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth") <= 390


def test_a_worker_on_a_phone_sends_anonymously_and_follows_the_code(world, browser):
    base = world
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(locale="vi-VN", viewport={"width": 390, "height": 844}, has_touch=True)
    page = context.new_page()
    page.set_default_timeout(15_000)
    try:
        page.goto(f"{base}/gop-y/")
        consent = page.locator("#id_consent")
        expect(consent).not_to_be_checked()
        assert fits_the_phone(page)
        page.screenshot(path=SCREENSHOTS / "inbox_form-390.png", full_page=True, animations="disabled")

        page.locator("#id_text").fill(TEXT)
        page.locator("#id_employer").fill("cty may song tien")
        page.locator("#id_phone").fill("12345")  # a bad number: refused, the rest kept
        page.locator("button[type=submit]").click()
        expect(page.locator("#id_phone-loi")).to_be_visible()
        expect(page.locator("#id_text")).to_have_value(TEXT)
        expect(page.locator("#id_employer")).to_have_value("cty may song tien")
        assert fits_the_phone(page)
        page.screenshot(path=SCREENSHOTS / "inbox_form_error-390.png", full_page=True, animations="disabled")

        page.locator("#id_phone").fill("")
        page.locator("#id_to_upper_level").check()
        page.locator("#id_consent").check()
        page.locator("button[type=submit]").click()
        expect(page).to_have_url(re.compile(rf"{re.escape(base)}/gop-y/da-gui/LT-[A-Z0-9]{{5}}-[A-Z0-9]{{5}}/$"))
        code = page.locator("#ma-theo-doi").inner_text().strip()
        case = Case.objects.get(code=code)
        assert case.to_upper_level and not case.contact.has_personal_data
        expect(page.locator("#bao-qua-zalo")).to_contain_text(OA_NAME)
        expect(page.locator("#bao-qua-zalo")).to_contain_text(code)
        assert fits_the_phone(page)
        page.screenshot(path=SCREENSHOTS / "inbox_sent-390.png", full_page=True, animations="disabled")

        page.goto(f"{base}/gop-y/tra-cuu/")
        page.locator("#id_ma").fill(code.lower().replace("-", " "))
        page.locator("button[type=submit]").click()
        expect(page).to_have_url(f"{base}/gop-y/tra-cuu/{code}/")
        expect(page.locator("h1")).to_contain_text(code)
        expect(page.locator(".thread__item--in")).to_contain_text(TEXT)
        expect(page.locator(".case-facts")).to_contain_text(case.unit.name)
        expect(page.locator("#bao-qua-zalo")).to_contain_text("Quan tâm “" + OA_NAME)
        assert fits_the_phone(page)
        page.screenshot(path=SCREENSHOTS / "inbox_status-390.png", full_page=True, animations="disabled")
    finally:
        context.close()

"""Browser test: the province's spokesperson opens the home page "Việc của tôi" and finds the
work stoppage called in this morning at the top, in the panel "Vụ việc khẩn cấp", and opens
the case from it; on a desktop and on a 390 px phone without sideways scrolling."""

import datetime
import re

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from lantoa.browser_fixtures import ensure_wagtail_roots, log_in
from lantoa.inbox import actions, intake
from lantoa.inbox.models import Intake, Urgency
from lantoa.org.models import RoleKind
from lantoa.org.tests.factories import make_unit

from .staff_world import PASSWORD, person

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

SCREENSHOTS = settings.BASE_DIR / "var" / "screenshots"
PHONE = 390
PANEL = "[data-panel='lantoa_home_critical_cases']"
STOPPAGE = (
    "Khoảng 300 công nhân Công ty TNHH Giày Hưng Thịnh ngừng việc tập thể từ 7 giờ sáng nay, đề nghị công đoàn "
    "xuống ngay!"
)


@pytest.fixture
def stoppage(live_server):
    ensure_wagtail_roots()
    country = make_unit(None, "confederation", "Tổng Liên đoàn Lao động Việt Nam")
    province = make_unit(country, "provincial", "Liên đoàn Lao động tỉnh Vĩnh Long")
    park = make_unit(province, "industrial_park", "Công đoàn các Khu công nghiệp tỉnh Vĩnh Long")
    company = make_unit(park, name="Công đoàn cơ sở Công ty TNHH Giày Hưng Thịnh")
    spokesperson = person("tinh.phatngon", (province, RoleKind.SPOKESPERSON), first_name="Lê Hoàng Phúc")
    inbound = intake.Inbound(intake=Intake.HOTLINE, external_id="hotline-stoppage", text=STOPPAGE, unit_id=company.pk,
                             sent_at=timezone.now() - datetime.timedelta(hours=2))  # fmt: skip
    case = intake.receive(inbound).case
    if case.urgency != Urgency.CRITICAL:
        actions.do_classify(case, actor=None, topic="dispute_strike", urgency=Urgency.CRITICAL)
    return spokesperson, case


def test_the_spokesperson_finds_the_stoppage_on_the_home_page(stoppage, live_server, page):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    spokesperson, case = stoppage
    base = live_server.url
    log_in(page, base, spokesperson.username, password=PASSWORD)
    page.goto(f"{base}/admin/")
    panel = page.locator(PANEL)
    expect(panel.locator(f"li[data-case='{case.pk}']")).to_contain_text(case.code)
    expect(panel).to_contain_text("Công đoàn cơ sở Công ty TNHH Giày Hưng Thịnh")
    page.set_viewport_size({"width": 1280, "height": 1600})
    page.screenshot(path=SCREENSHOTS / "home_critical_cases.png")
    page.set_viewport_size({"width": PHONE, "height": 2400})
    expect(panel).to_be_visible()
    page.screenshot(path=SCREENSHOTS / f"home_critical_cases_{PHONE}.png")
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"the home page scrolls sideways at {PHONE} px"
    page.set_viewport_size({"width": 1280, "height": 900})
    panel.get_by_role("link", name=case.code).click()
    expect(page).to_have_url(re.compile(re.escape(reverse("inbox_case", args=[case.pk])) + "$"))

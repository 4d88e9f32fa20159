"""Browser test of the inbox dashboard: a province approver opens "Tổng quan hộp thư", sees
the figures, the three charts and their tables, then asks for an earlier day and sees that
day's (smaller) figures. Screenshots at desktop width and 390 px in var/screenshots/."""

import datetime
import itertools

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from lantoa.browser_fixtures import ensure_wagtail_roots, log_in
from lantoa.inbox.models import Case, CaseRoute, CaseStatus, Contact, Intake, Topic
from lantoa.org.tests.factories import make_unit
from lantoa.vi import formats

from .staff_world import PASSWORD, person

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

SCREENSHOTS = settings.BASE_DIR / "var" / "screenshots"
PHONE = 390
_numbers = itertools.count(1)


def case(unit, days_ago: int, *, answered_after_hours=None, topic=Topic.WAGES, intake=Intake.PORTAL) -> Case:
    n = next(_numbers)
    opened = timezone.now() - datetime.timedelta(days=days_ago)
    answered = opened + datetime.timedelta(hours=answered_after_hours) if answered_after_hours else None
    contact = Contact.objects.create(platform=intake, external_id=f"b-{n}", pseudonym=f"NLĐ-B{n:05d}")
    made = Case.objects.create(
        code=f"LT-BROW-{n:05d}", contact=contact, intake=intake, unit=unit, topic=topic, opened_at=opened,
        due_at=opened + datetime.timedelta(days=3), first_response_at=answered,
        status=CaseStatus.ANSWERED if answered else CaseStatus.NEW,
    )  # fmt: skip
    CaseRoute.objects.create(case=made, unit=unit, at=opened)
    return made


@pytest.fixture
def world(live_server):
    ensure_wagtail_roots()
    province = make_unit(None, "provincial", "Liên đoàn Lao động tỉnh Vĩnh Long")
    park = make_unit(province, "industrial_park", "Công đoàn các Khu công nghiệp tỉnh Vĩnh Long")
    commune = make_unit(province, "commune", "Công đoàn phường Phú Khương")
    song_tien = make_unit(park, name="Công đoàn cơ sở Công ty TNHH May Sông Tiền")
    school = make_unit(commune, name="Công đoàn cơ sở Trường Tiểu học Phú Khương")
    case(song_tien, 40, answered_after_hours=20)
    case(song_tien, 30, answered_after_hours=100, intake=Intake.ZALO_OA)
    case(school, 25, topic=Topic.CONTRACT)
    case(song_tien, 12, topic=Topic.OSH, intake=Intake.HOTLINE)
    case(school, 5, answered_after_hours=30, topic=Topic.DISMISSAL, intake=Intake.EMAIL)
    case(song_tien, 1)
    return person("tinh_duyet", (province, "approver"))


def shoot(page, name):
    page.set_viewport_size({"width": 1280, "height": 2400})
    page.screenshot(path=SCREENSHOTS / f"{name}.png")
    page.set_viewport_size({"width": PHONE, "height": 4000})
    page.screenshot(path=SCREENSHOTS / f"{name}_{PHONE}.png")
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"{name} scrolls sideways at {PHONE} px"
    page.set_viewport_size({"width": 1280, "height": 900})


def test_a_province_user_reads_the_dashboard_and_changes_the_day(world, live_server, page):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    base = live_server.url
    log_in(page, base, world.username, password=PASSWORD)

    page.goto(f"{base}{reverse('inbox_dashboard')}")
    expect(page.locator('[data-figure="received"]')).to_have_text("6")
    expect(page.locator("svg.lantoa-chart")).to_have_count(3)
    expect(page.locator('[data-table="units"] tbody tr')).to_have_count(2)
    expect(page.locator('[data-table="weeks"] tbody tr')).to_have_count(12)
    expect(page.locator("[data-export]")).to_be_visible()
    shoot(page, "inbox_dashboard")

    earlier = timezone.localdate() - datetime.timedelta(days=20)
    page.fill("#id_ngay", formats.date(earlier))
    page.get_by_role("button", name="Xem").click()
    expect(page.locator('[data-figure="received"]')).to_have_text("3")
    expect(page.locator("[data-asof]")).to_contain_text(formats.date(earlier))
    expect(page.locator("svg.lantoa-chart")).to_have_count(3)
    shoot(page, "inbox_dashboard_earlier")

    page.fill("#id_ngay", "31/02/2026")
    page.get_by_role("button", name="Xem").click()
    expect(page.locator("[data-day-error]")).to_be_visible()
    expect(page.locator('[data-figure="received"]')).to_have_text("6")

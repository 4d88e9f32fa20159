"""Browser test of the routing rules' screens: an editor of the province opens "Quy tắc
chuyển xử lý", writes a rule for the industrial-park union (occupational safety goes to
Hàm Luông's union, to its unit officer) through the form, and sees
it listed. Screenshots at desktop width and 390 px in var/screenshots/."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from lantoa.browser_fixtures import ensure_wagtail_roots, log_in
from lantoa.inbox.models import RoutingRule
from lantoa.org.models import RoleKind

from .staff_world import PASSWORD, build, person
from .test_browser_staff import SCREENSHOTS, shoot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def world(live_server):
    ensure_wagtail_roots()
    world = build()
    world.province_editor = person("tinh_bien_tap", (world.province, RoleKind.EDITOR))
    return world


def test_a_province_editor_writes_a_rule_and_sees_it_listed(world, live_server, page):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    base = live_server.url
    log_in(page, base, world.province_editor.username, password=PASSWORD)

    page.goto(f"{base}{reverse('routing_rule:add')}")
    page.select_option("select[name=unit]", label=world.park.name)
    page.select_option("select[name=topic]", "osh")
    page.select_option("select[name=target_unit]", label=world.ham_luong.name)
    page.select_option("select[name=target_role]", RoleKind.UNIT_OFFICER)
    shoot(page, "inbox_rule_form")
    page.locator("#w-editor-form button[type=submit]").first.click()

    expect(page).to_have_url(f"{base}{reverse('routing_rule:index')}")
    rule = RoutingRule.objects.get()
    assert (rule.unit, rule.topic, rule.target_unit, rule.target_role) == (
        world.park, "osh", world.ham_luong, RoleKind.UNIT_OFFICER)  # fmt: skip
    row = page.locator("table.listing tbody tr")
    expect(row).to_have_count(1)
    expect(row.first).to_contain_text(world.park.name)
    expect(row.first).to_contain_text(world.ham_luong.name)
    shoot(page, "inbox_rule_list")

"""Browser tests of the demo province: the flows staff click through, in headless Chromium."""

import re

import pytest
from playwright.sync_api import expect

from lantoa.browser_fixtures import ensure_wagtail_roots, log_in
from lantoa.channels.models import Channel
from lantoa.demo.province import load_demo_province
from lantoa.org.models import Role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def demo(live_server):
    ensure_wagtail_roots()
    load_demo_province()
    return live_server.url


def test_provincial_editor_adds_a_zalo_group_to_a_grassroots_union_and_finds_it(demo, page):
    grassroots = Role.objects.select_related("unit").get(user__username="coso.demo").unit
    log_in(page, demo, "tinh.tuyengiao")

    # Open the tree and drill down to the grassroots union through its commune union.
    page.locator('a[href="/admin/org/tree/"]').first.click()
    expect(page.locator("h2", has_text="Liên đoàn Lao động tỉnh Vĩnh Long").first).to_be_visible()
    page.get_by_role("link", name=grassroots.parent.name, exact=True).click()
    expect(page.get_by_role("cell", name=grassroots.name, exact=True)).to_be_visible()

    # Add a Zalo group to it in the channel registry.
    page.goto(f"{demo}/admin/channels/new/")
    page.select_option("select[name=unit]", str(grassroots.pk))
    page.select_option("select[name=kind]", "zalo_group")
    page.fill("input[name=name]", "Nhóm Zalo Đoàn viên Tổ may 3")
    page.fill("input[name=address]", "https://zalo.me/g/tomay3demo")
    page.locator("#w-editor-form button[type=submit]").first.click()
    expect(page).to_have_url(re.compile(r"/admin/channels/$"))

    # Find it in the registry by searching.
    page.locator("form.w-slim-header__search-form input[name=q]").fill("Tổ may 3")
    row = page.get_by_role("row").filter(has_text="Nhóm Zalo Đoàn viên Tổ may 3")
    expect(row).to_be_visible()
    expect(row).to_contain_text(grassroots.name)
    channel = Channel.objects.get(name="Nhóm Zalo Đoàn viên Tổ may 3")
    assert channel.unit_id == grassroots.pk and channel.address == "https://zalo.me/g/tomay3demo"


def test_provincial_editor_sees_ben_tre_as_it_was_in_2021(demo, page):
    log_in(page, demo, "tinh.tuyengiao")
    page.goto(f"{demo}/admin/org/tree/")
    expect(page.locator("h2", has_text="Liên đoàn Lao động tỉnh Bến Tre")).to_have_count(0)
    page.fill("input[name=ngay]", "01/06/2021")
    page.locator("form.lantoa-asof button[type=submit]").click()
    expect(page.locator("h2", has_text="Liên đoàn Lao động tỉnh Bến Tre")).to_be_visible()
    page.get_by_role("link", name=re.compile("huyện Ba Tri")).first.click()
    expect(page.locator("h2", has_text="huyện Ba Tri")).to_be_visible()
    expect(page.locator("input[name=ngay]")).to_have_value("01/06/2021")
    expect(page.locator("table.listing tbody tr").first).to_be_visible()


def test_grassroots_officer_sees_only_their_union(demo, page):
    grassroots = Role.objects.select_related("unit").get(user__username="coso.demo").unit
    sibling = grassroots.parent.children.exclude(pk=grassroots.pk).first()
    log_in(page, demo, "coso.demo")
    page.goto(f"{demo}/admin/org/units/")
    rows = page.locator("table.listing tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text(grassroots.name)
    page.goto(f"{demo}/admin/org/tree/")
    expect(page.locator("h2", has_text=grassroots.name)).to_be_visible()
    expect(page.locator("body")).not_to_contain_text(sibling.name)
    response = page.goto(f"{demo}/admin/org/units/edit/{sibling.pk}/")
    assert response.status == 404

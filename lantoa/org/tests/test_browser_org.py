"""Browser tests of the union organisation screens: units, reorganisation, the tree, roles."""

import datetime
import re

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone
from playwright.sync_api import expect

from lantoa.browser_fixtures import ensure_wagtail_roots, log_in
from lantoa.demo.province import REORG_DAY, load_demo_province
from lantoa.org.models import Role, RoleKind, Unit
from lantoa.vi.text import fold

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

REORGANISE = "Sắp xếp tổ chức"
RECORD_REORGANISATION = "Ghi nhận sắp xếp tổ chức"
REORGANISATION_RECORDED = "Đã ghi nhận việc sắp xếp tổ chức."
CHOOSE_TARGET = "Hãy chọn đơn vị tiếp nhận."
UNION_ORGANISATION = "Tổ chức công đoàn"
VIEWER = "Người xem"


@pytest.fixture
def demo(live_server):
    ensure_wagtail_roots()
    load_demo_province(with_plans=False)
    return live_server.url


def grassroots_union():
    return Role.objects.select_related("unit__parent").get(user__username="coso.demo").unit


def days():
    """Today and an earlier day after the 2025 reorganisation (the demo's communes exist on both)."""
    today = timezone.localdate()
    return today, max(today - datetime.timedelta(days=365), REORG_DAY)


def show_tree_as_of(page, day):
    page.fill("input[name=ngay]", f"{day:%d/%m/%Y}")
    with page.expect_navigation():
        page.locator("form.lantoa-asof button[type=submit]").click()
    expect(page.locator("input[name=ngay]")).to_have_value(f"{day:%d/%m/%Y}")


def members_total(page) -> int:
    text = page.locator("section.lantoa-branch strong[data-total=members]").first.inner_text()
    return int(re.sub(r"\D", "", text))


def test_admin_renames_a_commune_union_and_the_tree_keeps_the_old_name_before(demo, page):
    commune = grassroots_union().parent
    old_name, new_name = commune.name, f"{commune.name} (mới)"
    today, earlier = days()
    log_in(page, demo, "admin")

    # Sidebar: Union organisation › Union units, then search the listing (it filters live).
    page.get_by_role("button", name=UNION_ORGANISATION).click()
    page.locator('a[href="/admin/org/units/"]').click()
    expect(page).to_have_url(re.compile(r"/admin/org/units/$"))
    # Typed without diacritics, as many people do: the search folds both sides.
    page.locator("form.w-slim-header__search-form input[name=q]").fill(fold(old_name))
    expect(page).to_have_url(re.compile(r"[?&]q="))
    expect(page.locator("#listing-results table.listing tbody tr").first).to_be_visible()
    assert page.locator("#listing-results table.listing tbody tr").count() < 5
    page.locator("#listing-results").get_by_role("link", name=old_name, exact=True).click()
    expect(page).to_have_url(re.compile(rf"/admin/org/units/edit/{commune.pk}/$"))

    # The header button leads to the reorganisation form.
    page.locator("a.w-header-button", has_text=REORGANISE).click()
    expect(page).to_have_url(re.compile(rf"/admin/org/units/{commune.pk}/reorganise/$"))

    # "Move" without a target: a Vietnamese error, and what was typed stays.
    page.select_option("select[name=operation]", "move")
    page.fill("input[name=on_date]", f"{today:%d/%m/%Y}")
    page.fill("input[name=decision]", "Quyết định số 12/QĐ-LĐLĐ")
    page.get_by_role("button", name=RECORD_REORGANISATION).click()
    expect(page.get_by_text(CHOOSE_TARGET)).to_be_visible()
    expect(page).to_have_url(re.compile(rf"/admin/org/units/{commune.pk}/reorganise/$"))
    expect(page.locator("select[name=operation]")).to_have_value("move")
    expect(page.locator("input[name=on_date]")).to_have_value(f"{today:%d/%m/%Y}")
    expect(page.locator("input[name=decision]")).to_have_value("Quyết định số 12/QĐ-LĐLĐ")
    assert Unit.objects.get(pk=commune.pk).parent_id == commune.parent_id

    # "Rename" from today.
    page.select_option("select[name=operation]", "rename")
    page.fill("input[name=new_name]", new_name)
    page.fill("input[name=on_date]", f"{today:%d/%m/%Y}")
    page.get_by_role("button", name=RECORD_REORGANISATION).click()
    expect(page).to_have_url(re.compile(rf"/admin/org/tree/\?don_vi={commune.pk}&ngay="))
    expect(page.get_by_text(REORGANISATION_RECORDED)).to_be_visible()
    expect(page.locator("section.lantoa-branch h2")).to_have_text(new_name)
    assert Unit.objects.get(pk=commune.pk).name == new_name

    # The tree as of an earlier day still shows the old name.
    show_tree_as_of(page, earlier)
    expect(page.locator("section.lantoa-branch h2")).to_have_text(old_name)
    show_tree_as_of(page, today)
    expect(page.locator("section.lantoa-branch h2")).to_have_text(new_name)


def test_admin_updates_member_counts_and_the_tree_totals_change_from_that_day(demo, page):
    grassroots = grassroots_union()
    commune = grassroots.parent
    today, earlier = days()
    log_in(page, demo, "admin")

    page.goto(f"{demo}/admin/org/tree/?don_vi={commune.pk}")
    expect(page.locator("section.lantoa-branch h2")).to_have_text(commune.name)
    before_today = members_total(page)
    show_tree_as_of(page, earlier)
    before_earlier = members_total(page)
    show_tree_as_of(page, today)

    # The grassroots union's "Details" link opens its detail page, which leads to the edit page.
    row = page.locator("table.listing tbody tr").filter(has_text=grassroots.name)
    row.locator(f'a[href="/admin/org/units/inspect/{grassroots.pk}/"]').click()
    page.locator("#w-slim-header-buttons .w-dropdown__toggle").click()
    page.locator(f'#w-slim-header-buttons a[href="/admin/org/units/edit/{grassroots.pk}/"]').click()
    expect(page.locator("input[name=member_count]")).to_have_value(str(grassroots.member_count))
    page.fill("input[name=member_count]", str(grassroots.member_count + 250))
    page.fill("input[name=worker_count]", str(grassroots.worker_count + 300))
    page.fill("input[name=female_member_count]", str(grassroots.female_member_count + 100))
    page.fill("input[name=effective_date]", f"{today:%d/%m/%Y}")
    page.locator("#w-editor-form button[type=submit]").first.click()
    expect(page).to_have_url(re.compile(r"/admin/org/units/$"))
    saved = Unit.objects.get(pk=grassroots.pk)
    assert (saved.member_count, saved.worker_count, saved.female_member_count) == (
        grassroots.member_count + 250,
        grassroots.worker_count + 300,
        grassroots.female_member_count + 100,
    )

    page.goto(f"{demo}/admin/org/tree/?don_vi={commune.pk}")
    expect(page.locator("section.lantoa-branch h2")).to_have_text(commune.name)
    assert members_total(page) == before_today + 250
    show_tree_as_of(page, earlier)
    assert members_total(page) == before_earlier


def test_admin_gives_a_viewer_role_and_finds_it_in_the_listing(demo, page):
    commune = grassroots_union().parent
    user = get_user_model().objects.get(username="tinh.taichinh")
    log_in(page, demo, "admin")

    page.get_by_role("button", name=UNION_ORGANISATION).click()
    page.locator('a[href="/admin/org/roles/"]').click()
    expect(page).to_have_url(re.compile(r"/admin/org/roles/$"))
    page.locator('a.w-header-button[href="/admin/org/roles/new/"]').click()
    page.select_option("select[name=user]", str(user.pk))
    page.select_option("select[name=unit]", str(commune.pk))
    page.select_option("select[name=kind]", RoleKind.VIEWER)
    page.fill("input[name=title]", "Theo dõi công đoàn xã")
    page.locator("#w-editor-form button[type=submit]").first.click()
    expect(page).to_have_url(re.compile(r"/admin/org/roles/$"))

    page.locator("form.w-slim-header__search-form input[name=q]").fill("tinh.taichinh")
    row = page.locator("#listing-results table.listing tbody tr").filter(has_text=commune.name)
    expect(row).to_have_count(1)
    expect(row).to_contain_text("tinh.taichinh")
    expect(row).to_contain_text(VIEWER)
    expect(row).to_contain_text("Theo dõi công đoàn xã")
    assert Role.objects.filter(user=user, unit=commune, kind=RoleKind.VIEWER).exists()


def test_grassroots_officer_sees_only_the_people_of_their_union(demo, page):
    grassroots = grassroots_union()
    log_in(page, demo, "coso.demo")
    page.goto(f"{demo}/admin/org/roles/")
    rows = page.locator("table.listing tbody tr")
    expect(rows.filter(has_text="coso.demo")).to_have_count(1)
    expect(rows.first).to_contain_text(grassroots.name)
    listing = page.locator("#listing-results")
    for other in ("captren.demo", "tinh.tuyengiao", "tinh.taichinh"):
        expect(listing).not_to_contain_text(other)
    expect(listing).not_to_contain_text(grassroots.parent.name)

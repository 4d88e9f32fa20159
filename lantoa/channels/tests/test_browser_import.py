"""Browser tests of the channel registry's Excel import, and of the health page."""

import json
import re

import pytest
from django.conf import settings
from openpyxl import Workbook
from playwright.sync_api import expect

from lantoa.browser_fixtures import ensure_wagtail_roots, log_in
from lantoa.channels import xlsx
from lantoa.channels.models import Channel, ChannelKind
from lantoa.demo.province import load_demo_province
from lantoa.org.models import Role

from .sheets import private_dir  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

SCREENSHOTS = settings.BASE_DIR / "var" / "screenshots"
GOOD_NAME = "Nhóm Zalo Công đoàn cơ sở nhập từ Excel"
BAD_NAME = "Kênh bồ câu đưa thư"


@pytest.fixture
def demo(live_server):
    ensure_wagtail_roots()
    load_demo_province(with_plans=False)
    return live_server.url


def workbook(path, rows):
    book = Workbook()
    sheet = book.active
    sheet.append([header for _key, header in xlsx.COLUMNS])
    for row in rows:
        sheet.append([row.get(key) for key, _header in xlsx.COLUMNS])
    book.save(path)
    return path


@pytest.mark.usefixtures("private_dir")
def test_commune_officer_previews_then_confirms_an_import_from_excel(demo, page, tmp_path):
    grassroots = Role.objects.select_related("unit").get(user__username="coso.demo").unit
    upload = workbook(
        tmp_path / "kenh.xlsx",
        [
            {
                "unit": grassroots.code,
                "kind": xlsx.KIND_LABELS[ChannelKind.ZALO_GROUP],
                "name": GOOD_NAME,
                "address": "https://zalo.me/g/nhaptuexcel",
            },
            {"unit": grassroots.code, "kind": "Bồ câu đưa thư", "name": BAD_NAME},
        ],
    )
    log_in(page, demo, "captren.demo")

    # Channel registry › "…" › Import from Excel.
    page.goto(f"{demo}/admin/channels/")
    page.locator("#w-slim-header-buttons .w-dropdown__toggle").click()
    page.locator('a[href="/admin/channels-xlsx/import/"]').click()
    expect(page).to_have_url(re.compile(r"/admin/channels-xlsx/import/$"))

    page.set_input_files("input[name=file]", str(upload))
    page.get_by_role("button", name="Kiểm tra tệp").click()

    # The preview: what would be added, what is refused and why; nothing saved yet.
    preview = page.locator("section[aria-labelledby=import-preview-heading]")
    expect(preview.get_by_role("status")).to_contain_text("1 kênh thêm mới, 0 kênh thay đổi")
    expect(preview.get_by_role("status")).to_contain_text("1 dòng bị từ chối")
    errors = preview.locator("ul.channel-import-errors li")
    expect(errors).to_have_count(1)
    expect(errors.first).to_contain_text(f"Dòng 3, cột «{xlsx.HEADERS['kind']}»")
    expect(errors.first).to_contain_text("«Bồ câu đưa thư»")
    expect(preview.locator("table.channel-import-add tbody tr")).to_have_count(1)
    expect(preview.locator("table.channel-import-add")).to_contain_text(GOOD_NAME)
    assert not Channel.objects.filter(name=GOOD_NAME).exists()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / "channel-import-preview-1280.png", full_page=True, animations="disabled")
    page.set_viewport_size({"width": 390, "height": 844})
    expect(preview.get_by_role("button", name="Xác nhận nhập")).to_be_visible()
    page.screenshot(path=SCREENSHOTS / "channel-import-preview-390.png", full_page=True, animations="disabled")
    page.set_viewport_size({"width": 1280, "height": 900})

    # Confirmed: the good row is saved, once.
    preview.get_by_role("button", name="Xác nhận nhập").click()
    result = page.locator("section[aria-labelledby=import-result-heading]")
    expect(result.get_by_role("status")).to_contain_text("Đã thêm 1 kênh, cập nhật 0 kênh")
    expect(result.locator("table.channel-import-created tbody tr")).to_have_count(1)
    page.screenshot(path=SCREENSHOTS / "channel-import-result-1280.png", full_page=True, animations="disabled")
    channel = Channel.objects.get(name=GOOD_NAME)
    assert channel.unit_id == grassroots.pk and channel.kind == ChannelKind.ZALO_GROUP
    assert not Channel.objects.filter(name=BAD_NAME).exists()

    # Back to the registry: the new channel is listed under its grassroots union.
    result.get_by_role("link", name="Về sổ kênh").click()
    expect(page).to_have_url(re.compile(r"/admin/channels/$"))
    page.locator("form.w-slim-header__search-form input[name=q]").fill("nhập từ Excel")
    row = page.locator("#listing-results table.listing tbody tr").filter(has_text=GOOD_NAME)
    expect(row).to_have_count(1)
    expect(row).to_contain_text(grassroots.name)


def test_health_page_reports_the_database(live_server, page):
    response = page.goto(f"{live_server.url}/healthz")
    assert response.status in (200, 503)  # no worker heartbeat in tests: 503
    assert response.headers["content-type"].startswith("application/json")
    body = json.loads(response.text())
    assert body["database"] == "ok"
    assert body["status"] == ("ok" if response.status == 200 else "error")

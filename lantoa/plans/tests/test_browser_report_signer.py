"""Browser test: the province's editor makes the progress report of Bến Tre's plan 196 in 2026.
Vĩnh Long's federation, into which Bến Tre's merged, issues it; the form proposes the signer of
Vĩnh Long's last signed document, refuses a bad name in Vietnamese without losing anything
typed, and then downloads the .docx with the signer given."""

import io
import re

import docx
import pytest
from django.conf import settings
from playwright.sync_api import expect

from lantoa.browser_fixtures import ensure_wagtail_roots, log_in
from lantoa.demo.province import key_units, load_demo_province
from lantoa.plans.models import Plan
from lantoa.reports.models import SignedDocument

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

SCREENSHOTS = settings.BASE_DIR / "var" / "screenshots"
SIGNER = "Lê Thị Hồng Nhung"


@pytest.fixture
def demo(live_server):
    ensure_wagtail_roots()
    load_demo_province()
    return live_server.url


def docx_text(path) -> str:
    document = docx.Document(io.BytesIO(path.read_bytes()))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def test_the_editor_names_the_signer_and_downloads_vinh_longs_report_on_ben_tres_plan(demo, page, browser):
    units = key_units()
    plan = Plan.objects.get(issuing_unit=units["ben_tre"], number=196)
    proposed = Plan.objects.filter(issuing_unit=units["vinh_long"], status="issued").exclude(signer_name="").first()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    log_in(page, demo, "tinh.tuyengiao")

    # The dashboard's report button opens the signer form, issued by Vĩnh Long's federation.
    page.goto(f"{demo}/admin/plans/{plan.pk}/dashboard/")
    page.locator(f"a[href*='/plans/{plan.pk}/export/report/']").click()
    expect(page).to_have_url(re.compile(rf"/admin/plans/{plan.pk}/export/report/"))
    expect(page.locator("main")).to_contain_text(units["vinh_long"].name)
    expect(page.locator("input[name=name]")).to_have_value(proposed.signer_name)
    page.screenshot(path=SCREENSHOTS / "report-signer-1280.png", full_page=True, animations="disabled")

    # A name with a degree is refused in Vietnamese; what was typed stays.
    page.fill("input[name=authority]", "KT. Chủ tịch")
    page.fill("input[name=position]", "Phó Chủ tịch")
    page.fill("input[name=name]", f"TS. {SIGNER}")
    page.locator("main button[type=submit]").click()
    expect(page.locator("main")).to_contain_text("không ghi học hàm, học vị")
    expect(page.locator("input[name=authority]")).to_have_value("KT. Chủ tịch")
    expect(page.locator("input[name=position]")).to_have_value("Phó Chủ tịch")
    expect(page.locator("input[name=name]")).to_have_value(f"TS. {SIGNER}")
    assert not SignedDocument.objects.exists()

    # Corrected: the report downloads, issued by Vĩnh Long, citing Bến Tre's plan, signed as typed.
    page.fill("input[name=name]", SIGNER)
    with page.expect_download() as download_info:
        page.locator("main button[type=submit]").click()
    download = download_info.value
    assert download.suggested_filename.startswith("BC-KH-196-")
    text = docx_text(download.path())
    # The federation's name, too long for one line of the header, breaks between words.
    assert "LIÊN ĐOÀN LAO ĐỘNG\nTỈNH VĨNH LONG" in text and "Kế hoạch số 196/KH-LĐLĐ" in text
    assert "KT. CHỦ TỊCH" in text and SIGNER in text
    made = SignedDocument.objects.get()
    assert (made.unit_id, made.signer_name) == (units["vinh_long"].pk, SIGNER)

    # The next report proposes the signer just named; the form reads on a phone.
    phone = browser.new_context(locale="vi-VN", viewport={"width": 390, "height": 844})
    try:
        small = phone.new_page()
        log_in(small, demo, "tinh.tuyengiao")
        small.goto(f"{demo}/admin/plans/{plan.pk}/export/report/")
        expect(small.locator("input[name=name]")).to_have_value(SIGNER)
        expect(small.locator("main button[type=submit]")).to_be_visible()
        small.screenshot(path=SCREENSHOTS / "report-signer-390.png", full_page=True, animations="disabled")
    finally:
        phone.close()

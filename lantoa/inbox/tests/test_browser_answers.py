"""Browser test of the Q&A knowledge base: a grassroots officer opens an answered case
whose worker agreed to publication, saves it as a question and answer (anonymised),
publishes it; the officer then picks it as a ready answer on another case (the script
fills the text, and "Hủy" keeps what was typed); an anonymous visitor on a 390×844 phone
reads it on the portal's "Hỏi đáp". Screenshots at desktop width and 390 px in
var/screenshots/."""

import re

import pytest
from django.conf import settings
from django.urls import reverse
from playwright.sync_api import expect

from lantoa.browser_fixtures import ensure_wagtail_roots, log_in
from lantoa.inbox import actions
from lantoa.inbox.models import Answer

from .staff_world import PASSWORD, build, worker_writes

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

SCREENSHOTS = settings.BASE_DIR / "var" / "screenshots"
PHONE = 390
NAME = "Trần Văn Bình"
QUESTION = (f"Tôi là {NAME}, Công ty TNHH May Sông Tiền không đóng bảo hiểm xã hội cho tôi 6 tháng nay. "
            "Số điện thoại 0987 654 321.")  # fmt: skip
ANSWER = "Chào anh, công ty phải đóng bảo hiểm xã hội hằng tháng; công đoàn đã yêu cầu công ty đóng bù trước 30/6/2026."


@pytest.fixture
def world(live_server):
    ensure_wagtail_roots()
    world = build()
    world.binh = worker_writes(QUESTION, employer="Công ty TNHH May Sông Tiền", external_id="form-binh", name=NAME,
                               phone="0987654321", publish_consent=True, unit_id=world.song_tien.pk)  # fmt: skip
    actions.do_answer(world.binh, actor=world.officer, text=ANSWER)
    return world


def shoot(page, name, *, height=2000, phone_height=844):
    """The screen at desktop width and on a 390 px phone, which must not scroll sideways
    (the admin scrolls inside its own frame: a tall viewport shows it all)."""
    page.set_viewport_size({"width": 1280, "height": height})
    page.screenshot(path=SCREENSHOTS / f"{name}.png", full_page=True)
    page.set_viewport_size({"width": PHONE, "height": phone_height})
    page.screenshot(path=SCREENSHOTS / f"{name}_{PHONE}.png", full_page=True)
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"{name} scrolls sideways at {PHONE} px"
    page.set_viewport_size({"width": 1280, "height": 900})


def test_an_answered_case_becomes_a_public_question_and_answer(world, live_server, page, browser):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    base = live_server.url
    log_in(page, base, world.officer.username, password=PASSWORD)

    page.goto(f"{base}{reverse('inbox_case', args=[world.binh.pk])}")
    expect(page.locator("[data-qa]")).to_be_visible()
    expect(page.locator("[data-no-consent]")).to_have_count(0)
    page.locator("[data-save-qa]").click()
    expect(page).to_have_url(re.compile(r"/admin/inbox/answers/edit/\d+/$"))
    entry = Answer.objects.get(case=world.binh)
    question = page.locator("textarea[name=question]")
    expect(question).to_contain_text("không đóng bảo hiểm xã hội")
    assert NAME not in question.input_value() and "0987" not in question.input_value()
    assert "May Sông Tiền" not in question.input_value()
    shoot(page, "inbox_answer_edit", phone_height=1600)

    page.get_by_role("link", name=re.compile("Đăng lên cổng|Publish on the portal")).first.click()
    expect(page).to_have_url(re.compile(rf"/admin/inbox/answers/publish/{entry.pk}/$"))
    page.locator("[data-publish]").click()
    expect(page).to_have_url(re.compile(rf"/admin/inbox/answers/edit/{entry.pk}/$"))
    entry.refresh_from_db()
    assert entry.public and entry.published_at

    # The ready answer on another case of the union: chosen, it fills the text; with text
    # typed, "Cancel" on the question keeps it.
    page.goto(f"{base}{reverse('inbox_case', args=[world.wages.pk])}")
    text = page.locator("form:has(select[data-ready-answer]) textarea[name=text]")
    select = page.locator("select[data-ready-answer]")
    expect(page.locator("[data-use-ready]")).to_be_hidden()
    text.fill("Em đang kiểm tra")
    page.once("dialog", lambda dialog: dialog.dismiss())
    select.select_option(str(entry.pk))
    expect(text).to_have_value("Em đang kiểm tra")
    expect(select).to_have_value("")
    page.once("dialog", lambda dialog: dialog.accept())
    select.select_option(str(entry.pk))
    expect(text).to_have_value(entry.answer)
    shoot(page, "inbox_case_ready_answer", height=3000, phone_height=4000)

    context = browser.new_context(locale="vi-VN", viewport={"width": PHONE, "height": 844}, has_touch=True)
    visitor = context.new_page()
    visitor.set_default_timeout(15_000)
    try:
        visitor.goto(f"{base}/hoi-dap/")
        item = visitor.locator(f'[data-qa="{entry.pk}"]')
        expect(item).to_contain_text("không đóng bảo hiểm xã hội")
        expect(visitor.locator("body")).not_to_contain_text(NAME)
        ask = visitor.get_by_role("link", name=re.compile("Gửi câu hỏi|Ask a question")).first
        expect(ask).to_have_attribute("href", "/gop-y/")
        visitor.locator("input[name=q]").fill("bao hiem xa hoi")
        visitor.locator(".qa-filters button[type=submit]").click()
        expect(item).to_be_visible()
        shoot(visitor, "inbox_qa_list", height=1200)
        item.get_by_role("link").click()
        expect(visitor).to_have_url(f"{base}/hoi-dap/{entry.pk}/")
        expect(visitor.locator(".qa-entry__part--answer")).to_contain_text("đóng bù trước 30/6/2026")
        expect(visitor.locator("time")).to_have_text(re.compile(r"^\d{2}/\d{2}/\d{4}$"))
        shoot(visitor, "inbox_qa_detail", height=1200)
    finally:
        context.close()

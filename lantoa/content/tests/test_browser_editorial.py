"""Browser test of the editorial flow (issue 11): the provincial editor writes an article and
submits it, the head of board then the leader approve it from the page editor; it is on
the portal, in the feed and found without diacritics; its Zalo variant and poster are
there (the QR of the rendered poster gives the article's address); a statement to the
press waits for the spokesperson; a commune editor cannot open the province's article."""

import pypdfium2
import pytest
import zxingcpp
from django.conf import settings
from django.urls import reverse
from playwright.sync_api import expect

from lantoa.browser_fixtures import log_in
from lantoa.content.models import ArticlePage
from lantoa.content.workflows import ensure_editorial_workflows
from lantoa.org.approval import Decision, act

from .editorial_world import editorial_world_fixture, submit, write_article  # noqa: F401 - fixture

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PASSWORD = "mat-khau-123"  # lantoa/org/tests/factories.make_user
TITLE = "Tháng Công nhân năm 2026 – An toàn, vệ sinh lao động"
SCREENSHOTS = settings.BASE_DIR / "var" / "screenshots"


@pytest.fixture
def world(wagtail_roots, editorial_world):
    ensure_editorial_workflows()  # the live server's flush ran post_migrate before the root page existed
    return editorial_world


def signed_in(browser, base_url, username, *, width=1280):
    context = browser.new_context(locale="vi-VN", viewport={"width": width, "height": 900})
    page = context.new_page()
    page.set_default_timeout(20_000)
    log_in(page, base_url, username, PASSWORD)
    return page


def footer_action(page, selector):
    """The page editor's footer keeps its other actions in a drop-down menu."""
    page.locator("footer .w-dropdown__toggle").first.click()
    page.locator(selector).click()


def waiting_for(article) -> str | None:
    task = ArticlePage.objects.get(pk=article.pk).current_workflow_task
    return task.specific.role_kind if task else None


def approve_in_editor(browser, base_url, username, article):
    page = signed_in(browser, base_url, username)
    page.goto(f"{base_url}{reverse('wagtailadmin_pages:edit', args=[article.pk])}")
    footer_action(page, "button[data-workflow-action-name=approve]")
    page.wait_for_load_state("networkidle")
    page.screenshot(path=SCREENSHOTS / f"editorial_approved_by_{username}.png", full_page=True)
    page.context.close()


def poster_qr(content: bytes) -> str:
    pdf = pypdfium2.PdfDocument(content)
    image = pdf[0].render(scale=2).to_pil()
    return zxingcpp.read_barcodes(image)[0].text


def test_an_article_passes_two_approvals_and_reaches_the_portal(world, live_server, browser):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    base = live_server.url
    editor = signed_in(browser, base, "tinh.tuyengiao")
    editor.goto(f"{base}/admin/pages/add/content/articlepage/{world['home'].pk}/")
    editor.fill("#id_title", TITLE)
    editor.fill("#id_summary", "Liên đoàn Lao động tỉnh phát động Tháng Công nhân, chú trọng an toàn lao động.")
    editor.screenshot(path=SCREENSHOTS / "editorial_write.png", full_page=True)
    footer_action(editor, "button[name=action-submit]")
    editor.wait_for_load_state("networkidle")
    article = ArticlePage.objects.get(title=TITLE)
    assert waiting_for(article) == "board_head"
    assert not article.live

    approve_in_editor(browser, base, "tinh.truongban", article)
    assert waiting_for(article) == "approver"
    approve_in_editor(browser, base, "tinh.lanhdao", article)
    article = ArticlePage.objects.get(pk=article.pk)
    assert article.live and waiting_for(article) is None

    reader = browser.new_context(locale="vi-VN").new_page()
    reader.goto(f"{base}{article.url}")
    expect(reader.locator("h1")).to_have_text(TITLE)
    feed = reader.request.get(f"{base}/rss/")
    assert feed.ok and TITLE in feed.text()
    reader.goto(f"{base}/tim-kiem/?q=thang cong nhan nam 2026 an toan")
    expect(reader.get_by_role("link", name=TITLE)).to_be_visible()
    reader.context.close()

    editor.goto(f"{base}{reverse('content_variants', args=[article.pk])}")
    expect(editor.get_by_text("Zalo OA", exact=False).first).to_be_visible()
    editor.screenshot(path=SCREENSHOTS / "editorial_variants.png", full_page=True)
    poster = editor.request.get(f"{base}{reverse('content_variant_pdf', args=[article.pk, 'poster'])}")
    assert poster.ok
    assert poster_qr(poster.body()).rstrip("/").endswith(article.url.rstrip("/"))
    editor.context.close()


def test_a_statement_to_the_press_waits_for_the_spokesperson(world, live_server, browser):
    author = world["province_editor"]
    statement = write_article(world["home"], author, title="Thông cáo về vụ ngừng việc tại KCN Hòa Phú", for_press=True)
    statement = submit(statement, author)
    for decider in (world["board_head"], world["leader"]):
        act(ArticlePage.objects.get(pk=statement.pk).current_workflow_task_state, decider, Decision.APPROVE)
    statement = ArticlePage.objects.get(pk=statement.pk)
    assert waiting_for(statement) == "spokesperson" and not statement.live

    spokesperson = signed_in(browser, live_server.url, "tinh.phatngon")
    expect(spokesperson.get_by_role("link", name=statement.title)).to_be_visible()
    spokesperson.screenshot(path=SCREENSHOTS / "editorial_spokesperson_home.png", full_page=True)
    spokesperson.context.close()

    approve_in_editor(browser, live_server.url, "tinh.phatngon", statement)
    assert ArticlePage.objects.get(pk=statement.pk).live


def test_a_commune_editor_cannot_open_the_provinces_article(world, live_server, browser):
    article = write_article(world["home"], world["province_editor"], title="Kế hoạch tuyên truyền quý IV của tỉnh")
    page = signed_in(browser, live_server.url, "phukhuong.bientap")
    page.goto(f"{live_server.url}{reverse('wagtailadmin_pages:edit', args=[article.pk])}")
    expect(page.locator("#id_title")).to_have_count(0)
    assert article.title not in page.content()
    page.context.close()

"""Browser test of publishing on the channels (issue 12), over the demo province: the
provincial editor writes an article, the head of board then the leader approve it; the
Facebook page (connected to a local fake Graph) refuses the first post, so its row shows
"Gửi lỗi" with the reason; the leader presses "Thử lại" and the row shows the post's link;
a channel posted on by hand shows its kit (the variant's text to copy) and is confirmed with
"Đã đăng": a future day is refused with the address kept, then the right day and a photo, stored
without the position the phone wrote. Screenshots at desktop and 390 px."""

import io
import re

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from PIL import ExifTags
from PIL import Image as PILImage
from playwright.sync_api import expect

from lantoa.browser_fixtures import ensure_wagtail_roots, log_in
from lantoa.channels.connections import do_connect
from lantoa.channels.kinds.facebook_page.fake import FakeGraph, graph_error
from lantoa.channels.models import Channel, ChannelKind, Connection, ConnectionStatus, Publication
from lantoa.channels.models import PublicationStatus as S
from lantoa.content.models import ArticlePage
from lantoa.content.workflows import ensure_editorial_workflows
from lantoa.demo.province import load_demo_province
from lantoa.portal.models import PortalHomePage

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

TITLE = "Công đoàn tỉnh trao 200 suất quà cho công nhân khó khăn"
SUMMARY = "Liên đoàn Lao động tỉnh trao quà cho công nhân có hoàn cảnh khó khăn tại các khu công nghiệp."
REFUSAL = "Facebook từ chối yêu cầu: dữ liệu gửi đi không hợp lệ. (mã 100)"
SCREENSHOTS = settings.BASE_DIR / "var" / "screenshots"
PHONE = 390


class RefusingGraph(FakeGraph):
    """The fake Graph, refusing the next `refusals` posts as Graph refuses a bad field."""

    refusals = 0

    def _publish(self, params):
        if self.refusals:
            self.refusals -= 1
            return 400, graph_error("(#100) Invalid parameter", 100, kind="GraphMethodException")
        return super()._publish(params)


@pytest.fixture
def graph(settings):
    with RefusingGraph() as fake:
        settings.LANTOA_FACEBOOK_GRAPH_URL = fake.base_url
        yield fake


@pytest.fixture
def demo(live_server, graph):
    """The demo province, its Facebook page connected to the fake; its Zalo OA (connected to
    the real Zalo by the demo) set aside, so that approving sends nothing off this machine."""
    ensure_wagtail_roots()
    ensure_editorial_workflows()
    units = load_demo_province()
    province = units["vinh_long"]
    page = Channel.objects.get(unit=province, kind=ChannelKind.FACEBOOK_PAGE, active_to__isnull=True)
    do_connect(page, account_id=graph.page_id, secrets={"page_token": graph.token})
    Connection.objects.filter(channel__unit=province, channel__kind=ChannelKind.ZALO_OA).update(
        status=ConnectionStatus.NEEDS_RECONNECT
    )
    return {"url": live_server.url, "province": province, "page": page}


def signed_in(browser, base_url, username, *, width=1280):
    context = browser.new_context(locale="vi-VN", viewport={"width": width, "height": 900})
    page = context.new_page()
    page.set_default_timeout(20_000)
    log_in(page, base_url, username)
    return page


def footer_action(page, selector):
    """The page editor's footer keeps its other actions in a drop-down menu."""
    page.locator("footer .w-dropdown__toggle").first.click()
    page.locator(selector).click()


def approve_in_editor(browser, base_url, username, article):
    page = signed_in(browser, base_url, username)
    page.goto(f"{base_url}{reverse('wagtailadmin_pages:edit', args=[article.pk])}")
    footer_action(page, "button[data-workflow-action-name=approve]")
    page.wait_for_load_state("networkidle")
    page.context.close()


def write_and_submit(browser, base_url, home):
    editor = signed_in(browser, base_url, "tinh.tuyengiao")
    editor.goto(f"{base_url}/admin/pages/add/content/articlepage/{home.pk}/")
    editor.fill("#id_title", TITLE)
    editor.fill("#id_summary", SUMMARY)
    footer_action(editor, "button[name=action-submit]")
    editor.wait_for_load_state("networkidle")
    editor.context.close()
    return ArticlePage.objects.get(title=TITLE)


def row(page, channel_name):
    """A channel's rows: its status, and for a hand post its kit and "Đã đăng" form."""
    return page.locator(f'table.lantoa-publications tbody[data-channel="{channel_name}"]')


def phone_photo(path):
    """A JPEG as a phone takes it, with the GPS position where it was taken."""
    exif = PILImage.Exif()
    exif.get_ifd(ExifTags.IFD.GPSInfo).update({1: "N", 2: (10.0, 14.0, 57.0), 3: "E", 4: (105.0, 58.0, 20.0)})
    PILImage.new("RGB", (640, 480), "#1f6f43").save(path, "JPEG", exif=exif.tobytes())
    return path


def shoot_this(page, name, block):
    """The page as it stands (a form sent back with its mistake), at desktop width and 390 px,
    and the channel's `block` (kit and form) whole on the phone."""
    page.screenshot(path=SCREENSHOTS / f"{name}.png", full_page=True)
    page.set_viewport_size({"width": PHONE, "height": 900})
    page.screenshot(path=SCREENSHOTS / f"{name}_{PHONE}.png", full_page=True)
    block.screenshot(path=SCREENSHOTS / f"{name}_{PHONE}_row.png")
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"the publications screen scrolls sideways at {PHONE} px"
    page.set_viewport_size({"width": 1280, "height": 900})


def shoot(browser, base_url, url, name):
    """The publications screen at desktop width (`page`) and on a 390 px phone."""
    for width, suffix in ((1280, ""), (PHONE, f"_{PHONE}")):
        page = signed_in(browser, base_url, "tinh.lanhdao", width=width)
        page.goto(url)
        page.screenshot(path=SCREENSHOTS / f"{name}{suffix}.png", full_page=True)
        if width == PHONE:
            overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
            assert overflow <= 0, f"the publications screen scrolls sideways at {PHONE} px"
        page.context.close()


def test_a_refused_facebook_post_is_sent_again_and_a_hand_post_is_confirmed(demo, graph, browser):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    base, province = demo["url"], demo["province"]
    home = PortalHomePage.objects.get(unit=province)
    article = write_and_submit(browser, base, home)

    graph.refusals = 1  # the leader's approval publishes the article: Facebook refuses its post
    approve_in_editor(browser, base, "tinh.truongban", article)
    approve_in_editor(browser, base, "tinh.lanhdao", article)
    assert ArticlePage.objects.get(pk=article.pk).live
    facebook = Publication.objects.get(article=article, channel=demo["page"])
    assert facebook.status == S.FAILED and facebook.error == REFUSAL

    # The leader reaches the screen from the article's header menu.
    leader = signed_in(browser, base, "tinh.lanhdao")
    leader.goto(f"{base}{reverse('wagtailadmin_pages:edit', args=[article.pk])}")
    leader.locator("#w-slim-header-buttons .w-dropdown__toggle").click()
    leader.get_by_role("link", name="Đăng trên các kênh").click()
    screen = f"{base}{reverse('channels_publications', args=[article.pk])}"
    expect(leader).to_have_url(screen)
    failed = row(leader, demo["page"].name)
    expect(failed).to_contain_text("Gửi lỗi")
    expect(failed).to_contain_text(REFUSAL)
    shoot(browser, base, screen, "publishing_failed")

    failed.get_by_role("button", name="Thử lại").click()
    posted = row(leader, demo["page"].name)
    expect(posted).to_contain_text("Đã đăng")
    facebook.refresh_from_db()
    assert facebook.status == S.PUBLISHED and facebook.external_id in graph.posts
    expect(posted.get_by_role("link", name=facebook.url)).to_have_attribute("href", facebook.url)
    assert re.match(r"https://www\.facebook\.com/", facebook.url)

    group = Channel.objects.get(unit=province, kind=ChannelKind.FACEBOOK_GROUP, active_to__isnull=True)
    waiting = row(leader, group.name)
    expect(waiting).to_contain_text("Chờ xác nhận")
    # The kit: the Facebook post variant, to copy into the group.
    post_text = ArticlePage.objects.get(pk=article.pk).variants.get(kind="facebook_post").text
    kit = waiting.locator("textarea.lantoa-kit__copy")
    expect(kit).to_be_visible()
    expect(kit).to_have_value(post_text.replace("\r\n", "\n"))
    expect(waiting).to_contain_text("Đăng thủ công: Bài đăng trang Facebook")
    leader.context.grant_permissions(["clipboard-read", "clipboard-write"])
    waiting.get_by_role("button", name="Chép").click()
    expect(waiting.get_by_role("button", name="Đã chép")).to_be_visible()

    group_post = "https://www.facebook.com/groups/ctvcongdoanvinhlong/posts/987654321"
    photo = phone_photo(SCREENSHOTS / "anh-dang-nhom.jpg")
    waiting.locator("input[name=url]").fill(group_post)
    waiting.locator("input[name=day]").fill("31/12/2099")
    waiting.locator("input[name=photo]").set_input_files(photo)
    waiting.get_by_role("button", name="Đã đăng").click()
    # A future day: the screen comes back with the reason by the field, the address kept.
    sent_back = row(leader, group.name)
    expect(sent_back.locator("[data-field=day] .error-message")).to_have_text("Ngày đăng không thể ở tương lai.")
    expect(sent_back.locator("input[name=url]")).to_have_value(group_post)
    expect(sent_back).to_contain_text("Hãy chọn lại ảnh")
    shoot_this(leader, "publishing_mistake", sent_back)
    sent_back.locator("input[name=day]").fill(timezone.localdate().strftime("%d/%m/%Y"))
    sent_back.locator("input[name=photo]").set_input_files(photo)
    sent_back.get_by_role("button", name="Đã đăng").click()

    confirmed = row(leader, group.name)
    expect(confirmed).to_contain_text("Đã đăng")
    expect(confirmed.get_by_role("link", name=group_post)).to_be_visible()
    expect(confirmed).to_contain_text("xác nhận")
    expect(confirmed.get_by_role("img", name=f"Ảnh bài đăng trên {group.name}")).to_be_visible()
    expect(confirmed.locator("textarea")).to_have_count(0)  # no kit once posted
    leader.context.close()
    confirmation = Publication.objects.get(article=article, channel=group)
    assert confirmation.status == S.PUBLISHED and confirmation.confirmed_by.username == "tinh.lanhdao"
    with confirmation.photo.open_file() as stored, PILImage.open(io.BytesIO(stored.read())) as kept:
        assert kept.size == (640, 480) and not kept.getexif().get_ifd(ExifTags.IFD.GPSInfo)
    shoot(browser, base, screen, "publishing_done")

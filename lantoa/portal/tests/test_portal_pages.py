"""Every portal page type renders for a reader, with its landmarks and sharing tags; drafts
never show; listings take a fixed number of queries."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from lantoa.content.groups import ContentGroup
from lantoa.portal.actions import do_open_section
from lantoa.portal.models import CampaignPage, PlainPage

from .portal_world import (  # noqa: F401
    HOST,
    assert_portal_page,
    image_block,
    make_campaign,
    make_image,
    publish,
    publish_article,
)

pytestmark = pytest.mark.django_db


def get(client, url, **query):
    return client.get(url, query, HTTP_HOST=HOST)


def test_the_home_shows_the_latest_articles_of_each_group_and_links_topics_and_units(client, portal):
    publish_article(portal["section"], 1, title="Tin hội nghị")
    publish_article(portal["home"], 2, group=ContentGroup.GOOD_PRACTICE, title="Gương sáng công nhân")
    html = assert_portal_page(get(client, "/"))
    assert "Tin hội nghị" in html and "Gương sáng công nhân" in html
    assert html.index("Gương sáng công nhân") < html.index("Tin hội nghị")  # groups in the plan's order
    assert 'href="/chuyen-muc-news/"' in html and f'href="{portal["section"].url}"' in html
    assert "<title>Cổng Công đoàn Vĩnh Long</title>" in html


def test_a_draft_never_shows_on_the_home_the_index_or_its_address(client, portal):
    publish_article(portal["section"], 1, title="Bài đã đăng")
    draft = publish_article(portal["section"], 2, title="Bản nháp chưa duyệt", live=False)
    for url in ("/", "/chuyen-muc-news/", portal["section"].url):
        html = get(client, url).content.decode()
        assert "Bài đã đăng" in html and "Bản nháp chưa duyệt" not in html
    assert (
        get(client, draft.url_path.removeprefix(portal["home"].url_path) if draft.url_path else "/x/").status_code
        == 404
    )


def test_the_topic_index_pages_its_articles_twelve_at_a_time(client, portal):
    for n in range(1, 15):
        publish_article(portal["section"], n)
    publish_article(portal["home"], 99, group=ContentGroup.GOOD_PRACTICE, title="Bài nhóm khác")
    first = assert_portal_page(get(client, "/chuyen-muc-news/"))
    assert first.count('class="card"') == 12
    assert first.index("Bài viết số 14") < first.index("Bài viết số 3")  # newest first
    assert "Bài nhóm khác" not in first and "Trang 1/2" in first and 'href="?trang=2"' in first
    second = get(client, "/chuyen-muc-news/", trang=2).content.decode()
    assert second.count('class="card"') == 2 and "Bài viết số 1<" in second
    assert 'href="/rss/4/"' in first or re.search(r'href="/rss/\d+/"', first)


def test_the_unit_section_shows_its_articles_and_its_child_sections(client, portal):
    child = do_open_section(portal["grassroots"], actor=None)
    publish(child)
    publish_article(portal["section"], 1, title="Bài của phường")
    html = assert_portal_page(get(client, portal["section"].url))
    assert "Bài của phường" in html and child.title in html
    assert 'aria-label="Bạn đang ở"' in html


def test_the_campaign_page_shows_its_message_and_its_articles(client, portal):
    campaign = make_campaign(portal["province"])
    page = publish(
        portal["home"].add_child(
            instance=CampaignPage(title="Tháng Công nhân", slug="thang-cong-nhan", campaign=campaign, live=False)
        )
    )
    publish_article(portal["section"], 1, title="Bài cho chiến dịch", campaign=campaign)
    publish_article(portal["section"], 2, title="Bài không thuộc chiến dịch")
    html = assert_portal_page(get(client, page.url))
    assert "Đoàn viên khỏe, doanh nghiệp mạnh" in html and "Bài cho chiến dịch" in html
    assert "Bài không thuộc chiến dịch" not in html
    article_html = get(client, portal["section"].url + "bai-viet-1/").content.decode()
    assert f'href="{page.url}"' in article_html


def test_a_plain_page_renders(client, portal):
    page = publish(portal["home"].add_child(instance=PlainPage(title="Giới thiệu", slug="gioi-thieu", live=False)))
    html = assert_portal_page(get(client, page.url))
    assert "<h1>Giới thiệu</h1>" in html


def test_the_article_page_shows_its_facts_images_and_sharing_tags(client, portal):
    image = make_image()
    article = publish_article(
        portal["section"],
        5,
        title="Hội nghị người lao động",
        tags=["an toàn lao động"],
        body=[
            ("paragraph", "<p>Đoạn mở đầu.</p>"),
            image_block(image),
            ("quote", {"text": "Lời hay", "attribution": "Chủ tịch"}),
            ("video", {"url": "https://www.youtube.com/watch?v=abc", "title": "Phóng sự", "caption": "3 phút"}),
        ],
    )
    for n in range(1, 5):
        publish_article(portal["home"], n)
    html = assert_portal_page(get(client, article.url), og_type="article")
    assert "<h1>Hội nghị người lao động</h1>" in html and "02/11/2026" in html
    assert "Công đoàn phường Phú Khương" in html and "Tin tức" in html  # unit and content group
    assert 'alt="Đoàn viên dự hội nghị tại hội trường"' in html and "<picture>" in html and "srcset=" in html
    assert '<meta property="og:description" content="Tóm tắt của bài viết số 5.">' in html
    assert re.search(r'<meta property="og:image" content="http://localhost/media/images/[^"]+\.fill-1200x630', html)
    assert "an toàn lao động" in html and "Xem video" in html and "youtube.com" in html
    related = html.split('id="bai-lien-quan"')[1]
    assert related.count('class="card"') == 3 and "Bài viết số 4" in related and "Bài viết số 1" not in related


def queries_for(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert get(client, url).status_code == 200
    return len(captured.captured_queries)


@pytest.mark.parametrize("url", ["/", "/chuyen-muc-news/"])
def test_the_home_and_index_take_the_same_queries_for_3_or_20_articles(
    client, portal, url, django_assert_max_num_queries
):
    image = make_image()
    for n in range(1, 4):
        publish_article(portal["section"], n, body=[image_block(image)])
    get(client, url)  # the renditions are made once
    with_three = queries_for(client, url)
    for n in range(4, 21):
        publish_article(portal["section"], n, body=[image_block(image)])
    get(client, url)
    assert with_three <= 16
    with django_assert_max_num_queries(with_three):
        assert get(client, url).status_code == 200

"""Readers get portal pages from the cache; a publication anywhere on the site purges it."""

import pytest
from django.core.cache import cache

from lantoa.portal import cache as page_cache
from lantoa.portal import queries

from .portal_world import HOST, publish_article

pytestmark = pytest.mark.django_db

MIDDLEWARE = "lantoa.portal.cache.PageCacheMiddleware"


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    """The middleware where the settings put it: after IncompleteFormMiddleware."""
    if MIDDLEWARE not in settings.MIDDLEWARE:
        position = settings.MIDDLEWARE.index("lantoa.core.middleware.IncompleteFormMiddleware") + 1
        settings.MIDDLEWARE = [*settings.MIDDLEWARE[:position], MIDDLEWARE, *settings.MIDDLEWARE[position:]]
    settings.LANTOA_PAGE_CACHE_SECONDS = 300  # off elsewhere in the suite (lantoa/test_settings.py)
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def renders(monkeypatch):
    """Counts the portal contexts built: one per page actually rendered."""
    calls = []
    build = queries.page_context

    def counting(page, request):
        calls.append(request.get_full_path())
        return build(page, request)

    monkeypatch.setattr(queries, "page_context", counting)
    return calls


def get(client, url, **extra):
    return client.get(url, HTTP_HOST=HOST, **extra)


def test_the_second_reader_gets_the_page_from_the_cache(client, portal, renders, django_assert_num_queries):
    publish_article(portal["section"], 1, title="Tin hội nghị")
    first = get(client, "/chuyen-muc-news/")
    with django_assert_num_queries(0):
        second = get(client, "/chuyen-muc-news/")
    assert renders == ["/chuyen-muc-news/"]
    assert second.status_code == 200 and second.content == first.content and "Tin hội nghị" in second.content.decode()
    assert not second.cookies and "Content-Security-Policy" in second


def test_a_publication_purges_the_site_pages(client, portal, renders):
    publish_article(portal["section"], 1, title="Tin hội nghị")
    get(client, "/")
    publish_article(portal["section"], 2, title="Tin vừa đăng")
    assert "Tin vừa đăng" in get(client, "/").content.decode()
    assert len(renders) == 2


def test_unpublishing_purges_the_site_pages(client, portal):
    article = publish_article(portal["section"], 1, title="Tin sẽ gỡ")
    assert "Tin sẽ gỡ" in get(client, "/").content.decode()
    article.unpublish()
    assert "Tin sẽ gỡ" not in get(client, "/").content.decode()


def test_deleting_purges_the_site_pages(client, portal):
    article = publish_article(portal["section"], 1, title="Tin sẽ xóa")
    assert "Tin sẽ xóa" in get(client, "/").content.decode()
    article.delete()
    assert "Tin sẽ xóa" not in get(client, "/").content.decode()


def test_each_page_number_is_cached_apart_and_other_queries_are_not_cached(client, portal, renders):
    for n in range(1, 15):
        publish_article(portal["section"], n)
    get(client, "/chuyen-muc-news/", data={"trang": 2})
    get(client, "/chuyen-muc-news/", data={"trang": 2})
    get(client, "/chuyen-muc-news/")
    get(client, "/chuyen-muc-news/", data={"utm_source": "zalo"})
    get(client, "/chuyen-muc-news/", data={"utm_source": "zalo"})
    assert renders == ["/chuyen-muc-news/?trang=2", "/chuyen-muc-news/", *["/chuyen-muc-news/?utm_source=zalo"] * 2]


def test_signed_in_people_always_get_a_fresh_page(client, portal, renders):
    publish_article(portal["section"], 1)
    client.force_login(portal["province_editor"])
    get(client, "/")
    get(client, "/")
    assert len(renders) == 2


def test_other_answers_are_not_cached(client, portal):
    assert get(client, "/khong-co-trang-nay/").status_code == 404
    assert page_cache.cache_seconds() == 300
    assert not [key for key in cache._cache if ":portal:page:" in key]  # locmem's own store


def test_a_changed_site_purges_the_pages(client, portal, renders):
    from wagtail.models import Site

    publish_article(portal["section"], 1, title="Tin hội nghị")
    get(client, "/")
    site = Site.objects.get(hostname=HOST)
    site.site_name = "Cổng thông tin Công đoàn tỉnh"
    site.save()
    assert "Cổng thông tin Công đoàn tỉnh" in get(client, "/").content.decode()
    assert len(renders) == 2


def test_each_host_is_cached_apart(client, portal, renders, settings):
    settings.ALLOWED_HOSTS = [HOST, "www.localhost"]
    get(client, "/")
    client.get("/", HTTP_HOST="www.localhost")
    get(client, "/")
    assert len(renders) == 2


# --- Fragments ({% portalcache %}): with the page cache off, the costly parts of a page are
# rendered once per generation, for every reader.


@pytest.fixture
def fragments_on(settings):
    settings.LANTOA_PAGE_CACHE_SECONDS = 0
    settings.LANTOA_FRAGMENT_CACHE_SECONDS = 300


def article_url(article):
    return article.get_url_parts()[2]


def test_a_fragment_is_rendered_once_and_purged_by_a_publication(client, portal, fragments_on):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    first = publish_article(portal["section"], 1, title="Tin hội nghị")
    publish_article(portal["section"], 2, title="Tin tập huấn")
    with CaptureQueriesContext(connection) as cold:
        page = get(client, article_url(first)).content.decode()
    with CaptureQueriesContext(connection) as warm:
        again = get(client, article_url(first)).content.decode()
    assert again == page and "Tin tập huấn" in page.split('id="bai-lien-quan"')[1]
    assert len(warm) < len(cold) - 3
    fragment_tables = ("taggit_tag", "wagtailimages_", "org_unit")  # tags, images, author unit: in the fragments
    assert not [q for q in warm.captured_queries if any(table in q["sql"] for table in fragment_tables)]
    publish_article(portal["section"], 3, title="Tin vừa đăng")
    assert "Tin vừa đăng" in get(client, article_url(first)).content.decode().split('id="bai-lien-quan"')[1]


def test_signed_in_readers_share_the_fragments_and_other_parameters_skip_them(client, portal, fragments_on, renders):
    first = publish_article(portal["section"], 1, title="Tin hội nghị")
    anonymous = get(client, article_url(first)).content.decode()
    client.force_login(portal["province_editor"])
    assert get(client, article_url(first)).content.decode() == anonymous
    get(client, article_url(first), data={"utm_source": "zalo"})
    get(client, article_url(first), data={"utm_source": "zalo"})
    assert len(renders) == 4  # the context is made every time; only the page's own parts are kept
    assert [key for key in cache._cache if ":portal:fragment:" in key]
    assert not [key for key in cache._cache if ":portal:page:" in key]

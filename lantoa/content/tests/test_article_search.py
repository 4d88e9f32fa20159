"""Search over articles: every word, with or without diacritics, titles before bodies,
recent before old, only the live articles of the site, snippets that mark the words found
and escape everything else; any query at all answers a list, never an error."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from wagtail.models import Site

from lantoa.content.search import matching_articles, search_articles, snippet

from .search_world import article_world_fixture  # noqa: F401 - fixture

pytestmark = pytest.mark.django_db


def titles(query, world, **kwargs):
    site = Site.objects.get(root_page=world.home)
    return [hit.title for hit in search_articles(query, site=site, **kwargs)]


def test_a_query_with_diacritics_finds_the_article_without_them_and_back(article_world):
    assert titles("an toan lao dong", article_world) == titles("AN TOÀN LAO ĐỘNG", article_world)
    assert "An toàn lao động trong mùa mưa bão" in titles("an toan lao dong", article_world)
    assert titles("thoa uoc lao dong tap the", article_world) == ["Ký kết thỏa ước"]


def test_d_with_stroke_matches_d_either_way(article_world):
    assert titles("dong khoi", article_world) == ["Đồng Khởi ra quân Tháng Công nhân"]
    assert titles("ĐỒNG KHỞI", article_world) == ["Đồng Khởi ra quân Tháng Công nhân"]
    assert titles("đông khơi", article_world) == ["Đồng Khởi ra quân Tháng Công nhân"]


def test_a_title_match_ranks_above_a_body_only_match_however_recent(article_world):
    found = titles("an toàn lao động", article_world)
    assert found.index("An toàn lao động trong mùa mưa bão") < found.index("Hội nghị người lao động năm 2026")


def test_recent_ranks_above_old_for_an_equal_match(article_world):
    assert titles("tet sum vay", article_world) == ["Tết Sum vầy 2026: 500 suất quà", "Tết Sum vầy 2024: 300 suất quà"]


def test_drafts_and_other_sites_are_left_out(article_world):
    found = titles("an toàn lao động", article_world)
    assert "Dự thảo: an toàn lao động cho tài xế" not in found
    assert "An toàn lao động ở Đắk Lắk" not in found
    other = Site.objects.get(root_page=article_world.other_home)
    assert [hit.title for hit in search_articles("an toan", site=other)] == ["An toàn lao động ở Đắk Lắk"]


def test_without_a_site_every_portal_is_searched(article_world):
    found = [hit.title for hit in search_articles("an toan lao dong")]
    assert "An toàn lao động ở Đắk Lắk" in found and "Dự thảo: an toàn lao động cho tài xế" not in found


def test_an_editor_finds_the_drafts_they_may_edit_and_others_do_not(article_world, django_user_model):
    from lantoa.org import actions
    from lantoa.org.models import RoleKind
    from lantoa.org.tests.factories import fresh, make_user

    editor = make_user("bentre.bientap")
    actions.do_assign_role(user=editor, unit=article_world.province, kind=RoleKind.EDITOR, actor=None)
    outsider = make_user("daklak.bientap")
    actions.do_assign_role(user=outsider, unit=article_world.other, kind=RoleKind.EDITOR, actor=None)
    draft = "Dự thảo: an toàn lao động cho tài xế"
    assert draft in [h.title for h in search_articles("tai xe", live_only=False, user=fresh(editor))]
    assert [h.title for h in search_articles("tai xe", live_only=False, user=fresh(outsider))] == []


def test_limit_and_offset_page_through_the_ranking(article_world):
    everything = titles("lao dong", article_world)
    assert titles("lao dong", article_world, limit=1, offset=1) == everything[1:2]


def test_the_snippet_marks_the_words_found_on_the_original_letters(article_world):
    hit = next(h for h in search_articles("ve sinh lao dong") if h.title == "Hội nghị người lao động năm 2026")
    assert "<mark>vệ</mark> <mark>sinh</mark> <mark>lao</mark> <mark>động</mark>" in hit.snippet


def test_the_snippet_escapes_html_and_marks_only_the_words():
    text = 'Bài <script>alert("x")</script> về Đoàn viên & <b>công đoàn</b>'
    shown = snippet(text, ["doan", "script"])
    assert "<script>" not in shown and "<b>" not in shown
    assert "&lt;<mark>script</mark>&gt;alert(&quot;x&quot;)" in shown
    assert "<mark>Đoàn</mark> viên &amp; &lt;b&gt;công <mark>đoàn</mark>&lt;/b&gt;" in shown


def test_the_snippet_starts_near_the_first_match_of_a_long_text():
    text = "Mở đầu. " * 60 + "Tết Sum vầy cho công nhân."
    shown = snippet(text, ["tet"])
    assert shown.startswith("… ") and "<mark>Tết</mark> Sum vầy" in shown


@pytest.mark.parametrize(
    "query", ["", "   ", "%", "_", "%%%", "'", '"', "''; DROP TABLE wagtailcore_page; --", "a" * 5000, "\x00", "…!?"]
)
def test_an_empty_or_absurd_query_finds_nothing_and_raises_nothing(article_world, query):
    assert search_articles(query) == []


def test_percent_and_underscore_are_no_wildcards(article_world):
    assert search_articles("an%toan") == search_articles("an toan")
    assert [h.title for h in search_articles("lao_dong")] == []


@settings(derandomize=True, max_examples=30, deadline=None, database=None,
          suppress_health_check=list(HealthCheck))  # fmt: skip
@given(query=st.text(max_size=300))
def test_any_query_answers_a_list_of_live_articles_holding_every_word(article_world, query):
    hits = search_articles(query)
    assert len(hits) <= 20
    live = {article.pk for article in matching_articles(query)[0:100]}
    assert {hit.page_id for hit in hits} <= live


def test_a_draft_revision_of_a_live_article_leaves_its_live_words_searched(article_world):
    article = article_world.recent
    article.title = "Chuyến xe mùa xuân"
    article.save_revision()
    assert titles("chuyen xe mua xuan", article_world) == []
    assert titles("tet sum vay 2026", article_world) == ["Tết Sum vầy 2026: 500 suất quà"]
    article.get_latest_revision().publish()
    assert titles("chuyen xe mua xuan", article_world) == ["Chuyến xe mùa xuân"]


def test_an_unpublished_or_deleted_article_is_no_longer_found(article_world):
    article_world.recent.unpublish()
    assert titles("tet sum vay", article_world) == ["Tết Sum vầy 2024: 300 suất quà"]
    article_world.old.delete()
    assert titles("tet sum vay", article_world) == []
    assert matching_articles("tet sum vay", live_only=False).count() == 0


def test_an_article_moved_to_another_site_is_found_there(article_world):
    from wagtail.models import Page

    Page.objects.get(pk=article_world.old.pk).move(article_world.other_home, pos="last-child")
    assert titles("tet sum vay", article_world) == ["Tết Sum vầy 2026: 500 suất quà"]
    other = Site.objects.get(root_page=article_world.other_home)
    assert [hit.title for hit in search_articles("tet sum vay", site=other)] == ["Tết Sum vầy 2024: 300 suất quà"]


def test_a_word_matches_whole_words_only(article_world):
    assert titles("sum vay", article_world) != []
    assert titles("su vay", article_world) == []


def test_paging_crosses_from_title_matches_to_body_matches(article_world):
    everything = titles("an toan lao dong", article_world)
    assert matching_articles("an toan lao dong", site=Site.objects.get(root_page=article_world.home)).count() == len(
        everything
    )
    paged = [title for offset in range(len(everything)) for title in titles("an toan lao dong", article_world,
                                                                              limit=1, offset=offset)]  # fmt: skip
    assert paged == everything and len(everything) >= 2

"""An article's slug is its title folded to ASCII ("đ" → "d", every tone and vowel mark
dropped): on screen through the formatters given to Wagtail's slug widget, on the server
through the admin's slug field and, for an article made in code, from its title. A slug
typed by hand in ASCII is kept; two siblings never share a slug."""

import re
import unicodedata

import pytest
from django.test import Client
from django.urls import reverse
from hypothesis import given, settings
from hypothesis import strategies as st

from lantoa.content.models import ArticlePage
from lantoa.core.tests.formdata import form_data
from lantoa.vi.slugs import FoldedSlugField, marked_letters, slug, slug_formatters
from lantoa.vi.text import strip_marks

from .editorial_world import editorial_world_fixture, write_article  # noqa: F401 - fixture

TITLE = "Công đoàn tỉnh Vĩnh Long phát động Tháng Công nhân"
FOLDED = "cong-doan-tinh-vinh-long-phat-dong-thang-cong-nhan"
VIETNAMESE = "".join(marked_letters().values()) + "abcdeghiklmnopqrstuvxyABCDEGHIKLMNOPQRSTUVXY0123456789 "
FUZZ = settings(derandomize=True, max_examples=200, deadline=None, database=None)
titles = st.text(alphabet=VIETNAMESE, min_size=1, max_size=80)


def formatted(text: str) -> str:
    """What Wagtail's slug widget makes of the text with our formatters, before its own
    clean-up (the same regexes, in Python)."""
    for pattern, replacement in slug_formatters():
        text = re.sub(pattern, replacement, text)
    return text


# --- the rule, without the database ------------------------------------------------------------


def test_the_reported_title_gives_the_folded_slug():
    assert slug(TITLE) == FOLDED
    assert formatted(TITLE) == "Cong doan tinh Vinh Long phat dong Thang Cong nhan"
    assert slug("ĐẠI HỘI Công Đoàn") == "dai-hoi-cong-doan"


@FUZZ
@given(title=titles)
def test_the_widget_formatters_fold_every_vietnamese_letter(title):
    for typed in (title, unicodedata.normalize("NFD", title)):  # some keyboards type decomposed
        assert formatted(typed) == strip_marks(title)
        assert formatted(typed).isascii()


@FUZZ
@given(title=titles)
def test_a_title_slug_is_lower_case_ascii_and_reads_as_the_title(title):
    made = slug(title)
    assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*|", made)
    assert made.split("-") == [word for word in strip_marks(title).lower().split() if word] or made == ""


@FUZZ
@given(typed=st.from_regex(r"[a-z0-9]+(-[a-z0-9]+)*", fullmatch=True))
def test_an_ascii_slug_typed_by_hand_is_kept(typed):
    assert FoldedSlugField(allow_unicode=True).clean(typed) == typed


@FUZZ
@given(title=titles.filter(str.strip))
def test_a_slug_typed_with_diacritics_is_folded_on_the_server(title):
    typed = "-".join(title.split())
    cleaned = FoldedSlugField(allow_unicode=True).clean(typed)
    assert cleaned == strip_marks(typed) and cleaned.isascii()


# --- through the models and the admin's screens ------------------------------------------------


def add_url(parent) -> str:
    return reverse("wagtailadmin_pages:add", args=["content", "articlepage", parent.pk])


def post_new_article(world, **fields):
    client = Client()
    client.force_login(world["province_editor"])
    form = form_data(client.get(add_url(world["home"])).content.decode())
    form.setdefault("body-count", ["0"])
    form.update({"summary": ["Công đoàn tỉnh phát động Tháng Công nhân."]})
    form.update({name: [value] for name, value in fields.items()})
    return client.post(add_url(world["home"]), form)


@pytest.mark.django_db
def test_the_editor_slug_widget_carries_the_folding_formatters(editorial_world):
    client = Client()
    client.force_login(editorial_world["province_editor"])
    page = client.get(add_url(editorial_world["home"])).content.decode()
    assert 'id="id_slug"' in page and "data-w-slug-formatters-value" in page


@pytest.mark.django_db
def test_an_article_made_in_code_takes_its_folded_title_unique_among_siblings(editorial_world):
    first = write_article(editorial_world["home"], editorial_world["province_editor"], title=TITLE)
    second = write_article(editorial_world["home"], editorial_world["province_editor"], title=TITLE)
    assert (first.slug, second.slug) == (FOLDED, f"{FOLDED}-2")


@pytest.mark.django_db
def test_a_slug_posted_with_diacritics_is_saved_folded(editorial_world):
    response = post_new_article(editorial_world, title=TITLE, slug="công-đoàn-tỉnh-vĩnh-long")
    assert response.status_code == 302
    assert ArticlePage.objects.get(title=TITLE).slug == "cong-doan-tinh-vinh-long"


@pytest.mark.django_db
def test_a_slug_typed_by_hand_is_respected(editorial_world):
    response = post_new_article(editorial_world, title=TITLE, slug="thang-cong-nhan-2026")
    assert response.status_code == 302
    assert ArticlePage.objects.get(title=TITLE).slug == "thang-cong-nhan-2026"


@pytest.mark.django_db
def test_a_sibling_slug_is_refused_once_folded(editorial_world):
    write_article(editorial_world["home"], editorial_world["province_editor"], title=TITLE)
    response = post_new_article(
        editorial_world, title="Bài khác", slug="công-đoàn-tỉnh-vĩnh-long-phát-động-tháng-công-nhân"
    )
    assert response.status_code == 200
    assert not ArticlePage.objects.filter(title="Bài khác").exists()
    assert FOLDED in response.content.decode()  # "The slug '…' is already in use"

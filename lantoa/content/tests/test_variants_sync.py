"""An article's variants follow it until an editor changes one: one per channel, in order;
unedited ones are regenerated when the article changes, edited ones keep the editor's words
(and the text they started from, so they still read as edited)."""

import pytest

from lantoa.content.models import ArticlePage, VariantKind
from lantoa.content.variants import sync_variants

from .editorial_world import editorial_world  # noqa: F401 - fixture
from .variant_article import TITLE, write_variant_article

pytestmark = pytest.mark.django_db


def by_kind(article) -> dict:
    return {variant.kind: variant for variant in article.variants.all()}


def test_a_new_article_gets_one_generated_variant_per_channel_in_order(editorial_world):  # noqa: F811
    article = write_variant_article(editorial_world).get_latest_revision_as_object()
    variants = list(article.variants.all())
    assert [variant.kind for variant in variants] == VariantKind.values
    assert [variant.sort_order for variant in variants] == list(range(len(VariantKind.values)))
    assert all(variant.text and not variant.is_edited for variant in variants)
    assert by_kind(article)["board_sheet"].text.startswith(TITLE)


def test_an_edited_variant_survives_a_change_to_the_article_while_the_others_follow_it(editorial_world):  # noqa: F811
    author = editorial_world["commune_editor"]
    article = write_variant_article(editorial_world).get_latest_revision_as_object()
    radio = by_kind(article)["radio_script"]
    radio.text = "Thưa quý vị, bản tin do phát thanh viên viết lại."
    article.save_revision(user=author)

    article = ArticlePage.objects.get(pk=article.pk).get_latest_revision_as_object()
    article.title = "Tháng Công nhân năm 2026 – Việc làm bền vững"
    article.save_revision(user=author)

    variants = by_kind(ArticlePage.objects.get(pk=article.pk).get_latest_revision_as_object())
    assert variants["radio_script"].text == "Thưa quý vị, bản tin do phát thanh viên viết lại."
    assert variants["radio_script"].is_edited
    assert TITLE in variants["radio_script"].generated  # what the editor started from
    assert variants["board_sheet"].text.startswith("Tháng Công nhân năm 2026 – Việc làm bền vững")
    assert not variants["board_sheet"].is_edited


def test_an_emptied_variant_is_generated_again(editorial_world):  # noqa: F811
    article = write_variant_article(editorial_world).get_latest_revision_as_object()
    by_kind(article)["poster"].text = "  "
    sync_variants(article)
    assert by_kind(article)["poster"].text.startswith(TITLE)


def test_syncing_twice_changes_nothing_and_queries_nothing_per_variant(editorial_world, django_assert_max_num_queries):  # noqa: F811
    article = write_variant_article(editorial_world).get_latest_revision_as_object()
    before = [(v.kind, v.text, v.generated, v.sort_order) for v in article.variants.all()]
    with django_assert_max_num_queries(6):
        sync_variants(article)
    assert [(v.kind, v.text, v.generated, v.sort_order) for v in article.variants.all()] == before


def test_an_unsaved_article_gets_its_variants_in_memory(editorial_world):  # noqa: F811
    article = ArticlePage(title=TITLE, summary="Tóm tắt.", key_message="Thông điệp")
    sync_variants(article)
    assert len(article.variants.all()) == len(VariantKind.values)
    assert by_kind(article)["zalo_message"].text == f"{TITLE}\nTóm tắt."  # no address yet: no link

"""Sending an article for approval reads nothing per channel variant: besides writing each
posted variant's row, the editor's submit costs the same queries whether the article's
latest revision holds one variant or all of them."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from lantoa.content.models import ArticlePage, VariantKind

from .editorial_world import editorial_world_fixture, write_article  # noqa: F401 - fixture
from .test_editorial_screens import edit_url, editor_form, signed_in

pytestmark = pytest.mark.django_db


def keep_variants(article, count: int) -> ArticlePage:
    """The article with only its first `count` variants in its latest revision, as an
    article saved before the other channels existed would be."""
    revision = article.latest_revision
    revision.content["variants"] = revision.content["variants"][:count]
    revision.save(update_fields=["content"])
    return ArticlePage.objects.get(pk=article.pk)


def is_variant_write(sql: str) -> bool:
    return sql.startswith(('INSERT INTO "content_variant"', 'UPDATE "content_variant"'))


def queries_of_submit(client, article) -> tuple[int, int]:
    """The editor's "Submit for approval" post (the edit form read before): its queries
    other than the variants' own writes, and those writes."""
    form = editor_form(client.get(edit_url(article)))
    form["action-submit"] = ["1"]
    with CaptureQueriesContext(connection) as captured:
        response = client.post(edit_url(article), form)
    assert response.status_code == 302
    assert ArticlePage.objects.get(pk=article.pk).current_workflow_state is not None
    writes = sum(is_variant_write(query["sql"]) for query in captured.captured_queries)
    return len(captured.captured_queries) - writes, writes


def test_the_submit_reads_nothing_per_variant_of_the_revision(editorial_world):
    world = editorial_world
    client = signed_in(world["province_editor"])
    queries_of_submit(client, write_article(world["home"], world["province_editor"], title="Bài khởi động"))

    one = keep_variants(write_article(world["home"], world["province_editor"], title="Một kênh"), 1)
    every = write_article(world["home"], world["province_editor"], title="Mọi kênh")
    assert len(every.latest_revision.content["variants"]) == len(VariantKind.values)

    every_reads, every_writes = queries_of_submit(client, every)
    one_reads, one_writes = queries_of_submit(client, one)
    assert (every_writes, one_writes) == (len(VariantKind.values), 1)
    assert every_reads == one_reads


def test_loading_the_latest_revision_reads_no_row_per_variant(editorial_world, django_assert_max_num_queries):
    world = editorial_world
    article = write_article(world["home"], world["province_editor"])
    without_variants = keep_variants(write_article(world["home"], world["province_editor"], title="Không kênh"), 0)
    with CaptureQueriesContext(connection) as bare:
        without_variants.latest_revision.as_object()

    revision = article.latest_revision
    with django_assert_max_num_queries(len(bare.captured_queries)):
        loaded = revision.as_object()
    assert [variant.kind for variant in loaded.variants.all()] == VariantKind.values
    assert all(variant.article is loaded for variant in loaded.variants.all())

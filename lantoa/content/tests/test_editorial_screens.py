"""The editorial workflow through the admin's own screens: the editor submits from the
page editor, each decider answers from the workflow action screen, and each editor sees
and edits only the articles of their own subtree."""

import json

import pytest
from django.test import Client
from django.urls import reverse

from lantoa.content.models import ArticlePage
from lantoa.core.tests.formdata import form_data

from .editorial_world import editorial_world_fixture, write_article  # noqa: F401 - fixture

pytestmark = pytest.mark.django_db


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def edit_url(article) -> str:
    return reverse("wagtailadmin_pages:edit", args=[article.pk])


def editor_form(response) -> dict:
    """The edit form's fields; the body's StreamField is written by the editor's script in
    a browser, so its (empty) count is added here."""
    form = form_data(response.content.decode())
    form.setdefault("body-count", ["0"])
    return form


def submit_from_editor(client, article, **changes):
    """What the editor's "Submit to …" button posts: the edit form as rendered, changed."""
    page = client.get(edit_url(article))
    assert page.status_code == 200
    form = editor_form(page)
    form.update({name: [value] for name, value in changes.items()})
    form["action-submit"] = ["1"]
    return client.post(edit_url(article), form)


def answer(client, article, action, comment=""):
    article = ArticlePage.objects.get(pk=article.pk)
    url = reverse(
        "wagtailadmin_pages:workflow_action", args=[article.pk, action, article.current_workflow_task_state.pk]
    )
    return client.post(url, {"comment": comment}, HTTP_X_REQUESTED_WITH="XMLHttpRequest")


def waiting_for(article) -> str | None:
    task = ArticlePage.objects.get(pk=article.pk).current_workflow_task
    return task.specific.role_kind if task else None


def test_the_editor_submits_and_the_deciders_approve_from_their_screens(editorial_world):
    world = editorial_world
    article = write_article(world["home"], world["province_editor"])
    response = submit_from_editor(signed_in(world["province_editor"]), article, summary="Bản tin đã hoàn chỉnh.")
    assert response.status_code == 302
    assert waiting_for(article) == "board_head"

    assert answer(signed_in(world["leader"]), article, "approve").status_code == 403
    response = answer(signed_in(world["board_head"]), article, "approve")
    assert json.loads(response.content)["step"] == "success"
    assert waiting_for(article) == "approver"
    answer(signed_in(world["leader"]), article, "approve")
    article = ArticlePage.objects.get(pk=article.pk)
    assert article.live and article.summary == "Bản tin đã hoàn chỉnh."


def test_the_press_article_goes_to_the_spokesperson_from_the_screens(editorial_world):
    world = editorial_world
    article = write_article(world["home"], world["province_editor"], for_press=True)
    # A browser posts "on" for the checked box (form_data gives a value-less checkbox "").
    submit_from_editor(signed_in(world["province_editor"]), article, for_press="on")
    answer(signed_in(world["board_head"]), article, "approve")
    answer(signed_in(world["leader"]), article, "approve")
    assert waiting_for(article) == "spokesperson"
    answer(signed_in(world["spokesperson"]), article, "approve")
    assert ArticlePage.objects.get(pk=article.pk).live


def test_sent_back_from_the_screen_the_author_edits_and_resubmits(editorial_world):
    world = editorial_world
    author = signed_in(world["province_editor"])
    article = write_article(world["home"], world["province_editor"])
    submit_from_editor(author, article)
    answer(signed_in(world["board_head"]), article, "request_changes", comment="Thiếu nguồn ảnh")
    article = ArticlePage.objects.get(pk=article.pk)
    assert article.current_workflow_state.status == "needs_changes"
    assert "Thiếu nguồn ảnh" in author.get(edit_url(article)).content.decode()

    assert submit_from_editor(author, article, summary="Đã ghi nguồn ảnh.").status_code == 302
    assert waiting_for(article) == "board_head"


def test_the_reject_screen_requires_a_reason_then_ends_the_article(editorial_world):
    world = editorial_world
    article = write_article(world["home"], world["province_editor"])
    submit_from_editor(signed_in(world["province_editor"]), article)
    head = signed_in(world["board_head"])
    response = answer(head, article, "reject", comment="")
    assert json.loads(response.content)["step"] == "action"  # the form again, with its error
    assert waiting_for(article) == "board_head"
    answer(head, article, "reject", comment="Không phù hợp định hướng tuyên truyền")
    article = ArticlePage.objects.get(pk=article.pk)
    assert article.is_rejected and article.rejection_reason == "Không phù hợp định hướng tuyên truyền"


def test_a_commune_editor_cannot_open_the_provinces_article(editorial_world):
    world = editorial_world
    article = write_article(world["home"], world["province_editor"])
    client = signed_in(world["commune_editor"])
    response = client.get(edit_url(article))
    assert response.status_code in (302, 403, 404)
    assert (
        "Tháng Công nhân 2026"
        not in client.get(reverse("wagtailadmin_explore", args=[world["home"].pk])).content.decode()
    )


def test_the_province_editor_edits_the_communes_article(editorial_world):
    world = editorial_world
    article = write_article(world["commune_section"], world["commune_editor"])
    client = signed_in(world["province_editor"])
    page = client.get(edit_url(article))
    assert page.status_code == 200
    form = editor_form(page)
    form["summary"] = ["Tỉnh biên tập lại bài của phường."]
    assert client.post(edit_url(article), form).status_code == 302
    assert ArticlePage.objects.get(pk=article.pk).get_latest_revision_as_object().summary.startswith("Tỉnh biên tập")


def test_the_commune_editor_edits_their_own_article(editorial_world):
    world = editorial_world
    article = write_article(world["commune_section"], world["commune_editor"])
    assert signed_in(world["commune_editor"]).get(edit_url(article)).status_code == 200

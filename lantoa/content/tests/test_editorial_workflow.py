"""An article's way to the portal: head of board, then leader, then live; the
spokesperson too for the press and official statements; sent back to the author with a
comment; rejected for good with a reason. Only the nearest holder of each step decides."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from wagtail.models import WorkflowState

from lantoa.content.models import ArticlePage
from lantoa.org.approval import Decision

from .editorial_world import editorial_world_fixture, submit, write_article  # noqa: F401 - fixture

pytestmark = pytest.mark.django_db


def waiting_for(article) -> str | None:
    """The role kind of the step the article waits on, None when no workflow runs."""
    task = ArticlePage.objects.get(pk=article.pk).current_workflow_task
    return task.specific.role_kind if task else None


def decide(article, user, decision, comment=""):
    """What the workflow action screen does: the user's offered answers, then the answer."""
    article = ArticlePage.objects.get(pk=article.pk)
    task_state = article.current_workflow_task_state
    task = task_state.task.specific
    if decision not in [name for name, _label, _modal in task.get_actions(article, user)]:
        raise PermissionDenied
    task.on_action(task_state, user, decision, comment=comment)
    return ArticlePage.objects.get(pk=article.pk)


def test_an_article_waits_for_the_head_of_board_then_the_leader_then_is_live(editorial_world):
    world = editorial_world
    article = submit(write_article(world["home"], world["province_editor"]), world["province_editor"])
    assert waiting_for(article) == "board_head"
    assert not article.live
    article = decide(article, world["board_head"], Decision.APPROVE)
    assert waiting_for(article) == "approver"
    assert not article.live
    article = decide(article, world["leader"], Decision.APPROVE)
    assert waiting_for(article) is None
    assert article.live
    assert article.current_workflow_state is None


@pytest.mark.parametrize("flag", ["for_press", "official_statement"])
def test_a_press_article_also_waits_for_the_spokesperson(editorial_world, flag):
    world = editorial_world
    article = write_article(world["home"], world["province_editor"], **{flag: True})
    article = submit(article, world["province_editor"])
    article = decide(article, world["board_head"], Decision.APPROVE)
    article = decide(article, world["leader"], Decision.APPROVE)
    assert waiting_for(article) == "spokesperson"
    assert not article.live
    article = decide(article, world["spokesperson"], Decision.APPROVE)
    assert article.live


def test_nobody_but_the_holder_of_the_step_decides(editorial_world):
    world = editorial_world
    article = submit(write_article(world["home"], world["province_editor"]), world["province_editor"])
    for name in ("leader", "spokesperson", "province_editor", "commune_editor", "officer"):
        with pytest.raises(PermissionDenied):
            decide(article, world[name], Decision.APPROVE)
    assert waiting_for(article) == "board_head"


def test_a_commune_article_goes_up_to_the_provinces_deciders(editorial_world):
    # The commune has no head of board or leader of its own: the nearest ones are the province's.
    world = editorial_world
    article = write_article(world["commune_section"], world["commune_editor"])
    article = submit(article, world["commune_editor"])
    article = decide(article, world["board_head"], Decision.APPROVE)
    article = decide(article, world["leader"], Decision.APPROVE)
    assert article.live and article.unit_id == world["commune"].pk


def test_sent_back_with_a_comment_the_author_edits_and_resubmits(editorial_world):
    world = editorial_world
    author = world["province_editor"]
    article = submit(write_article(world["home"], author), author)
    article = decide(article, world["board_head"], Decision.APPROVE)
    article = decide(article, world["leader"], Decision.REQUEST_CHANGES, comment="Bổ sung số liệu")
    state = WorkflowState.objects.for_instance(article).get()
    assert state.status == WorkflowState.STATUS_NEEDS_CHANGES
    assert state.current_task_state.comment == "Bổ sung số liệu"
    assert not article.live

    article.summary = "Đã bổ sung số liệu: 12.000 đoàn viên tham gia."
    article.save_revision(user=author)
    state.resume(author)  # what "resubmit" does in the editor
    assert waiting_for(article) == "approver"
    article = decide(article, world["leader"], Decision.APPROVE)
    assert article.live and "12.000" in article.summary


def test_a_rejection_needs_a_reason_and_ends_the_article(editorial_world):
    world = editorial_world
    author = world["province_editor"]
    article = submit(write_article(world["home"], author), author)
    with pytest.raises(ValidationError):
        decide(article, world["board_head"], Decision.REJECT, comment="  ")
    assert waiting_for(article) == "board_head"
    article = decide(article, world["board_head"], Decision.REJECT, comment="Trùng nội dung đã đăng")
    assert article.is_rejected and not article.live
    assert article.rejection_reason == "Trùng nội dung đã đăng"
    assert article.get_workflow() is None
    assert article.get_lock().for_user(author)

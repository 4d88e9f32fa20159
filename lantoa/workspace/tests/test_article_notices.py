"""An article's workflow tells people in the app and by e-mail, in Vietnamese, naming the
article and linking to its screen; Wagtail's own moderation e-mails are not sent too."""

import pytest

from lantoa.content.tests.editorial_world import editorial_world_fixture, submit, write_article  # noqa: F401 - fixture
from lantoa.org.approval import Decision
from lantoa.workspace import actions
from lantoa.workspace.models import Notification

pytestmark = pytest.mark.django_db


def decide(article, user, decision, comment=""):
    task_state = type(article).objects.get(pk=article.pk).current_workflow_task_state
    task_state.task.specific.on_action(task_state, user, decision, comment=comment)


def test_the_head_of_board_hears_of_a_submitted_article_in_the_app_and_by_email(
    editorial_world, mailoutbox, django_capture_on_commit_callbacks, settings
):
    settings.WAGTAILADMIN_BASE_URL = "https://lantoa.vinhlong.vn"
    world = editorial_world
    article = write_article(world["home"], world["province_editor"])
    with django_capture_on_commit_callbacks(execute=True):
        submit(article, world["province_editor"])
    notice = Notification.objects.get(recipient=world["board_head"])
    assert "bài viết «Tháng Công nhân 2026»" in notice.message
    assert "chờ bạn phê duyệt" in notice.message
    assert notice.url == f"/admin/pages/{article.pk}/edit/"
    assert [message.to for message in mailoutbox] == [[world["board_head"].email]]
    sent = mailoutbox[0]
    assert sent.subject.startswith("[Lan Tỏa] ") and "Tháng Công nhân 2026" in sent.subject
    assert f"https://lantoa.vinhlong.vn/admin/pages/{article.pk}/edit/" in sent.body
    assert "Mở trong Lan Tỏa" in sent.body


def test_the_author_hears_the_article_was_sent_back_with_the_comment(
    editorial_world, mailoutbox, django_capture_on_commit_callbacks
):
    world = editorial_world
    article = submit(write_article(world["home"], world["province_editor"]), world["province_editor"])
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        decide(article, world["board_head"], Decision.REQUEST_CHANGES, comment="Thiếu nguồn ảnh")
    notice = Notification.objects.get(recipient=world["province_editor"])
    assert notice.message.startswith("Bài viết «Tháng Công nhân 2026» đã bị trả lại")
    assert "Thiếu nguồn ảnh" in notice.message
    assert [message.to for message in mailoutbox] == [[world["province_editor"].email]]
    assert "Thiếu nguồn ảnh" in mailoutbox[0].body


def test_the_final_approval_sends_no_wagtail_email_besides_ours(
    editorial_world, mailoutbox, django_capture_on_commit_callbacks, settings
):
    world = editorial_world
    article = submit(write_article(world["home"], world["province_editor"]), world["province_editor"])
    decide(article, world["board_head"], Decision.APPROVE)
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        decide(article, world["leader"], Decision.APPROVE)
    assert len(mailoutbox) == 1
    assert "đã được phê duyệt" in mailoutbox[0].subject


def test_a_notice_is_emailed_once_per_person_with_an_address(
    editorial_world, mailoutbox, django_capture_on_commit_callbacks
):
    world = editorial_world
    world["officer"].email = ""
    world["officer"].save()
    people = [world["leader"].pk, world["leader"].pk, world["officer"].pk, world["spokesperson"].pk]
    with django_capture_on_commit_callbacks(execute=True):
        actions.do_notify(people, kind="test", message="Có bài viết mới", url="/admin/", email=True)
    assert sorted(message.to[0] for message in mailoutbox) == sorted(
        [world["leader"].email, world["spokesperson"].email]
    )
    assert Notification.objects.count() == 3


def test_nothing_is_emailed_when_the_write_rolls_back(editorial_world, mailoutbox, django_capture_on_commit_callbacks):
    from django.db import transaction

    world = editorial_world
    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(RuntimeError), transaction.atomic():
            actions.do_notify([world["leader"].pk], kind="test", message="Có bài viết mới", email=True)
            raise RuntimeError
    assert mailoutbox == []


def test_without_email_only_the_app_is_told(editorial_world, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        actions.do_notify([editorial_world["leader"].pk], kind="test", message="Có việc mới")
    assert mailoutbox == []


def test_the_author_hears_each_step_passed_and_the_next_deciders_are_told(
    editorial_world, django_capture_on_commit_callbacks
):
    world = editorial_world
    article = submit(write_article(world["home"], world["province_editor"]), world["province_editor"])
    with django_capture_on_commit_callbacks(execute=True):
        decide(article, world["board_head"], Decision.APPROVE)
    notice = Notification.objects.get(recipient=world["province_editor"])
    assert notice.message == (
        "Bài viết «Tháng Công nhân 2026» đã qua bước “Trưởng ban duyệt” và được chuyển sang bước tiếp theo."
    )
    assert "chờ bạn phê duyệt" in Notification.objects.get(recipient=world["leader"]).message


def test_the_emails_wait_for_a_background_task_not_the_request(
    editorial_world, mailoutbox, django_capture_on_commit_callbacks, settings
):
    from django_tasks import default_task_backend

    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    world = editorial_world
    with django_capture_on_commit_callbacks(execute=True):
        actions.do_notify([world["leader"].pk], kind="test", message="Có bài viết mới", url="/admin/", email=True)
    assert mailoutbox == []
    [queued] = default_task_backend.results
    assert queued.task.name == "send_notice_emails"
    assert queued.args == [[world["leader"].pk], "Có bài viết mới", "/admin/"]
    assert Notification.objects.filter(recipient=world["leader"]).exists()

"""Who hears of a worker's case in the app: a new case its own union's handlers (the nearest
union above that has some when it has none), a handed-over case the person or union it goes
to, the worker writing again its assignee, once until read; each notice opens the case."""

import pytest
from django.urls import reverse

from lantoa.inbox import actions, notices
from lantoa.workspace.actions import do_mark_read
from lantoa.workspace.models import Notification

from . import staff_world
from .staff_world import person, worker_writes

pytestmark = [pytest.mark.django_db, pytest.mark.sqlite_only]  # the same answer on every database
world = staff_world.world  # the fixture


def notified(kind, case=None) -> set[str]:
    rows = Notification.objects.filter(kind=kind)
    if case is not None:
        rows = rows.filter(url=reverse("inbox_case", args=[case.pk]))
    return set(rows.values_list("recipient__username", flat=True))


def test_a_new_case_reaches_the_handlers_of_its_own_union_only(world):
    """Told by intake itself, once the case is open."""
    assert notified(notices.NEW, world.wages) == {world.officer.username}  # not the park's editor above
    notice = Notification.objects.get(kind=notices.NEW, url=reverse("inbox_case", args=[world.wages.pk]))
    assert world.wages.code in notice.message and notice.unit_id == world.song_tien.pk
    assert "Nguyễn Thị Hoa" not in notice.message and "0912000111" not in notice.message


def test_a_union_without_handlers_passes_the_news_to_the_nearest_above(world):
    # Hàm Luông's union has no account: intake told the park's handlers.
    assert notified(notices.NEW, world.safety) == {world.park_editor.username}
    # The province's approver reads cases but handles none: never told of each one.
    assert world.approver.username not in notified(notices.NEW)


def test_an_assigned_case_reaches_the_assignee_not_the_one_who_assigned_it(world):
    colleague = person("songtien_canbo2", (world.song_tien, "unit_officer"), first_name="Phạm Văn")
    case = actions.do_assign(world.wages, actor=world.officer, user=colleague)  # tells the colleague itself
    assert notified(notices.ASSIGNED, case) == {colleague.username}
    assert "Lê Thị Thu" in Notification.objects.get(kind=notices.ASSIGNED).message
    actions.do_assign(case, actor=colleague, user=colleague)  # nothing changed: nobody told
    assert Notification.objects.filter(kind=notices.ASSIGNED).count() == 1
    assert notices.case_assigned(case, colleague) == 0  # never the one who assigned


def test_a_case_sent_to_another_union_reaches_that_unions_handlers(world):
    case = actions.do_assign(world.safety, actor=world.park_editor, unit=world.song_tien)
    assert notified(notices.ASSIGNED, case) == {world.officer.username}


def test_the_worker_writing_again_makes_one_unread_notice_for_the_assignee(world):
    colleague = person("songtien_canbo2", (world.song_tien, "unit_officer"))
    case = actions.do_assign(world.wages, actor=world.officer, user=colleague)
    for text in ("Còn nợ cả lương tháng 4", "Mong công đoàn trả lời sớm"):
        worker_writes(text, employer="cty may song tien", external_id="form-wages")
        notices.worker_wrote(case)
    assert Notification.objects.filter(kind=notices.REPLY, recipient=colleague).count() == 1
    assert notified(notices.REPLY) == {colleague.username}  # the unit's other officer is not told
    do_mark_read(colleague)
    assert notices.worker_wrote(case) == 1


def test_an_unassigned_case_the_worker_writes_on_reaches_its_unions_handlers(world):
    assert notices.worker_wrote(world.wages) == 1
    assert notified(notices.REPLY, world.wages) == {world.officer.username}

"""A dispatch's page: the progress while the fan-out runs, then the figures of the viewer's
unit and of each unit below, equal to `compliance_of`; a past day (`?ngay=`) counts only
what was marked by then; the .xlsx export of the tasks by unit."""

import datetime
import io
import re

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone

from lantoa.cascade import actions, compliance
from lantoa.cascade.models import Dispatch, DispatchStatus, TaskStatus, UnitTask

from . import staff_world
from .staff_world import PASSWORD

world = staff_world.world  # the fixture

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
DUE = TODAY + datetime.timedelta(days=5)


@pytest.fixture
def sent(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        dispatch, _new = actions.do_dispatch(
            sender=world.province, actor=None, title="Hưởng ứng Tháng Công nhân", due_on=DUE,
            actions=["share_zalo_group", "bulletin_board"], targets={"kinds": ["grassroots"]}, article=world.article,
        )  # fmt: skip
    return Dispatch.objects.get(pk=dispatch.pk)


def mark(world, unit, action, status, day=None, reason="Đơn vị chưa có nhóm Zalo"):
    task = UnitTask.objects.get(unit=unit, action=action)
    return actions.do_mark(task, actor=None, status=status, day=day, reason=reason)


def page(client, world, dispatch, query=""):
    client.login(username=world.editor.username, password=PASSWORD)
    response = client.get(reverse("cascade_dispatch", args=[dispatch.pk]) + query)
    assert response.status_code == 200
    return response.content.decode()


def figure(body, name) -> str:
    return re.search(rf'data-figure="{name}">([^<]*)<', body).group(1)


def cell(body, unit, name) -> str:
    row = re.search(rf'<tr data-unit="{unit.pk}">(.*?)</tr>', body, re.S).group(1)
    return re.search(rf'data-cell="{name}">([^<]*)<', row).group(1).strip()


def test_the_progress_shows_while_sending_and_refreshes(client, world, sent):
    Dispatch.objects.filter(pk=sent.pk).update(status=DispatchStatus.SENDING, target_count=1500, sent_count=600)
    body = page(client, world, sent)
    assert '<meta http-equiv="refresh"' in body
    assert re.search(r'<progress max="100" value="40"', body)
    assert "Đã gửi tới 600 / 1.500 đơn vị" in body
    assert "data-figures" not in body  # compliance once sent
    Dispatch.objects.filter(pk=sent.pk).update(status=DispatchStatus.SENT, target_count=5, sent_count=5)
    body = page(client, world, sent)
    assert '<meta http-equiv="refresh"' not in body and "data-figures" in body


def test_the_figures_equal_compliance_of(client, world, sent):
    mark(world, world.a1, "share_zalo_group", TaskStatus.DONE)
    mark(world, world.a2, "bulletin_board", TaskStatus.NOT_APPLICABLE)
    UnitTask.objects.filter(unit=world.b1).update(due_on=TODAY - datetime.timedelta(days=2))
    compliance.recount(sent.pk)
    body = page(client, world, sent)
    figures = compliance.compliance_of(sent, world.province.pk)
    assert (figures.total, figures.done, figures.late, figures.pending, figures.not_applicable) == (10, 1, 2, 8, 1)
    assert [figure(body, n) for n in ("total", "done", "late", "pending", "not_applicable")] == [
        "10",
        "1",
        "2",
        "8",
        "1",
    ]
    assert figure(body, "settled") == "20,0 %"
    children = compliance.compliance_of_children(sent, world.province.pk)
    c1, c2 = children[world.c1.pk], children[world.c2.pk]
    assert cell(body, world.c1, "done") == f"{c1.done} <small>(25,0 %)</small>".split(" <")[0] == "1"
    assert cell(body, world.c2, "late") == str(c2.late) == "2"
    assert "(50,0 %)" in re.search(rf'<tr data-unit="{world.c2.pk}">(.*?)</tr>', body, re.S).group(1)
    # The first commune ranks first; B2 has no officer.
    ranking = re.search(r'<ol class="lantoa-cascade-ranking">(.*?)</ol>', body, re.S).group(1)
    assert re.findall(r'data-unit="(\d+)"', ranking)[0] == str(world.c1.pk)
    drill = page(client, world, sent, f"?don_vi={world.c2.pk}")
    flagged = re.search(rf'<tr data-unit="{world.b2.pk}">(.*?)</tr>', drill, re.S).group(1)
    assert "chưa có người phụ trách" in flagged
    assert "chưa có người phụ trách" not in re.search(rf'<tr data-unit="{world.b1.pk}">(.*?)</tr>', drill, re.S).group(
        1
    )
    assert figure(drill, "total") == str(compliance.compliance_of(sent, world.c2.pk).total)


def test_a_past_day_counts_only_what_was_marked_by_then(client, world, sent):
    three_days_ago = TODAY - datetime.timedelta(days=3)
    Dispatch.objects.filter(pk=sent.pk).update(created_at=timezone.now() - datetime.timedelta(days=4))
    mark(world, world.a1, "share_zalo_group", TaskStatus.DONE, day=three_days_ago)
    mark(world, world.a1, "bulletin_board", TaskStatus.DONE)
    past = page(client, world, sent, f"?ngay={three_days_ago:%d/%m/%Y}")
    assert f"tính đến {three_days_ago:%d/%m/%Y}" in past
    assert (figure(past, "total"), figure(past, "done")) == ("10", "1")
    today = page(client, world, sent)
    assert (figure(today, "total"), figure(today, "done")) == ("10", "2")
    before = page(client, world, sent, f"?ngay={TODAY - datetime.timedelta(days=10):%d/%m/%Y}")
    assert figure(before, "total") == "0"  # the dispatch did not exist yet
    # The chart: one bar a day from the dispatch's day to today, on an axis to the due day.
    assert today.count("<rect ") == 5 and past.count("<rect ") == 2
    assert "data-due-line" in today
    assert f"{three_days_ago:%d/%m/%Y}: đã làm 1 việc" in today


def test_the_export_lists_every_task_by_unit(client, world, sent):
    mark(world, world.a1, "share_zalo_group", TaskStatus.DONE)
    mark(world, world.b2, "bulletin_board", TaskStatus.NOT_APPLICABLE, reason="Trạm chưa có bảng tin")
    client.login(username=world.editor.username, password=PASSWORD)
    response = client.get(reverse("cascade_dispatch_xlsx", args=[sent.pk]))
    assert response.status_code == 200 and "spreadsheetml" in response["Content-Type"]
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:8] == (
        "Mã đơn vị", "Tên đơn vị", "Đơn vị cấp trên", "Việc cần làm", "Trạng thái", "Hạn hoàn thành",
        "Ngày hoàn thành", "Trễ hạn",
    )  # fmt: skip
    assert len(rows) == 1 + 10
    done = next(r for r in rows if r[0] == world.a1.code and r[3] == "Chia sẻ vào nhóm Zalo của đơn vị")
    assert done[4] == "Đã hoàn thành" and done[6].date() == TODAY and done[7] == "không"
    na = next(r for r in rows if r[0] == world.b2.code and r[3] == "Đăng lên bảng tin")
    assert na[4] == "Không áp dụng" and na[10] == "Trạm chưa có bảng tin" and na[2] == world.c2.name
    assert sheet.cell(row=2, column=6).number_format == "DD/MM/YYYY"
    assert sheet.cell(row=2, column=6).value.date() == DUE
    commune = client.get(reverse("cascade_dispatch_xlsx", args=[sent.pk]) + f"?don_vi={world.c1.pk}")
    codes = {r[0] for r in list(openpyxl.load_workbook(io.BytesIO(commune.content)).worksheets[0].values)[1:]}
    assert codes == {world.a1.code, world.a2.code}


def test_how_it_was_received_sums_what_the_officers_read_under_their_posts_by_the_day(client, world, sent):
    yesterday = TODAY - datetime.timedelta(days=1)
    Dispatch.objects.filter(pk=sent.pk).update(created_at=timezone.now() - datetime.timedelta(days=2))
    for unit, day, received in ((world.a1, yesterday, (120, 14, 3)), (world.b1, TODAY, (80, 6, None))):
        task = UnitTask.objects.get(unit=unit, action="share_zalo_group")
        reach, reactions, comments = received
        actions.do_mark(task, actor=None, status=TaskStatus.DONE, day=day, reach=reach, reactions=reactions,
                        comments=comments)  # fmt: skip
    board = UnitTask.objects.get(unit=world.a2, action="bulletin_board")
    actions.do_mark(board, actor=None, status=TaskStatus.DONE, reach=40, reactions=99)  # not a post: no reactions
    today = page(client, world, sent)
    assert [figure(today, name) for name in ("reach", "reactions", "comments")] == ["240", "20", "3"]
    past = page(client, world, sent, f"?ngay={yesterday:%d/%m/%Y}")
    assert [figure(past, name) for name in ("reach", "reactions", "comments")] == ["120", "14", "3"]
    commune = page(client, world, sent, f"?don_vi={world.c2.pk}")
    assert [figure(commune, name) for name in ("reach", "reactions", "comments")] == ["80", "6", "0"]

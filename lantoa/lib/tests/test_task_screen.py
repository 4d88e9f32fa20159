"""The staff screen of background tasks: superusers see every task, a federation admin the
tasks whose units they may all change, a unit officer nothing; a failed task can be retried."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult
from wagtail.models import ModelLogEntry

from lantoa.lib import tasks as lib
from lantoa.lib.models import TaskRetry
from lantoa.lib.testing import run_worker_batch
from lantoa.org import actions
from lantoa.org.models import RoleKind
from lantoa.org.tests.factories import fresh, make_unit, make_user

pytestmark = pytest.mark.django_db


@lib.background_task(max_attempts=1)
def count_members(unit_id):
    if unit_id < 0:
        raise ValueError("không có đơn vị")
    return unit_id


@lib.background_task(max_attempts=2)
def merge_reports(first_unit_id, second_unit_id):
    raise ConnectionError("Zalo API unreachable")


@lib.background_task(max_attempts=1)
def clean_up():
    return 0


lib.describe_task(count_members, label="Đếm đoàn viên", units=lambda unit_id: [abs(unit_id)])
lib.describe_task(merge_reports, units=lambda first_unit_id, second_unit_id: [first_unit_id, second_unit_id])


@pytest.fixture
def world(db_tasks):
    province = make_unit(None, "provincial", "Liên đoàn Lao động tỉnh Vĩnh Long")
    commune = make_unit(province, "commune", "Công đoàn phường Phú Khương")
    other = make_unit(province, "commune", "Công đoàn xã Long Hồ")
    grassroots = make_unit(commune, "grassroots", "Công đoàn cơ sở Công ty May Sông Tiền")

    def person(username, unit, kind):
        user = make_user(username)
        actions.do_assign_role(user=user, unit=unit, kind=kind, actor=None)
        return fresh(user)

    return {
        "commune": commune,
        "other": other,
        "grassroots": grassroots,
        "superuser": make_user("quantri", is_superuser=True, is_staff=True),
        "admin": person("phukhuong.quantri", commune, RoleKind.FEDERATION_ADMIN),
        "officer": person("songtien.canbo", grassroots, RoleKind.UNIT_OFFICER),
    }


def failed_task(task_obj, *args):
    result = task_obj.enqueue(*args)
    run_worker_batch()
    return DBTaskResult.objects.get(pk=result.id)


def listing(client, user, **query):
    client.force_login(user)
    return client.get(reverse("lantoa_tasks"), query)


def test_the_superuser_sees_every_status_in_vietnamese(world, client):
    done = failed_task(count_members, world["grassroots"].pk)
    failed = failed_task(count_members, -world["commune"].pk)
    lib.reclaim_task(lost := _lost(merge_reports, world["commune"].pk, world["other"].pk))
    clean_up.enqueue()
    body = listing(client, world["superuser"]).content.decode()
    for label in ("Đang chờ", "Thất bại", "Đã thử lại", "Hoàn thành"):
        assert label in body
    assert "Đếm đoàn viên" in body and "lantoa.lib.tests.test_task_screen.clean_up" in body
    assert "ValueError" in body and "không có đơn vị" in body
    assert "<details" in body and "Traceback" in body
    assert done.finished_at.astimezone(timezone.get_current_timezone()).strftime("%d/%m/%Y %H:%M") in body
    assert failed.pk and lost.pk


def test_a_running_task_shows_as_running(world, client):
    _running(count_members, world["grassroots"].pk)
    assert "Đang chạy" in listing(client, world["superuser"]).content.decode()


def test_a_lost_task_shows_that_its_worker_stopped_in_vietnamese(world, client):
    lib.reclaim_task(_lost(count_members, world["grassroots"].pk))
    body = listing(client, world["superuser"]).content.decode()
    assert "Tiến trình xử lý đã dừng" in body


def test_a_federation_admin_sees_only_tasks_of_units_they_may_change(world, client):
    mine = count_members.enqueue(world["grassroots"].pk)
    theirs = count_members.enqueue(world["other"].pk)
    half_mine = merge_reports.enqueue(world["grassroots"].pk, world["other"].pk)
    nameless = clean_up.enqueue()
    body = listing(client, world["admin"]).content.decode()
    assert str(mine.id) in body
    for hidden in (theirs, half_mine, nameless):
        assert str(hidden.id) not in body
    assert "Công đoàn xã Long Hồ" not in body


def refused(response):
    """403, or Wagtail's permission-denied redirect to the dashboard."""
    if response.status_code == 302:
        return response.url == reverse("wagtailadmin_home")
    return response.status_code == 403


def test_a_unit_officer_is_refused(world, client):
    assert refused(listing(client, world["officer"]))
    failed = failed_task(count_members, -world["grassroots"].pk)
    client.force_login(world["officer"])
    assert refused(client.post(reverse("lantoa_task_retry", args=[failed.pk])))
    assert not TaskRetry.objects.exists()


def test_the_listing_filters_by_status(world, client):
    failed = failed_task(count_members, -world["grassroots"].pk)
    queued = count_members.enqueue(world["grassroots"].pk)
    body = listing(client, world["superuser"], trang_thai="failed").content.decode()
    assert str(failed.pk) in body and str(queued.id) not in body
    assert listing(client, world["superuser"], trang_thai="khong-co", p="x" * 50).status_code == 200


def test_retrying_a_failed_task_queues_it_again_and_is_logged(world, client):
    failed = failed_task(count_members, -world["grassroots"].pk)
    client.force_login(world["admin"])
    response = client.post(reverse("lantoa_task_retry", args=[failed.pk]), follow=True)
    assert response.status_code == 200
    assert "Đã đưa tác vụ vào hàng đợi lại" in response.content.decode()
    retry = DBTaskResult.objects.get(status=TaskResultStatus.READY)
    assert retry.args_kwargs == {"args": [-world["grassroots"].pk], "kwargs": {}}
    record = TaskRetry.objects.get(failed_id=failed.pk)
    assert (record.retry_id, record.reason, record.actor) == (retry.pk, "staff", world["admin"])
    entry = ModelLogEntry.objects.get(action="lantoa.lib.retry_task")
    assert entry.user_id == world["admin"].pk and entry.object_id == str(failed.pk)
    assert "Đã thử lại" in listing(client, world["admin"]).content.decode()


def test_a_task_is_retried_once_only(world, client):
    failed = failed_task(count_members, -world["grassroots"].pk)
    client.force_login(world["superuser"])
    url = reverse("lantoa_task_retry", args=[failed.pk])
    client.post(url)
    response = client.post(url, follow=True)
    assert "Chỉ thử lại được tác vụ thất bại" in response.content.decode()
    assert DBTaskResult.objects.filter(status=TaskResultStatus.READY).count() == 1


def test_retry_needs_a_post(world, client):
    failed = failed_task(count_members, -world["grassroots"].pk)
    client.force_login(world["superuser"])
    assert client.get(reverse("lantoa_task_retry", args=[failed.pk])).status_code == 405


def test_a_federation_admin_cannot_retry_a_task_outside_their_units(world, client):
    failed = failed_task(count_members, -world["other"].pk)
    client.force_login(world["admin"])
    assert client.post(reverse("lantoa_task_retry", args=[failed.pk])).status_code == 404
    assert not TaskRetry.objects.exists()


def test_the_retry_form_carries_a_csrf_token(world, client):
    failed_task(count_members, -world["grassroots"].pk)
    body = listing(client, world["superuser"]).content.decode()
    assert re.search(r'<form method="post" action="[^"]+/retry/"', body)
    assert "csrfmiddlewaretoken" in body


def test_the_menu_offers_the_screen_to_admins_only(world, client):
    client.force_login(world["admin"])
    assert reverse("lantoa_tasks") in client.get(reverse("wagtailadmin_home")).content.decode()
    client.force_login(world["officer"])
    assert reverse("lantoa_tasks") not in client.get(reverse("wagtailadmin_home")).content.decode()


def test_the_listing_costs_the_same_queries_for_many_tasks(world, client, django_assert_max_num_queries):
    client.force_login(world["admin"])
    url = reverse("lantoa_tasks")

    def queries_for_listing():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    for _ in range(3):
        failed_task(count_members, -world["grassroots"].pk)
    few = queries_for_listing()
    for _ in range(30):
        failed_task(merge_reports, world["grassroots"].pk, world["commune"].pk)
        count_members.enqueue(world["grassroots"].pk)
    assert queries_for_listing() == few
    with django_assert_max_num_queries(few):
        client.get(url, {"trang_thai": "retried", "p": "2"})


def _running(task_obj, *args, worker_id="may-1"):
    row = DBTaskResult.objects.get(pk=task_obj.enqueue(*args).id)
    row.claim(worker_id)
    return row


def _lost(task_obj, *args):
    row = _running(task_obj, *args)
    started = timezone.now() - datetime.timedelta(hours=1)
    DBTaskResult.objects.filter(pk=row.pk).update(started_at=started)
    return DBTaskResult.objects.get(pk=row.pk)

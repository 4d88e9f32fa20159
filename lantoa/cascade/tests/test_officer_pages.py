"""The officer's pages at /viec/: whose tasks a user sees and marks (another union's are not
found), the hub acting for a unit without an officer, the mark form keeping what was typed,
a fuzzed form that never fails the server, the page weight, and the landing after sign-in."""

import datetime
import re

import pytest
from django.contrib.staticfiles import finders
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lantoa.cascade.models import TaskStatus, UnitTask
from lantoa.channels.models import Publication

from .officer_world import PASSWORD, dispatch, jpeg_with_gps, live_article, task_of

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
PAGE, ZALO, BOARD = "share_facebook_page", "share_zalo_group", "bulletin_board"


def text(response) -> str:
    return response.content.decode()


def test_a_visitor_is_sent_to_sign_in_and_back(world, client):
    task = task_of(world.a, PAGE)
    for url in (reverse("viec:index"), reverse("viec:task", args=[task.pk])):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"] == f"{reverse('wagtailadmin_login')}?next={url}"


def test_an_officer_sees_and_marks_only_the_tasks_of_their_union(world, client):
    client.force_login(world.officer_a)
    page = text(client.get(reverse("viec:index")))
    assert '<html lang="vi">' in page and "Việc cần làm" in page
    assert world.a.name in page and world.c.name not in page and world.b.name not in page
    assert page.count('class="task"') == 3
    for unit in (world.c, world.b):  # another commune's union, and a sibling without an officer
        other = task_of(unit, PAGE)
        assert client.get(reverse("viec:task", args=[other.pk])).status_code == 404
        response = client.post(reverse("viec:task", args=[other.pk]), {"outcome": "not_applicable", "reason": "x",
                                                                        "day": TODAY.strftime("%d/%m/%Y")})  # fmt: skip
        assert response.status_code == 404
        assert UnitTask.objects.get(pk=other.pk).status == TaskStatus.PENDING
        assert client.get(reverse("viec:download", args=[other.pk, "poster"])).status_code == 404
    assert client.get(reverse("viec:task", args=[999999])).status_code == 404


def test_the_hub_acts_for_its_unit_without_an_officer(world, client):
    client.force_login(world.hub)
    page = text(client.get(reverse("viec:index")))
    assert world.b.name in page and "chưa có người phụ trách" in page
    assert world.a.name not in page  # A has its own officer
    assert world.c.name not in page  # another commune's
    board = task_of(world.b, BOARD)
    response = client.post(reverse("viec:task", args=[board.pk]), {
        "outcome": "done", "day": TODAY.strftime("%d/%m/%Y"), "reach": "45",
    })  # fmt: skip
    assert response.status_code == 302 and response["Location"] == reverse("viec:index")
    board.refresh_from_db()
    assert (board.status, board.done_by, board.reach) == (TaskStatus.DONE, world.hub, 45)
    after = text(client.get(reverse("viec:index")))
    assert "Đã ghi nhận" in after and "Đã làm gần đây" in after
    assert client.get(reverse("viec:task", args=[task_of(world.c, BOARD).pk])).status_code == 404


def test_late_tasks_are_marked_and_the_latest_due_comes_first(world, client, django_capture_on_commit_callbacks):
    UnitTask.objects.filter(unit=world.a, action=BOARD).update(due_on=TODAY - datetime.timedelta(days=2))
    second = live_article(world.home, "Tuyên truyền an toàn lao động")
    dispatch(world, django_capture_on_commit_callbacks, actions_list=[BOARD], article=second, title=second.title)
    UnitTask.objects.filter(dispatch__article=second).update(due_on=TODAY + datetime.timedelta(days=20))
    client.force_login(world.officer_a)
    page = text(client.get(reverse("viec:index")))
    assert page.count("Quá hạn") == 1
    assert page.index("Tuyên truyền an toàn lao động") < page.index(world.article.title)


def test_a_wrong_link_is_refused_and_what_was_typed_is_kept(world, client):
    client.force_login(world.officer_a)
    task = task_of(world.a, PAGE)
    response = client.post(reverse("viec:task", args=[task.pk]), {
        "outcome": "done", "day": TODAY.strftime("%d/%m/%Y"), "url": "https://www.facebook.com/maysongtien",
        "reach": "1250", "reason": "",
    })  # fmt: skip
    page = text(response)
    assert response.status_code == 200
    assert "không phải đường dẫn của trang" in page and "Chưa ghi nhận" in page
    assert 'value="https://www.facebook.com/maysongtien"' in page and 'value="1250"' in page
    assert UnitTask.objects.get(pk=task.pk).status == TaskStatus.PENDING
    response = client.post(reverse("viec:task", args=[task.pk]), {
        "outcome": "done", "day": "31/02/2026", "url": "https://www.facebook.com/maysongtien/posts/1", "reach": "-3",
    })  # fmt: skip
    page = text(response)
    assert "ngày/tháng/năm" in page and "không được âm" in page
    assert 'value="https://www.facebook.com/maysongtien/posts/1"' in page and 'value="31/02/2026"' in page


def test_not_applicable_needs_a_reason(world, client):
    client.force_login(world.officer_a)
    task = task_of(world.a, BOARD)
    url = reverse("viec:task", args=[task.pk])
    page = text(client.post(url, {"outcome": "not_applicable", "day": TODAY.strftime("%d/%m/%Y"), "reason": "  "}))
    assert "Hãy nêu lý do" in page
    client.post(url, {"outcome": "not_applicable", "day": TODAY.strftime("%d/%m/%Y"), "reason": "Không có bảng tin"})
    task.refresh_from_db()
    assert (task.status, task.reason) == (TaskStatus.NOT_APPLICABLE, "Không có bảng tin")


def test_a_zalo_group_share_needs_a_screenshot_and_keeps_no_location(world, client):
    client.force_login(world.officer_a)
    task = task_of(world.a, ZALO)
    url = reverse("viec:task", args=[task.pk])
    page = text(client.post(url, {"outcome": "done", "day": TODAY.strftime("%d/%m/%Y"), "reach": "80"}))
    assert "Hãy đính kèm ảnh chụp màn hình" in page
    photo = SimpleUploadedFile("zalo.jpg", jpeg_with_gps(), content_type="image/jpeg")
    response = client.post(url, {"outcome": "done", "day": TODAY.strftime("%d/%m/%Y"), "reach": "80", "photo": photo})
    assert response.status_code == 302
    task.refresh_from_db()
    assert task.status == TaskStatus.DONE and task.evidence_photo is not None
    with task.evidence_photo.file.open("rb") as stored:
        assert b"GPS" not in stored.read() and "Máy ảnh thử".encode() not in stored.read()
    publication = Publication.objects.get(channel=world.zalo_channel, article=world.article)
    assert task.publication_id == publication.pk and publication.photo_id == task.evidence_photo_id


def test_the_kit_has_the_text_the_share_links_and_the_poster(world, client):
    client.force_login(world.officer_a)
    page = text(client.get(reverse("viec:task", args=[task_of(world.a, PAGE).pk])))
    assert "Bản dành cho: Bài đăng trang Facebook" in page and 'id="kit-text"' in page
    assert "https://www.facebook.com/sharer/sharer.php?u=http%3A%2F%2Flocalhost%2F" in page
    assert "Các công đoàn cơ sở chia sẻ trước ngày hạn." in page
    board = text(client.get(reverse("viec:task", args=[task_of(world.a, BOARD).pk])))
    download = re.search(r'href="(/viec/\d+/tai/board_sheet\.pdf)"', board)
    assert download, "the A4 sheet is offered"
    response = client.get(download.group(1))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert client.get(download.group(1).replace("board_sheet", "press_release")).status_code == 404


FIELDS = st.fixed_dictionaries({
    "outcome": st.sampled_from(["done", "not_applicable", "pending", "relayed", "", "x" * 30]),
    "day": st.one_of(st.just(TODAY.strftime("%d/%m/%Y")), st.text(max_size=12), st.just("01/01/3000")),
    "url": st.one_of(st.text(max_size=40), st.sampled_from(
        ["https://www.facebook.com/a/posts/1", "javascript:alert(1)", "https://" + "a" * 600 + ".vn"])),
    "reach": st.one_of(st.text(max_size=8), st.integers(-5, 10**9).map(str)),
    "reason": st.text(max_size=600),
    "keep_location": st.sampled_from(["", "on", "1"]),
})  # fmt: skip


@settings(max_examples=30, derandomize=True, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=FIELDS, action=st.sampled_from([PAGE, ZALO, BOARD]))
def test_the_mark_form_never_fails_the_server(world, client, data, action):
    client.force_login(world.officer_a)
    task = task_of(world.a, action)
    data = {key: value.replace("\x00", "") for key, value in data.items()}
    response = client.post(reverse("viec:task", args=[task.pk]), data)
    assert response.status_code in (200, 302)
    if response.status_code == 200:
        assert "Chưa ghi nhận" in text(response) or "Đã báo cáo" in text(response)


def weight(client, url) -> int:
    page = client.get(url)
    assert page.status_code == 200
    assets = re.findall(r'(?:href|src)="/static/([^"]+\.(?:css|js))"', text(page))
    return len(page.content) + sum(len(open(finders.find(path), "rb").read()) for path in assets)  # noqa: SIM115


def test_the_pages_stay_under_100_kb_with_a_few_dozen_tasks(world, client, django_capture_on_commit_callbacks):
    for n in range(11):
        article = live_article(world.home, f"Tuyên truyền chuyên đề số {n} về chính sách pháp luật cho người lao động")
        dispatch(world, django_capture_on_commit_callbacks, article=article, title=article.title)
    mine = UnitTask.objects.filter(unit=world.a)
    assert mine.count() >= 36
    for task in mine.order_by("pk")[:6]:
        task.status, task.done_on, task.done_at = TaskStatus.DONE, TODAY, timezone.now()
        task.save()
    client.force_login(world.officer_a)
    assert weight(client, reverse("viec:index")) < 100_000
    assert weight(client, reverse("viec:task", args=[mine.filter(action=BOARD).last().pk])) < 100_000


def test_grassroots_officers_land_on_their_tasks_and_others_on_the_workspace(world, client):
    login = reverse("wagtailadmin_login")
    # Wagtail's form sends the admin home as `next` when the page was given none.
    response = client.post(login, {"username": "songtien", "password": PASSWORD, "next": reverse("wagtailadmin_home")})
    assert response.status_code == 302 and response["Location"] == reverse("viec:index")
    client.logout()
    response = client.post(f"{login}?next=/admin/pages/", {"username": "songtien", "password": PASSWORD,
                                                          "next": "/admin/pages/"})  # fmt: skip
    assert response["Location"] == "/admin/pages/"
    client.logout()
    response = client.post(login, {"username": "phukhuong", "password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == reverse("wagtailadmin_home")


def test_the_workspace_home_links_to_the_tasks(world, client):
    from lantoa.org import actions as org_actions
    from lantoa.org.tests.factories import fresh, make_user

    staff = make_user("phukhuong.bientap")
    org_actions.do_assign_role(user=staff, unit=world.commune, kind="editor", actor=None)
    client.force_login(fresh(staff))
    page = text(client.get(reverse("wagtailadmin_home")))
    assert f'href="{reverse("viec:index")}" data-officer-pages>Việc cần làm</a>' in page

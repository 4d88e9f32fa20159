"""Notifications: one per person, read only by that person, links only inside the site."""

import pytest
from django.test import Client

from lantoa.org import actions as org_actions
from lantoa.org.models import RoleKind
from lantoa.org.tests.factories import make_unit, make_user
from lantoa.workspace import actions, queries
from lantoa.workspace.models import Notification

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_people():
    """Two viewers of the same commune union."""
    commune = make_unit(None, "commune", "Công đoàn phường Phú Khương")
    people = make_user("nguoi.nhan"), make_user("nguoi.khac")
    for person in people:
        org_actions.do_assign_role(user=person, unit=commune, kind=RoleKind.VIEWER, actor=None)
    return people


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_notify_sends_one_per_person_whatever_the_repeats(two_people):
    first, second = two_people
    sent = actions.do_notify([first.pk, second.pk, first.pk, None], kind="test", message="Có việc mới", url="/admin/")
    assert sent == 2
    assert Notification.objects.filter(recipient=first).count() == 1


def test_a_long_message_is_cut_with_an_ellipsis(two_people):
    first, _ = two_people
    actions.do_notify([first.pk], kind="test", message="Chiến dịch " * 100)
    message = Notification.objects.get().message
    assert len(message) == 500
    assert message.endswith("…")


def test_marking_all_read_touches_only_ones_own(two_people):
    first, second = two_people
    actions.do_notify([first.pk, second.pk], kind="test", message="Có việc mới")
    response = signed_in(first).post("/admin/notifications/read-all/")
    assert response.status_code == 302
    assert Notification.objects.for_user(first).unread().count() == 0
    assert queries.unread_count(second) == 1
    assert Notification.objects.get(recipient=second).read_at is None


def test_another_persons_notification_cannot_be_opened(two_people):
    first, second = two_people
    actions.do_notify([second.pk], kind="test", message="Việc của người khác", url="/admin/")
    theirs = Notification.objects.get()
    assert signed_in(first).post(f"/admin/notifications/{theirs.pk}/open/").status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_a_link_outside_the_site_is_not_followed(two_people):
    first, _ = two_people
    actions.do_notify([first.pk], kind="test", message="Liên kết lạ", url="https://example.com/lua-dao")
    notification = Notification.objects.get()
    response = signed_in(first).post(f"/admin/notifications/{notification.pk}/open/")
    assert response.url == "/admin/notifications/"


def test_the_list_shows_messages_newest_first_in_vietnamese(two_people):
    first, _ = two_people
    actions.do_notify([first.pk], kind="test", message="Thông báo cũ")
    actions.do_notify([first.pk], kind="test", message="Thông báo mới")
    page = signed_in(first).get("/admin/notifications/").content.decode()
    assert page.index("Thông báo mới") < page.index("Thông báo cũ")
    assert "Đánh dấu tất cả là đã đọc" in page


def test_no_notifications_says_so(two_people):
    first, _ = two_people
    assert "Bạn chưa có thông báo nào." in signed_in(first).get("/admin/notifications/").content.decode()


def test_a_persons_notifications_are_in_their_data_export_and_erased_with_them(two_people):
    from lantoa.privacy.registry import SOURCES

    first, second = two_people
    actions.do_notify([first.pk, second.pk], kind="test", message="Chiến dịch đã được phê duyệt")
    source = SOURCES["notifications"]
    (table,) = source.exporter(first)
    assert [row["message"] for row in table.rows] == ["Chiến dịch đã được phê duyệt"]
    from types import SimpleNamespace

    assert source.eraser(SimpleNamespace(person=first)) == 1
    assert Notification.objects.filter(recipient=second).count() == 1

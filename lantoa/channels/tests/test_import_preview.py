"""An import is previewed, then written only on confirmation; what is confirmed is the
file kept on the server, checked again against edits made since the preview."""

import json

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from lantoa.channels import imports, tasks, xlsx
from lantoa.channels.actions import do_save_channel
from lantoa.channels.models import Channel, ChannelKind

from .sheets import (  # noqa: F401
    HEADERS,
    make_xlsx,
    private_dir,  # noqa: F401
    row,
    upload,
)

pytestmark = pytest.mark.usefixtures("private_dir")

WITH_ID = [*HEADERS, "Mã kênh"]


@pytest.fixture
def zalo(tree):
    return do_save_channel(
        Channel(), actor=None, unit=tree["a"], kind=ChannelKind.ZALO_GROUP, name="Nhóm Zalo CĐCS A",
        address="https://zalo.me/g/abcxyz",
    )  # fmt: skip


def _rename(channel, name):
    return [*row(unit="CDCS-A", kind="Nhóm Zalo", name=name, address=channel.address), channel.pk]


def _preview(client, user, data):
    client.force_login(user)
    response = client.post(reverse("channels_xlsx_import"), {"file": upload(data)})
    assert response.status_code == 302, response.content.decode()[:2000]
    return response["Location"].rstrip("/").rsplit("/", 1)[-1]


def _confirm(client, token):
    return client.post(reverse("channels_xlsx_import_confirm", args=[token]), follow=True)


def _new_rows(count):
    return [row(unit="CDCS-A", kind="Bảng tin", name=f"Bảng tin {n}", location=f"Xưởng {n}") for n in range(count)]


def test_a_preview_writes_nothing_and_the_confirmation_writes_the_kept_file(client, tree, officer):
    token = _preview(client, officer, make_xlsx(_new_rows(2)))
    page = client.get(reverse("channels_xlsx_import_review", args=[token])).content.decode()
    assert "2 kênh thêm mới, 0 kênh thay đổi" in page and "Xác nhận nhập" in page
    assert Channel.objects.count() == 0
    assert (imports.root() / f"{token}.xlsx").exists()

    html = _confirm(client, token).content.decode()
    assert "Đã thêm 2 kênh, cập nhật 0 kênh, 0 dòng lỗi." in html
    # A second click, or a re-post, saves nothing more.
    _confirm(client, token)
    assert Channel.objects.count() == 2


def test_another_user_cannot_open_or_confirm_an_import(client, tree, officer):
    token = _preview(client, officer, make_xlsx(_new_rows(1)))
    other = get_user_model().objects.create_user(username="officer_a2")
    from lantoa.org.actions import do_assign_role
    from lantoa.org.models import RoleKind

    do_assign_role(user=other, unit=tree["a"], kind=RoleKind.UNIT_OFFICER, actor=None)
    client.force_login(other)
    assert client.get(reverse("channels_xlsx_import_review", args=[token])).status_code == 404
    assert client.post(reverse("channels_xlsx_import_confirm", args=[token])).status_code == 404
    assert client.get(reverse("channels_xlsx_import_progress", args=[token])).status_code == 404
    assert Channel.objects.count() == 0


def test_an_edit_saved_after_the_preview_is_not_overwritten(client, tree, officer, admin_user, zalo):
    token = _preview(client, officer, make_xlsx([_rename(zalo, "Tên từ tệp")], headers=WITH_ID))
    # Someone renames the channel in the edit form while the preview is open.
    do_save_channel(Channel.objects.get(pk=zalo.pk), actor=admin_user, name="Tên sửa trên web")

    html = _confirm(client, token).content.decode()
    assert "1 dòng không được lưu vì đã bị người khác thay đổi sau khi xem trước." in html
    assert f"kênh {zalo.pk} đã được admin sửa lúc" in html
    assert "«Tên từ tệp» → «Tên sửa trên web»" in html
    assert Channel.objects.get(pk=zalo.pk).name == "Tên sửa trên web"


def test_two_imports_adding_one_channel_add_it_once(client, tree, officer):
    data = make_xlsx([row(unit="CDCS-A", kind="Nhóm Zalo", name="Nhóm tổ 3", address="https://zalo.me/g/to3")])
    first, second = _preview(client, officer, data), _preview(client, officer, data)
    _confirm(client, first)
    html = _confirm(client, second).content.decode()
    assert "một kênh cùng đơn vị, loại kênh và địa chỉ" in html and "không tạo bản trùng" in html
    assert Channel.objects.filter(name="Nhóm tổ 3").count() == 1


def test_two_imports_changing_one_channel_never_silently_overwrite(client, tree, officer, zalo):
    first = _preview(client, officer, make_xlsx([_rename(zalo, "Tên lần 1")], headers=WITH_ID))
    second = _preview(client, officer, make_xlsx([_rename(zalo, "Tên lần 2")], headers=WITH_ID))
    _confirm(client, first)
    html = _confirm(client, second).content.decode()
    assert "«Tên lần 2» → «Tên lần 1»" in html
    assert Channel.objects.get(pk=zalo.pk).name == "Tên lần 1"


def test_an_import_of_more_than_500_rows_runs_as_a_background_task(client, tree, officer, monkeypatch):
    token = _preview(client, officer, make_xlsx(_new_rows(imports.BACKGROUND_ROWS + 1)))
    assert imports.read_state(token).background

    # Fewer rows make the same path: the task runs inline in the tests (ImmediateBackend).
    monkeypatch.setattr(imports, "BACKGROUND_ROWS", 2)
    token = _preview(client, officer, make_xlsx(_new_rows(3)))
    from lantoa.lib import tasks as lib_tasks

    enqueued = []
    enqueue_once = lib_tasks.enqueue_once
    monkeypatch.setattr(lib_tasks, "enqueue_once", _spy(enqueue_once, enqueued))
    html = _confirm(client, token).content.decode()
    assert enqueued == [(tasks.apply_channel_import, token, officer.pk)]
    assert "Đã thêm 3 kênh" in html
    progress = client.get(reverse("channels_xlsx_import_progress", args=[token])).json()
    assert progress == {
        "status": "done", "done": 3, "total": 3, "percent": 100, "finished": True,
        "url": reverse("channels_xlsx_import_review", args=[token]),
    }  # fmt: skip


def _spy(enqueue, calls):
    def wrapper(*args, **kwargs):
        calls.append(args)
        return enqueue(*args, **kwargs)

    return wrapper


def test_the_progress_page_works_without_javascript(client, tree, officer):
    token = _preview(client, officer, make_xlsx(_new_rows(2)))
    pending = imports.read_state(token)
    pending.status, pending.done = imports.Status.RUNNING, 1
    pending.save()
    html = client.get(reverse("channels_xlsx_import_review", args=[token])).content.decode()
    assert '<noscript><meta http-equiv="refresh" content="2"></noscript>' in html
    assert '<progress id="channel-import-progress" max="100" value="50"' in html
    assert "Đã lưu 1/2 dòng." in html
    body = json.loads(client.get(reverse("channels_xlsx_import_progress", args=[token])).content)
    assert (body["status"], body["percent"], body["finished"]) == ("running", 50, False)


def test_the_task_refuses_an_import_that_is_not_the_users(tree, officer, admin_user):
    pending, _preview_ = imports.start(upload(make_xlsx(_new_rows(1))), actor=officer)
    with pytest.raises(Exception, match="gone or not this user's"):
        tasks.apply_channel_import.call(pending.token, admin_user.pk)
    assert Channel.objects.count() == 0


def test_expired_imports_are_deleted(tree, officer):
    import datetime

    pending, _preview_ = imports.start(upload(make_xlsx(_new_rows(1))), actor=officer)
    later = datetime.datetime.now(datetime.UTC) + imports.EXPIRES + datetime.timedelta(minutes=1)
    assert imports.purge_expired(later) == 2  # the file and its state
    assert imports.read_state(pending.token) is None


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("kenh.csv", b"Ma don vi,Loai kenh\n", "không phải bảng tính Excel (.xlsx) hợp lệ"),
        ("kenh.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1 old", "Tệp .xls (Excel 97–2003) không được hỗ trợ"),
    ],
)
def test_a_file_of_the_wrong_type_is_refused_in_vietnamese(client, tree, officer, name, content, message):
    client.force_login(officer)
    response = client.post(reverse("channels_xlsx_import"), {"file": upload(content, name)})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not list((imports.root()).iterdir())  # nothing kept


def test_a_file_too_big_or_with_too_many_rows_is_refused_in_vietnamese(client, tree, officer, monkeypatch):
    client.force_login(officer)
    monkeypatch.setattr(xlsx, "MAX_ROWS", 2)
    response = client.post(reverse("channels_xlsx_import"), {"file": upload(make_xlsx(_new_rows(3)))})
    assert "Tệp có quá nhiều dòng" in response.content.decode()
    monkeypatch.setattr(xlsx, "MAX_FILE_BYTES", 100)
    response = client.post(reverse("channels_xlsx_import"), {"file": upload(make_xlsx(_new_rows(1)))})
    assert "Tệp quá lớn" in response.content.decode()
    assert Channel.objects.count() == 0

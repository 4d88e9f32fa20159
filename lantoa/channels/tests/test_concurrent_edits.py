"""Two people editing the same channel: the second save never silently wipes the first."""

import datetime
import re
import threading
from unittest import mock

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from lantoa.channels import actions
from lantoa.channels.models import Channel
from lantoa.core import concurrency
from lantoa.core.tests.formdata import form_data

pytestmark = pytest.mark.django_db


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def edit_url(channel) -> str:
    return reverse("channel:edit", args=[channel.pk])


def opened_form(client, channel) -> dict:
    response = client.get(edit_url(channel))
    assert response.status_code == 200
    return form_data(response.content.decode())


def banner(response) -> str:
    return " ".join(str(message) for message in response.context["messages"])


@pytest.fixture
def two_open_forms(channels, officer, admin_user):
    """The grassroots officer and the province's admin open the Zalo group's edit page."""
    zalo = channels["zalo"]
    first, second = signed_in(admin_user), signed_in(officer)
    return zalo, (first, opened_form(first, zalo)), (second, opened_form(second, zalo))


def test_the_second_save_is_refused_with_who_saved_when_and_what_changed(two_open_forms):
    zalo, (first, first_form), (second, second_form) = two_open_forms
    first_form["name"] = ["Nhóm Zalo Công đoàn cơ sở A (mới)"]
    assert first.post(edit_url(zalo), first_form).status_code == 302

    second_form["audience_count"] = ["1400"]
    response = second.post(edit_url(zalo), second_form)

    assert response.status_code == 200
    text = banner(response)
    saved_at = timezone.localtime(Channel.objects.get(pk=zalo.pk).updated_at).strftime("%H:%M %d/%m/%Y")
    assert "Người khác (admin) đã lưu kênh truyền thông này lúc " + saved_at + " trong khi bạn sửa" in text
    assert "Tên: của bạn «Nhóm Zalo CĐCS A» → đã lưu «Nhóm Zalo Công đoàn cơ sở A (mới)»" in text
    # Only what the other person changed is listed, not what this person changed themselves.
    assert "Số thành viên" not in text
    zalo.refresh_from_db()
    assert zalo.name == "Nhóm Zalo Công đoàn cơ sở A (mới)" and zalo.audience_count == 1250


def test_what_the_second_person_typed_is_still_in_the_refused_form(two_open_forms):
    zalo, (first, first_form), (second, second_form) = two_open_forms
    first_form["name"] = ["Nhóm Zalo Công đoàn cơ sở A (mới)"]
    first.post(edit_url(zalo), first_form)

    second_form["audience_count"] = ["1400"]
    second_form["admins"] = ["Nguyễn Văn An\nLê Văn Cường"]
    response = second.post(edit_url(zalo), second_form)

    shown = form_data(response.content.decode())
    assert shown["audience_count"] == ["1400"]
    assert shown["admins"] == ["Nguyễn Văn An\nLê Văn Cường"]


def test_saving_the_refused_form_again_saves_it_deliberately(two_open_forms):
    zalo, (first, first_form), (second, second_form) = two_open_forms
    first_form["name"] = ["Nhóm Zalo Công đoàn cơ sở A (mới)"]
    first.post(edit_url(zalo), first_form)
    second_form["audience_count"] = ["1400"]
    refused = second.post(edit_url(zalo), second_form)

    again = form_data(refused.content.decode())
    again["name"] = ["Nhóm Zalo Công đoàn cơ sở A (mới)"]  # the person takes the other's name over
    assert second.post(edit_url(zalo), again).status_code == 302

    zalo.refresh_from_db()
    assert zalo.name == "Nhóm Zalo Công đoàn cơ sở A (mới)" and zalo.audience_count == 1400


def test_a_form_opened_on_an_old_version_cannot_be_replayed_after_a_third_save(two_open_forms):
    zalo, (first, first_form), (second, second_form) = two_open_forms
    first_form["name"] = ["Tên thứ nhất"]
    first.post(edit_url(zalo), first_form)
    refused = second.post(edit_url(zalo), second_form)
    again = form_data(refused.content.decode())

    newest = opened_form(first, zalo)
    newest["location"] = ["Nhà văn hóa công nhân"]
    first.post(edit_url(zalo), newest)

    response = second.post(edit_url(zalo), again)
    assert response.status_code == 200
    assert "Vị trí: của bạn «—» → đã lưu «Nhà văn hóa công nhân»" in banner(response)


def test_a_save_that_changed_none_of_the_fields_does_not_block_the_next(two_open_forms):
    zalo, (first, first_form), (second, second_form) = two_open_forms
    assert first.post(edit_url(zalo), first_form).status_code == 302  # saved as it was

    second_form["audience_count"] = ["1400"]
    assert second.post(edit_url(zalo), second_form).status_code == 302
    zalo.refresh_from_db()
    assert zalo.audience_count == 1400


def test_each_save_moves_the_channel_to_a_new_version(channels, admin_user):
    zalo = Channel.objects.get(pk=channels["zalo"].pk)
    before = zalo.version
    actions.do_save_channel(zalo, actor=admin_user, name="Nhóm Zalo mới")
    assert Channel.objects.get(pk=zalo.pk).version == before + 1


def test_the_action_refuses_a_version_older_than_the_stored_one(channels, admin_user):
    zalo = Channel.objects.get(pk=channels["zalo"].pk)
    opened = concurrency.opened_version(zalo, ["name", "location"])
    actions.do_save_channel(Channel.objects.get(pk=zalo.pk), actor=admin_user, name="Nhóm Zalo đổi tên")

    with pytest.raises(concurrency.EditConflict) as conflict:
        actions.do_save_channel(
            Channel.objects.get(pk=zalo.pk), actor=admin_user, opened=opened, name="Nhóm Zalo CĐCS A", location="Cổng"
        )
    assert [change.label for change in conflict.value.changes] == ["Tên"]
    assert Channel.objects.get(pk=zalo.pk).name == "Nhóm Zalo đổi tên"


def test_an_import_without_a_version_is_the_last_writer(channels, admin_user):
    """The .xlsx import passes no version: the sheet's row wins over whatever is stored."""
    zalo = Channel.objects.get(pk=channels["zalo"].pk)
    actions.do_save_channel(Channel.objects.get(pk=zalo.pk), actor=admin_user, name="Sửa trên màn hình")
    actions.do_save_channel(zalo, actor=admin_user, name="Tên trong tệp Excel")
    assert Channel.objects.get(pk=zalo.pk).name == "Tên trong tệp Excel"


def test_the_version_is_checked_on_the_locked_row(channels, admin_user):
    zalo = Channel.objects.get(pk=channels["zalo"].pk)
    opened = concurrency.opened_version(zalo, ["name"])
    locked = []
    original = type(Channel.objects.all()).select_for_update

    def select_for_update(queryset, *args, **kwargs):
        locked.append(queryset.model)
        return original(queryset, *args, **kwargs)

    with mock.patch.object(type(Channel.objects.all()), "select_for_update", select_for_update):
        actions.do_save_channel(zalo, actor=admin_user, opened=opened, name="Nhóm Zalo khóa dòng")
    assert Channel in locked


@pytest.mark.django_db(transaction=True)
def test_two_saves_at_the_same_moment_cannot_both_pass(channels, admin_user):
    """On PostgreSQL: the first save holds the row lock past its check; the second waits and
    then sees the new version (without the lock both would pass the check)."""
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises write transactions (BEGIN IMMEDIATE); run with DATABASE_URL=postgresql://…")
    zalo_pk = channels["zalo"].pk
    opened = concurrency.opened_version(Channel.objects.get(pk=zalo_pk), ["name", "location"])
    first_checked, release_first = threading.Event(), threading.Event()
    outcomes: dict[str, str] = {}
    validate = actions.validate_channel_address

    def held_validate(kind, address):
        if threading.current_thread().name == "first":
            first_checked.set()
            release_first.wait(10)
        return validate(kind, address)

    def save(who, **fields):
        try:
            actions.do_save_channel(Channel.objects.get(pk=zalo_pk), actor=admin_user, opened=opened, **fields)
            outcomes[who] = "saved"
        except concurrency.EditConflict:
            outcomes[who] = "conflict"
        except Exception as error:  # noqa: BLE001 - reported by the assertion below
            outcomes[who] = repr(error)
        finally:
            connection.close()

    with mock.patch.object(actions, "validate_channel_address", held_validate):
        first = threading.Thread(target=save, name="first", args=("first",), kwargs={"name": "Của người thứ nhất"})
        second = threading.Thread(
            target=save, name="second", args=("second",), kwargs={"name": "Nhóm Zalo CĐCS A", "location": "Cổng"}
        )
        first.start()
        assert first_checked.wait(10), outcomes
        second.start()
        second.join(1.0)  # blocked on the row lock while the first holds it
        assert second.is_alive(), outcomes
        release_first.set()
        first.join(10)
        second.join(10)

    assert outcomes == {"first": "saved", "second": "conflict"}
    assert Channel.objects.get(pk=zalo_pk).name == "Của người thứ nhất"


def test_a_conflict_time_reads_hours_then_day(channels, admin_user):
    zalo = Channel.objects.get(pk=channels["zalo"].pk)
    opened = concurrency.opened_version(zalo, ["name"])
    at = datetime.datetime(2026, 12, 31, 7, 5, tzinfo=datetime.UTC)
    with time_machine.travel(at, tick=False):
        actions.do_save_channel(Channel.objects.get(pk=zalo.pk), actor=admin_user, name="Nhóm Zalo cuối năm")
    with pytest.raises(concurrency.EditConflict) as conflict:
        actions.do_save_channel(Channel.objects.get(pk=zalo.pk), actor=admin_user, opened=opened, name="X")
    assert re.search(r"lúc 14:05 31/12/2026 trong khi bạn sửa", " ".join(conflict.value.messages))

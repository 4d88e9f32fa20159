"""Who may send from where and see which dispatch: a commune's editor cannot send from the
province nor open the province's dispatch to another commune; a dispatch that reached the
commune shows the commune's own figures only; a user who edits a commune and views the
province sends from the commune only and reads the province's dispatches."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from lantoa.cascade import actions
from lantoa.cascade.models import Dispatch

from . import staff_world
from .staff_world import PASSWORD, form_url, post_form

world = staff_world.world  # the fixture

pytestmark = pytest.mark.django_db


def send(world, capture, *, sender=None, targets=None, title="Tin tỉnh gửi xã Long Hồ"):
    with capture(execute=True):
        dispatch, _new = actions.do_dispatch(
            sender=sender or world.province, actor=None, title=title, actions=["bulletin_board"],
            due_on=timezone.localdate() + datetime.timedelta(days=5),
            targets=targets if targets is not None else {"under": world.c2.pk}, article=world.article,
        )  # fmt: skip
    return dispatch


def pages(dispatch):
    return [reverse(name, args=[dispatch.pk]) for name in ("cascade_dispatch", "cascade_dispatch_xlsx")]


def test_a_commune_editor_cannot_send_from_the_province(client, world, django_capture_on_commit_callbacks):
    client.login(username=world.commune_editor.username, password=PASSWORD)
    assert client.get(form_url(world)).status_code == 404  # the province's article: not the commune's to send
    own = world.commune_article
    body = client.get(form_url(world, own)).content.decode()
    senders = re.search(r'<select name="sender"[^>]*>(.*?)</select>', body, re.S).group(1)
    assert f'value="{world.c1.pk}"' in senders and f'value="{world.province.pk}"' not in senders
    response = post_form(client, world, django_capture_on_commit_callbacks, article=own)  # sender: the province
    assert response.status_code == 200 and "Bạn không được gửi từ đơn vị này." in response.content.decode()
    response = post_form(
        client, world, django_capture_on_commit_callbacks, article=own, sender=world.c1.pk, under=world.c2.pk
    )
    assert response.status_code == 200 and not Dispatch.objects.exists()
    post_form(client, world, django_capture_on_commit_callbacks, article=own, sender=world.c1.pk)
    dispatch = Dispatch.objects.get()
    assert dispatch.sender_unit == world.c1 and set(dispatch.tasks.values_list("unit_id", flat=True)) == {
        world.a1.pk,
        world.a2.pk,
    }


def test_a_commune_editor_cannot_see_the_provinces_dispatch_elsewhere(
    client, world, django_capture_on_commit_callbacks
):
    dispatch = send(world, django_capture_on_commit_callbacks)
    client.login(username=world.commune_editor.username, password=PASSWORD)
    for url in pages(dispatch):
        assert client.get(url).status_code == 404
    assert client.post(reverse("cascade_dispatch_relay", args=[dispatch.pk]), {"due_days": 3}).status_code == 404
    listing = client.get(reverse("cascade_dispatches")).content.decode()
    assert "Tin tỉnh gửi xã Long Hồ" not in listing


def test_a_dispatch_that_reached_the_commune_shows_its_own_figures(client, world, django_capture_on_commit_callbacks):
    dispatch = send(world, django_capture_on_commit_callbacks, targets={}, title="Tin tỉnh gửi mọi đơn vị")
    client.login(username=world.commune_editor.username, password=PASSWORD)
    assert "Tin tỉnh gửi mọi đơn vị" in client.get(reverse("cascade_dispatches")).content.decode()
    body = client.get(reverse("cascade_dispatch", args=[dispatch.pk])).content.decode()
    assert world.c1.name in body and world.a1.name in body
    assert world.b1.name not in body and world.c2.name not in body
    assert (
        client.get(reverse("cascade_dispatch", args=[dispatch.pk]) + f"?don_vi={world.province.pk}").status_code == 404
    )
    assert client.get(reverse("cascade_dispatch", args=[dispatch.pk]) + f"?don_vi={world.b1.pk}").status_code == 404
    # The grassroots officer of B1 sees it too, with B1's figures, and not A1's.
    client.login(username=world.officer_b1.username, password=PASSWORD)
    body = client.get(reverse("cascade_dispatch", args=[dispatch.pk])).content.decode()
    assert world.b1.name in body and world.a1.name not in body and world.c1.name not in body


def test_a_mixed_user_sends_from_below_and_reads_above(client, world, django_capture_on_commit_callbacks):
    dispatch = send(world, django_capture_on_commit_callbacks)
    client.login(username=world.mixed.username, password=PASSWORD)
    body = client.get(form_url(world)).content.decode()
    senders = re.search(r'<select name="sender"[^>]*>(.*?)</select>', body, re.S).group(1)
    assert f'value="{world.c1.pk}"' in senders and f'value="{world.province.pk}"' not in senders
    response = post_form(client, world, django_capture_on_commit_callbacks, title="Khác")
    assert response.status_code == 200 and Dispatch.objects.count() == 1
    page = client.get(reverse("cascade_dispatch", args=[dispatch.pk]))
    assert page.status_code == 200 and world.c2.name in page.content.decode()
    assert "Chuyển tiếp xuống cơ sở" not in page.content.decode()  # the mixed user's commune got nothing
    assert client.post(reverse("cascade_dispatch_relay", args=[dispatch.pk]), {"due_days": 3}).status_code == 404


def test_the_hub_relays_with_its_note(client, world, django_capture_on_commit_callbacks):
    dispatch = send(world, django_capture_on_commit_callbacks, targets={"kinds": ["commune"]}, title="Tin tỉnh gửi xã")
    client.login(username=world.hub.username, password=PASSWORD)
    page = client.get(reverse("cascade_dispatch", args=[dispatch.pk])).content.decode()
    assert "Chuyển tiếp xuống cơ sở" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("cascade_dispatch_relay", args=[dispatch.pk]),
            {"hub": world.c1.pk, "due_days": "0", "note": "Các CĐCS đăng trước thứ Sáu"},
        )
    assert response.status_code == 200 and "Các CĐCS đăng trước thứ Sáu" in response.content.decode()
    assert "Các đơn vị cần ít nhất một ngày làm việc." in response.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("cascade_dispatch_relay", args=[dispatch.pk]),
            {"hub": world.c1.pk, "due_days": "3", "note": "Các CĐCS đăng trước thứ Sáu"},
        )
    relay = Dispatch.objects.get(parent=dispatch)
    assert response["Location"] == reverse("cascade_dispatch", args=[relay.pk])
    assert relay.sender_unit == world.c1 and relay.note == "Các CĐCS đăng trước thứ Sáu"
    assert set(relay.tasks.values_list("unit_id", flat=True)) == {world.a1.pk, world.a2.pk}
    body = client.get(response["Location"]).content.decode()
    assert "Các CĐCS đăng trước thứ Sáu" in body and world.a1.name in body
    # Another commune's officer cannot relay on the first commune's behalf.
    client.login(username=world.officer_b1.username, password=PASSWORD)
    response = client.post(reverse("cascade_dispatch_relay", args=[dispatch.pk]), {"hub": world.c1.pk, "due_days": 3})
    assert response.status_code == 404

"""A worker who wrote through the portal's form is told on Zalo when the answer is there: the
code page and the status page invite them to send their tracking code to their union's
Zalo OA (or the nearest union's above); that message, signed by Zalo, links the case to the
follower instead of opening a case, and is confirmed on the OA; staff's answer is then
announced there with the code; a refusal is an internal note on the case, a passing one
retried; erasing the worker's data unlinks the case.

Texts are compared through gettext so these tests hold before and after the Vietnamese
catalog has the messages."""

from __future__ import annotations

import datetime
import re

import pytest
from django.core.cache import cache
from django.test import Client
from django.utils import timezone
from django.utils.translation import gettext as _

from lantoa.channels.connections import do_connect
from lantoa.channels.models import Channel, ChannelKind
from lantoa.inbox import actions, self_service
from lantoa.inbox.models import Case, Contact, Direction, Intake, Message, RawEvent
from lantoa.org.actions import do_assign_role
from lantoa.org.models import RoleKind
from lantoa.org.tests.factories import fresh, make_unit, make_user

pytestmark = pytest.mark.django_db

FOLLOWER = "2468458835296197922"
OA_NAME = "Zalo OA LĐLĐ tỉnh Vĩnh Long"
OA_LINK = "https://zalo.me/4318405112431112345"


@pytest.fixture(autouse=True)
def fresh_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def world():
    province = make_unit(None, "provincial", "Liên đoàn Lao động tỉnh Vĩnh Long")
    song_tien = make_unit(province, name="Công đoàn cơ sở Công ty TNHH May Sông Tiền")
    officer = make_user("songtien")
    do_assign_role(user=officer, unit=song_tien, kind=RoleKind.UNIT_OFFICER, actor=None)
    return {"province": province, "unit": song_tien, "officer": fresh(officer)}


@pytest.fixture
def oa(world, zalo):
    """The province's Zalo OA, connected to the fake Zalo; the grassroots union has none."""
    channel = Channel.objects.create(unit=world["province"], kind=ChannelKind.ZALO_OA, name=OA_NAME, address=OA_LINK)
    do_connect(channel, account_id=zalo.oa_id,
               secrets={"access_token": zalo.access_token, "refresh_token": zalo.refresh_token,
                        "oa_secret_key": zalo.oa_secret_key},
               access_expires_at=timezone.now() + datetime.timedelta(hours=20))  # fmt: skip
    return channel


def send_form(client) -> str:
    """The worker writes through the portal's form; the code they are given."""
    data = {"text": "Công ty nợ lương tháng 5 của chúng tôi.", "employer": "May Sông Tiền", "consent": "on",
            "token": "tok_" + "z" * 28}  # fmt: skip
    response = client.post("/gop-y/", data)
    assert response.status_code == 302, response.content.decode()[:500]
    return re.search(r"(LT-[A-Z0-9]{5}-[A-Z0-9]{5})/$", response["Location"]).group(1)


def follower_sends(zalo, text: str, django_capture_on_commit_callbacks, *, user_id: str = FOLLOWER):
    """The follower writes `text` to the OA; Zalo posts the signed event to the webhook,
    and the worker (inline here) processes it and runs what it queued."""
    body, headers = zalo.signed_event("user_send_text", user_id=user_id, text=text)
    with django_capture_on_commit_callbacks(execute=True):
        response = Client().post("/webhooks/zalo/", data=body, content_type="application/json",
                                 HTTP_X_ZEVENT_SIGNATURE=headers["X-ZEvent-Signature"])  # fmt: skip
    assert response.status_code == 200
    return RawEvent.objects.order_by("-pk").first()


def invitation(code: str) -> str:
    return _(
        "Want to be told on Zalo when the answer is there? Follow the Zalo OA “%(oa)s”, then send it the code %(code)s."
    ) % {"oa": OA_NAME, "code": code}


def promise() -> str:
    return _("Lan Tỏa will message you on the Zalo OA “%(oa)s” when the answer is there.") % {"oa": OA_NAME}


def page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def linked_case(client, zalo, django_capture_on_commit_callbacks) -> Case:
    code = send_form(client)
    follower_sends(zalo, code, django_capture_on_commit_callbacks)
    return Case.objects.get(code=code)


# --- The invitation on the worker's pages


def test_the_code_page_and_the_status_page_invite_to_the_nearest_oa_above_the_union(client, world, oa):
    code = send_form(client)
    assert Case.objects.get(code=code).unit == world["unit"]  # the OA is the province's, one level up
    sent = page(client, f"/gop-y/da-gui/{code}/")
    assert invitation(code) in sent and f'href="{OA_LINK}"' in sent
    assert invitation(code) in page(client, f"/gop-y/tra-cuu/{code}/")


def test_without_a_connected_oa_nothing_is_said_about_zalo(client, world, zalo):
    Channel.objects.create(unit=world["province"], kind=ChannelKind.ZALO_OA, name=OA_NAME)  # never connected
    code = send_form(client)
    for url in (f"/gop-y/da-gui/{code}/", f"/gop-y/tra-cuu/{code}/"):
        html = page(client, url)
        assert OA_NAME not in html and "bao-qua-zalo" not in html


def test_a_made_up_code_page_says_nothing_about_zalo(client, world, oa):
    assert OA_NAME not in page(client, "/gop-y/da-gui/LT-ABCDE-23456/")


def test_once_linked_the_pages_promise_the_message_instead(client, world, oa, zalo, django_capture_on_commit_callbacks):
    case = linked_case(client, zalo, django_capture_on_commit_callbacks)
    for url in (f"/gop-y/da-gui/{case.code}/", f"/gop-y/tra-cuu/{case.code}/"):
        html = page(client, url)
        assert promise() in html and invitation(case.code) not in html


# --- The follower sends the code


def test_a_code_sent_to_the_oa_links_the_case_and_is_confirmed_there(
    client, world, oa, zalo, django_capture_on_commit_callbacks
):
    code = send_form(client)
    cases, contacts = Case.objects.count(), Contact.objects.count()
    typed = " " + code.lower().replace("-", " ") + " "  # as a worker types it
    raw = follower_sends(zalo, typed, django_capture_on_commit_callbacks)
    case = Case.objects.get(code=code)
    assert (case.zalo_notify_channel, case.zalo_notify_user) == (oa, FOLLOWER)
    assert (Case.objects.count(), Contact.objects.count()) == (cases, contacts)  # nothing opened
    assert not case.messages.filter(direction=Direction.IN, raw=raw).exists()
    note = case.messages.get(raw=raw)
    assert note.direction == Direction.NOTE and OA_NAME in note.body
    assert raw.intake == Intake.ZALO_OA and raw.processed_at is not None and raw.error == ""
    confirmation = zalo.messages[-1]
    assert confirmation["user_id"] == FOLLOWER and code in confirmation["text"]
    assert confirmation["text"] == _(
        "Code %(code)s received. When the trade union answers, we will message you here."
    ) % {"code": code}
    assert confirmation["quote_message_id"] == raw.key.removeprefix("zalo:")  # a reply inside the free window


def test_a_code_that_matches_no_case_is_an_ordinary_message(
    client, world, oa, zalo, django_capture_on_commit_callbacks
):
    code = send_form(client)
    unknown = "LT-ABCDE-23456"
    assert unknown != code
    raw = follower_sends(zalo, unknown, django_capture_on_commit_callbacks)
    message = Message.objects.get(raw=raw)
    assert message.direction == Direction.IN and message.body == unknown
    assert message.case.code != code and message.case.intake == Intake.ZALO_OA
    assert message.case.contact.external_id == FOLLOWER
    assert not Case.objects.get(code=code).zalo_notify_user and zalo.messages == []


# --- Staff answer


def test_the_answer_is_announced_on_the_oa_with_the_code(client, world, oa, zalo, django_capture_on_commit_callbacks):
    case = linked_case(client, zalo, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        actions.do_answer(case, actor=world["officer"], text="Công đoàn đã làm việc với công ty về tiền lương.")
    notice = zalo.messages[-1]
    assert notice["user_id"] == FOLLOWER and case.code in notice["text"]
    assert notice["text"] == _(
        "The trade union has answered your request %(code)s. Open %(url)s and enter the code to read it."
    ) % {"code": case.code, "url": actions.status_url(case)}
    assert "/gop-y/tra-cuu/" in notice["text"]
    assert "tiền lương" not in notice["text"]  # the answer itself stays behind the code
    assert not case.messages.filter(direction=Direction.NOTE, raw__isnull=True).exists()  # no failure noted


def test_a_refused_notice_becomes_an_internal_note(client, world, oa, zalo, django_capture_on_commit_callbacks):
    case = linked_case(client, zalo, django_capture_on_commit_callbacks)
    zalo.close_window(FOLLOWER)  # the follower wrote too long ago: Zalo refuses, for good
    sent = len(zalo.messages)
    with django_capture_on_commit_callbacks(execute=True):
        actions.do_answer(case, actor=world["officer"], text="Trả lời")
    assert len(zalo.messages) == sent
    note = case.messages.filter(direction=Direction.NOTE, raw__isnull=True).get()
    assert note.body.startswith(
        _("The Zalo OA “%(oa)s” could not tell the worker that the case was answered: %(error)s").split("%(error)s")[0]
        % {"oa": OA_NAME}
    )
    assert "outside_window" in note.body  # Zalo's reason, with its code


def test_a_passing_failure_is_noted_and_tried_again(client, world, oa, zalo, django_capture_on_commit_callbacks):
    case = linked_case(client, zalo, django_capture_on_commit_callbacks)
    zalo.misbehave("server_error")  # one 502: retryable
    with django_capture_on_commit_callbacks(execute=True):
        actions.do_answer(case, actor=world["officer"], text="Trả lời")  # the inline backend retries at once
    assert case.code in zalo.messages[-1]["text"] and zalo.messages[-1]["user_id"] == FOLLOWER
    note = case.messages.filter(direction=Direction.NOTE, raw__isnull=True).get()
    assert "http-502" in note.body


# --- Personal data


def test_erasure_unlinks_the_case_and_erases_the_code_s_delivery(
    client, world, oa, zalo, django_capture_on_commit_callbacks
):
    case = linked_case(client, zalo, django_capture_on_commit_callbacks)
    link = case.messages.get(direction=Direction.NOTE, raw__isnull=False).raw
    exported = self_service.export_for_code(case.code).decode()
    assert FOLLOWER in exported and OA_NAME in exported  # the worker sees what is kept
    with django_capture_on_commit_callbacks(execute=True):
        self_service.erase_for_code(case.code)
    case.refresh_from_db()
    assert (case.zalo_notify_channel, case.zalo_notify_user) == (None, "")
    link.refresh_from_db()
    assert link.payload == {"erased": True} and FOLLOWER not in str(link.payload)
    sent = len(zalo.messages)
    with django_capture_on_commit_callbacks(execute=True):
        actions.do_answer(case, actor=world["officer"], text="Trả lời")
    assert len(zalo.messages) == sent  # nobody is told any more

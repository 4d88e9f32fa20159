"""E-mail intake against the local fake IMAP server: each worker's mail stored once and
made a case (the sender's address as the contact's personal data), nothing twice after a
second poll or a crash before \\Seen, a refused login or a stalled server visible on the
connection without stopping other mailboxes, malformed mail never stopping a poll, and the
answer sent back by e-mail threaded under the worker's message."""

import datetime

import pytest
from django.core import mail as django_mail
from django.utils import timezone

from lantoa.channels.connections import do_connect
from lantoa.channels.kinds.email.fake import FakeIMAP, make_message
from lantoa.channels.models import Channel, ChannelKind, Connection, ConnectionStatus
from lantoa.inbox import actions, mail
from lantoa.inbox.models import Case, Contact, Direction, Intake, Message, RawEvent, SendStatus
from lantoa.org.tests.factories import make_unit

pytestmark = [pytest.mark.django_db, pytest.mark.sqlite_only]  # the same answer on every database


@pytest.fixture
def unit():
    province = make_unit(None, "provincial", "Liên đoàn Lao động tỉnh Vĩnh Long")
    return make_unit(province, name="Công đoàn cơ sở Công ty TNHH May Sông Tiền")


@pytest.fixture
def server():
    with FakeIMAP() as fake:
        yield fake


def mailbox(unit, server, name="Hộp thư CĐCS May Sông Tiền", **secrets) -> Channel:
    channel = Channel.objects.create(unit=unit, kind=ChannelKind.EMAIL, name=name, address=server.state.username)
    do_connect(channel, account_id=server.state.username, secrets=server.secrets(**secrets))
    return Channel.objects.select_related("connection").get(pk=channel.pk)


@pytest.fixture
def channel(unit, server):
    return mailbox(unit, server)


@pytest.fixture
def poll(django_capture_on_commit_callbacks):
    """One poll of every mailbox, its enqueued processing run (inline tasks)."""

    def run():
        with django_capture_on_commit_callbacks(execute=True):
            return mail.poll_mailboxes()

    return run


def test_each_workers_mail_becomes_a_case_with_their_address_as_personal_data_only(channel, server, poll):
    server.add(make_message(text="Công ty nợ lương 3 tháng rồi ạ.", charset_encoding="quoted-printable"))
    server.add(make_message(sender="Trần Văn Bình <Binh.Tran@Example.vn>", subject="Tăng ca",
                            text="Quản đốc ép tăng ca đến 22 giờ.", charset_encoding="base64"))  # fmt: skip
    (result,) = poll()
    assert (result.stored, result.repeated, result.error) == (2, 0, "")
    assert server.seen_uids() == [1, 2] and Case.objects.count() == 2
    hoa = Contact.objects.get(external_id="hoa.nguyen@example.vn")
    assert hoa.platform == Intake.EMAIL and hoa.channel_id == channel.pk and hoa.pseudonym.startswith("NLĐ-")
    assert (hoa.name, hoa.email) == ("Nguyễn Thị Hoa", "hoa.nguyen@example.vn")
    case = hoa.cases.get()
    assert case.intake == Intake.EMAIL and case.channel_id == channel.pk and case.unit_id == channel.unit_id
    assert "hoa.nguyen" not in case.code + case.subject + str(hoa)
    (message,) = case.messages.all()
    assert message.body == "Hỏi về lương\n\nCông ty nợ lương 3 tháng rồi ạ."
    assert message.external_id.startswith("<") and message.raw.key == "email:" + message.external_id
    binh = Contact.objects.get(external_id="binh.tran@example.vn")
    assert binh.cases.get().messages.get().body == "Tăng ca\n\nQuản đốc ép tăng ca đến 22 giờ."


def test_a_second_poll_stores_nothing_again(channel, server, poll):
    server.add(make_message())
    poll()
    (again,) = poll()
    assert (again.stored, again.repeated) == (0, 0)
    assert RawEvent.objects.count() == 1 and Message.objects.count() == 1


def test_a_crash_before_the_message_is_marked_seen_redelivers_it_as_the_same_event(channel, server, poll):
    server.add(make_message(message_id="<mot-lan@example.vn>"))
    server.misbehave("drop", on="STORE")
    (first,) = poll()
    assert first.stored == 1 and first.error and server.seen_uids() == []
    assert Connection.objects.get(channel=channel).status == ConnectionStatus.CONNECTED
    (second,) = poll()
    assert (second.stored, second.repeated, second.error) == (0, 1, "") and server.seen_uids() == [1]
    assert RawEvent.objects.filter(key="email:<mot-lan@example.vn>").count() == 1
    assert Message.objects.count() == 1 and Case.objects.count() == 1
    assert Connection.objects.get(channel=channel).problem == ""  # a good poll clears the passing problem


def test_a_refused_login_marks_the_mailbox_for_reconnection_and_other_mailboxes_are_still_read(unit, server, poll):
    broken = mailbox(unit, server, name="Hộp thư cũ", password="mat-khau-da-doi")
    working = mailbox(unit, server, name="Hộp thư mới")
    server.add(make_message())
    results = {r.channel_id: r for r in poll()}
    assert results[broken.pk].error and results[working.pk].stored == 1
    connection = Connection.objects.get(channel=broken)
    assert connection.status == ConnectionStatus.NEEDS_RECONNECT and connection.problem
    assert "mat-khau-da-doi" not in connection.problem
    assert [r.channel_id for r in poll()] == [working.pk]  # no longer polled until reconnected


def test_a_stalled_server_is_a_passing_problem_on_the_connection(channel, server, poll, settings):
    settings.LANTOA_EMAIL_TIMEOUT = 0.5
    server.add(make_message())
    server.misbehave("stall", on="SEARCH")
    (result,) = poll()
    connection = Connection.objects.get(channel=channel)
    assert result.error and connection.status == ConnectionStatus.CONNECTED and connection.problem
    assert "Lan Tỏa will try again" in connection.problem or "thử lại" in connection.problem
    assert RawEvent.objects.count() == 0 and server.seen_uids() == []


def test_malformed_mail_never_stops_the_poll(channel, server, poll, settings):
    settings.LANTOA_EMAIL_MAX_ATTACHMENT_BYTES = 1000
    server.add(b"From: =?x-unknown?B?zzz?= <>\r\nSubject: broken\r\nContent-Type: text/plain; charset=x-klingon\r\n"
               b"Content-Transfer-Encoding: base64\r\n\r\n@@@ \xff\xfe\r\n")  # fmt: skip
    server.add(make_message(message_id="", sender="Lê Thị Cúc <cuc@example.vn>", text="Không có Message-ID."))
    server.add(make_message(sender="dung@example.vn", text="Kèm ảnh và đơn.", attachments=(
        ("anh-lon.png", "image/png", b"\x89PNG\r\n\x1a\n" + b"0" * 5000),
        ("don.pdf", "application/pdf", b"%PDF-1.4 don khieu nai"),
        ("trang.html", "text/html", b"<script>alert(1)</script>"),
    )))  # fmt: skip
    server.add(make_message(sender="MAILER-DAEMON@mx.example.vn", subject="Undelivered"))
    (result,) = poll()
    assert (result.stored, result.error) == (4, "") and server.seen_uids() == [1, 2, 3, 4]
    no_sender = RawEvent.objects.get(payload__subject="broken")
    assert no_sender.processed_at and no_sender.error.startswith("invalid")
    assert Contact.objects.get(external_id="cuc@example.vn").cases.get().messages.get().raw.key.startswith(
        "email:<sha256-")  # fmt: skip
    listed = RawEvent.objects.get(payload__from_address="dung@example.vn").payload["attachments"]
    assert [(a["name"], a.get("skipped", "")) for a in listed] == [
        ("anh-lon.png", "too_large"), ("don.pdf", ""), ("trang.html", "file_type")]  # fmt: skip
    assert listed[1]["path"].startswith("inbox/") and "path" not in listed[0] and "path" not in listed[2]
    bounce = RawEvent.objects.get(payload__from_address="mailer-daemon@mx.example.vn")
    assert bounce.processed_at and not Contact.objects.filter(external_id__startswith="mailer-daemon").exists()
    assert Case.objects.count() == 2


def test_a_reply_to_the_answer_joins_the_case_and_the_answer_goes_out_by_email(
    channel, server, poll, django_capture_on_commit_callbacks
):
    server.add(make_message(message_id="<hoi-1@example.vn>", subject="Hỏi về lương"))
    poll()
    case = Case.objects.get()
    with django_capture_on_commit_callbacks(execute=True):  # the send task runs inline
        answer = actions.do_answer(case, actor=None, text="Công đoàn đã liên hệ công ty.")
    assert Message.objects.get(pk=answer.pk).send_status == SendStatus.SENT
    (sent,) = django_mail.outbox  # the answer itself: no second mail pointing at the status page
    assert sent.to == ["hoa.nguyen@example.vn"] and sent.from_email == server.state.username
    assert sent.subject == f"Re: {case.subject} [{case.code}]"
    assert sent.extra_headers["In-Reply-To"] == "<hoi-1@example.vn>"
    answer.refresh_from_db()
    assert answer.external_id == sent.extra_headers["Message-ID"] and answer.error == ""
    server.add(make_message(subject=sent.subject, in_reply_to=answer.external_id, text="Em cảm ơn ạ."))
    poll()
    assert Case.objects.count() == 1
    assert list(case.messages.filter(direction=Direction.IN).values_list("body", flat=True)) == [
        "Hỏi về lương\n\nCông ty nợ lương 3 tháng.", "Em cảm ơn ạ."]  # fmt: skip


def test_an_answer_to_a_mailbox_no_longer_connected_fails_with_a_reason(channel, server, poll):
    server.add(make_message())
    poll()
    case = Case.objects.get()
    Connection.objects.filter(channel=channel).delete()
    answer = Message.objects.create(case=case, direction=Direction.OUT, body="Trả lời", send_status=SendStatus.QUEUED,
                                    created_at=timezone.now())  # fmt: skip
    assert actions.send_answer(answer.pk) == SendStatus.FAILED and django_mail.outbox == []


def test_a_date_far_from_arrival_does_not_set_the_case_time(channel, server, poll):
    raw = make_message().replace(b"Date: ", b"Date: Mon, 01 Jan 2001 00:00:00 +0000\r\nX-Old-Date: ", 1)
    server.add(raw)
    poll()
    assert Case.objects.get().opened_at > timezone.now() - datetime.timedelta(minutes=5)

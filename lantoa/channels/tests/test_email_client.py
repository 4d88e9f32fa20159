"""The e-mail channel against the local fake IMAP server: unseen messages read and left
unseen until marked, a refused login asking for a reconnection, a stalled or dropped server
a retryable error; messages parsed whatever their encoding (Vietnamese in quoted-printable
or base64, no Message-ID, an unknown charset, an attachment over the limit); a reply sent
over SMTP threaded under the worker's message; the mailbox connected from the channel's
page, its password sealed and never shown back."""

import pytest
from django.core import mail as django_mail
from django.urls import reverse

from lantoa.channels.actions import do_save_channel
from lantoa.channels.connections import do_connect, secrets_of
from lantoa.channels.kinds.adapters import Reply, adapter_for
from lantoa.channels.kinds.base import PlatformError
from lantoa.channels.kinds.email.client import MailboxClient
from lantoa.channels.kinds.email.fake import FakeIMAP, make_message
from lantoa.channels.kinds.email.parse import parse_message
from lantoa.channels.models import Channel, ChannelKind, Connection

VIETNAMESE = "Công ty nợ lương 3 tháng, anh em công nhân rất khó khăn. Đề nghị công đoàn giúp đỡ!"

pytestmark = pytest.mark.sqlite_only  # a protocol and its fake: the same on every database


@pytest.fixture
def server():
    with FakeIMAP() as fake:
        yield fake


# --- The IMAP client ----------------------------------------------------------------------


def test_unseen_messages_are_read_without_being_marked_seen_until_asked(server):
    first = server.add(make_message(subject="Thứ nhất"))
    server.add(make_message(subject="Đã đọc"), seen=True)
    third = server.add(make_message(subject="Thứ ba"))
    with MailboxClient(server.settings()) as box:
        assert box.unseen_uids() == [str(first), str(third)]
        assert parse_message(box.fetch(str(first))).subject == "Thứ nhất"
        assert server.seen_uids() == [2]  # BODY.PEEK[] leaves it unseen
        box.mark_seen(str(first))
        assert box.unseen_uids() == [str(third)]
    assert server.seen_uids() == [first, 2]


def test_a_wrong_password_is_a_refusal_that_asks_for_a_reconnection_and_never_says_the_password(server):
    with pytest.raises(PlatformError) as caught, MailboxClient(server.settings(password="sai-mat-khau-99")):
        pass
    assert caught.value.reconnect and not caught.value.retryable and caught.value.code == "auth"
    assert "sai-mat-khau-99" not in str(caught.value) and "sai-mat-khau-99" not in repr(server.settings())


def test_an_unknown_folder_asks_for_a_reconnection(server):
    with pytest.raises(PlatformError) as caught, MailboxClient(server.settings(folder="Hộp thư khác")):
        pass
    assert caught.value.code == "folder" and caught.value.reconnect


def test_a_stalled_server_times_out_as_a_retryable_error(server):
    server.add(make_message())
    server.misbehave("stall", on="FETCH")
    with pytest.raises(PlatformError) as caught, MailboxClient(server.settings(timeout=0.5)) as box:
        box.fetch(box.unseen_uids()[0])
    assert caught.value.code == "timeout" and caught.value.retryable and not caught.value.reconnect


def test_a_dropped_connection_is_a_retryable_network_error(server):
    server.add(make_message())
    server.misbehave("drop", on="STORE")
    with pytest.raises(PlatformError) as caught, MailboxClient(server.settings()) as box:
        box.mark_seen(box.unseen_uids()[0])
    assert caught.value.code == "network" and caught.value.retryable
    assert server.seen_uids() == []


def test_a_closed_port_is_a_retryable_network_error(server):
    settings = server.settings()
    server.__exit__(None, None, None)
    with pytest.raises(PlatformError) as caught, MailboxClient(settings):
        pass
    assert caught.value.retryable


# --- Parsing ----------------------------------------------------------------------------


@pytest.mark.parametrize("encoding", ["quoted-printable", "base64"])
def test_vietnamese_in_utf8_quoted_printable_or_base64_decodes_with_its_diacritics(encoding):
    raw = make_message(subject="Hỏi về nợ lương – Công ty May Sông Tiền", text=VIETNAMESE, charset_encoding=encoding)
    assert (b"Content-Transfer-Encoding: " + encoding.encode()) in raw and VIETNAMESE.encode() not in raw
    parsed = parse_message(raw)
    assert parsed.text == VIETNAMESE and parsed.subject == "Hỏi về nợ lương – Công ty May Sông Tiền"
    assert (parsed.from_name, parsed.from_address) == ("Nguyễn Thị Hoa", "hoa.nguyen@example.vn")
    assert parsed.sent_at is not None and parsed.message_id.endswith("@example.vn>")


def test_a_message_without_message_id_gets_one_from_its_bytes_the_same_every_time():
    raw = make_message(message_id="")
    assert b"Message-ID" not in raw
    first, again = parse_message(raw), parse_message(raw)
    assert first.message_id == again.message_id and first.message_id.startswith("<sha256-")
    assert parse_message(make_message(message_id="", text="khác")).message_id != first.message_id


def test_broken_headers_an_unknown_charset_and_broken_base64_never_raise():
    raw = (
        b"From: =?x-unknown?B?zzz?= <>\r\nSubject: =?utf-8?B?!!!notbase64?=\r\nDate: yesterday-ish\r\n"
        b"Message-ID: not an id\r\nContent-Type: text/plain; charset=x-klingon\r\n"
        b"Content-Transfer-Encoding: base64\r\n\r\n@@@@ not base64 \xff\xfe\r\n"
    )
    parsed = parse_message(raw)
    assert parsed.from_address == "" and parsed.sent_at is None and parsed.message_id.startswith("<sha256-")
    assert isinstance(parsed.text, str) and isinstance(parsed.subject, str)


def test_html_only_mail_becomes_plain_text_and_quoted_lines_of_a_reply_are_left_out():
    markup = b"<p>Ch&agrave;o c&ocirc;ng &#273;o&agrave;n</p><script>alert(1)</script><div>D&ograve;ng 2</div>"
    raw = make_message(text="x").replace(b"text/plain", b"text/html").replace(b"\nx\n", b"\n" + markup + b"\n")
    parsed_html = parse_message(raw)
    assert parsed_html.text == "Chào công đoàn\nDòng 2"
    reply = parse_message(make_message(text="Em cảm ơn ạ.\n\nVào 04/12/2026, Công đoàn đã viết:\n> Câu trả lời cũ"))
    assert reply.text == "Em cảm ơn ạ."


def test_an_attachment_over_the_limit_is_listed_without_its_bytes():
    small, big = b"%PDF-1.4 nho", b"\x89PNG\r\n\x1a\n" + b"0" * 3000
    parsed = parse_message(make_message(attachments=(("don.pdf", "application/pdf", small),
                                                     ("anh.png", "image/png", big))), max_part_bytes=1000)  # fmt: skip
    (pdf, png) = parsed.attachments
    assert (pdf.name, pdf.content_type, pdf.data, pdf.skipped) == ("don.pdf", "application/pdf", small, "")
    assert (png.name, png.size, png.data, png.skipped) == ("anh.png", len(big), None, "too_large")
    assert parsed.text == "Công ty nợ lương 3 tháng."


def test_an_auto_reply_or_a_bounce_is_marked_automatic():
    auto = make_message().replace(b"Subject:", b"Auto-Submitted: auto-replied\r\nSubject:", 1)
    bounce = make_message(sender="MAILER-DAEMON@mx.example.vn")
    assert parse_message(auto).automatic and parse_message(bounce).automatic
    assert not parse_message(make_message()).automatic


# --- Replies and connecting -------------------------------------------------------------


@pytest.fixture
def mailbox_channel(tree, admin_user):
    return do_save_channel(Channel(), actor=admin_user, unit=tree["a"], kind=ChannelKind.EMAIL,
                           name="Hộp thư CĐCS A", address="cdcs@congdoan.example.vn")  # fmt: skip


@pytest.mark.django_db
def test_a_reply_goes_out_from_the_mailbox_threaded_under_the_workers_message(mailbox_channel, server):
    connection = do_connect(mailbox_channel, account_id="cdcs@congdoan.example.vn", secrets=server.secrets())
    reply = Reply(
        recipient="hoa.nguyen@example.vn", subject="Hỏi về lương [LT-ABCDE-FGHJK]", text="Công đoàn đã nhận.",
        in_reply_to="<m2@example.vn>", references=("<m1@example.vn>",),
    )  # fmt: skip
    sent_id = adapter_for(ChannelKind.EMAIL).send_reply(connection, reply).message_id
    (sent,) = django_mail.outbox
    assert sent.from_email == "cdcs@congdoan.example.vn" and sent.to == ["hoa.nguyen@example.vn"]
    assert sent.subject == "Re: Hỏi về lương [LT-ABCDE-FGHJK]" and sent.body == "Công đoàn đã nhận."
    assert sent.extra_headers["In-Reply-To"] == "<m2@example.vn>"
    assert sent.extra_headers["References"] == "<m1@example.vn> <m2@example.vn>"
    assert sent.extra_headers["Message-ID"] == sent_id and sent_id.endswith("@congdoan.example.vn>")
    assert b"In-Reply-To: <m2@example.vn>" in sent.message().as_bytes()


@pytest.mark.django_db
def test_an_unreachable_smtp_server_is_a_retryable_error(mailbox_channel, server):
    secrets = server.secrets(smtp_host="127.0.0.1", smtp_port=1, smtp_security="none")
    connection = do_connect(mailbox_channel, account_id="cdcs@congdoan.example.vn", secrets=secrets)
    with pytest.raises(PlatformError) as caught:
        adapter_for(ChannelKind.EMAIL).send_reply(connection, Reply(recipient="hoa@example.vn", subject="s", text="b"))
    assert caught.value.retryable and django_mail.outbox == []


def connect_form(server, **changes) -> dict:
    data = {"address": server.state.username, "host": "127.0.0.1", "security": "none", "port": server.port,
            "username": "", "password": server.state.password, "folder": "INBOX", "smtp_host": "",
            "smtp_security": "starttls", "smtp_port": "", "smtp_username": "", "smtp_password": ""}  # fmt: skip
    return {**data, **changes}


@pytest.mark.django_db
def test_an_officer_connects_the_mailbox_after_a_login_check_and_the_password_is_sealed(
    client, officer, mailbox_channel, server
):
    client.force_login(officer)
    url = reverse("channels_connect_email", args=[mailbox_channel.pk])
    response = client.post(url, connect_form(server, smtp_host="smtp.example.vn", smtp_password="smtp-bi-mat-42"))
    assert response.status_code == 302 and server.state.logins == 1
    connection = Connection.objects.get(channel=mailbox_channel)
    stored = secrets_of(connection)
    assert connection.account_id == "cdcs@congdoan.example.vn" and stored["password"] == server.state.password
    assert stored["username"] == "cdcs@congdoan.example.vn" and stored["smtp_password"] == "smtp-bi-mat-42"
    assert server.state.password not in connection.sealed_secrets
    inspect = client.get(reverse("channel:inspect", args=[mailbox_channel.pk])).content.decode()
    page = client.get(url).content.decode() + inspect
    assert "Reconnect the mailbox" in inspect or "Kết nối lại" in inspect
    assert "127.0.0.1" in page and server.state.password not in page and "smtp-bi-mat-42" not in page


@pytest.mark.django_db
def test_a_refused_login_stores_nothing_and_says_why(client, officer, mailbox_channel, server):
    client.force_login(officer)
    response = client.post(reverse("channels_connect_email", args=[mailbox_channel.pk]),
                           connect_form(server, password="sai-mat-khau"))  # fmt: skip
    assert response.status_code == 200 and not Connection.objects.filter(channel=mailbox_channel).exists()
    assert "sai-mat-khau" not in response.content.decode()
    assert response.context["form"].non_field_errors()


@pytest.mark.django_db
def test_only_whoever_may_change_the_channel_may_connect_its_mailbox(client, viewer, mailbox_channel, server):
    client.force_login(viewer)
    response = client.post(reverse("channels_connect_email", args=[mailbox_channel.pk]), connect_form(server))
    assert response.status_code == 404 and server.state.logins == 0

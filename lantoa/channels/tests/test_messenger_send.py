"""Replying on Messenger through the Send API against the Graph fake: RESPONSE inside the
24-hour window, MESSAGE_TAG with HUMAN_AGENT after it, and the refusals (window passed,
token refused, permission missing, person unavailable) said in Vietnamese without the
token."""

import httpx
import pytest

from lantoa.channels.kinds.base import PlatformError
from lantoa.channels.kinds.facebook_page.client import FacebookPageClient, SentMessage
from lantoa.channels.kinds.facebook_page.fake import FakeGraph, graph_error
from lantoa.channels.kinds.facebook_page.messenger import parse_events, read_body

TOKEN = "EAAGm0PX4ZCpsBAsecret-page-token-never-shown-42"
PAGE = "61550000000000123"
PSID = "7350000000000000042"


@pytest.fixture
def fake():
    with FakeGraph(page_id=PAGE, token=TOKEN) as server:
        yield server


@pytest.fixture
def facebook(fake):
    with FacebookPageClient(PAGE, TOKEN, base_url=fake.base_url, timeout=0.5) as client:
        yield client


def refusal(call) -> PlatformError:
    with pytest.raises(PlatformError) as caught:
        call()
    error = caught.value
    for text in (str(error), repr(error), error.message):
        assert TOKEN not in text
    return error


def graph_says(status: int, body: dict) -> FacebookPageClient:
    transport = httpx.MockTransport(lambda request: httpx.Response(status, json=body))
    return FacebookPageClient(PAGE, TOKEN, base_url="https://graph.test", client=httpx.Client(transport=transport))


def test_a_reply_inside_the_window_is_a_response(fake, facebook):
    body, _ = fake.signed_event(PSID, "Cho hỏi lịch họp?")
    message = parse_events(read_body(body))[0]
    sent = facebook.send_message(message.sender_id, "Thứ Sáu, 14 giờ, hội trường A.")
    assert isinstance(sent, SentMessage) and sent.recipient_id == PSID
    assert fake.messages == [
        {"psid": PSID, "text": "Thứ Sáu, 14 giờ, hội trường A.", "messaging_type": "RESPONSE", "tag": "",
         "message_id": sent.message_id},
    ]  # fmt: skip
    assert fake.requests[-1]["path"] == f"{PAGE}/messages"


def test_outside_24_hours_an_untagged_reply_is_refused(fake, facebook):
    fake.close_window(PSID)
    error = refusal(lambda: facebook.send_message(PSID, "Trả lời muộn"))
    assert error.code == "outside_window" and not error.retryable and not error.reconnect
    assert "24 giờ" in error.message and "kênh khác" in error.message and "HUMAN_AGENT" in error.message
    assert fake.messages == []


def test_human_agent_goes_through_until_7_days(fake, facebook):
    fake.close_window(PSID)
    sent = facebook.send_message(PSID, "Cán bộ trả lời trực tiếp", tag="HUMAN_AGENT")
    assert fake.messages[-1]["messaging_type"] == "MESSAGE_TAG" and fake.messages[-1]["tag"] == "HUMAN_AGENT"
    assert sent.message_id == fake.messages[-1]["message_id"]
    fake.close_window(PSID, human_agent=True)
    error = refusal(lambda: facebook.send_message(PSID, "Quá 7 ngày", tag="HUMAN_AGENT"))
    assert error.code == "outside_window" and "7 ngày" in error.message
    assert len(fake.messages) == 1


def test_a_new_message_from_the_person_opens_the_window_again(fake, facebook):
    fake.close_window(PSID)
    refusal(lambda: facebook.send_message(PSID, "Trả lời"))
    fake.signed_event(PSID, "Em nhắn lại")
    assert facebook.send_message(PSID, "Trả lời").message_id


def test_a_refused_token_asks_to_reconnect(fake, facebook):
    fake.expire_token()
    error = refusal(lambda: facebook.send_message(PSID, "Xin chào"))
    assert error.reconnect and error.code == "190/463"


def test_a_wrong_token_is_refused_without_showing_it(fake):
    with FacebookPageClient(PAGE, "EAAG-another-token", base_url=fake.base_url) as client:
        error = refusal(lambda: client.send_message(PSID, "Xin chào"))
    assert error.reconnect and "EAAG-another-token" not in str(error)
    assert fake.messages == []


def test_without_pages_messaging_the_page_must_be_reconnected(fake, facebook):
    fake.remove_permission("pages_messaging")
    error = refusal(lambda: facebook.send_message(PSID, "Xin chào"))
    assert error.reconnect and "pages_messaging" in error.message


def test_a_person_out_of_reach_is_said_so():
    client = graph_says(400, graph_error("(#551) This person isn't available right now.", 551))
    error = refusal(lambda: client.send_message(PSID, "Xin chào"))
    assert error.code == "unavailable" and not error.reconnect


def test_other_send_refusals_keep_the_clients_mapping():
    client = graph_says(400, graph_error("(#100) Invalid parameter", 100))
    assert refusal(lambda: client.send_message(PSID, "Xin chào")).code == "100"
    client = graph_says(500, graph_error("An unexpected error has occurred.", 2, is_transient=True))
    assert refusal(lambda: client.send_message(PSID, "Xin chào")).retryable


def test_an_answer_without_a_message_id_is_not_retried(fake, facebook):
    fake.misbehave("drop_field")
    error = refusal(lambda: facebook.send_message(PSID, "Xin chào"))
    assert error.code == "malformed" and not error.retryable
    assert len(fake.messages) == 1  # it went: sending again would repeat it


def test_empty_long_and_misaddressed_replies_never_leave(fake, facebook):
    assert refusal(lambda: facebook.send_message(PSID, "   ")).code == "empty"
    too_long = refusal(lambda: facebook.send_message(PSID, "x" * 2001))
    assert too_long.code == "too_long" and "2000" in too_long.message
    assert refusal(lambda: facebook.send_message("../me/feed", "Xin chào")).code == "bad_id"
    assert fake.requests == []
    assert facebook.send_message(PSID, "x" * 2000).message_id


def test_only_the_human_agent_tag_is_sent():
    with pytest.raises(ValueError):
        graph_says(200, {}).send_message(PSID, "Khuyến mãi", tag="CONFIRMED_EVENT_UPDATE")

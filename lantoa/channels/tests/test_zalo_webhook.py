"""Zalo OA webhooks: the X-ZEvent-Signature check (plain SHA-256 of app id, raw body,
timestamp and OA secret key), the OA an event is for, every follower message type read
into an InboundMessage, anything malformed refused as InvalidPayload only, and a reply
sent back through the consultation API inside and outside the free window."""

import datetime
import hashlib
import hmac
import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lantoa.channels.kinds.base import PlatformError
from lantoa.channels.kinds.inbound import ZALO_OA, InboundMessage, InvalidPayload, WebhookRefused
from lantoa.channels.kinds.zalo_oa.client import TokenExpired, ZaloOAClient
from lantoa.channels.kinds.zalo_oa.fake import message_event, sign_event
from lantoa.channels.kinds.zalo_oa.webhook import (
    event_timestamp,
    parse_event,
    read_body,
    recipient_oa_id,
    verify_signature,
)

APP_ID = "1234567890123456789"
OA_ID = "4318405112431112345"
USER_ID = "2468458835296197922"  # beyond 2**53
SECRET = "oa-secret-key-never-logged"
WHEN_MS = 1_772_695_800_123  # 05/03/2026 07:30:00.123 UTC


def event(event_name="user_send_text", **fields):
    fields.setdefault("text", "Công đoàn ơi, lương tháng này bị chậm.")
    return message_event(
        event_name, app_id=APP_ID, oa_id=OA_ID, user_id=USER_ID, msg_id="9a3f5c7e1b2d4f6a8c0e",
        timestamp_ms=WHEN_MS, **fields,
    )  # fmt: skip


def check(body: bytes, header: str, *, secret=SECRET, app_id=APP_ID, timestamp=None) -> None:
    timestamp = event_timestamp(read_body(body)) if timestamp is None else timestamp
    verify_signature(app_id=app_id, raw_body=body, timestamp=timestamp, oa_secret_key=secret, header=header)


def refused(body: bytes, header: str, **kwargs) -> WebhookRefused:
    with pytest.raises(WebhookRefused) as caught:
        check(body, header, **kwargs)
    assert SECRET not in caught.value.reason and "mac=" not in caught.value.reason
    return caught.value


# Signature


def test_the_signature_is_a_plain_sha256_of_app_id_body_timestamp_and_oa_key():
    body = b'{"event_name":"user_send_text"}'
    # sha256sum of '1234' + body + '1700000000000' + 'secret', computed outside Python
    digest = "8cb246959300111045e8431497d531aa84306ca429e4f959f8e7b1050935179c"
    verify_signature(
        app_id="1234", raw_body=body, timestamp="1700000000000", oa_secret_key="secret", header=f"mac={digest}"
    )
    verify_signature(  # the hex digest in capitals is the same digest
        app_id="1234", raw_body=body, timestamp="1700000000000", oa_secret_key="secret",
        header=f" mac={digest.upper()} ",
    )  # fmt: skip


def test_a_signed_event_from_the_fake_passes(zalo):
    body, headers = zalo.signed_event(text="Xin chào")
    payload = read_body(body)
    assert recipient_oa_id(payload) == zalo.oa_id
    check(body, headers["X-ZEvent-Signature"], secret=zalo.oa_secret_key, app_id=zalo.app_id)


@pytest.mark.parametrize("header", ["", "   ", "mac=", "mac=xyz", "sha256=" + "0" * 64, "0" * 64, "mac=" + "0" * 63])
def test_a_missing_or_garbled_header_is_refused(header):
    body, _ = sign_event(event(), app_id=APP_ID, oa_secret_key=SECRET)
    assert "malformed" in refused(body, header).reason


def test_a_wrong_secret_is_refused():
    body, headers = sign_event(event(), app_id=APP_ID, oa_secret_key="another-key")
    assert "does not match" in refused(body, headers["X-ZEvent-Signature"]).reason


def test_the_app_secret_hmac_that_some_snippets_use_is_refused():
    body, _ = sign_event(event(), app_id=APP_ID, oa_secret_key=SECRET)
    wrong = hmac.new(SECRET.encode(), body, hashlib.sha256).hexdigest()
    refused(body, f"mac={wrong}")


def test_a_tampered_body_is_refused():
    body, headers = sign_event(event(), app_id=APP_ID, oa_secret_key=SECRET)
    check(body, headers["X-ZEvent-Signature"])
    tampered = body.replace(USER_ID.encode(), b"2468458835296197923")
    refused(tampered, headers["X-ZEvent-Signature"])


def test_a_wrong_timestamp_is_refused():
    body, headers = sign_event(event(), app_id=APP_ID, oa_secret_key=SECRET)
    refused(body, headers["X-ZEvent-Signature"], timestamp=str(WHEN_MS + 1))
    refused(body, headers["X-ZEvent-Signature"], timestamp="")


def test_another_app_id_is_refused():
    body, headers = sign_event(event(), app_id=APP_ID, oa_secret_key=SECRET)
    refused(body, headers["X-ZEvent-Signature"], app_id="9999999999999999999")


def test_an_event_for_another_oa_fails_with_our_oas_key():
    other = message_event(app_id=APP_ID, oa_id="9876543210987654321", user_id=USER_ID, text="x", timestamp_ms=WHEN_MS)
    body, headers = sign_event(other, app_id=APP_ID, oa_secret_key="the-other-oas-key")
    assert recipient_oa_id(read_body(body)) == "9876543210987654321"
    refused(body, headers["X-ZEvent-Signature"])


def test_without_a_configured_key_nothing_passes():
    body, headers = sign_event(event(), app_id=APP_ID, oa_secret_key="")
    assert "not configured" in refused(body, headers["X-ZEvent-Signature"], secret="").reason


def test_the_signed_timestamp_is_the_bodys_field_as_sent():
    assert event_timestamp({"timestamp": "1772695800123"}) == "1772695800123"
    assert event_timestamp({"timestamp": 1772695800123}) == "1772695800123"
    for bad in ({}, {"timestamp": None}, {"timestamp": 1.5}, {"timestamp": "12:00"}, {"timestamp": True}):
        with pytest.raises(InvalidPayload):
            event_timestamp(bad)


@pytest.mark.parametrize("raw", [b"", b"not json", b"[1, 2]", b'"text"', b"\xff\xfe", b"[" * 100_000])
def test_a_body_that_is_not_a_json_object_is_invalid(raw):
    with pytest.raises(InvalidPayload):
        read_body(raw)


def test_a_huge_body_is_invalid_before_parsing():
    with pytest.raises(InvalidPayload, match="too large"):
        read_body(b'{"a": "' + b"x" * (1024 * 1024) + b'"}')


# The OA an event is for


def test_the_oa_is_the_recipient_of_what_a_follower_sends():
    assert recipient_oa_id(event()) == OA_ID
    assert recipient_oa_id(event("user_send_image", text="")) == OA_ID


def test_the_oa_is_the_sender_of_its_own_messages_and_their_receipts():
    assert recipient_oa_id(event("oa_send_text")) == OA_ID
    seen = {**event(), "event_name": "user_seen_message", "sender": {"id": OA_ID}, "recipient": {"id": USER_ID}}
    assert recipient_oa_id(seen) == OA_ID


def test_follow_events_name_the_oa_at_the_top():
    assert recipient_oa_id(event("follow")) == OA_ID
    assert recipient_oa_id(event("unfollow")) == OA_ID


@pytest.mark.parametrize(
    "payload",
    [{}, {"event_name": "follow"}, {"event_name": 3, "recipient": {"id": OA_ID}},
     {"event_name": "user_send_text", "recipient": {"id": "abc"}}, {"event_name": "user_send_text", "recipient": []}],
)  # fmt: skip
def test_an_event_without_an_oa_is_invalid(payload):
    with pytest.raises(InvalidPayload):
        recipient_oa_id(payload)


# Reading messages


def test_a_text_message():
    payload = event()
    message = parse_event(payload)
    assert message == InboundMessage(
        platform=ZALO_OA, account_id=OA_ID, sender_id=USER_ID, message_id="9a3f5c7e1b2d4f6a8c0e",
        text="Công đoàn ơi, lương tháng này bị chậm.",
        sent_at=datetime.datetime(2026, 3, 5, 7, 30, 0, 123000, tzinfo=datetime.UTC), attachments=(),
    )  # fmt: skip
    assert message.raw_event is payload


def test_ids_sent_as_json_integers_stay_exact():
    payload = {**event(), "sender": {"id": int(USER_ID)}, "recipient": {"id": int(OA_ID)}, "timestamp": WHEN_MS}
    message = parse_event(payload)
    assert (message.sender_id, message.account_id) == (USER_ID, OA_ID)
    parsed = parse_event(json.loads(json.dumps(payload)))
    assert parsed.sender_id == USER_ID


def test_an_image_with_its_caption():
    image = {"type": "image", "payload": {"url": "https://photo.zdn.vn/a.jpg", "thumbnail": "https://t/a.jpg"}}
    message = parse_event(event("user_send_image", text="Ảnh bảng lương", attachments=[image]))
    assert message.text == "Ảnh bảng lương"
    assert message.attachments == ({"type": "image", "url": "https://photo.zdn.vn/a.jpg", "name": ""},)


def test_a_file_keeps_its_name():
    file = {"type": "file", "payload": {"url": "https://f.zdn.vn/x", "name": "hop-dong.pdf", "size": "2048"}}
    message = parse_event(event("user_send_file", text="", attachments=[file]))
    assert message.text == "" and message.attachments[0] == {
        "type": "file", "url": "https://f.zdn.vn/x", "name": "hop-dong.pdf",
    }  # fmt: skip


def test_a_link_is_named_by_its_description_cut_short():
    link = {"type": "link", "payload": {"url": "https://congdoan.vn/bai", "description": "Mô tả " * 200}}
    message = parse_event(event("user_send_link", text="https://congdoan.vn/bai", attachments=[link]))
    attached = message.attachments[0]
    assert attached["url"] == "https://congdoan.vn/bai" and attached["name"].startswith("Mô tả")
    assert len(attached["name"]) <= 500


def test_a_sticker_has_no_text():
    sticker = {"type": "sticker", "payload": {"id": "bfe458bf64fa8da4d4eb", "url": "https://zalo-api.zadn.vn/s"}}
    message = parse_event(event("user_send_sticker", text="[sticker]", attachments=[sticker]))
    assert message.text == "" and message.attachments[0]["type"] == "sticker"


def test_a_location_reads_as_its_coordinates():
    location = {"type": "location", "payload": {"coordinates": {"latitude": "21.0285", "longitude": 105.8542}}}
    message = parse_event(event("user_send_location", text="", attachments=[location]))
    assert message.text == "21.028500, 105.854200"
    assert message.attachments == ({"type": "location", "url": "", "name": "21.028500, 105.854200"},)


@pytest.mark.parametrize("kind", ["audio", "video", "gif"])
def test_audio_video_and_gif_are_attachments(kind):
    media = {"type": kind, "payload": {"url": f"https://media.zdn.vn/{kind}"}}
    message = parse_event(event(f"user_send_{kind}", text="", attachments=[media]))
    assert message.attachments[0] == {"type": kind, "url": f"https://media.zdn.vn/{kind}", "name": ""}


@pytest.mark.parametrize(
    "event_name", ["follow", "unfollow", "oa_send_text", "oa_send_image", "user_seen_message",
                   "user_received_message", "anonymous_send_text", "user_submit_info", "something_new"],
)  # fmt: skip
def test_events_that_are_not_a_followers_message_give_nothing(event_name):
    assert parse_event(event(event_name)) is None


@pytest.mark.parametrize(
    "change",
    [
        {"sender": {"id": "not-a-number"}},
        {"sender": None},
        {"recipient": {"id": True}},
        {"timestamp": "yesterday"},
        {"timestamp": "99999999999999999"},
        {"timestamp": -5},
        {"timestamp": 10**5000},
        {"message": "hello"},
        {"message": {"text": "hi"}},
        {"message": {"text": "hi", "msg_id": "has space"}},
        {"message": {"text": "", "msg_id": "abc"}},
        {"message": {"text": ["hi"], "msg_id": "abc"}},
        {"message": {"text": "x" * 20_001, "msg_id": "abc"}},
        {"message": {"text": "a\x00b", "msg_id": "abc"}},
        {"message": {"text": "\ud800", "msg_id": "abc"}},
        {"message": {"text": "hi", "msg_id": "abc", "attachments": {"type": "image"}}},
        {"message": {"text": "hi", "msg_id": "abc", "attachments": [{"type": "image"}] * 21}},
        {"event_name": None},
        {"event_name": "x" * 65},
    ],
)
def test_malformed_text_events_are_invalid(change):
    with pytest.raises(InvalidPayload):
        parse_event({**event(), **change})


@pytest.mark.parametrize(
    "attachments",
    [
        None,
        [],
        [{"payload": {"url": "https://a"}}],
        [{"type": "image", "payload": "https://a"}],
        [{"type": "image", "payload": {"url": "javascript:alert(1)"}}],
        [{"type": "image", "payload": {"url": 42}}],
        [{"type": "location", "payload": {"coordinates": {"latitude": 91, "longitude": 0}}}],
        [{"type": "location", "payload": {"coordinates": {"latitude": "nan", "longitude": 0}}}],
        [{"type": "location", "payload": {"coordinates": {"latitude": True, "longitude": 0}}}],
        [{"type": "location", "payload": {}}],
    ],
)
def test_malformed_attachments_are_invalid(attachments):
    payload = event("user_send_image", text="")
    payload["message"]["attachments"] = attachments
    with pytest.raises(InvalidPayload):
        parse_event(payload)


def test_anything_but_an_object_is_invalid():
    for payload in (None, [], "user_send_text", 5):
        with pytest.raises(InvalidPayload):
            parse_event(payload)


# Fuzzing: whatever arrives, InvalidPayload or a result, never another exception

JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=30),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=4),
    max_leaves=20,
)
FIELDS = ["event_name", "sender", "recipient", "timestamp", "message", "oa_id"]
MESSAGE_FIELDS = ["msg_id", "text", "attachments"]


def parse_or_invalid(payload):
    try:
        result = parse_event(payload)
    except InvalidPayload:
        return
    assert result is None or isinstance(result, InboundMessage)
    if result is not None:
        assert result.sent_at.tzinfo is not None and result.account_id.isdigit()
    try:
        recipient_oa_id(payload)
    except InvalidPayload:
        pass


@settings(derandomize=True, max_examples=40, suppress_health_check=[HealthCheck.too_slow])
@given(JSON)
def test_fuzz_any_json_is_refused_cleanly(value):
    parse_or_invalid(value)


@settings(derandomize=True, max_examples=40, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.sampled_from(["user_send_text", "user_send_image", "user_send_location", "user_send_file", "follow"]),
    st.sampled_from(FIELDS),
    st.sampled_from(MESSAGE_FIELDS),
    JSON,
    JSON,
)
def test_fuzz_a_real_event_with_one_field_replaced(event_name, key, message_key, value, message_value):
    payload = event(
        event_name, attachments=[{"type": "location", "payload": {"coordinates": {"latitude": 1, "longitude": 2}}}]
    )
    payload[key] = value
    parse_or_invalid(payload)
    payload = event(event_name, attachments=[{"type": "image", "payload": {"url": "https://a/b.jpg"}}])
    if isinstance(payload.get("message"), dict):
        payload["message"][message_key] = message_value
    parse_or_invalid(payload)


# Replying through the consultation API


@pytest.fixture
def api(zalo):
    return ZaloOAClient(zalo.access_token)


def received(zalo, text="Cho hỏi chế độ thai sản?"):
    body, headers = zalo.signed_event(text=text)
    check(body, headers["X-ZEvent-Signature"], secret=zalo.oa_secret_key, app_id=zalo.app_id)
    return parse_event(read_body(body))


def test_a_reply_quoting_the_message_is_a_free_reply(zalo, api):
    message = received(zalo)
    sent = api.send_text(message.sender_id, "Chị được nghỉ 6 tháng.", quote_message_id=message.message_id)
    assert sent.quota == {"quota_type": "reply", "remain": "7"}
    assert zalo.messages[-1]["quote_message_id"] == message.message_id


def test_the_ninth_reply_is_refused_as_outside_the_window(zalo, api):
    message = received(zalo)
    for _ in range(8):
        api.send_text(message.sender_id, "Trả lời", quote_message_id=message.message_id)
    with pytest.raises(PlatformError) as caught:
        api.send_text(message.sender_id, "Trả lời lần 9", quote_message_id=message.message_id)
    assert caught.value.code == "outside_window" and not caught.value.retryable and not caught.value.reconnect
    assert "48 giờ" in caught.value.message and "kênh khác" in caught.value.message
    assert len(zalo.messages) == 8
    message = received(zalo, "Em hỏi thêm")  # the follower writes again: the count starts again
    assert api.send_text(message.sender_id, "Vâng", quote_message_id=message.message_id).quota["remain"] == "7"


def test_after_48_hours_a_reply_is_refused(zalo, api):
    message = received(zalo)
    zalo.close_window(message.sender_id)
    with pytest.raises(PlatformError) as caught:
        api.send_text(message.sender_id, "Trả lời muộn", quote_message_id=message.message_id)
    assert caught.value.code == "outside_window"
    assert zalo.messages == []


def test_an_unquoted_message_is_proactive_and_needs_quota(zalo, api):
    message = received(zalo)
    with pytest.raises(PlatformError):
        api.send_text(message.sender_id, "Không trích dẫn")
    zalo.state.proactive_allowed = True
    assert api.send_text(message.sender_id, "Không trích dẫn").quota["quota_type"] == "sub_quota"


def test_a_reply_with_a_wrong_token_is_refused(zalo):
    message = received(zalo)
    with pytest.raises(TokenExpired):
        ZaloOAClient("not-the-token").send_text(message.sender_id, "Xin chào", quote_message_id=message.message_id)
    assert zalo.messages == []

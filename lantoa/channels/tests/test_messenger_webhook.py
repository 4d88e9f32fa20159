"""Messenger webhooks: the GET subscription handshake, the X-Hub-Signature-256 check
(HMAC-SHA256 of the raw body with the App Secret), and the people's messages read out of a
notification, skipping the Page's echoes, deliveries and reads; anything malformed refused
as InvalidPayload only."""

import datetime
import json

import pytest
from django.http import QueryDict
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lantoa.channels.kinds.facebook_page.fake import FakeGraph, messaging_event, sign_payload
from lantoa.channels.kinds.facebook_page.messenger import (
    parse_events,
    read_body,
    verify_signature,
    verify_subscription,
)
from lantoa.channels.kinds.inbound import MESSENGER, InboundMessage, InvalidPayload, WebhookRefused

PAGE = "61550000000000123"
PSID = "7350000000000000042"
SECRET = "app-secret-never-logged"
WHEN_MS = 1_772_695_800_123  # 05/03/2026 07:30:00.123 UTC


def notification(text="Cho hỏi lịch họp công đoàn?", **kwargs):
    kwargs.setdefault("mid", "m_AbC-123_xyz")
    kwargs.setdefault("timestamp_ms", WHEN_MS)
    return messaging_event(PAGE, PSID, text, **kwargs)


def events_of(payload) -> list:
    return payload["entry"][0]["messaging"]


# Subscription handshake


def handshake(**params) -> QueryDict:
    query = QueryDict(mutable=True)
    query.update({"hub.mode": "subscribe", "hub.verify_token": "ve-ri-fy", "hub.challenge": "1158201444", **params})
    return query


def test_the_handshake_answers_the_challenge():
    assert verify_subscription(handshake(), "ve-ri-fy") == "1158201444"
    assert verify_subscription({"hub.mode": "subscribe", "hub.verify_token": "mã-xác-minh", "hub.challenge": "7"},
                               "mã-xác-minh") == "7"  # fmt: skip


@pytest.mark.parametrize(
    "params, token",
    [
        ({"hub.verify_token": "wrong"}, "ve-ri-fy"),
        ({"hub.verify_token": ""}, "ve-ri-fy"),
        ({"hub.mode": "unsubscribe"}, "ve-ri-fy"),
        ({"hub.challenge": "<script>alert(1)</script>"}, "ve-ri-fy"),
        ({"hub.challenge": ""}, "ve-ri-fy"),
        ({}, ""),
    ],
)
def test_a_handshake_that_is_not_ours_is_refused(params, token):
    with pytest.raises(WebhookRefused) as caught:
        verify_subscription(handshake(**params), token)
    assert "ve-ri-fy" not in caught.value.reason


def test_a_handshake_without_its_fields_is_refused():
    for params in ({}, {"hub.mode": "subscribe"}, {"hub.mode": "subscribe", "hub.verify_token": ["ve-ri-fy"]}):
        with pytest.raises(WebhookRefused):
            verify_subscription(params, "ve-ri-fy")


# Signature


def test_the_signature_is_the_hmac_sha256_of_the_raw_body():
    # openssl dgst -sha256 -hmac 'app-secret' of '{"object":"page"}', computed outside Python
    digest = "ae958d6f00b134dd32b95a9a76bedaaeb068c0949769358355023f7d1a0c580b"
    verify_signature(raw_body=b'{"object":"page"}', app_secret="app-secret", header=f"sha256={digest}")


def test_a_notification_signed_by_the_fake_passes():
    with FakeGraph(page_id=PAGE) as fake:
        body, headers = fake.signed_event(PSID, "Xin chào")
        verify_signature(raw_body=body, app_secret=fake.app_secret, header=headers["X-Hub-Signature-256"])
        assert parse_events(read_body(body))[0].text == "Xin chào"


def refused(body: bytes, header: str, secret: str = SECRET) -> WebhookRefused:
    with pytest.raises(WebhookRefused) as caught:
        verify_signature(raw_body=body, app_secret=secret, header=header)
    assert SECRET not in caught.value.reason and "sha256=" not in caught.value.reason
    return caught.value


@pytest.mark.parametrize("header", ["", "sha256=", "sha256=xyz", "sha1=" + "0" * 40, "mac=" + "0" * 64, "0" * 64])
def test_a_missing_or_garbled_header_is_refused(header):
    body, _ = sign_payload(notification(), app_secret=SECRET)
    assert "malformed" in refused(body, header).reason


def test_a_wrong_secret_or_a_tampered_body_is_refused():
    body, headers = sign_payload(notification(), app_secret="another-app")
    assert "does not match" in refused(body, headers["X-Hub-Signature-256"]).reason
    body, headers = sign_payload(notification(), app_secret=SECRET)
    verify_signature(raw_body=body, app_secret=SECRET, header=headers["X-Hub-Signature-256"])
    refused(body.replace(b"Cho h", b"Xin h"), headers["X-Hub-Signature-256"])
    refused(json.dumps(json.loads(body)).encode(), headers["X-Hub-Signature-256"])  # re-serialised ≠ raw


def test_without_a_configured_secret_nothing_passes():
    body, headers = sign_payload(notification(), app_secret="")
    assert "not configured" in refused(body, headers["X-Hub-Signature-256"], secret="").reason


@pytest.mark.parametrize("raw", [b"", b"<html>", b"[]", b"\xff", b"{" * 100_000])
def test_a_body_that_is_not_a_json_object_is_invalid(raw):
    with pytest.raises(InvalidPayload):
        read_body(raw)


# Reading messages


def test_a_text_message():
    payload = notification()
    assert parse_events(payload) == [
        InboundMessage(
            platform=MESSENGER, account_id=PAGE, sender_id=PSID, message_id="m_AbC-123_xyz",
            text="Cho hỏi lịch họp công đoàn?",
            sent_at=datetime.datetime(2026, 3, 5, 7, 30, 0, 123000, tzinfo=datetime.UTC),
        )
    ]  # fmt: skip
    assert parse_events(payload)[0].raw_event is events_of(payload)[0]


def test_attachments_stickers_links_and_locations():
    attachments = [
        {"type": "image", "payload": {"url": "https://scontent.xx.fbcdn.net/a.jpg"}},
        {"type": "image", "payload": {"url": "https://scontent.xx.fbcdn.net/s.png", "sticker_id": 369239263222822}},
        {"type": "file", "payload": {"url": "https://cdn.fbsbx.com/v/don.pdf"}},
        {"type": "fallback", "title": "Bài viết công đoàn", "payload": {"url": "https://congdoan.vn/bai"}},
        {"type": "location", "payload": {"coordinates": {"lat": 10.7769, "long": 106.7009}}},
    ]
    message = parse_events(notification("", attachments=attachments))[0]
    assert message.text == ""
    assert message.attachments == (
        {"type": "image", "url": "https://scontent.xx.fbcdn.net/a.jpg", "name": ""},
        {"type": "sticker", "url": "https://scontent.xx.fbcdn.net/s.png", "name": ""},
        {"type": "file", "url": "https://cdn.fbsbx.com/v/don.pdf", "name": ""},
        {"type": "fallback", "url": "https://congdoan.vn/bai", "name": "Bài viết công đoàn"},
        {"type": "location", "url": "", "name": "10.776900, 106.700900"},
    )


def test_echoes_deliveries_reads_and_postbacks_are_skipped():
    payload = notification()
    sent = {"mid": "m_echo", "text": "Trang trả lời", "is_echo": True, "app_id": 1517776481860111}
    echo = {**events_of(payload)[0], "sender": {"id": PAGE}, "recipient": {"id": PSID}, "message": sent}
    delivery = {"sender": {"id": PSID}, "recipient": {"id": PAGE}, "delivery": {"mids": ["m_1"], "watermark": 1}}
    read = {"sender": {"id": PSID}, "recipient": {"id": PAGE}, "timestamp": WHEN_MS, "read": {"watermark": 1}}
    postback = {"sender": {"id": PSID}, "recipient": {"id": PAGE}, "postback": {"title": "Bắt đầu"}}
    events_of(payload)[:0] = [echo, delivery, read, postback]
    assert [message.message_id for message in parse_events(payload)] == ["m_AbC-123_xyz"]


def test_several_entries_and_events_in_one_notification():
    first, second = notification("Một", mid="m_1"), notification("Hai", mid="m_2")
    other_page = messaging_event("61550000000000999", PSID, "Ba", mid="m_3", timestamp_ms=WHEN_MS)
    events_of(first).append(events_of(second)[0])
    first["entry"] += other_page["entry"]
    messages = parse_events(first)
    assert [(m.account_id, m.text) for m in messages] == [(PAGE, "Một"), (PAGE, "Hai"), ("61550000000000999", "Ba")]


def test_entries_without_messaging_and_other_objects_give_nothing():
    assert parse_events({"object": "page", "entry": [{"id": PAGE, "time": 1, "changes": [{"field": "feed"}]}]}) == []
    assert parse_events({"object": "page", "entry": []}) == []
    assert parse_events({"object": "instagram", "entry": "whatever"}) == []


def test_ids_sent_as_json_integers_stay_exact():
    payload = notification()
    events_of(payload)[0]["sender"]["id"] = int(PSID)
    payload["entry"][0]["id"] = int(PAGE)
    message = parse_events(json.loads(json.dumps(payload)))[0]
    assert (message.sender_id, message.account_id) == (PSID, PAGE)


def broken(change) -> dict:
    payload = notification()
    change(payload, events_of(payload)[0])
    return payload


@pytest.mark.parametrize(
    "change",
    [
        lambda p, e: p.update(object=None),
        lambda p, e: p.update(entry={"id": PAGE}),
        lambda p, e: p.update(entry=[None]),
        lambda p, e: p["entry"][0].update(id="page"),
        lambda p, e: p["entry"][0].update(messaging={}),
        lambda p, e: p["entry"][0].update(messaging=[e] * 1001),
        lambda p, e: e.update(recipient={"id": "61550000000000999"}),  # not the entry's Page
        lambda p, e: e.update(sender={"id": None}),
        lambda p, e: e.update(sender=PSID),
        lambda p, e: e.update(timestamp="now"),
        lambda p, e: e.update(timestamp=10**40),
        lambda p, e: e.update(message="hi"),
        lambda p, e: e["message"].pop("mid"),
        lambda p, e: e["message"].update(mid=""),
        lambda p, e: e["message"].update(text=None),  # neither text nor attachments
        lambda p, e: e["message"].update(text={"body": "hi"}),
        lambda p, e: e["message"].update(text="x" * 20_001),
        lambda p, e: e["message"].update(attachments=[{"type": "image", "payload": {"url": "data:image/png,AA"}}]),
        lambda p, e: e["message"].update(attachments=[{"type": "", "payload": {}}]),
        lambda p, e: e["message"].update(attachments=[{"type": "image", "payload": []}]),
        lambda p, e: e["message"].update(attachments=[{"type": "image", "title": 5}]),
        lambda p, e: e["message"].update(attachments=[{"type": "location", "payload": {"coordinates": {"lat": 1}}}]),
    ],
)
def test_malformed_notifications_are_invalid(change):
    with pytest.raises(InvalidPayload):
        parse_events(broken(change))


def test_anything_but_an_object_is_invalid():
    for payload in (None, [], "page", 1):
        with pytest.raises(InvalidPayload):
            parse_events(payload)


# Fuzzing: whatever arrives, InvalidPayload or messages, never another exception

JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=30),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=4),
    max_leaves=20,
)


def parse_or_invalid(payload) -> None:
    try:
        messages = parse_events(payload)
    except InvalidPayload:
        return
    assert isinstance(messages, list)
    assert all(isinstance(m, InboundMessage) and m.sent_at.tzinfo is not None for m in messages)


@settings(derandomize=True, max_examples=40, suppress_health_check=[HealthCheck.too_slow])
@given(JSON)
def test_fuzz_any_json_is_refused_cleanly(value):
    parse_or_invalid(value)
    parse_or_invalid({"object": "page", "entry": value})
    parse_or_invalid({"object": "page", "entry": [{"id": PAGE, "messaging": value}]})


@settings(derandomize=True, max_examples=40, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.sampled_from(["sender", "recipient", "timestamp", "message", "delivery"]),
    st.sampled_from(["mid", "text", "attachments", "is_echo"]),
    JSON,
    JSON,
)
def test_fuzz_a_real_notification_with_one_field_replaced(key, message_key, value, message_value):
    payload = notification(attachments=[{"type": "image", "payload": {"url": "https://a/b.jpg"}}])
    events_of(payload)[0][key] = value
    parse_or_invalid(payload)
    payload = notification()
    events_of(payload)[0]["message"][message_key] = message_value
    parse_or_invalid(payload)

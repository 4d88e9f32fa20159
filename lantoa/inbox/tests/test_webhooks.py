"""The Zalo OA and Messenger webhooks end to end: a signed message becomes one message of a
case once the worker has run, however often it is redelivered; anything not proven to come
from the platform is refused (401), logged without secrets, and leaves nothing behind."""

import datetime
import json
import logging

import pytest
from django.test import Client

from lantoa.channels.connections import do_connect
from lantoa.channels.kinds.facebook_page.fake import messaging_event, sign_payload
from lantoa.channels.kinds.zalo_oa.fake import message_event, sign_event
from lantoa.channels.models import Channel, ChannelKind, Connection
from lantoa.inbox.models import Case, Intake, Message, RawEvent
from lantoa.lib.testing import DB_TASKS, run_worker_batch, use_tasks_settings
from lantoa.org.actions import do_create_unit
from lantoa.org.models import UnitKind

APP_ID = "1234567890123456789"
APP_SECRET = "zalo-app-secret-never-logged"
OA_ID = "4318405112431112345"
OTHER_OA_ID = "4318405112431199999"
OA_KEY = "oa-secret-key-never-logged"
USER_ID = "2468458835296197922"
PAGE_ID = "61550000000000123"
FB_SECRET = "fb-app-secret-never-logged"
VERIFY_TOKEN = "verify-token-never-logged"
START = datetime.date(2020, 1, 1)
LOGGER = "lantoa.inbox.webhooks"


@pytest.fixture
def site(db, settings):
    settings.LANTOA_ZALO_APP_ID, settings.LANTOA_ZALO_APP_SECRET = APP_ID, APP_SECRET
    settings.LANTOA_MESSENGER_APP_SECRET, settings.LANTOA_MESSENGER_VERIFY_TOKEN = FB_SECRET, VERIFY_TOKEN
    province = do_create_unit(code="LDLD-VL", kind=UnitKind.PROVINCIAL, name="LĐLĐ Vĩnh Long", parent=None,
                              valid_from=START)  # fmt: skip
    oa = Channel.objects.create(unit=province, kind=ChannelKind.ZALO_OA, name="Zalo OA LĐLĐ Vĩnh Long")
    do_connect(oa, account_id=OA_ID, secrets={"access_token": "at", "oa_secret_key": OA_KEY})
    page = Channel.objects.create(unit=province, kind=ChannelKind.FACEBOOK_PAGE, name="Trang LĐLĐ Vĩnh Long")
    do_connect(page, account_id=PAGE_ID, secrets={"access_token": "page-token"})
    return {"province": province, "oa": oa, "page": page}


def zalo_event(event_name="user_send_text", *, msg_id="9a3f5c7e1b2d4f6a8c0e", oa_id=OA_ID, text=None):
    text = "Công ty chậm lương tháng này hai tuần rồi." if text is None else text
    return message_event(event_name, app_id=APP_ID, oa_id=oa_id, user_id=USER_ID, text=text, msg_id=msg_id)


def post_zalo(body: bytes, headers: dict):
    extra = {"HTTP_X_ZEVENT_SIGNATURE": headers["X-ZEvent-Signature"]} if "X-ZEvent-Signature" in headers else {}
    return Client().post("/webhooks/zalo/", data=body, content_type="application/json", **extra)


def post_messenger(body: bytes, headers: dict):
    extra = {"HTTP_X_HUB_SIGNATURE_256": headers["X-Hub-Signature-256"]} if "X-Hub-Signature-256" in headers else {}
    return Client().post("/webhooks/messenger/", data=body, content_type="application/json", **extra)


def assert_refused_and_logged(response, caplog, *secrets):
    assert response.status_code == 401
    assert RawEvent.objects.count() == 0 and Message.objects.count() == 0
    records = [r for r in caplog.records if r.name == LOGGER and r.levelno >= logging.WARNING]
    assert records, "the refusal is logged"
    logged = " ".join(r.getMessage() for r in records)
    for secret in (*secrets, OA_KEY, FB_SECRET, APP_SECRET, "mac=", "sha256="):
        assert secret not in logged


# --- Zalo: what is stored


@pytest.mark.django_db
def test_a_signed_zalo_message_becomes_one_message_of_a_case(site, django_capture_on_commit_callbacks):
    body, headers = sign_event(zalo_event(), app_id=APP_ID, oa_secret_key=OA_KEY)
    with django_capture_on_commit_callbacks(execute=True):
        response = post_zalo(body, headers)
    assert response.status_code == 200
    raw = RawEvent.objects.get()
    assert (raw.intake, raw.key, raw.channel_id) == (Intake.ZALO_OA, "zalo:9a3f5c7e1b2d4f6a8c0e", site["oa"].pk)
    assert raw.payload == json.loads(body) and raw.processed_at is not None
    message = Message.objects.get()
    assert message.body == "Công ty chậm lương tháng này hai tuần rồi." and message.raw_id == raw.pk
    case = Case.objects.get()
    assert case.channel_id == site["oa"].pk and case.contact.external_id == USER_ID


@pytest.mark.django_db
def test_redeliveries_of_one_zalo_event_make_one_message_through_the_worker(
    site, settings, django_capture_on_commit_callbacks
):
    from django_tasks_db.models import DBTaskResult

    original = settings.TASKS
    use_tasks_settings(settings, DB_TASKS)
    try:
        body, headers = sign_event(zalo_event(), app_id=APP_ID, oa_secret_key=OA_KEY)
        with django_capture_on_commit_callbacks(execute=True):
            for _ in range(3):
                assert post_zalo(body, headers).status_code == 200
        assert RawEvent.objects.count() == 1 and Message.objects.count() == 0  # the worker has not run yet
        assert DBTaskResult.objects.count() == 1  # enqueued once, by the first delivery
        run_worker_batch()
        with django_capture_on_commit_callbacks(execute=True):
            assert post_zalo(body, headers).status_code == 200  # once more, after it ran
        run_worker_batch()
    finally:
        use_tasks_settings(settings, original)
    assert RawEvent.objects.count() == 1 and Message.objects.count() == 1 and Case.objects.count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize("event_name", ["follow", "user_seen_message", "user_received_message"])
def test_events_that_are_not_messages_are_acknowledged_and_dropped(site, event_name):
    event = zalo_event(event_name, text="")
    if event_name != "follow":  # receipts of the OA's own messages: the OA is the sender
        event["sender"], event["recipient"] = {"id": OA_ID}, {"id": USER_ID}
    body, headers = sign_event(event, app_id=APP_ID, oa_secret_key=OA_KEY)
    assert post_zalo(body, headers).status_code == 200
    assert RawEvent.objects.count() == 0


# --- Zalo: what is refused


@pytest.mark.django_db
def test_a_wrong_key_is_refused_and_logged(site, caplog):
    body, headers = sign_event(zalo_event(), app_id=APP_ID, oa_secret_key="a-forger-s-guess")
    with caplog.at_level(logging.WARNING, logger=LOGGER):
        assert_refused_and_logged(post_zalo(body, headers), caplog, "a-forger-s-guess")


@pytest.mark.django_db
def test_a_missing_signature_is_refused_and_logged(site, caplog):
    body, _headers = sign_event(zalo_event(), app_id=APP_ID, oa_secret_key=OA_KEY)
    with caplog.at_level(logging.WARNING, logger=LOGGER):
        assert_refused_and_logged(post_zalo(body, {}), caplog)


@pytest.mark.django_db
def test_a_tampered_body_is_refused_and_logged(site, caplog):
    body, headers = sign_event(zalo_event(), app_id=APP_ID, oa_secret_key=OA_KEY)
    tampered = body.replace("hai tuần".encode(), "ba tuần".encode())
    assert tampered != body
    with caplog.at_level(logging.WARNING, logger=LOGGER):
        assert_refused_and_logged(post_zalo(tampered, headers), caplog)


@pytest.mark.django_db
def test_an_oa_no_channel_knows_is_refused_and_logged(site, caplog):
    body, headers = sign_event(zalo_event(oa_id=OTHER_OA_ID), app_id=APP_ID, oa_secret_key=OA_KEY)
    with caplog.at_level(logging.WARNING, logger=LOGGER):
        assert_refused_and_logged(post_zalo(body, headers), caplog)
    assert OTHER_OA_ID in caplog.text  # which OA: the operator can tell a misrouted webhook


@pytest.mark.django_db
def test_an_event_signed_with_another_oa_s_key_is_refused(site, caplog):
    other = Channel.objects.create(unit=site["province"], kind=ChannelKind.ZALO_OA, name="Zalo OA khác")
    do_connect(other, account_id=OTHER_OA_ID, secrets={"oa_secret_key": "other-oa-key"})
    body, headers = sign_event(zalo_event(oa_id=OA_ID), app_id=APP_ID, oa_secret_key="other-oa-key")
    with caplog.at_level(logging.WARNING, logger=LOGGER):
        assert_refused_and_logged(post_zalo(body, headers), caplog, "other-oa-key")


@pytest.mark.django_db
def test_an_oa_without_its_secret_key_or_without_the_app_refuses_everything(site, settings, caplog):
    do_connect(site["oa"], account_id=OA_ID, secrets={"access_token": "at"})
    body, headers = sign_event(zalo_event(), app_id=APP_ID, oa_secret_key=OA_KEY)
    with caplog.at_level(logging.WARNING, logger=LOGGER):
        assert_refused_and_logged(post_zalo(body, headers), caplog)
    do_connect(site["oa"], account_id=OA_ID, secrets={"oa_secret_key": OA_KEY})
    settings.LANTOA_ZALO_APP_ID = ""
    assert post_zalo(body, headers).status_code == 401 and RawEvent.objects.count() == 0


@pytest.mark.django_db
def test_an_oa_without_its_own_key_is_proven_by_the_sites_common_key_and_its_own_key_goes_first(site, settings):
    do_connect(site["oa"], account_id=OA_ID, secrets={"access_token": "at"})  # connected by OAuth: no key
    settings.LANTOA_ZALO_OA_SECRET_KEY = "site-wide-oa-secret-key"
    body, headers = sign_event(zalo_event(msg_id="m1"), app_id=APP_ID, oa_secret_key="site-wide-oa-secret-key")
    assert post_zalo(body, headers).status_code == 200
    assert RawEvent.objects.get().channel_id == site["oa"].pk
    do_connect(site["oa"], account_id=OA_ID, secrets={"access_token": "at", "oa_secret_key": OA_KEY})
    body, headers = sign_event(zalo_event(msg_id="m2"), app_id=APP_ID, oa_secret_key="site-wide-oa-secret-key")
    assert post_zalo(body, headers).status_code == 401 and RawEvent.objects.count() == 1


@pytest.mark.django_db
def test_a_zalo_oa_id_on_another_kind_of_channel_proves_nothing(site):
    site["oa"].kind = ChannelKind.FACEBOOK_PAGE
    site["oa"].save()
    body, headers = sign_event(zalo_event(), app_id=APP_ID, oa_secret_key=OA_KEY)
    assert post_zalo(body, headers).status_code == 401 and RawEvent.objects.count() == 0


@pytest.mark.django_db
@pytest.mark.parametrize("body", [b"", b"not json", b"[1, 2]", b'{"event_name": "user_send_text"}', b"\xff\xfe"])
def test_malformed_zalo_bodies_are_400(site, body):
    assert post_zalo(body, {"X-ZEvent-Signature": "mac=" + "0" * 64}).status_code == 400
    assert RawEvent.objects.count() == 0


@pytest.mark.django_db
def test_a_signed_but_malformed_message_is_kept_with_its_error_and_answered_200(site):
    """Zalo retries anything but a 200 for hours, then turns the webhook off: an event proven
    to come from Zalo that we cannot read is kept, with why, and never processed; the OA's
    connection says so in Vietnamese on the channel's page."""
    event = zalo_event()
    event["message"]["msg_id"] = "id with spaces"
    body, headers = sign_event(event, app_id=APP_ID, oa_secret_key=OA_KEY)
    assert post_zalo(body, headers).status_code == 200
    raw = RawEvent.objects.get()
    assert raw.error.startswith("invalid: ") and raw.processed_at is not None and Message.objects.count() == 0
    assert "không đọc được" in Connection.objects.get(channel_id=raw.channel_id).problem


@pytest.mark.django_db
def test_the_zalo_webhook_takes_only_post(site):
    assert Client().get("/webhooks/zalo/").status_code == 405
    assert Client().put("/webhooks/zalo/", data=b"{}").status_code == 405


@pytest.mark.django_db
def test_a_multipart_post_is_400_not_500(site):
    response = Client().post("/webhooks/zalo/", data={"event_name": "user_send_text"})  # multipart
    assert response.status_code == 400


# --- Messenger


@pytest.mark.django_db
def test_the_handshake_echoes_the_challenge_only_with_our_token(site, caplog):
    params = {"hub.mode": "subscribe", "hub.verify_token": VERIFY_TOKEN, "hub.challenge": "1158201444"}
    response = Client().get("/webhooks/messenger/", params)
    assert response.status_code == 200 and response.content == b"1158201444"
    with caplog.at_level(logging.WARNING, logger=LOGGER):
        response = Client().get("/webhooks/messenger/", {**params, "hub.verify_token": "guess"})
    assert response.status_code == 403 and b"1158201444" not in response.content
    assert "handshake" in caplog.text and VERIFY_TOKEN not in caplog.text


@pytest.mark.django_db
def test_the_handshake_is_refused_while_no_token_is_set(site, settings):
    settings.LANTOA_MESSENGER_VERIFY_TOKEN = ""
    params = {"hub.mode": "subscribe", "hub.verify_token": "", "hub.challenge": "1158201444"}
    assert Client().get("/webhooks/messenger/", params).status_code == 403


@pytest.mark.django_db
def test_a_messenger_batch_of_two_messages_is_two_events_and_two_messages(site, django_capture_on_commit_callbacks):
    first = messaging_event(PAGE_ID, "7000000000000001", "Tôi bị nợ lương ba tháng.", mid="m_first")
    second = messaging_event(PAGE_ID, "7000000000000002", "Công ty không đóng bảo hiểm xã hội.", mid="m_second")
    first["entry"][0]["messaging"] += second["entry"][0]["messaging"]
    body, headers = sign_payload(first, app_secret=FB_SECRET)
    with django_capture_on_commit_callbacks(execute=True):
        response = post_messenger(body, headers)
        again = post_messenger(body, headers)  # Meta redelivers
    assert response.status_code == 200 and again.status_code == 200
    raws = {raw.key: raw for raw in RawEvent.objects.all()}
    assert set(raws) == {"messenger:m_first", "messenger:m_second"}
    for raw in raws.values():
        (entry,) = raw.payload["entry"]
        assert raw.payload["object"] == "page" and entry["id"] == PAGE_ID and len(entry["messaging"]) == 1
        assert raw.intake == Intake.MESSENGER and raw.channel_id == site["page"].pk
    assert sorted(Message.objects.values_list("body", flat=True)) == [
        "Công ty không đóng bảo hiểm xã hội.", "Tôi bị nợ lương ba tháng.",
    ]  # fmt: skip


@pytest.mark.django_db
def test_messenger_skips_pages_no_channel_knows_and_logs_them(site, caplog):
    ours = messaging_event(PAGE_ID, "7000000000000001", "Xin hỏi về hợp đồng.", mid="m_ours")
    theirs = messaging_event("61559999999999999", "7000000000000002", "Tin nhắn lạc.", mid="m_theirs")
    ours["entry"] += theirs["entry"]
    body, headers = sign_payload(ours, app_secret=FB_SECRET)
    with caplog.at_level(logging.WARNING, logger=LOGGER):
        assert post_messenger(body, headers).status_code == 200
    assert list(RawEvent.objects.values_list("key", flat=True)) == ["messenger:m_ours"]
    assert "61559999999999999" in caplog.text


@pytest.mark.django_db
@pytest.mark.parametrize("secret", ["wrong-secret", None])
def test_messenger_bad_or_missing_signature_is_refused_and_logged(site, caplog, secret):
    body, headers = sign_payload(messaging_event(PAGE_ID, "7000000000000001", "Xin chào"), app_secret=secret or "x")
    with caplog.at_level(logging.WARNING, logger=LOGGER):
        assert_refused_and_logged(post_messenger(body, headers if secret else {}), caplog, "wrong-secret")


@pytest.mark.django_db
def test_messenger_refuses_everything_while_no_app_secret_is_set(site, settings):
    settings.LANTOA_MESSENGER_APP_SECRET = ""
    body, headers = sign_payload(messaging_event(PAGE_ID, "7000000000000001", "Xin chào"), app_secret="")
    assert post_messenger(body, headers).status_code == 401 and RawEvent.objects.count() == 0


@pytest.mark.django_db
def test_a_signed_batch_with_one_malformed_event_keeps_the_good_one_and_the_bad_one_apart(site):
    """Meta unsubscribes an app whose webhook keeps failing: the batch is answered 200, its
    good message stored for the worker, the malformed event kept with its error, never
    processed; the same batch again stores nothing new."""
    payload = messaging_event(PAGE_ID, "7000000000000001", "Tin tốt.", mid="m_good")
    bad = messaging_event(PAGE_ID, "7000000000000002", "Tin hỏng.", mid="m_bad")["entry"][0]["messaging"][0]
    bad["sender"] = {"id": "not-an-id"}
    payload["entry"][0]["messaging"].append(bad)
    body, headers = sign_payload(payload, app_secret=FB_SECRET)
    assert post_messenger(body, headers).status_code == 200
    good, kept = RawEvent.objects.get(key="messenger:m_good"), RawEvent.objects.exclude(key="messenger:m_good").get()
    assert good.error == "" and kept.error.startswith("invalid: ") and kept.processed_at is not None
    assert "not-an-id" in str(kept.payload) and "Tin tốt." not in str(kept.payload)
    assert post_messenger(body, headers).status_code == 200 and RawEvent.objects.count() == 2


@pytest.mark.django_db
def test_messenger_events_that_are_not_messages_store_nothing(site):
    payload = messaging_event(PAGE_ID, "7000000000000001", "Tin của trang.", mid="m_echo")
    payload["entry"][0]["messaging"][0]["message"]["is_echo"] = True
    read_receipt = {"sender": {"id": "7000000000000001"}, "recipient": {"id": PAGE_ID}, "timestamp": 1772695800123,
                    "read": {"watermark": 1772695800000}}  # fmt: skip
    payload["entry"][0]["messaging"].append(read_receipt)
    body, headers = sign_payload(payload, app_secret=FB_SECRET)
    assert post_messenger(body, headers).status_code == 200 and RawEvent.objects.count() == 0

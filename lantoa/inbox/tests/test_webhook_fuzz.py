"""Whatever arrives at the webhooks, signed or not, the answer is 200, 400 or 401, never a
500: arbitrary bytes, arbitrary JSON, and events close to real ones with fields mangled,
each posted unsigned, with a wrong signature and with a valid one."""

import datetime
import hashlib
import hmac
import json

import pytest
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lantoa.channels.connections import do_connect
from lantoa.channels.kinds.facebook_page.fake import messaging_event, sign_payload
from lantoa.channels.kinds.zalo_oa.fake import message_event, sign_event
from lantoa.channels.models import Channel, ChannelKind
from lantoa.inbox.models import RawEvent
from lantoa.org.actions import do_create_unit
from lantoa.org.models import UnitKind

APP_ID = "1234567890123456789"
OA_ID = "4318405112431112345"
OA_KEY = "fuzz-oa-secret-key"
PAGE_ID = "61550000000000123"
FB_SECRET = "fuzz-fb-app-secret"
ALLOWED = {200, 400, 401}
FUZZ = settings(derandomize=True, max_examples=40, suppress_health_check=[HealthCheck.function_scoped_fixture],
                deadline=None)  # fmt: skip

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=30),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=4),
    max_leaves=20,
)
ZALO_KEYS = ["event_name", "timestamp", "sender", "recipient", "message", "app_id", "oa_id", "follower"]
MESSENGER_KEYS = ["object", "entry", "id", "time", "messaging", "sender", "recipient", "timestamp", "message"]
CONTENT_TYPES = ["application/json", "text/plain", "application/x-www-form-urlencoded"]
signing = st.sampled_from(["none", "wrong", "valid"])


@pytest.fixture
def site(db, settings):
    settings.LANTOA_ZALO_APP_ID, settings.LANTOA_ZALO_APP_SECRET = APP_ID, "fuzz-app-secret"
    settings.LANTOA_MESSENGER_APP_SECRET, settings.LANTOA_MESSENGER_VERIFY_TOKEN = FB_SECRET, "fuzz-token"
    unit = do_create_unit(code="LDLD-F", kind=UnitKind.PROVINCIAL, name="LĐLĐ Thử", parent=None,
                          valid_from=datetime.date(2020, 1, 1))  # fmt: skip
    oa = Channel.objects.create(unit=unit, kind=ChannelKind.ZALO_OA, name="Zalo OA thử")
    do_connect(oa, account_id=OA_ID, secrets={"oa_secret_key": OA_KEY})
    page = Channel.objects.create(unit=unit, kind=ChannelKind.FACEBOOK_PAGE, name="Trang thử")
    do_connect(page, account_id=PAGE_ID, secrets={"access_token": "t"})
    return unit


def zalo_headers(body: bytes, how: str) -> dict:
    """The signature header, made over the body's own timestamp when it has one."""
    if how == "none":
        return {}
    try:
        timestamp = str(json.loads(body).get("timestamp", ""))
    except (ValueError, AttributeError, RecursionError):
        timestamp = ""
    key = OA_KEY if how == "valid" else "not-the-key"
    digest = hashlib.sha256(APP_ID.encode() + body + timestamp.encode() + key.encode()).hexdigest()
    return {"HTTP_X_ZEVENT_SIGNATURE": f"mac={digest}"}


def messenger_headers(body: bytes, how: str) -> dict:
    if how == "none":
        return {}
    key = FB_SECRET if how == "valid" else "not-the-secret"
    return {"HTTP_X_HUB_SIGNATURE_256": "sha256=" + hmac.new(key.encode(), body, hashlib.sha256).hexdigest()}


def post(path: str, body: bytes, headers: dict, content_type: str = "application/json") -> int:
    status = Client().post(path, data=body, content_type=content_type, **headers).status_code
    assert status in ALLOWED, (status, body[:200])
    return status


def mangled(base: dict, keys: list[str]):
    """`base` with some of its fields (or fields of its nested objects) replaced by any JSON."""
    return st.dictionaries(st.sampled_from(keys), json_values, max_size=3).map(lambda changes: mangle(base, changes))


def mangle(base: dict, changes: dict) -> dict:
    result = json.loads(json.dumps(base))
    for key, value in changes.items():
        target = result
        for nested in ("message", "entry"):  # reach one level down, where the interesting fields are
            if key not in target and isinstance(target.get(nested), dict):
                target = target[nested]
        target[key] = value
    return result


ZALO_BASE = message_event(app_id=APP_ID, oa_id=OA_ID, user_id="2468458835296197922", text="Xin chào", msg_id="a1b2c3")
MESSENGER_BASE = messaging_event(PAGE_ID, "7000000000000001", "Xin chào", mid="m_fuzz")


@pytest.mark.django_db
@FUZZ
@given(body=st.binary(max_size=300), how=signing, content_type=st.sampled_from(CONTENT_TYPES))
def test_zalo_arbitrary_bytes(site, body, how, content_type):
    post("/webhooks/zalo/", body, zalo_headers(body, how), content_type)


@pytest.mark.django_db
@FUZZ
@given(value=json_values, how=signing)
def test_zalo_arbitrary_json(site, value, how):
    body = json.dumps(value).encode()
    post("/webhooks/zalo/", body, zalo_headers(body, how))


@pytest.mark.django_db
@FUZZ
@given(event=mangled(ZALO_BASE, ZALO_KEYS), how=signing)
def test_zalo_mangled_events(site, event, how):
    body = json.dumps(event, ensure_ascii=False).encode()
    before = RawEvent.objects.count()  # examples share the test's transaction
    status = post("/webhooks/zalo/", body, zalo_headers(body, how))
    if how != "valid":
        assert status in {400, 401} and RawEvent.objects.count() == before


@pytest.mark.django_db
@FUZZ
@given(body=st.binary(max_size=300), how=signing)
def test_messenger_arbitrary_bytes(site, body, how):
    post("/webhooks/messenger/", body, messenger_headers(body, how))


@pytest.mark.django_db
@FUZZ
@given(value=json_values, how=signing)
def test_messenger_arbitrary_json(site, value, how):
    body = json.dumps(value).encode()
    post("/webhooks/messenger/", body, messenger_headers(body, how))


@pytest.mark.django_db
@FUZZ
@given(payload=mangled(MESSENGER_BASE, MESSENGER_KEYS), how=signing)
def test_messenger_mangled_notifications(site, payload, how):
    body = json.dumps(payload, ensure_ascii=False).encode()
    status = post("/webhooks/messenger/", body, messenger_headers(body, how))
    if how != "valid":
        assert status == 401


@pytest.mark.django_db
@pytest.mark.parametrize("how", ["none", "wrong", "valid"])
def test_the_unmangled_event_is_stored_only_when_validly_signed(site, how):
    body, _headers = sign_event(ZALO_BASE, app_id=APP_ID, oa_secret_key=OA_KEY)
    expected = 200 if how == "valid" else 401
    assert post("/webhooks/zalo/", body, zalo_headers(body, how)) == expected
    body, _headers = sign_payload(MESSENGER_BASE, app_secret=FB_SECRET)
    assert post("/webhooks/messenger/", body, messenger_headers(body, how)) == expected
    assert RawEvent.objects.count() == (2 if how == "valid" else 0)

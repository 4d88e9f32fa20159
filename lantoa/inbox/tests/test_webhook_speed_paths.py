"""The Zalo webhook's fast paths (issue 14) keep its guarantees: a redelivery is answered from
two reads compiled once per process, the OA secret key unsealed once per sealed text (so a
reconnected OA's new key counts at once and its old one stops), the web processes keep their
SQLite connections; a signed event whose message cannot be read is kept with its error and
answered 200, once, and never reaches the worker."""

import datetime
import hashlib
import json
import logging

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from lantoa.channels.connections import do_connect
from lantoa.channels.credentials import reseal
from lantoa.channels.kinds.zalo_oa.fake import message_event, sign_event
from lantoa.channels.models import Channel, ChannelKind, Connection
from lantoa.inbox import webhooks
from lantoa.inbox.intake import store_event
from lantoa.inbox.models import Intake, Message, RawEvent
from lantoa.lib.testing import DB_TASKS, run_worker_batch, use_tasks_settings
from lantoa.org.actions import do_create_unit
from lantoa.org.models import UnitKind

APP_ID = "1234567890123456789"
OA_ID = "4318405112431112345"
OA_KEY = "oa-secret-key-never-logged"
NEW_KEY = "oa-secret-key-after-reconnect"
USER_ID = "2468458835296197922"
LOGGER = "lantoa.inbox.webhooks"


@pytest.fixture
def oa(db, settings):
    settings.LANTOA_ZALO_APP_ID, settings.LANTOA_ZALO_APP_SECRET = APP_ID, "zalo-app-secret"
    province = do_create_unit(code="LDLD-VL", kind=UnitKind.PROVINCIAL, name="LĐLĐ Vĩnh Long", parent=None,
                              valid_from=datetime.date(2020, 1, 1))  # fmt: skip
    channel = Channel.objects.create(unit=province, kind=ChannelKind.ZALO_OA, name="Zalo OA LĐLĐ Vĩnh Long")
    do_connect(channel, account_id=OA_ID, secrets={"access_token": "at", "oa_secret_key": OA_KEY})
    return channel


def event(msg_id="9a3f5c7e1b2d4f6a8c0e", text="Công ty chậm lương tháng này hai tuần rồi."):
    return message_event(app_id=APP_ID, oa_id=OA_ID, user_id=USER_ID, text=text, msg_id=msg_id)


def post(payload: dict, key: str = OA_KEY):
    body, headers = sign_event(payload, app_id=APP_ID, oa_secret_key=key)
    response = Client().post("/webhooks/zalo/", data=body, content_type="application/json",
                             HTTP_X_ZEVENT_SIGNATURE=headers["X-ZEvent-Signature"])  # fmt: skip
    return response, body


# --- Redeliveries


@pytest.mark.django_db
def test_a_redelivery_costs_two_reads_and_writes_nothing(oa, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        assert post(event())[0].status_code == 200
    with CaptureQueriesContext(connection) as queries:
        assert post(event())[0].status_code == 200
    statements = [query["sql"] for query in queries.captured_queries]
    assert len(statements) == 2, statements
    assert all(sql.lstrip().upper().startswith("SELECT") for sql in statements)
    assert RawEvent.objects.count() == 1 and Message.objects.count() == 1


@pytest.mark.django_db
def test_a_wrong_signature_is_still_refused_once_the_key_is_cached(oa, caplog):
    assert post(event())[0].status_code == 200  # the key is unsealed and cached now
    with caplog.at_level(logging.WARNING, logger=LOGGER):
        response, _body = post(event(msg_id="forged1"), key="a-forger-s-guess")
    assert response.status_code == 401 and not RawEvent.objects.filter(key="zalo:forged1").exists()
    assert any("refused" in record.getMessage() for record in caplog.records if record.name == LOGGER)


@pytest.mark.django_db
def test_a_reconnected_oa_s_new_key_counts_at_once_and_its_old_one_stops(oa):
    assert post(event(msg_id="before"))[0].status_code == 200
    do_connect(oa, account_id=OA_ID, secrets={"access_token": "at2", "oa_secret_key": NEW_KEY})
    assert post(event(msg_id="old-key"), key=OA_KEY)[0].status_code == 401
    assert post(event(msg_id="new-key"), key=NEW_KEY)[0].status_code == 200
    assert set(RawEvent.objects.values_list("key", flat=True)) == {"zalo:before", "zalo:new-key"}


@pytest.mark.django_db
def test_secrets_sealed_again_under_a_new_credential_key_still_prove_events(oa):
    assert post(event(msg_id="before"))[0].status_code == 200
    stored = Connection.objects.get(channel=oa)
    Connection.objects.filter(pk=stored.pk).update(sealed_secrets=reseal(stored.sealed_secrets))
    assert post(event(msg_id="after"))[0].status_code == 200


# --- The compiled reads


@pytest.mark.django_db
def test_the_compiled_reads_answer_as_the_orm_does(oa):
    store_event(Intake.ZALO_OA, key="zalo:one", payload={}, channel_id=oa.pk)
    assert webhooks.stored_event("zalo:one") == [(RawEvent.objects.get().pk,)]
    assert webhooks.stored_event("zalo:two") == []
    sealed = Connection.objects.get(channel=oa).sealed_secrets
    assert webhooks.oa_connections(OA_ID) == [(oa.pk, sealed)]
    assert webhooks.oa_connections("0" + OA_ID) == []
    assert webhooks.oa_connections("' OR 1=1 --") == []  # a value is a parameter, never SQL


def test_a_value_the_orm_does_not_pass_as_one_parameter_is_refused():
    twice = webhooks.HotRead(lambda key: RawEvent.objects.filter(key=key) | RawEvent.objects.filter(intake=key), 1)
    with pytest.raises(ValueError, match="one parameter"):
        twice.compile()
    with pytest.raises(TypeError):
        webhooks.stored_event("a", "b")


# --- Signed but unreadable


@pytest.mark.django_db
def test_a_signed_but_unreadable_message_is_kept_with_its_error_and_answered_200_once(oa, settings, caplog):
    from django_tasks_db.models import DBTaskResult

    broken = event()
    broken["message"]["msg_id"] = "id with spaces"
    original = settings.TASKS
    use_tasks_settings(settings, DB_TASKS)
    try:
        with caplog.at_level(logging.WARNING, logger=LOGGER):
            for _ in range(3):  # Zalo's retries
                response, body = post(broken)
                assert response.status_code == 200
        assert DBTaskResult.objects.count() == 0  # nothing for the worker
        run_worker_batch()
    finally:
        use_tasks_settings(settings, original)
    raw = RawEvent.objects.get()
    assert raw.key == f"zalo:invalid:{hashlib.sha256(body).hexdigest()}"
    assert (raw.intake, raw.channel_id, raw.payload) == (Intake.ZALO_OA, oa.pk, json.loads(body))
    assert raw.error.startswith("invalid: ") and "msg_id" in raw.error and raw.processed_at is not None
    assert Message.objects.count() == 0
    logged = " ".join(record.getMessage() for record in caplog.records if record.name == LOGGER)
    assert "unreadable" in logged and OA_KEY not in logged and "mac=" not in logged


@pytest.mark.django_db
def test_an_unreadable_message_with_a_wrong_signature_is_still_401_and_not_kept(oa):
    broken = event()
    broken["message"]["text"] = ""
    assert post(broken, key="a-forger-s-guess")[0].status_code == 401
    assert RawEvent.objects.count() == 0


@pytest.mark.django_db
def test_store_event_with_an_error_is_kept_processed_and_its_channel_by_id(oa):
    raw, created = store_event(Intake.ZALO_OA, key="zalo:x", payload={"a": 1}, channel_id=oa.pk, error="invalid: x")
    assert created and raw.channel_id == oa.pk and raw.error == "invalid: x" and raw.processed_at is not None
    again, created_again = store_event(Intake.ZALO_OA, key="zalo:x", payload={"a": 2}, channel_id=oa.pk)
    assert again.pk == raw.pk and not created_again


# --- The connections the server keeps


def test_sqlite_connections_are_kept_across_requests(settings):
    database = settings.DATABASES["default"]
    if not database["ENGINE"].endswith("sqlite3"):
        pytest.skip("SQLite's setting; PostgreSQL keeps its connections 60 s (dj_database_url)")
    assert database["CONN_MAX_AGE"] is None and database["CONN_HEALTH_CHECKS"] is True

"""The platforms' webhooks: Zalo OA (`POST /webhooks/zalo/`) and Messenger
(`GET`/`POST /webhooks/messenger/`).

Each request is proven to come from the platform before anything in it is believed, then
every message in it is stored once by its platform id (`intake.store_event`) and the rest
(contact, case, classification, routing) is left to the worker (`events.enqueue`): Zalo
wants 200 within about 2 seconds and Meta unsubscribes an app that keeps failing.

Answers: 200 once stored (or when there is nothing to store; an event proven to come from
the platform but unreadable is stored with its error, `kept_unreadable`), 400 for a body we
cannot read before its origin is proven, 401 for a request not proven to come from the
platform (bad or missing signature, an OA or app we hold no secret for), 403 for a refused
Messenger handshake. Never a 500 for what a sender chose to send. Refusals are logged with
their reason, never with a secret, a signature or the body.

A Zalo event proven by its signature whose message cannot be read (a missing text, an id
with spaces) is stored with its error (`RawEvent.error`, already processed: staff see it,
the worker never gets it) and answered 200: Zalo retries anything but a 200 for up to 12
hours and then disables the webhook (integration-facts.md §1.1), so a 400 would bring the
same broken event back all day and put every OA's messages at risk. Its key is the hash of
the body, so its redeliveries are stored once. What cannot be proven (unreadable JSON, no
OA, no timestamp, a bad signature) is still 400 or 401 and leaves nothing behind. The same
holds for Messenger, whose app Meta unsubscribes after an hour of failed deliveries (§2.1):
a signed batch's readable messages are stored and each malformed event is kept apart.

Speed (issue 14, `python -m bench.webhooks`): a redelivery costs two reads, each compiled
by the ORM once per process (`HotRead`), the OA secret key is unsealed once per sealed text
(`oa_secret_key`), and the web processes keep their database connections (lantoa/settings.py,
CONN_MAX_AGE): opening an SQLite connection to this schema cost more than the whole view.
"""

from __future__ import annotations

import functools
import hashlib
import json
import logging
from collections.abc import Callable

from django.conf import settings
from django.db import connection
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.http.request import RawPostDataException
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from lantoa.channels.credentials import CredentialError, unseal
from lantoa.channels.kinds.base import PlatformError
from lantoa.channels.kinds.facebook_page import messenger
from lantoa.channels.kinds.inbound import InvalidPayload, WebhookRefused, require_dict, require_list
from lantoa.channels.kinds.zalo_oa import webhook as zalo_webhook
from lantoa.channels.kinds.zalo_oa.adapter import app_credentials
from lantoa.channels.models import ChannelKind, Connection
from lantoa.vi import formats

from . import events
from .intake import store_event
from .models import Intake, RawEvent

log = logging.getLogger("lantoa.inbox.webhooks")
MAX_CANDIDATES = 5  # channels claiming the same OA: each one's key is tried, no more


def raw_body(request: HttpRequest) -> bytes | None:
    """The bytes as received; None when a form parser already consumed them (a multipart
    POST, which no platform sends)."""
    try:
        return request.body
    except RawPostDataException:
        return None


def refused(platform: str, reason: str, request: HttpRequest, status: int = 401) -> HttpResponse:
    log.warning("webhook %s refused (%s) from %s", platform, reason, request.META.get("REMOTE_ADDR", "?"))
    return HttpResponse(status=status)


def unreadable(platform: str, reason: str, request: HttpRequest) -> HttpResponse:
    log.info("webhook %s: unreadable payload (%s) from %s", platform, reason, request.META.get("REMOTE_ADDR", "?"))
    return HttpResponse(status=400)


def accepted(created: int, platform: str) -> HttpResponse:
    if created:
        log.debug("webhook %s: %d new event(s) stored", platform, created)
    return HttpResponse(b"EVENT_RECEIVED", content_type="text/plain")


class HotRead:
    """A read made on every delivery, compiled by the ORM once per process and database
    vendor, then run through the cursor with new values. Building and compiling a queryset
    cost about ten times what SQLite takes to answer it (1.1 ms against 0.06 ms for the
    stored-event check, 04/12/2026). The SQL is Django's own, made from the models; only the
    parameters standing where `build`'s arguments went change."""

    def __init__(self, build: Callable[..., QuerySet], arity: int):
        self.build, self.arity, self.compiled = build, arity, {}

    def __call__(self, *values) -> list[tuple]:
        if len(values) != self.arity:
            raise TypeError(f"{self.arity} values expected")
        sql, params, slots = self.compiled.get(connection.vendor) or self.compile()
        params = list(params)
        for slot, value in zip(slots, values, strict=True):
            params[slot] = value
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()

    def compile(self) -> tuple[str, tuple, tuple[int, ...]]:
        markers = [f"\x00hot-read-{number}" for number in range(self.arity)]
        queryset = self.build(*markers)
        sql, params = queryset.query.get_compiler(using=queryset.db).as_sql()
        if any(params.count(marker) != 1 for marker in markers):
            raise ValueError("each value must be one parameter of the compiled query")
        slots = tuple(params.index(marker) for marker in markers)
        self.compiled[connection.vendor] = compiled = (sql, tuple(params), slots)
        return compiled


stored_event = HotRead(lambda key: RawEvent.objects.filter(key=key).values_list("pk")[:1], arity=1)


def keep(intake: str, key: str, payload: dict, channel_id: int | None, error: str = "") -> bool:
    """Store one delivery; the worker hears of it only the first time, and never of one
    stored with an error. A redelivery is answered from a read: on SQLite every write
    transaction takes the one write lock, and platforms redeliver in bursts. (Two first
    deliveries at once both pass the read; `store_event` lets one of them store it.)"""
    if stored_event(key[:200]):
        return False
    raw, created = store_event(intake, key=key, payload=payload, channel_id=channel_id, error=error)
    if created and not error:
        events.enqueue(raw)
    return created


# --- Zalo OA


def zalo_app_id() -> str:
    """The site's Zalo app id, read as the adapter reads it; "" when the app is not set up
    (then no OA can be connected, and no event can be proven)."""
    try:
        app_id, _secret = app_credentials()
    except PlatformError:
        return ""
    return app_id


@functools.lru_cache(maxsize=256)
def oa_secret_key(sealed: str) -> str:
    """The OA secret key inside a connection's sealed secrets, unsealed once per process:
    new secrets are a new sealed text, so a changed key is never served from here."""
    value = unseal(sealed).get("oa_secret_key", "")
    return value if isinstance(value, str) else ""


oa_connections = HotRead(
    lambda oa_id: (
        Connection.objects.filter(account_id=oa_id, channel__kind=ChannelKind.ZALO_OA)
        .order_by("pk")
        .values_list("channel_id", "sealed_secrets")[:MAX_CANDIDATES]
    ),
    arity=1,
)


def zalo_channel_id(oa_id: str, *, body: bytes, timestamp: str, header: str) -> int:
    """The channel of the OA whose secret key proves the event (its own, typed on its
    connection, else the site's LANTOA_ZALO_OA_SECRET_KEY); WebhookRefused when none does
    (an OA no channel knows, no key at all, a bad signature). One read of
    the columns needed, every delivery: the sealed text read decides which key is used, so
    a reconnected OA's new key counts from its first event."""
    candidates = oa_connections(oa_id)
    if not candidates:
        raise WebhookRefused(f"no channel for OA {oa_id}")
    app_id = zalo_app_id()
    reason = "no OA secret key"
    for channel_id, sealed in candidates:
        try:
            key = oa_secret_key(sealed) or settings.LANTOA_ZALO_OA_SECRET_KEY
        except CredentialError:
            reason = "OA secrets cannot be unsealed"
            continue
        if not key:
            continue
        try:
            zalo_webhook.verify_signature(
                app_id=app_id, raw_body=body, timestamp=timestamp, oa_secret_key=key, header=header
            )
        except WebhookRefused as refusal:
            reason = refusal.reason
            continue
        return channel_id
    raise WebhookRefused(f"{reason} (OA {oa_id})")


@csrf_exempt
@require_POST
def zalo(request: HttpRequest) -> HttpResponse:
    """One Zalo OA event: a follower's message is stored for the worker; any other event
    (follow, receipts, the OA's own sends) is acknowledged and dropped."""
    body = raw_body(request)
    if body is None:
        return unreadable("zalo", "form body", request)
    try:
        payload = zalo_webhook.read_body(body)
        oa_id = zalo_webhook.recipient_oa_id(payload)
        timestamp = zalo_webhook.event_timestamp(payload)
    except InvalidPayload as error:
        return unreadable("zalo", error.reason, request)
    header = request.headers.get(zalo_webhook.SIGNATURE_HEADER, "")
    try:
        channel_id = zalo_channel_id(oa_id, body=body, timestamp=timestamp, header=header)
    except WebhookRefused as refusal:
        return refused("zalo", refusal.reason, request)
    try:
        message = zalo_webhook.parse_event(payload)
    except InvalidPayload as error:
        return kept_unreadable(Intake.ZALO_OA, body, payload, error.reason, channel_id, request)
    if message is None:
        return accepted(0, "zalo")
    created = keep(Intake.ZALO_OA, f"zalo:{message.message_id}", payload, channel_id)
    return accepted(int(created), "zalo")


def kept_unreadable(intake: str, body: bytes, payload: dict, reason: str, channel_id: int | None,
                    request: HttpRequest) -> HttpResponse:  # fmt: skip
    """A signed event whose message cannot be read: stored with its error, answered 200.
    Zalo retries anything but a 200 for hours and then disables the webhook; Meta
    unsubscribes an app whose webhook keeps failing (integration-facts.md §1.1, §2.1): one
    malformed event must not cost every later one. Staff see the error on the stored event."""
    platform = "zalo" if intake == Intake.ZALO_OA else "messenger"
    log.warning("webhook %s: signed event unreadable (%s) from %s; stored with its error", platform, reason,
                request.META.get("REMOTE_ADDR", "?"))  # fmt: skip
    key = f"{platform}:invalid:{hashlib.sha256(body).hexdigest()}"
    created = keep(intake, key, payload, channel_id, error=f"invalid: {reason}")
    if created and channel_id is not None:
        note_unreadable(channel_id)
    return accepted(int(created), platform)


def note_unreadable(channel_id: int) -> None:
    """The channel's connection says, on its page, that a message could not be read (the
    officers then know to ask the sender; the stored event keeps the details)."""
    with translation.override(settings.LANGUAGE_CODE):
        problem = _("A message received at %(time)s could not be read; it is kept for the administrators.") % {
            "time": formats.datetime_(timezone.now()),
        }  # fmt: skip
    Connection.objects.filter(channel_id=channel_id).update(problem=problem[:500])


# --- Messenger


def page_notifications(payload: dict) -> tuple[list[tuple[str, str, dict]], list[tuple[dict, str]]]:
    """Each event of `payload` as a notification of its own, in Meta's shape, so that
    `messenger.parse_events` reads it alone: (page id, message id, notification) for every
    person's message, and (notification, reason) for every event that cannot be read, kept
    apart so that one malformed event neither loses the others nor brings the batch back.
    A payload whose frame (object, entries) is malformed raises InvalidPayload."""
    kind = payload.get("object")
    if not isinstance(kind, str):
        raise InvalidPayload("object is missing")
    if kind != "page":
        return [], []
    readable, unreadable = [], []
    for entry in require_list(payload.get("entry"), "entry", limit=messenger.MAX_ENTRIES):
        entry = require_dict(entry, "entry")
        events = entry.get("messaging")
        if events is None:
            continue
        for event in require_list(events, "entry.messaging", limit=messenger.MAX_EVENTS):
            alone = {"id": entry.get("id"), "time": entry.get("time"), "messaging": [event]}
            single = {"object": "page", "entry": [alone]}
            try:
                messages = messenger.parse_events(single)
            except InvalidPayload as error:
                unreadable.append((single, error.reason))
                continue
            readable += [(message.account_id, message.message_id, single) for message in messages]
    return readable, unreadable


def page_channels(page_ids: set[str]) -> dict[str, int]:
    """The Facebook Page channel's id of each page id we know (the first, if several claim it)."""
    connections = Connection.objects.filter(account_id__in=page_ids, channel__kind=ChannelKind.FACEBOOK_PAGE)
    return dict(connections.order_by("-pk").values_list("account_id", "channel_id"))


def messenger_handshake(request: HttpRequest) -> HttpResponse:
    try:
        challenge = messenger.verify_subscription(request.GET, settings.LANTOA_MESSENGER_VERIFY_TOKEN)
    except WebhookRefused as refusal:
        return refused("messenger", f"handshake: {refusal.reason}", request, status=403)
    return HttpResponse(challenge, content_type="text/plain")


def messenger_delivery(request: HttpRequest) -> HttpResponse:
    body = raw_body(request)
    if body is None:
        return unreadable("messenger", "form body", request)
    header = request.headers.get(messenger.SIGNATURE_HEADER, "")
    try:
        messenger.verify_signature(raw_body=body, app_secret=settings.LANTOA_MESSENGER_APP_SECRET, header=header)
    except WebhookRefused as refusal:
        return refused("messenger", refusal.reason, request)
    try:
        payload = messenger.read_body(body)
    except InvalidPayload as error:
        return unreadable("messenger", error.reason, request)
    try:
        found, broken = page_notifications(payload)
    except InvalidPayload as error:
        return kept_unreadable(Intake.MESSENGER, body, payload, error.reason, None, request)
    for single, reason in broken:
        kept_unreadable(Intake.MESSENGER, json.dumps(single, sort_keys=True).encode(), single, reason, None, request)
    channels = page_channels({page_id for page_id, _mid, _single in found})
    created = 0
    for page_id in sorted({page_id for page_id, _mid, _single in found} - channels.keys()):
        log.warning("webhook messenger: no channel for page %s; its messages are skipped", page_id)
    for page_id, mid, single in found:
        if page_id in channels:
            created += keep(Intake.MESSENGER, f"messenger:{mid}", single, channels[page_id])
    return accepted(created, "messenger")


@csrf_exempt
@require_http_methods(["GET", "POST"])
def messenger_webhook(request: HttpRequest) -> HttpResponse:
    """Meta's subscription handshake (GET) or a notification of the Pages' events (POST)."""
    if request.method == "GET":
        return messenger_handshake(request)
    return messenger_delivery(request)

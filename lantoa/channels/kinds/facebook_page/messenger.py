"""Messenger webhooks of our Facebook Pages: the subscription handshake, proving an event
comes from Meta, and reading the people's messages out of it.

How the inbox uses it:

    GET:  return verify_subscription(request.GET, settings.<verify token>)   # the challenge
    POST: verify_signature(raw_body=request.body, app_secret=…, header=<X-Hub-Signature-256>)
          for message in parse_events(read_body(request.body)): store it

One POST may carry several Pages' events (`entry[]`) and several events each
(`messaging[]`): every message names its Page (`account_id`). Meta retries failed
deliveries and unsubscribes the app after an hour of failures: store, answer 200, work later.
Deliveries may repeat and come out of order: store by `message_id`, sort by `sent_at`.

Sources: integration-facts.md §2.1 (Meta's webhook documentation, [verified]); no event was
received from the live API.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import re
from collections.abc import Mapping

from ..inbound import (
    MAX_ATTACHMENTS,
    MAX_NAME_CHARS,
    MAX_TEXT_CHARS,
    MESSENGER,
    InboundMessage,
    InvalidPayload,
    WebhookRefused,
    attachment,
    coordinate,
    message_id,
    millis_to_datetime,
    optional_text,
    optional_url,
    platform_id,
    require_dict,
    require_list,
)

SIGNATURE_HEADER = "X-Hub-Signature-256"
SIGNATURE_RE = re.compile(r"^sha256=([0-9a-fA-F]{64})$")
# The challenge is echoed back as the response body: only what Meta sends (an integer,
# §2.1) goes back, never text a third party chose.
CHALLENGE_RE = re.compile(r"^[A-Za-z0-9_-]{1,128}$")
MAX_BODY_BYTES = 1024 * 1024
MAX_ENTRIES = 1000
MAX_EVENTS = 1000


# ---------------------------------------------------------------------------------------
# Authenticity


def _same(given: str, expected: str) -> bool:
    """Constant-time equality of two texts (compare_digest takes bytes, or ASCII-only str)."""
    return hmac.compare_digest(given.encode("utf-8"), expected.encode("utf-8"))


def verify_subscription(params: Mapping, verify_token: str) -> str:
    """The `hub.challenge` to send back when Meta's GET handshake is ours: `hub.mode` is
    `subscribe` and `hub.verify_token` is the token set in the App Dashboard. Anything else
    raises WebhookRefused (answer 403)."""
    if not verify_token:
        raise WebhookRefused("Messenger verify token not configured")
    mode, token, challenge = (params.get(key) for key in ("hub.mode", "hub.verify_token", "hub.challenge"))
    if mode != "subscribe":
        raise WebhookRefused("hub.mode is not subscribe")
    if not isinstance(token, str) or not _same(token, verify_token):
        raise WebhookRefused("hub.verify_token does not match")
    if not isinstance(challenge, str) or not CHALLENGE_RE.match(challenge):
        raise WebhookRefused("hub.challenge is missing or malformed")
    return challenge


def verify_signature(*, raw_body: bytes, app_secret: str, header: str) -> None:
    """Raise WebhookRefused unless `header` (the `X-Hub-Signature-256` value) is
    `sha256=<hex HMAC-SHA256 of the raw body keyed with the App Secret>` (§2.1, verified)."""
    if not app_secret:
        raise WebhookRefused("Facebook app secret not configured")
    match = SIGNATURE_RE.match((header or "").strip())
    if not match:
        raise WebhookRefused("missing or malformed X-Hub-Signature-256 header")
    expected = hmac.new(app_secret.encode("utf-8"), raw_body, hashlib.sha256).hexdigest()
    if not hmac.compare_digest(expected, match.group(1).lower()):
        raise WebhookRefused("X-Hub-Signature-256 does not match")


def read_body(raw_body: bytes) -> dict:
    if len(raw_body) > MAX_BODY_BYTES:
        raise InvalidPayload("body is too large")
    try:
        payload = json.loads(raw_body)
    except (ValueError, RecursionError):
        raise InvalidPayload("body is not JSON") from None
    return require_dict(payload, "body")


# ---------------------------------------------------------------------------------------
# Reading events


def parse_events(payload: dict) -> list[InboundMessage]:
    """The people's messages in one notification, in the order sent. Skipped: the Page's
    own messages (echoes, `message.is_echo`), deliveries, reads, postbacks, reactions and
    every other event without a `message`, and notifications for another object than a
    Page (`object` other than "page"). Anything malformed raises InvalidPayload only."""
    payload = require_dict(payload, "body")
    kind = payload.get("object")
    if not isinstance(kind, str):
        raise InvalidPayload("object is missing")
    if kind != "page":
        return []
    found = []
    for index, entry in enumerate(require_list(payload.get("entry"), "entry", limit=MAX_ENTRIES)):
        found += _entry_messages(entry, f"entry[{index}]")
    return found


def _entry_messages(entry, what: str) -> list[InboundMessage]:
    """The messages of one Page's entry. `messaging` is absent from entries of other
    webhook fields (`changes` of the feed, `standby` of the handover protocol)."""
    entry = require_dict(entry, what)
    page_id = platform_id(entry.get("id"), f"{what}.id")
    events = entry.get("messaging")
    if events is None:
        return []
    messages = []
    for index, event in enumerate(require_list(events, f"{what}.messaging", limit=MAX_EVENTS)):
        message = _message(event, page_id, f"{what}.messaging[{index}]")
        if message is not None:
            messages.append(message)
    return messages


def _message(event, page_id: str, what: str) -> InboundMessage | None:
    event = require_dict(event, what)
    if event.get("message") is None:
        return None  # delivery, read, postback, reaction, optin…
    message = require_dict(event["message"], f"{what}.message")
    if message.get("is_echo") is True:
        return None  # what the Page itself sent
    recipient = platform_id(require_dict(event.get("recipient"), f"{what}.recipient").get("id"), f"{what}.recipient")
    if recipient != page_id:
        raise InvalidPayload(f"{what}.recipient is not the entry's Page")
    text = optional_text(message.get("text"), f"{what}.message.text")
    attachments = _attachments(message.get("attachments"), f"{what}.message.attachments")
    if not text and not attachments:
        raise InvalidPayload(f"{what}.message has neither text nor attachments")
    return InboundMessage(
        platform=MESSENGER,
        account_id=page_id,
        sender_id=platform_id(require_dict(event.get("sender"), f"{what}.sender").get("id"), f"{what}.sender"),
        message_id=message_id(message.get("mid"), f"{what}.message.mid"),
        text=text,
        sent_at=millis_to_datetime(event.get("timestamp"), f"{what}.timestamp"),
        attachments=attachments,
        raw_event=event,
    )


def _attachments(value, what: str) -> tuple[dict, ...]:
    if value is None:
        return ()
    items = require_list(value, what, limit=MAX_ATTACHMENTS)
    return tuple(_attachment(item, f"{what}[{index}]") for index, item in enumerate(items))


def _attachment(item, what: str) -> dict:
    """{type, url, name}: image, video, audio and file carry `payload.url`; a shared link
    (`fallback`) a `title` and `url`; an older `location` its `payload.coordinates`
    (`lat`, `long`). A sticker is an image whose payload also has `sticker_id`."""
    item = require_dict(item, what)
    kind = optional_text(item.get("type"), f"{what}.type", limit=32)
    if not kind:
        raise InvalidPayload(f"{what}.type is missing")
    payload = {} if item.get("payload") is None else require_dict(item.get("payload"), f"{what}.payload")
    if kind == "location" and payload.get("coordinates") is not None:
        coordinates = require_dict(payload["coordinates"], f"{what}.payload.coordinates")
        latitude = coordinate(coordinates.get("lat"), f"{what}.lat", bound=90)
        longitude = coordinate(coordinates.get("long"), f"{what}.long", bound=180)
        return attachment("location", "", f"{latitude:.6f}, {longitude:.6f}")
    if kind == "image" and payload.get("sticker_id") is not None:
        kind = "sticker"
    title = optional_text(item.get("title") or payload.get("title"), f"{what}.title", limit=MAX_TEXT_CHARS)
    return attachment(kind, optional_url(payload.get("url"), f"{what}.payload.url"), title.strip()[:MAX_NAME_CHARS])

"""Zalo OA webhook events: proving one comes from Zalo, finding the OA it is for, and
reading a follower's message out of it.

How the inbox uses it, for one POST:

    payload = read_body(raw_body)                     # InvalidPayload if not a JSON object
    oa_id = recipient_oa_id(payload)                  # unproven: only to choose the key
    verify_signature(app_id=…, raw_body=raw_body, timestamp=event_timestamp(payload),
                     oa_secret_key=<that OA's secret key>, header=<X-ZEvent-Signature>)
    message = parse_event(payload)                    # None for events that are not messages

Nothing read from the body is trusted before `verify_signature` passes, except the OA id
used to pick which key to check it with. Zalo wants HTTP 200 within about 2 seconds or it
retries (and after 12 hours of failures disables the webhook): store, answer, work later.

Sources: integration-facts.md §1.1 and §1.2, all [secondary] (chatwoot's Zalo integration
and SDK typings, consistent with each other); no event was received from the live API.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import re

from ..inbound import (
    MAX_ATTACHMENTS,
    MAX_NAME_CHARS,
    MAX_TEXT_CHARS,
    ZALO_OA,
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

SIGNATURE_HEADER = "X-ZEvent-Signature"
SIGNATURE_RE = re.compile(r"^mac=([0-9a-fA-F]{64})$")
MAX_BODY_BYTES = 1024 * 1024
MAX_EVENT_NAME = 64

# The follower's messages and the attachment type each carries (§1.1, chatwoot's
# SUPPORTED_EVENTS). `anonymous_send_*` (a visitor without a Zalo account, chatting from a
# website widget) is left out: the consultation API replies to a `user_id`, which such a
# visitor does not have, so the inbox could not answer it.
MESSAGE_EVENTS = {
    "user_send_text": "",
    "user_send_image": "image",
    "user_send_gif": "gif",
    "user_send_file": "file",
    "user_send_link": "link",
    "user_send_sticker": "sticker",
    "user_send_location": "location",
    "user_send_audio": "audio",
    "user_send_video": "video",
}
# Events about a message the OA sent: the OA is the sender (§1.1, routing rule).
OA_SENDS = frozenset({"user_received_message", "user_seen_message"})


# ---------------------------------------------------------------------------------------
# Authenticity


def read_body(raw_body: bytes) -> dict:
    """The event as a dict. Large integers stay exact (Python's JSON does not round them)."""
    if len(raw_body) > MAX_BODY_BYTES:
        raise InvalidPayload("body is too large")
    try:
        payload = json.loads(raw_body)
    except (ValueError, RecursionError):  # UnicodeDecodeError is a ValueError
        raise InvalidPayload("body is not JSON") from None
    return require_dict(payload, "body")


def event_timestamp(payload: dict) -> str:
    """The `timestamp` of the event's JSON body, as the text the signature covers: Zalo
    sends it as a string of milliseconds; a JSON integer is taken as its digits."""
    value = payload.get("timestamp")
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise InvalidPayload("timestamp is missing")
    millis_to_datetime(value, "timestamp")  # digits, in range
    return str(value)


def verify_signature(*, app_id: str, raw_body: bytes, timestamp: str, oa_secret_key: str, header: str) -> None:
    """Raise WebhookRefused unless `header` (the `X-ZEvent-Signature` value) is
    `mac=<hex SHA-256 of app_id + raw_body + timestamp + oa_secret_key>`.

    Verified against sources (§1.2, [secondary] but consistent across them): the header's
    name and `mac=` form; a plain SHA-256 of the concatenation, not an HMAC; the key is the
    OA Secret Key (not the App Secret); the body is hashed as the raw bytes received.
    Assumed, unverified: `timestamp` is the `timestamp` field of the JSON body, exactly as
    sent (some integrations read an `X-ZEvent-Timestamp` header instead; none of the
    sources in §1.2 do); `app_id` is our Zalo app's id, which is also the body's `app_id`.
    Unverified: whether the hex digest may come in upper case (accepted either way).
    """
    if not (app_id and oa_secret_key):
        raise WebhookRefused("Zalo app id or OA secret key not configured")
    if not timestamp:
        raise WebhookRefused("event has no timestamp")
    match = SIGNATURE_RE.match((header or "").strip())
    if not match:
        raise WebhookRefused("missing or malformed X-ZEvent-Signature header")
    signed = app_id.encode("utf-8") + raw_body + timestamp.encode("utf-8") + oa_secret_key.encode("utf-8")
    expected = hashlib.sha256(signed).hexdigest()
    if not hmac.compare_digest(expected, match.group(1).lower()):
        raise WebhookRefused("X-ZEvent-Signature does not match")


# ---------------------------------------------------------------------------------------
# Reading events


def event_name(payload: dict) -> str:
    name = require_dict(payload, "event").get("event_name")
    if not isinstance(name, str) or not name or len(name) > MAX_EVENT_NAME:
        raise InvalidPayload("event_name is missing")
    return name


def _party(payload: dict, key: str) -> str:
    return platform_id(require_dict(payload.get(key), key).get("id"), f"{key}.id")


def recipient_oa_id(payload: dict) -> str:
    """The OA the event concerns: `recipient.id` for what a person sends (`user_send_*`,
    and any other `user_*` action addressed to the OA); `sender.id` for the delivery and
    seen receipts of the OA's own messages and for `oa_send_*` (routing rule of §1.1).
    unverified: for events with neither shape, such as `follow`/`unfollow` (which carry
    `oa_id` and `follower`, per the SDK typings), the top-level `oa_id`."""
    name = event_name(payload)
    if name in OA_SENDS or name.startswith("oa_send_"):
        return _party(payload, "sender")
    if "recipient" in payload:
        return _party(payload, "recipient")
    if "oa_id" in payload:
        return platform_id(payload["oa_id"], "oa_id")
    raise InvalidPayload("event names no OA")


def parse_event(payload: dict) -> InboundMessage | None:
    """The follower's message in a `user_send_*` event; None for every other event (follow,
    unfollow, the OA's own sends, receipts, events not known here). Anything malformed
    raises InvalidPayload and nothing else.

    A sticker has no text (the sticker's image is the attachment). A location has the
    coordinates as its text when the follower wrote none, and as the attachment's name."""
    name = event_name(payload)
    if name not in MESSAGE_EVENTS:
        return None
    message = require_dict(payload.get("message"), "message")
    attachments = _attachments(message.get("attachments"))
    text = optional_text(message.get("text"), "message.text")
    if name == "user_send_text" and not text.strip():
        raise InvalidPayload("text message has no text")
    if MESSAGE_EVENTS[name] and not attachments:
        raise InvalidPayload(f"{name} has no attachment")
    if name == "user_send_sticker":
        text = ""
    if name == "user_send_location" and not text.strip():
        text = next((item["name"] for item in attachments if item["type"] == "location"), "")
    return InboundMessage(
        platform=ZALO_OA,
        account_id=_party(payload, "recipient"),
        sender_id=_party(payload, "sender"),
        message_id=message_id(message.get("msg_id"), "message.msg_id"),
        text=text,
        sent_at=millis_to_datetime(payload.get("timestamp"), "timestamp"),
        attachments=attachments,
        raw_event=payload,
    )


def _attachments(value) -> tuple[dict, ...]:
    if value is None:
        return ()
    items = require_list(value, "message.attachments", limit=MAX_ATTACHMENTS)
    return tuple(_attachment(item, f"message.attachments[{index}]") for index, item in enumerate(items))


def _attachment(item, what: str) -> dict:
    """{type, url, name} of one attachment. `name`: a file's name, a link's title or
    description (cut to MAX_NAME_CHARS), a location's "latitude, longitude"."""
    item = require_dict(item, what)
    kind = optional_text(item.get("type"), f"{what}.type", limit=32)
    if not kind:
        raise InvalidPayload(f"{what}.type is missing")
    payload = {} if item.get("payload") is None else require_dict(item.get("payload"), f"{what}.payload")
    if kind == "location":
        coordinates = require_dict(payload.get("coordinates"), f"{what}.payload.coordinates")
        latitude = coordinate(coordinates.get("latitude"), f"{what}.latitude", bound=90)
        longitude = coordinate(coordinates.get("longitude"), f"{what}.longitude", bound=180)
        return attachment("location", "", f"{latitude:.6f}, {longitude:.6f}")
    name = ""
    for key in ("name", "title", "description"):
        name = optional_text(payload.get(key), f"{what}.payload.{key}", limit=MAX_TEXT_CHARS).strip()
        if name:
            break
    return attachment(kind, optional_url(payload.get("url"), f"{what}.payload.url"), name[:MAX_NAME_CHARS])

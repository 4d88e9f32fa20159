"""A channel's connection to its platform account: its secrets opened for a call, and the
access token refreshed before it expires (or when the platform says it has), by one worker
at a time.

A Zalo refresh token works once: two workers refreshing at once would leave one of them
with a refused token and, worse, store a pair the platform no longer honours. So a refresh
happens inside a transaction holding the connection's row (`select_for_update` on
PostgreSQL; on SQLite every write transaction begins IMMEDIATE, one writer at a time), and
the row is read again inside it: a worker that waited finds the fresh token the other one
stored, and uses it. The new pair is stored in the same transaction as it is received.

Connecting and disconnecting are written in Wagtail's audit log against the channel, with
the account id only: a secret never goes into a log entry.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from wagtail.log_actions import log

from .credentials import seal, unseal
from .models import Connection, ConnectionStatus

REFRESH_MARGIN = datetime.timedelta(hours=1)  # refresh an access token that expires within the hour
CONNECT_ACTION = "lantoa.channels.connect"
DISCONNECT_ACTION = "lantoa.channels.disconnect"
WEBHOOK_KEY_ACTION = "lantoa.channels.webhook_key"


def secrets_of(connection: Connection) -> dict:
    return unseal(connection.sealed_secrets)


@transaction.atomic
def do_connect(channel, *, account_id: str, secrets: dict, access_expires_at=None, refresh_expires_at=None,
               actor=None) -> Connection:  # fmt: skip
    """Store (or replace) the channel's connection; it is "connected" again."""
    connection, created = Connection.objects.update_or_create(
        channel=channel,
        defaults={
            "account_id": account_id, "sealed_secrets": seal(secrets), "access_expires_at": access_expires_at,
            "refresh_expires_at": refresh_expires_at, "status": ConnectionStatus.CONNECTED, "problem": "",
            "connected_by": actor,
        },
    )  # fmt: skip
    Connection.objects.filter(pk=connection.pk).update(version=F("version") + 1)
    connection.refresh_from_db(fields=["version"])
    log(channel, CONNECT_ACTION, user=actor, data={"account_id": account_id, "replaced": not created})
    return connection


@transaction.atomic
def do_disconnect(channel, *, actor=None) -> bool:
    """Forget the channel's connection and its secrets (True when there was one)."""
    account_id = Connection.objects.filter(channel=channel).values_list("account_id", flat=True).first()
    if account_id is None or not Connection.objects.filter(channel=channel).delete()[0]:
        return False
    log(channel, DISCONNECT_ACTION, user=actor, data={"account_id": account_id})
    return True


@transaction.atomic
def do_set_webhook_key(connection: Connection, *, key: str, actor=None) -> None:
    """Store the key that proves the platform's events to this connection (a Zalo OA's
    secret key) beside its tokens; the row is held, as a token refresh holds it, so neither
    write loses the other's. The audit log names the action, never the key."""
    row = Connection.objects.select_for_update().get(pk=connection.pk)
    secrets = unseal(row.sealed_secrets)
    secrets["oa_secret_key"] = key
    row.sealed_secrets = seal(secrets)
    row.save(update_fields=["sealed_secrets"])
    _adopt(connection, row)
    log(row.channel, WEBHOOK_KEY_ACTION, user=actor, data={"account_id": row.account_id})


def has_webhook_key(connection: Connection) -> bool:
    return bool(secrets_of(connection).get("oa_secret_key"))


def fresh_secrets(connection: Connection, refresh: Callable[[dict], dict], *, force: bool = False) -> dict:
    """The connection's secrets with an access token good for at least REFRESH_MARGIN.

    `refresh(secrets)` calls the platform and returns what changed: new tokens, and
    `access_expires_at` / `refresh_expires_at` when known. `force` (the platform refused the
    token) refreshes unless another worker did so since `connection` was read.

    A token still good as `connection` holds it is used without a transaction: on SQLite
    a write transaction waits for the one write lock, and a send waiting there (while the
    lock's holders write) was long enough for the worker to look dead and its send to be
    taken over."""
    if not force and still_good(connection.access_expires_at):
        return unseal(connection.sealed_secrets)
    with transaction.atomic():
        row = Connection.objects.select_for_update().get(pk=connection.pk)
        secrets = unseal(row.sealed_secrets)
        refreshed_meanwhile = row.version != connection.version
        if (still_good(row.access_expires_at) and not force) or (force and refreshed_meanwhile):
            _adopt(connection, row)
            return secrets
        changes = refresh(secrets)
        secrets.update({k: v for k, v in changes.items() if not k.endswith("_expires_at")})
        row.sealed_secrets = seal(secrets)
        row.access_expires_at = changes.get("access_expires_at", row.access_expires_at)
        row.refresh_expires_at = changes.get("refresh_expires_at", row.refresh_expires_at)
        row.version += 1
        row.save(update_fields=["sealed_secrets", "access_expires_at", "refresh_expires_at", "version"])
        _adopt(connection, row)
        return secrets


def still_good(expires: datetime.datetime | None) -> bool:
    return expires is None or expires > timezone.now() + REFRESH_MARGIN


def _adopt(connection: Connection, row: Connection) -> None:
    """The caller's instance sees what is stored now."""
    for name in ("sealed_secrets", "access_expires_at", "refresh_expires_at", "version", "status"):
        setattr(connection, name, getattr(row, name))

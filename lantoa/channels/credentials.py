"""Channel credentials (tokens, keys) encrypted at rest.

A channel's secrets are one JSON object, stored as a Fernet token (AES-128-CBC with an
HMAC-SHA256, from `cryptography`): whoever reads the database or a backup without the key
reads nothing. The keys come from the environment, `LANTOA_CREDENTIAL_KEYS`: Fernet keys
separated by commas, the newest first; every key decrypts, the first one encrypts. Without
it (the embedded mode of `make run`) a key is generated once into DATA_DIR/credential_key,
readable by the service account only; a production site sets the variable and keeps the
key apart from the database and its backups.

Rotation (docs: CONTRIBUTING.md, "Channel credentials"):
1. put a new key in front: `LANTOA_CREDENTIAL_KEYS=<new>,<old>` (make one with
   `python -c "from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())"`);
2. restart, then run `manage.py rotate_channel_credentials`: every stored secret is
   encrypted again with the new key;
3. drop the old key from the variable and restart.

Secrets never leave this module as text except to the adapter that sends them to their
platform: not in a page, a log line, an export or an exception message.
"""

from __future__ import annotations

import json

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


class CredentialError(Exception):
    """Stored secrets that no configured key opens (a key was dropped too early)."""


def _keys() -> list[str]:
    keys = [key.strip() for key in getattr(settings, "LANTOA_CREDENTIAL_KEYS", []) if key and key.strip()]
    if not keys:
        raise ImproperlyConfigured("LANTOA_CREDENTIAL_KEYS is empty: channel credentials cannot be stored.")
    return keys


def _cipher() -> MultiFernet:
    try:
        return MultiFernet([Fernet(key.encode()) for key in _keys()])
    except ValueError as error:  # not a 32-byte url-safe base64 key
        raise ImproperlyConfigured("LANTOA_CREDENTIAL_KEYS holds a key that is not a Fernet key.") from error


def seal(secrets: dict) -> str:
    """The secrets as stored: a Fernet token of their JSON, under the newest key."""
    return _cipher().encrypt(json.dumps(secrets, sort_keys=True).encode()).decode()


def unseal(token: str) -> dict:
    """The secrets of a stored token ({} for an empty one)."""
    if not token:
        return {}
    try:
        return json.loads(_cipher().decrypt(token.encode()))
    except InvalidToken as error:
        raise CredentialError("Không giải mã được thông tin kết nối của kênh: khóa mã hóa đã thay đổi.") from error


def reseal(token: str) -> str:
    """The same secrets under the newest key (rotation); an empty token stays empty."""
    if not token:
        return token
    try:
        return _cipher().rotate(token.encode()).decode()
    except InvalidToken as error:
        raise CredentialError("Không giải mã được thông tin kết nối của kênh: khóa mã hóa đã thay đổi.") from error

"""Every change to API tokens: issue and revoke.

Tokens are Wagtail's own `APIToken` (the token shown once, only an HMAC-SHA-256 digest
stored, old tokens still valid across a SECRET_KEY rotation), so the Wagtail admin's
token screens and this command manage the same rows."""

from __future__ import annotations

from django.db import transaction
from wagtail.log_actions import log
from wagtail.models import APIToken


@transaction.atomic
def do_issue_api_token(user, *, name: str, actor) -> tuple[APIToken, str]:
    """A new token for `user`: returns the row and the token itself, which is never stored."""
    row, token = APIToken.create_token(user=user, name=name.strip())
    log(row, "wagtail.apitoken.create", user=actor)
    return row, token


@transaction.atomic
def do_revoke_api_tokens(user, *, name: str | None = None, actor) -> int:
    """Revoke the user's live tokens (only those called `name`, if given); returns how many."""
    tokens = APIToken.objects.filter(user=user, revoked_at__isnull=True)
    if name is not None:
        tokens = tokens.filter(name=name.strip())
    revoked = list(tokens)
    for token in revoked:
        token.revoke()
        log(token, "wagtail.apitoken.revoke", user=actor)
    return len(revoked)

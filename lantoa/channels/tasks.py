"""Background work of the channel registry: large confirmed imports."""

from __future__ import annotations

import datetime

from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from lantoa.lib.tasks import PermanentError, background_task, describe_task, periodic

from . import imports


# Not retried: a half-written import run again would report its own rows as conflicts.
# The rows written stay written; importing the file again adds or changes only the rest.
@background_task(max_attempts=1)
def apply_channel_import(token: str, user_id: int) -> int:
    """Write the rows of the confirmed import `token` as `user_id`; returns the rows done."""
    pending = imports.read_state(token)
    if pending is None or pending.owner_id != user_id:
        raise PermanentError(f"channel import {token[:6]}… is gone or not this user's")
    actor = get_user_model().objects.get(pk=user_id)
    imports.run(pending, actor=actor)
    return pending.done


def units_of_import(token: str, user_id: int) -> list[int]:
    """An import is the business of the units whose channels it writes."""
    pending = imports.read_state(token)
    return pending.unit_ids if pending is not None else []


describe_task(apply_channel_import, label=_("Import the channel registry from Excel"), units=units_of_import)


@periodic(every=datetime.timedelta(hours=1), name="channels.purge_imports")
@background_task(max_attempts=3)
def purge_channel_imports() -> int:
    """Delete uploaded import files past their expiry."""
    return imports.purge_expired()


describe_task(purge_channel_imports, label=_("Delete expired channel import files"))


# --- Publishing (lantoa/channels/publishing.py)


def _attempt(work, publication_id: int):
    """Run one publishing step; a refusal that will not pass by waiting is not retried."""
    from .kinds.base import PlatformError

    try:
        return work(publication_id)
    except PlatformError as error:
        if not error.retryable:
            raise PermanentError(str(error)) from error
        raise


# Sends go before housekeeping (search indexing, reference index) queued by the same publish.
SEND_PRIORITY = 10


@background_task(max_attempts=6, backoff_seconds=60, priority=SEND_PRIORITY)
def send_publication(publication_id: int) -> str:
    """Publish one article on one channel through its adapter."""
    from . import publishing

    publication = _attempt(publishing.send, publication_id)
    return publication.url if publication else ""


@background_task(max_attempts=6, backoff_seconds=60)
def update_publication(publication_id: int) -> None:
    """Carry an article's correction to its post."""
    from . import publishing

    _attempt(publishing.update, publication_id)


@background_task(max_attempts=6, backoff_seconds=60)
def withdraw_publication(publication_id: int) -> None:
    """Take an unpublished article's post down."""
    from . import publishing

    _attempt(publishing.withdraw, publication_id)


def units_of_publication(publication_id: int) -> list[int]:
    from .models import Publication

    return list(Publication.objects.filter(pk=publication_id).values_list("channel__unit_id", flat=True))


describe_task(send_publication, label=_("Publish an article on a channel"), units=units_of_publication)
describe_task(update_publication, label=_("Update an article's post on a channel"), units=units_of_publication)
describe_task(withdraw_publication, label=_("Withdraw an article's post from a channel"), units=units_of_publication)


@periodic(every=datetime.timedelta(hours=6), name="channels.fetch_statistics")
@background_task(max_attempts=2)
def fetch_publication_statistics() -> dict:
    """Read back the reactions, comments, shares, reach and views of recent posts."""
    from . import publishing

    return publishing.fetch_statistics()


describe_task(fetch_publication_statistics, label=_("Read the statistics of the posts on the channels"))


@periodic(every=datetime.timedelta(hours=12), name="channels.keep_connections")
@background_task(max_attempts=2)
def keep_connections() -> dict:
    """Renew the refresh tokens that would run out soon (a Zalo OA used only to receive)."""
    from . import publishing

    return publishing.keep_connections_alive()


describe_task(keep_connections, label=_("Keep the channels' connections from running out"))


@periodic(every=datetime.timedelta(hours=24), name="channels.fetch_audiences")
@background_task(max_attempts=2)
def fetch_channel_audiences() -> dict:
    """Count the subscribers of the YouTube channels (the platforms that say so)."""
    from . import publishing

    return publishing.fetch_audiences()


describe_task(fetch_channel_audiences, label=_("Count the followers of the channels on their platforms"))

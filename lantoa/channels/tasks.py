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

"""Background work of the cascade: the fan-out of a dispatch."""

from __future__ import annotations

import datetime

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lantoa.lib.tasks import background_task, describe_task, periodic


@background_task(max_attempts=3, backoff_seconds=30)
def fan_out_dispatch(dispatch_id: int) -> int:
    """Make the tasks of a dispatch's target units; returns how many units."""
    from . import actions

    return actions.fan_out(dispatch_id)


def units_of_dispatch(dispatch_id: int) -> list[int]:
    from .models import Dispatch

    return list(Dispatch.objects.filter(pk=dispatch_id).values_list("sender_unit_id", flat=True))


describe_task(fan_out_dispatch, label=_("Send a dispatch to the units"), units=units_of_dispatch)


@periodic(every=datetime.timedelta(hours=6), name="cascade.remind")
@background_task(max_attempts=2)
def remind_due_tasks() -> int:
    """Remind the units of work due soon or late, and the units that sent it of late units."""
    from . import notices

    return notices.remind(timezone.localdate())


describe_task(remind_due_tasks, label=_("Remind the units of work due soon or late"))

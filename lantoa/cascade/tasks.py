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


@periodic(every=datetime.timedelta(hours=6), name="cascade.remind_late")
@background_task(max_attempts=2)
def remind_late_tasks() -> int:
    """Remind the units late on work sent down, and the units that sent it."""
    from . import notices

    return notices.remind_late(timezone.localdate())


describe_task(remind_late_tasks, label=_("Remind the units late on work sent down"))

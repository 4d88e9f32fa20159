"""Who hears about the cascade's work: a unit's officers when work arrives (a dispatch, a
relay) and when it is late, and the sending unit when its units are late. In-app
notifications (`lantoa.workspace.actions.do_notify`), one per person, written in bulk."""

from __future__ import annotations

import datetime
from collections import defaultdict

from django.conf import settings
from django.db.models import Count, Q
from django.urls import NoReverseMatch, reverse
from django.utils import formats, translation
from django.utils.translation import gettext as _

from lantoa.org.approval import nearest_holders
from lantoa.org.models import Role, RoleKind

from .models import Dispatch, TaskStatus, UnitTask

REMIND_EVERY = datetime.timedelta(days=3)  # a late task is brought up again after this


def officer_home() -> str:
    try:
        return reverse("viec:index")
    except NoReverseMatch:
        return "/viec/"


def officers_of(unit_ids) -> dict[int, set[int]]:
    """The active officers holding the unit-officer role on each of these units."""
    found: dict[int, set[int]] = defaultdict(set)
    roles = Role.objects.filter(kind=RoleKind.UNIT_OFFICER, unit_id__in=unit_ids, user__is_active=True)
    for unit_id, user_id in roles.values_list("unit_id", "user_id"):
        found[unit_id].add(user_id)
    return found


def notify_new_work(dispatch: Dispatch) -> int:
    """The officers of the units a dispatch reached hear of it (once each)."""
    from lantoa.workspace.actions import do_notify

    units = UnitTask.objects.filter(dispatch=dispatch).values("unit_id")
    people = set().union(*officers_of(units).values())
    with translation.override(settings.LANGUAGE_CODE):
        message = _("New work from %(sender)s: %(title)s (due %(day)s)") % {
            "sender": dispatch.sender_unit.name, "title": dispatch.title,
            "day": formats.date_format(dispatch.due_on, "d/m/Y"),
        }  # fmt: skip
    return do_notify(people, kind="cascade.new_work", message=message, url=officer_home())


def late_tasks(today: datetime.date):
    """Pending tasks past their due day not brought up in the last REMIND_EVERY days."""
    recently = today - REMIND_EVERY
    return UnitTask.objects.filter(status=TaskStatus.PENDING, due_on__lt=today).filter(
        Q(reminded_on__isnull=True) | Q(reminded_on__lte=recently)
    )


def remind_late(today: datetime.date) -> int:
    """Tell each late unit's officers how many of their tasks are late, and each sending
    unit's officers and editors how many of its units are late on each dispatch; returns
    the notifications written."""
    from lantoa.workspace.actions import do_notify

    late = late_tasks(today)
    per_unit = dict(late.values_list("unit_id").annotate(n=Count("pk")))
    if not per_unit:
        return 0
    written = 0
    by_count: dict[int, set[int]] = defaultdict(set)
    for unit_id, people in officers_of(list(per_unit)).items():
        for person in people:
            by_count[per_unit[unit_id]].add(person)
    with translation.override(settings.LANGUAGE_CODE):
        for count, people in by_count.items():
            message = _("%(count)s task(s) sent down to your union are past their due day.") % {"count": count}
            written += do_notify(people, kind="cascade.late", message=message, url=officer_home())
        per_sender = late.values("dispatch__sender_unit_id", "dispatch__title").annotate(
            units=Count("unit_id", distinct=True)
        )
        for row in per_sender:
            sender = row["dispatch__sender_unit_id"]
            people = nearest_holders(sender, RoleKind.UNIT_OFFICER) | nearest_holders(sender, RoleKind.EDITOR)
            message = _("%(units)s unit(s) are late on “%(title)s”.") % {
                "units": row["units"], "title": row["dispatch__title"]
            }  # fmt: skip
            written += do_notify(people, kind="cascade.units_late", message=message, unit_id=sender)
    late.update(reminded_on=today)
    return written

"""Who hears about the cascade's work: a unit's officers when work arrives (a dispatch, a
relay, a plan's duty) and when it is due soon or late, and the sending unit when its units
are late. In-app
notifications (`lantoa.workspace.actions.do_notify`), one per person, written in bulk."""

from __future__ import annotations

import datetime
from collections import defaultdict

from django.conf import settings
from django.db.models import Count, Q
from django.urls import NoReverseMatch, reverse
from django.utils import formats, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from lantoa.org.approval import nearest_holders
from lantoa.org.models import Role, RoleKind

from .models import Dispatch, TaskStatus, UnitTask

REMIND_EVERY = datetime.timedelta(days=3)  # a task due or late is brought up again after this
DUE_SOON_WORKING_DAYS = 3
MAX_REMINDED = 200_000  # one pass; the rest are brought up by the next one (every 6 hours)
# Who does a unit's work and hears of it: its officers, its editors, a board's head.
ACTING_KINDS = (RoleKind.UNIT_OFFICER, RoleKind.EDITOR, RoleKind.BOARD_HEAD)


def officer_home() -> str:
    try:
        return reverse("viec:index")
    except NoReverseMatch:
        return "/viec/"


def officers_of(unit_ids) -> dict[int, set[int]]:
    """The active people holding an acting role (`ACTING_KINDS`) on each of these units."""
    found: dict[int, set[int]] = defaultdict(set)
    roles = Role.objects.filter(kind__in=ACTING_KINDS, unit_id__in=unit_ids, user__is_active=True)
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
    return do_notify(people, kind="cascade.new_work", message=message, url=officer_home(), email=True)


def due_tasks(today: datetime.date, working_days: int = DUE_SOON_WORKING_DAYS):
    """Pending tasks of open units due within `working_days` working days or past their due
    day, not brought up in the last REMIND_EVERY days (weekends, holidays and the Tết break
    are not working days: `plans.calendar`)."""
    from lantoa.plans import calendar

    limit = calendar.add_working_days(today, working_days)
    recently = today - REMIND_EVERY
    due = UnitTask.objects.filter(status=TaskStatus.PENDING, due_on__lte=limit, unit__valid_to__isnull=True)
    return due.filter(Q(reminded_on__isnull=True) | Q(reminded_on__lte=recently))


def status_line(due_on: datetime.date, today: datetime.date) -> str:
    """ "hạn 08/05/2026, còn 2 ngày làm việc" or "hạn 30/04/2026, quá hạn 3 ngày làm việc"."""
    from lantoa.plans import calendar

    due = formats.date_format(due_on, "d/m/Y")
    if due_on < today:
        late = calendar.working_days_between(due_on, today)
        if late <= 0:
            return _("due %(date)s, overdue") % {"date": due}
        return ngettext(
            "due %(date)s, overdue by %(count)s working day", "due %(date)s, overdue by %(count)s working days", late
        ) % {"date": due, "count": late}
    if due_on == today:
        return _("due today, %(date)s") % {"date": due}
    left = calendar.working_days_between(today, due_on)
    return ngettext("due %(date)s, %(count)s working day left", "due %(date)s, %(count)s working days left", left) % {
        "date": due,
        "count": left,
    }


def reminder_message(tasks: list[tuple[str, datetime.date]], today: datetime.date) -> str:
    """One person's reminder: how many tasks, then each title with its due day."""
    head = ngettext("%(count)s task due soon or overdue", "%(count)s tasks due soon or overdue", len(tasks)) % {
        "count": len(tasks)
    }
    return head + ": " + "; ".join(f"{title} ({status_line(due_on, today)})" for title, due_on in tasks)


def remind(today: datetime.date) -> int:
    """Remind each unit's officers of their tasks due soon or late (in the app and by
    e-mail), and each sending unit's officers and editors of its units that are late on
    each dispatch; returns the notifications written. A task is brought up again only
    after REMIND_EVERY days; one due soon whose unit has nobody to tell waits for someone
    (a late one was brought to its sender, who may act for the unit)."""
    from lantoa.workspace.actions import do_notify

    due = due_tasks(today)
    rows = list(due.values_list("pk", "unit_id", "dispatch__title", "due_on").order_by("due_on", "pk")[:MAX_REMINDED])
    if not rows:
        return 0
    people = officers_of({unit_id for _pk, unit_id, _t, _d in rows})
    per_person: dict[int, list[tuple[str, datetime.date]]] = defaultdict(list)
    reminded = set()
    for pk, unit_id, title, due_on in rows:
        for person in people.get(unit_id, ()):
            per_person[person].append((title, due_on))
            reminded.add(pk)
    written = 0
    with translation.override(settings.LANGUAGE_CODE):
        for person, tasks in per_person.items():
            written += do_notify([person], kind="cascade.due", message=reminder_message(tasks, today),
                                 url=officer_home(), email=True)  # fmt: skip
        late = due.filter(due_on__lt=today)
        written += remind_senders(late, do_notify)
        # The late ones were brought to their sender (who acts for a unit without an officer)
        late_ids = list(late.values_list("pk", flat=True)[:MAX_REMINDED])
    UnitTask.objects.filter(pk__in=reminded.union(late_ids)).update(reminded_on=today)
    return written


def remind_senders(late, do_notify) -> int:
    """Each sending unit hears how many of its units are late on each of its dispatches."""
    written = 0
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
    return written

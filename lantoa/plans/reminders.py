"""Email reminders for assignments that are due soon or overdue, counted in working days.

Weekends, public holidays and the Tết break are not working days (``calendar.add_working_days``), so an
assignment due on the Monday after a Tết break is "due in 1 working day" on the last day before it.

    due_reminders(date(2026, 5, 6))     # open assignments due by 11/05/2026 or overdue, not reminded today
    send_reminders(date(2026, 5, 6))    # one email per officer of the assignments' units
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import send_mass_mail
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from lantoa.lib.tasks import background_task, periodic
from lantoa.org.models import Role
from lantoa.vi import formats

from . import calendar
from .models import Assignment, AssignmentStatus

DEFAULT_WORKING_DAYS = 3
SUBJECT_PREFIX = "[Lan Tỏa]"


@dataclass(frozen=True)
class ReminderCounts:
    assignments: int
    emails: int


def due_reminders(day: datetime.date, working_days: int = DEFAULT_WORKING_DAYS) -> list[Assignment]:
    """Open assignments due within ``working_days`` working days of ``day`` or overdue, not yet reminded on ``day``."""
    limit = calendar.add_working_days(day, working_days)
    due = Assignment.objects.filter(status=AssignmentStatus.OPEN, due_on__lte=limit, unit__valid_to__isnull=True)
    due = due.exclude(last_reminded_on=day)
    return list(due.select_related("plan").order_by("due_on", "pk"))


def status_line(assignment: Assignment, day: datetime.date) -> str:
    """ "hạn 08/05/2026, còn 2 ngày làm việc" or "hạn 30/04/2026, quá hạn 3 ngày làm việc"."""
    due = formats.date(assignment.due_on)
    if assignment.due_on < day:
        late = calendar.working_days_between(assignment.due_on, day)
        if late <= 0:
            return _("due %(date)s, overdue") % {"date": due}
        return ngettext(
            "due %(date)s, overdue by %(count)s working day",
            "due %(date)s, overdue by %(count)s working days",
            late,
        ) % {"date": due, "count": late}
    if assignment.due_on == day:
        return _("due today, %(date)s") % {"date": due}
    left = calendar.working_days_between(day, assignment.due_on)
    return ngettext(
        "due %(date)s, %(count)s working day left",
        "due %(date)s, %(count)s working days left",
        left,
    ) % {"date": due, "count": left}


def officers_by_unit(unit_ids: Iterable[int]) -> dict[int, dict[int, str]]:
    """For each unit, the active users holding a role in it and their email addresses: ``{unit: {user: email}}``."""
    found: dict[int, dict[int, str]] = defaultdict(dict)
    roles = Role.objects.filter(unit_id__in=set(unit_ids), user__is_active=True).exclude(user__email="")
    for unit_id, user_id, email in roles.values_list("unit_id", "user_id", "user__email"):
        found[unit_id][user_id] = email
    return found


def reminder_email(assignments: list[Assignment], day: datetime.date) -> tuple[str, str]:
    """Subject and body of one officer's reminder."""
    overdue = sum(a.due_on < day for a in assignments)
    subject = ngettext(
        "%(count)s assignment due soon or overdue",
        "%(count)s assignments due soon or overdue",
        len(assignments),
    ) % {"count": len(assignments)}
    lines = [_("Assignments to follow up as of %(date)s:") % {"date": formats.date(day)}, ""]
    lines += [f"- {a.title} ({a.plan}): {status_line(a, day)}" for a in assignments]
    if overdue:
        notice = ngettext("%(count)s of them is overdue.", "%(count)s of them are overdue.", overdue)
        lines += ["", notice % {"count": overdue}]
    lines += ["", _("When an assignment is done, record what was done on its page in Lan Tỏa.")]
    return f"{SUBJECT_PREFIX} {subject}", "\n".join(lines)


def send_reminders(day: datetime.date, working_days: int = DEFAULT_WORKING_DAYS) -> ReminderCounts:
    """Email every officer of each due assignment's unit once, listing their assignments; mark them reminded on ``day``.

    An assignment whose unit has no officer with an email address is left unmarked, so that it is picked
    up once someone is given a role there.
    """
    assignments = due_reminders(day, working_days)
    officers = officers_by_unit(a.unit_id for a in assignments)
    per_user: dict[int, list[Assignment]] = defaultdict(list)
    emails: dict[int, str] = {}
    for assignment in assignments:
        for user_id, email in officers.get(assignment.unit_id, {}).items():
            per_user[user_id].append(assignment)
            emails[user_id] = email
    with translation.override(settings.LANGUAGE_CODE):
        messages = [
            (*reminder_email(items, day), settings.DEFAULT_FROM_EMAIL, [emails[user_id]])
            for user_id, items in per_user.items()
        ]
    reminded = {a.pk for items in per_user.values() for a in items}
    with transaction.atomic():
        Assignment.objects.filter(pk__in=reminded).update(last_reminded_on=day)
        sent = send_mass_mail(messages, fail_silently=False) if messages else 0
    return ReminderCounts(assignments=len(reminded), emails=sent)


@periodic(every=datetime.timedelta(hours=6), name="plans.assignment_reminders")
@background_task(max_attempts=3)
def remind_assignments() -> int:
    """Today's reminders (every 6 hours: each assignment is emailed at most once a day); returns emails sent."""
    return send_reminders(timezone.localdate()).emails

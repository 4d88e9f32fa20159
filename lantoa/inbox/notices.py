"""Who hears of a worker's case in the app (the bell, `lantoa.workspace.actions.do_notify`),
each notice linking to the case's page:

- a new case ("inbox.new"): the people who handle cases (`inbox.change_case`) at the case's
  own unit. Not every handler of the units above, although their roles cover it too: a
  national federation's editors would hear of every case of the country, thousands a day,
  and would stop reading the bell. Where the unit has no handler at all (most grassroots
  unions have no account), the handlers of the nearest unit above that has some hear of
  it instead, as the union that answers for it (its unanswered cases go there anyway,
  `actions.escalate_overdue`); never more than one level of people.
- a case handed over ("inbox.assigned"): the person it was given to; handed to a unit
  without a person, that unit's handlers as above. Never the one who handed it over.
- the worker writing again ("inbox.reply"): the person the case is assigned to, else its
  unit's handlers; once until they read it (a worker sending five messages in a row makes
  one unread notice, not five).

Only in the app (`email=False`): a critical case also reaches the propaganda board's head
and the spokesperson by e-mail or text message (`routing.alert_critical`). The texts name
the case's code, so erasing the worker's data finds and scrubs them (`personal_data`).
"""

from __future__ import annotations

from django.conf import settings
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from django.utils.translation import gettext as _

from lantoa.org import paths
from lantoa.org.models import Role, Unit
from lantoa.org.roles import kinds_granting

from .actions import CHANGE
from .models import Case

NEW, ASSIGNED, REPLY = "inbox.new", "inbox.assigned", "inbox.reply"


def case_url(case: Case) -> str:
    try:
        return reverse("inbox_case", args=[case.pk])
    except NoReverseMatch:  # the admin's URLs are not loaded (a bare worker process)
        return ""


def handlers_of(unit_id: int) -> set[int]:
    """Active users holding a role that handles cases at `unit_id`, else at the nearest unit
    above it where someone does (two queries)."""
    path = Unit.objects.filter(pk=unit_id).values_list("path", flat=True).first()
    if not path:
        return set()
    rows = Role.objects.filter(
        kind__in=kinds_granting(CHANGE), unit_id__in=paths.ancestor_ids(path), unit__valid_to__isnull=True,
        user__is_active=True,
    ).values_list("unit__depth", "user_id")  # fmt: skip
    by_depth: dict[int, set[int]] = {}
    for depth, user_id in rows:
        by_depth.setdefault(depth, set()).add(user_id)
    return by_depth[max(by_depth)] if by_depth else set()


def notify(people, *, kind: str, case: Case, message: str) -> int:
    from lantoa.workspace.actions import do_notify

    return do_notify(people, kind=kind, message=message, url=case_url(case), unit_id=case.unit_id, email=False)


def case_arrived(case: Case) -> int:
    """A new case: its unit's handlers hear of it (`handlers_of`)."""
    with translation.override(settings.LANGUAGE_CODE):
        message = _("New case %(code)s at %(unit)s: %(subject)s") % {
            "code": case.code, "unit": case.unit.name, "subject": case.subject,
        }  # fmt: skip
    return notify(handlers_of(case.unit_id), kind=NEW, case=case, message=message)


def assigned_text(case: Case, by: str) -> str:
    values = {"code": case.code, "unit": case.unit.name, "person": by, "subject": case.subject}
    with translation.override(settings.LANGUAGE_CODE):
        if case.assignee_id and by:
            return _("Case %(code)s was assigned to you by %(person)s: %(subject)s") % values
        if case.assignee_id:
            return _("Case %(code)s was assigned to you: %(subject)s") % values
        if by:
            return _("Case %(code)s was sent to %(unit)s by %(person)s: %(subject)s") % values
        return _("Case %(code)s was sent to %(unit)s: %(subject)s") % values


def case_assigned(case: Case, actor) -> int:
    """The case was handed over: to the assignee, or, to a unit alone, that unit's handlers."""
    people = {case.assignee_id} if case.assignee_id else handlers_of(case.unit_id)
    people.discard(getattr(actor, "pk", None))
    by = (actor.get_full_name() or actor.get_username()) if actor is not None else ""
    return notify(people, kind=ASSIGNED, case=case, message=assigned_text(case, by))


def worker_wrote(case: Case) -> int:
    """The worker wrote again on the case: its assignee, else its unit's handlers, unless an
    unread notice of it already waits for them."""
    from lantoa.workspace.models import Notification

    people = {case.assignee_id} if case.assignee_id else handlers_of(case.unit_id)
    url = case_url(case)
    if url:
        waiting = Notification.objects.filter(recipient_id__in=people, kind=REPLY, url=url, read_at__isnull=True)
        people -= set(waiting.values_list("recipient_id", flat=True))
    with translation.override(settings.LANGUAGE_CODE):
        message = _("The worker wrote again on case %(code)s (%(unit)s)") % {"code": case.code, "unit": case.unit.name}
    return notify(people, kind=REPLY, case=case, message=message)

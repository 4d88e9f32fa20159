"""Searching workers' cases: the inbox list's search box and the workspace's one search.

A case keeps a folded copy of what staff may search it by (`Case.search_text`): its
tracking code, subject, the employer the worker named and the worker's own messages (the
direction "in"). Staff answers and internal notes are left out: the search finds what
workers wrote about. The contact's name, phone, Zalo and e-mail are never in it: they are
personal data that only some roles may see (`inbox.view_contact`, each showing recorded),
and a search that matched on them would tell anyone who reads cases whose case it is.

The copy is kept by `refresh_case` (called by `intake.receive` after each message) and
filled once for older cases by `backfill_search_text` (from a data migration). Erasing a
worker's data empties it with the texts it was made from.

Readability is the inbox list's own (`views.readable_cases`): cases of the units where a
role of the user grants `inbox.view_case`, whatever else the user may read there.
"""

from __future__ import annotations

from django.db.models import QuerySet

from lantoa.vi.search import filter_folded
from lantoa.vi.text import fold

from .models import Case, Direction, Message

# The start of a long thread is enough to find a case by; the LIKE scans stay short.
MAX_SEARCH_TEXT = 10_000
BACKFILL_CHUNK = 500


def search_text_of(code: str, subject: str, employer: str, bodies) -> str:
    """The folded text kept for a case, from its code, subject, employer and the worker's messages."""
    parts = (code, subject, employer, *bodies)
    return " ".join(fold(part) for part in parts if part)[:MAX_SEARCH_TEXT]


def worker_bodies(case_id: int) -> list[str]:
    rows = Message.objects.filter(case_id=case_id, direction=Direction.IN).order_by("created_at", "pk")
    return list(rows.values_list("body", flat=True))


def case_search_text(case: Case) -> str:
    """What a case is found by: never the contact's name, phone, Zalo or e-mail."""
    return search_text_of(case.code, case.subject, case.employer, worker_bodies(case.pk))


def refresh_case(case_id: int) -> str:
    """Store the case's search text again (after a message, an edit or an erasure); returns it."""
    case = Case.objects.filter(pk=case_id).only("pk", "code", "subject", "employer").first()
    if case is None:
        return ""
    text = case_search_text(case)
    Case.objects.filter(pk=case_id).update(search_text=text)
    return text


def backfill_search_text(apps=None) -> int:
    """Fill the search text of every case, a chunk at a time (two queries and one update per
    chunk); returns how many cases. From a data migration, pass its `apps` so the models are
    those of that migration's state:

        migrations.RunPython(lambda apps, schema_editor: backfill_search_text(apps), migrations.RunPython.noop)
    """
    case_model = apps.get_model("inbox", "Case") if apps else Case
    message_model = apps.get_model("inbox", "Message") if apps else Message
    done, last = 0, 0
    while True:
        chunk = list(case_model.objects.filter(pk__gt=last).order_by("pk").only("pk", "code", "subject", "employer")
                     [:BACKFILL_CHUNK])  # fmt: skip
        if not chunk:
            return done
        bodies: dict[int, list[str]] = {case.pk: [] for case in chunk}
        messages = message_model.objects.filter(case_id__in=bodies, direction=Direction.IN).order_by(
            "case_id", "created_at", "pk"
        )
        for case_id, body in messages.values_list("case_id", "body"):
            bodies[case_id].append(body)
        for case in chunk:
            case.search_text = search_text_of(case.code, case.subject, case.employer, bodies[case.pk])
        case_model.objects.bulk_update(chunk, ["search_text"])
        done, last = done + len(chunk), chunk[-1].pk


def readable(user) -> QuerySet:
    """The cases the inbox list shows the user; none (not a refusal) to a user who reads none."""
    from django.core.exceptions import PermissionDenied

    from .views import readable_cases  # the views import this module's neighbours, not this one

    try:
        return readable_cases(user)
    except PermissionDenied:
        return Case.objects.none()


def cases_matching(user, query: str) -> QuerySet:
    """Readable cases whose search text holds every folded word of `query`, newest first."""
    return filter_folded(readable(user), query).select_related("unit").order_by("-opened_at", "-pk")

"""What the staff screens show of a dispatch: a subtree's figures and each child's as of
a day (today from the compliance counts, a past day recounted from the tasks), the units
ranked, and the completion chart."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Count, F, OuterRef, Q, Subquery, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from lantoa.org import paths
from lantoa.org.models import Unit
from lantoa.vi.formats import date as vi_date
from lantoa.vi.formats import number as vi_number

from . import compliance
from .models import Dispatch, TaskStatus
from .notices import officers_of

CHART_DAYS = 120


# --- Figures as of a day


def reception(root: Dispatch, unit: Unit, day: datetime.date) -> dict[str, int]:
    """How the content was received in the unit's subtree by `day` (R20): the people its
    units reached and the reactions and comments under their posts. A share whose proof
    confirmed the article's publication on the unit's channel reads that publication's
    latest figures by `day` (entered by the officer, or fetched from the platform later:
    `channels.publishing.fetch_statistics`), once per publication however many tasks
    point at it; other done tasks give what their officer entered. Missing figures count
    as none."""
    low, high = paths.subtree_bounds(unit.path)
    done = compliance.counted_tasks(root.pk).filter(
        unit__path__gte=low, unit__path__lt=high, status=TaskStatus.DONE, done_on__lte=day
    )
    sums = done.aggregate(posts=Count("pk", filter=~Q(evidence_url="") | Q(evidence_photo__isnull=False)))
    own = done.filter(publication__isnull=True).aggregate(
        reach=Sum("reach"), reactions=Sum("reactions"), comments=Sum("comments")
    )
    published = publication_figures(done.filter(publication__isnull=False).values("publication_id"), day)
    for name in RECEPTION_FIGURES:
        sums[name] = (own[name] or 0) + (published[name] or 0)
    return {name: value or 0 for name, value in sums.items()}


RECEPTION_FIGURES = ("reach", "reactions", "comments")


def publication_figures(publication_ids, day: datetime.date) -> dict[str, int | None]:
    """The sums over the publications of each figure's latest known value on or before
    `day` (a later fetch without reach keeps the reach entered before it)."""
    from lantoa.channels.models import Publication, PublicationStat

    def latest(name: str) -> Subquery:
        known = {f"{name}__isnull": False}
        rows = PublicationStat.objects.filter(publication=OuterRef("pk"), on_date__lte=day, **known)
        return Subquery(rows.order_by("-on_date").values(name)[:1])

    publications = Publication.objects.filter(pk__in=publication_ids)
    publications = publications.annotate(**{f"latest_{name}": latest(name) for name in RECEPTION_FIGURES})
    return publications.aggregate(**{name: Sum(f"latest_{name}") for name in RECEPTION_FIGURES})


@dataclass(frozen=True)
class UnitRow:
    unit: Unit
    figures: compliance.Compliance
    no_officer: bool
    rank: int = 0


def end_of(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time.min))


def figures_on(root: Dispatch, unit: Unit, day: datetime.date):
    """(the unit's subtree figures, each child's) as of `day`: today the compliance counts;
    a past day recounts the tasks, counting only what existed and was marked by that day."""
    if day >= timezone.localdate():
        return compliance.compliance_of(root, unit.pk, day), compliance.compliance_of_children(root, unit.pk, day)
    return past_figures(root, unit, day)


def past_figures(root: Dispatch, unit: Unit, day: datetime.date):
    low, high = paths.subtree_bounds(unit.path)
    end = end_of(day)
    done = Q(status=TaskStatus.DONE, done_on__lte=day)
    settled_na = Q(status=TaskStatus.NOT_APPLICABLE, done_at__lt=end)
    rows = (
        compliance.counted_tasks(root.pk)
        .filter(unit__path__gte=low, unit__path__lt=high, dispatch__created_at__lt=end)
        .values("unit__path")
        .annotate(
            total=Count("pk"),
            done=Count("pk", filter=done),
            done_late=Count("pk", filter=done & Q(done_on__gt=F("due_on"))),
            not_applicable=Count("pk", filter=settled_na),
            late=Count("pk", filter=Q(due_on__lt=day) & ~done & ~settled_na),
        )
    )
    fields = ("total", "done", "done_late", "not_applicable", "late")
    whole = dict.fromkeys(fields, 0)
    children: dict[int, dict[str, int]] = {}
    cut = len(unit.path)
    for row in rows.iterator(chunk_size=2000):
        for field in fields:
            whole[field] += row[field]
        if len(row["unit__path"]) > cut:
            child = int(row["unit__path"][cut : cut + paths.SEGMENT])
            sums = children.setdefault(child, dict.fromkeys(fields, 0))
            for field in fields:
                sums[field] += row[field]
    as_figures = lambda d: compliance.Compliance(**d)  # noqa: E731
    return as_figures(whole), {pk: as_figures(sums) for pk, sums in children.items()}


def unit_rows(children: dict[int, compliance.Compliance]) -> list[UnitRow]:
    units = Unit.objects.in_bulk(list(children))
    staffed = officers_of(list(children))
    rows = [UnitRow(units[pk], figures, not staffed.get(pk)) for pk, figures in children.items() if pk in units]
    return sorted(rows, key=lambda row: row.unit.sort_name if hasattr(row.unit, "sort_name") else row.unit.name)


def ranking(rows: list[UnitRow]) -> list[UnitRow]:
    """Best first: most settled, then fewest late, then most on time."""
    ordered = sorted(rows, key=lambda r: (-r.figures.done_percent, r.figures.late + r.figures.done_late,
                                          -r.figures.on_time, r.unit.name))  # fmt: skip
    return [UnitRow(r.unit, r.figures, r.no_officer, rank) for rank, r in enumerate(ordered, start=1)]


# --- The completion chart


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    label: str


@dataclass(frozen=True)
class Chart:
    bars: list[Bar]
    due_x: float | None
    first: str
    last: str
    due: str
    total: str
    done: str
    width: int = 640
    height: int = 200
    top: int = 10
    base: int = 170


def completion_chart(root: Dispatch, dispatch: Dispatch, unit: Unit, day: datetime.date, total: int) -> Chart:
    """Tasks of the unit's subtree done by each day up to `day`, from the dispatch's day, on
    an axis that reaches the due day when it is later, with the due day's line."""
    start = min(timezone.localtime(dispatch.created_at).date(), day)
    end = max(dispatch.due_on, day)
    if (end - start).days >= CHART_DAYS:
        start = end - datetime.timedelta(days=CHART_DAYS - 1)
    low, high = paths.subtree_bounds(unit.path)
    per_day = dict(
        compliance.counted_tasks(root.pk)
        .filter(unit__path__gte=low, unit__path__lt=high, status=TaskStatus.DONE, done_on__lte=day)
        .values("done_on")
        .annotate(n=Count("pk"))
        .values_list("done_on", "n")
    )
    days = (end - start).days + 1
    width, top, base = Chart.width, Chart.top, Chart.base
    step = (width - 40) / days
    cumulative = sum(n for done_on, n in per_day.items() if done_on < start)
    bars = []
    for index in range((min(day, end) - start).days + 1):
        current = start + datetime.timedelta(days=index)
        cumulative += per_day.get(current, 0)
        height = (base - top) * cumulative / total if total else 0
        label = _("%(day)s: %(count)s done") % {"day": vi_date(current), "count": vi_number(cumulative)}
        bars.append(Bar(40 + index * step + step * 0.1, base - height, max(step * 0.8, 1), height, label))
    due_index = (dispatch.due_on - start).days
    due_x = 40 + due_index * step + step / 2 if 0 <= due_index < days else None
    return Chart(bars, due_x, vi_date(start), vi_date(end), vi_date(dispatch.due_on), vi_number(total),
                 vi_number(cumulative))  # fmt: skip

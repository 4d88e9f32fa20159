"""What the officer's pages read: the tasks a user does, and the kit of one task.

A user does the tasks of the units where a role of theirs grants `cascade.change_unittask`,
and of the units below those that have no officer account yet (a unit has one when an
active user holds a unit officer's role on exactly that unit): the hub acts for them. A
task outside that set is not found (404), also by its address.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from itertools import groupby
from urllib.parse import quote

from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from lantoa.channels.kits import Link
from lantoa.org import scope
from lantoa.org.models import Role, RoleKind, Unit
from lantoa.org.roles import kinds_granting

from .evidence import ACTION_CHANNEL_KINDS
from .models import Action, Dispatch, TaskStatus, UnitTask

PERM = "cascade.change_unittask"
PENDING_SHOWN = 60
DONE_SHOWN = 10
CHANNELS_SHOWN = 30


def officer_unit_ids() -> QuerySet:
    """Units that have an officer account."""
    return Role.objects.filter(kind=RoleKind.UNIT_OFFICER, user__is_active=True).values("unit_id")


def role_units(user) -> QuerySet[Unit]:
    """The open units where a role of the user grants marking tasks."""
    return Unit.objects.current().filter(
        pk__in=Role.objects.filter(user=user, kind__in=kinds_granting(PERM)).values("unit_id")
    )


def my_tasks_q(user) -> Q:
    """Tasks of the user's role units, and of the units below them without an officer."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return Q(pk__in=[])
    if user.is_superuser:
        return ~Q(unit_id__in=officer_unit_ids())
    units = list(role_units(user).values_list("pk", "path"))
    own = Q(unit_id__in=[pk for pk, _path in units])
    below = scope.strictly_below_q([path for _pk, path in units], "unit__path") & ~Q(unit_id__in=officer_unit_ids())
    return own | below


def without_officer(unit_ids) -> set[int]:
    having = set(
        Role.objects.filter(kind=RoleKind.UNIT_OFFICER, user__is_active=True, unit_id__in=unit_ids).values_list(
            "unit_id", flat=True
        )
    )
    return set(unit_ids) - having


@dataclass(frozen=True)
class TaskRow:
    task: UnitTask
    late: bool
    no_officer: bool


@dataclass(frozen=True)
class DispatchGroup:
    dispatch: Dispatch
    rows: list[TaskRow]


@dataclass(frozen=True)
class MyWork:
    groups: list[DispatchGroup]
    pending_total: int
    done: list[TaskRow]

    @property
    def more(self) -> int:
        return max(0, self.pending_total - sum(len(group.rows) for group in self.groups))


def my_work(user, today: datetime.date | None = None) -> MyWork:
    """Pending tasks grouped by dispatch, the latest due first; then the last ones done."""
    today = today or timezone.localdate()
    mine = UnitTask.objects.filter(my_tasks_q(user)).select_related("dispatch", "unit")
    pending_qs = mine.filter(status=TaskStatus.PENDING)
    pending = list(pending_qs.order_by("-due_on", "-dispatch_id", "unit__path", "action")[:PENDING_SHOWN])
    done = list(
        mine.filter(status__in=[TaskStatus.DONE, TaskStatus.NOT_APPLICABLE]).order_by("-done_at", "-pk")[:DONE_SHOWN]
    )
    lonely = without_officer({task.unit_id for task in pending + done})
    groups = [
        DispatchGroup(dispatch, [TaskRow(t, t.is_late(today), t.unit_id in lonely) for t in tasks])
        for dispatch, tasks in ((d, list(ts)) for d, ts in groupby(pending, key=lambda t: t.dispatch))
    ]
    total = pending_qs.count() if len(pending) == PENDING_SHOWN else len(pending)
    return MyWork(groups, total, [TaskRow(t, t.is_late(today), t.unit_id in lonely) for t in done])


def my_channels(user, today: datetime.date | None = None) -> list:
    """The channels of the units the user works for, still active, with their verification
    (a channel counts in the figures only once the union above verified it)."""
    from lantoa.channels.models import Channel

    today = today or timezone.localdate()
    if not getattr(user, "is_authenticated", False) or user.is_superuser:
        return []
    active = Q(active_to__isnull=True) | Q(active_to__gte=today)
    rows = Channel.objects.filter(active, unit__in=role_units(user)).select_related("unit")
    return list(rows.order_by("unit__path", "kind", "name")[:CHANNELS_SHOWN])


def task_for(user, pk) -> UnitTask | None:
    """One of the user's tasks (None when it is not theirs to do)."""
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        return None
    task = UnitTask.objects.filter(pk=pk).select_related("dispatch", "root", "unit").first()
    if task is None or not scope.has_perm(user, PERM, task.unit_id):
        return None
    return task


# --- The kit


@dataclass(frozen=True)
class OfficerKit:
    text: str
    variant: str  # the variant's label; "" when the text is the article's summary
    article_title: str = ""
    article_url: str = ""
    downloads: tuple[Link, ...] = ()
    shares: tuple[Link, ...] = ()
    channel_name: str = ""
    channel_address: str = ""


def article_of(task: UnitTask):
    from lantoa.content.models import ArticlePage

    if not task.dispatch.article_id:
        return None
    return ArticlePage.objects.prefetch_related("variants").filter(pk=task.dispatch.article_id).first()


def kit_for_task(task: UnitTask) -> OfficerKit | None:
    """The text fitting the action (`channels.kits.kit_for`, the same choice as
    a hand post's kit), the officer's own downloads of the printed variants, and share links."""
    from lantoa.channels.kinds.adapters import adapter_for
    from lantoa.channels.kits import kit_for
    from lantoa.content.variants import PRINTED_KINDS

    from .evidence import channel_for

    article = article_of(task)
    if article is None:
        return None
    kind = ACTION_CHANNEL_KINDS.get(task.action, "")
    kit = kit_for(kind, article)
    url = article.full_url or "" if article.live else ""
    variant_kind = adapter_for(kind).variant_kind if kit.variant else ""
    downloads = ()
    if variant_kind in PRINTED_KINDS:
        label = _("Download the %(what)s (PDF)") % {"what": kit.variant.lower()}
        downloads = (Link(label, reverse("viec:download", args=[task.pk, variant_kind])),)
    channel = channel_for(task)
    return OfficerKit(
        text=kit.text, variant=kit.variant, article_title=article.title, article_url=url, downloads=downloads,
        shares=share_links(task.action, url), channel_name=channel.name if channel else "",
        channel_address=channel.address if channel and channel.address.startswith("https://") else "",
    )  # fmt: skip


def share_links(action: str, url: str) -> tuple[Link, ...]:
    """One-tap share: Facebook's documented share dialog (sharer.php). Zalo documents no
    share address for the web (its share button is a script of its own), so a Zalo group
    share gets the Web Share button and the group's own address instead."""
    if not url or action not in (Action.SHARE_FACEBOOK_PAGE, Action.SHARE_FACEBOOK_GROUP):
        return ()
    return (Link(_("Share on Facebook"), f"https://www.facebook.com/sharer/sharer.php?u={quote(url, safe='')}"),)

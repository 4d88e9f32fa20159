"""Reads of the task screen: which task results a user may see, and their rows.

A task is the business of the units it names (`tasks.describe_task`). Superusers see every
task; a federation admin sees the tasks that name at least one unit and only units they
may change, so a task touching a sibling's data stays hidden; nobody else uses the screen.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, QuerySet
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from lantoa.org.models import Role, RoleKind, Unit
from lantoa.org.roles import ADMINISTER
from lantoa.org.scope import scope_for, units_with_perm

from .models import TaskRetry, TaskUnit
from .tasks import ATTEMPT_KWARG, WorkerLost, task_info

# Status filter values (?trang_thai=) and their labels; "retried" is a failure followed by another attempt.
STATUSES = {
    "ready": pgettext_lazy("task status", "Queued"),
    "running": pgettext_lazy("task status", "Running"),
    "failed": pgettext_lazy("task status", "Failed"),
    "retried": pgettext_lazy("task status", "Retried"),
    "successful": pgettext_lazy("task status", "Done"),
}


def may_use_task_screen(user) -> bool:
    """Superusers and federation admins (asked once per request: cached on the user)."""
    allowed = getattr(user, "_lantoa_task_screen", None)
    if allowed is None:
        allowed = scope_for(user).everything or (
            getattr(user, "is_authenticated", False)
            and Role.objects.filter(user=user, kind=RoleKind.FEDERATION_ADMIN).exists()
        )
        user._lantoa_task_screen = allowed
    return allowed


def visible_tasks(user) -> QuerySet[DBTaskResult]:
    """Task results the user may see (see the module docstring); retried ones annotated."""
    if not may_use_task_screen(user):
        raise PermissionDenied
    results = DBTaskResult.objects.annotate(retried=Exists(TaskRetry.objects.filter(failed_id=OuterRef("pk"))))
    if scope_for(user).everything:
        return results
    writable = units_with_perm(user, ADMINISTER).values("pk")
    outside = TaskUnit.objects.exclude(unit_id__in=writable).values("result_id")
    return results.filter(pk__in=TaskUnit.objects.values("result_id")).exclude(pk__in=outside)


def access_task(user, pk) -> DBTaskResult:
    try:
        return visible_tasks(user).get(pk=pk)
    except (DBTaskResult.DoesNotExist, ValueError):
        raise Http404 from None


def with_status(results: QuerySet[DBTaskResult], status: str | None) -> QuerySet[DBTaskResult]:
    if status == "retried":
        return results.filter(status=TaskResultStatus.FAILED, retried=True)
    if status == "failed":
        return results.filter(status=TaskResultStatus.FAILED, retried=False)
    if status in STATUSES:
        return results.filter(status=status.upper())
    return results


@dataclass
class TaskRow:
    result: DBTaskResult
    label: str
    status: str
    status_key: str
    attempt: int
    arguments: str
    units: list[str]
    error: str
    traceback: str

    @property
    def can_retry(self) -> bool:
        return self.status_key == "failed"

    @property
    def times(self) -> tuple[datetime.datetime | None, ...]:
        return self.result.enqueued_at, self.result.started_at, self.result.finished_at


def status_key(result: DBTaskResult) -> str:
    if result.status == TaskResultStatus.FAILED and result.retried:
        return "retried"
    return str(result.status).lower()


def error_text(result: DBTaskResult) -> str:
    """The exception's class and message (the traceback's last line), in Vietnamese when it
    is ours."""
    if result.status != TaskResultStatus.FAILED:
        return ""
    if result.exception_class_path.endswith(f".{WorkerLost.__name__}"):
        worker = (result.worker_ids or ["?"])[-1]
        return str(_("The worker process stopped while running this task (%(worker)s).") % {"worker": worker})
    lines = [line for line in result.traceback.strip().splitlines() if line.strip()]
    return lines[-1] if lines else result.exception_class_path


def unit_names(result_ids: list) -> dict:
    """The names of the units each task names: two queries for a whole page."""
    links = list(TaskUnit.objects.filter(result_id__in=result_ids).values_list("result_id", "unit_id"))
    names = dict(Unit.objects.filter(pk__in={unit for _, unit in links}).values_list("pk", "name"))
    named = defaultdict(list)
    for result_id, unit_id in links:
        named[result_id].append(names.get(unit_id, f"#{unit_id}"))
    return named


def task_rows(results: list[DBTaskResult]) -> list[TaskRow]:
    named = unit_names([r.pk for r in results])
    rows = []
    for result in results:
        kwargs = dict(result.args_kwargs.get("kwargs", {}))
        attempt = kwargs.pop(ATTEMPT_KWARG, 1)
        key = status_key(result)
        rows.append(
            TaskRow(
                result=result,
                label=task_info(result.task_path).label or result.task_path,
                status=str(STATUSES.get(key, result.status)),
                status_key=key,
                attempt=attempt,
                arguments=_arguments(result.args_kwargs.get("args", []), kwargs),
                units=sorted(named.get(result.pk, [])),
                error=error_text(result),
                traceback=result.traceback if result.status == TaskResultStatus.FAILED else "",
            )
        )
    return rows


def _arguments(args: list, kwargs: dict) -> str:
    text = ", ".join([*(repr(a) for a in args), *(f"{k}={v!r}" for k, v in kwargs.items())])
    return text if len(text) <= 120 else text[:119] + "…"

"""Writes of the task screen."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _
from django_tasks import TaskResultStatus
from wagtail.log_actions import log

from .models import RetryReason
from .queries import access_task
from .tasks import ATTEMPT_KWARG, enqueue_again, followed_by, task_info


def do_retry_task(result_id, *, actor) -> str:
    """Enqueue a fresh copy of a failed task that was not retried yet, with its attempts
    counted from one; returns the new result id. The caller must be allowed to see the
    task (checked here too); a task is retried once, even by two people at the same time."""
    refused = ValidationError(_("Only a failed task that was not retried yet can be retried."))
    with transaction.atomic():
        result = access_task(actor, result_id)
        if result.status != TaskResultStatus.FAILED or result.retried:
            raise refused
        kwargs = {k: v for k, v in result.args_kwargs["kwargs"].items() if k != ATTEMPT_KWARG}
        try:
            with transaction.atomic():
                retry_id = enqueue_again(result, kwargs, followed_by(str(result.pk), RetryReason.STAFF, actor))
        except (IntegrityError, ImportError):  # retried meanwhile, or its code is gone
            raise refused from None
        label = task_info(result.task_path).label or result.task_path
        log(result, "lantoa.lib.retry_task", user=actor, title=str(label), data={"retry": retry_id})
    return retry_id

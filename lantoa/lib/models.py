from django.conf import settings
from django.db import models


class TaskKey(models.Model):
    """An idempotency key: one piece of work is enqueued at most once until the key
    expires (`expires_at`, purged by a periodic job) or its task fails for good."""

    key = models.CharField(max_length=255, unique=True)
    task_path = models.CharField(max_length=255)
    result_id = models.CharField(max_length=64, blank=True, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(db_index=True)

    def __str__(self) -> str:
        return self.key


class ScheduledJob(models.Model):
    """The next run of a periodic task; the conditional update on it is the lock."""

    name = models.CharField(max_length=255, unique=True)
    next_run_at = models.DateTimeField()
    last_enqueued_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return self.name


class WorkerHeartbeat(models.Model):
    worker_id = models.CharField(max_length=64, unique=True)
    seen_at = models.DateTimeField()

    def __str__(self) -> str:
        return self.worker_id


class RetryReason(models.TextChoices):
    ERROR = "error"  # the task raised and had attempts left
    WORKER_LOST = "worker_lost"  # its worker stopped beating mid-task
    STAFF = "staff"  # someone pressed "retry" on the task screen


class TaskRetry(models.Model):
    """A failed task result and the fresh result enqueued in its place.

    Plain ids rather than foreign keys: results of the inline backend used by the tests
    are never rows, and django-tasks-db owns its table."""

    failed_id = models.UUIDField(unique=True)
    retry_id = models.UUIDField(db_index=True)
    reason = models.CharField(max_length=20, choices=RetryReason.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"{self.failed_id} → {self.retry_id}"


class TaskUnit(models.Model):
    """A unit a queued task names (see `lantoa.lib.tasks.describe_task`): the task screen
    shows a federation admin the tasks whose units they may all change."""

    result_id = models.UUIDField(db_index=True)
    unit_id = models.BigIntegerField(db_index=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["result_id", "unit_id"], name="lib_taskunit_once")]

    def __str__(self) -> str:
        return f"{self.result_id} · {self.unit_id}"

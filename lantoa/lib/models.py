from django.db import models


class TaskKey(models.Model):
    """An idempotency key: one piece of work is enqueued at most once."""

    key = models.CharField(max_length=255, unique=True)
    task_path = models.CharField(max_length=255)
    result_id = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

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

from django.apps import AppConfig


class WorkspaceConfig(AppConfig):
    """Each user's workspace: the home ("Việc của tôi"), notifications, the one search."""

    name = "lantoa.workspace"
    label = "workspace"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import personal_data, receivers  # noqa: F401 - registers exporters; approvals notify

        receivers.connect()

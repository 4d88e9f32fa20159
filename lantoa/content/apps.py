from django.apps import AppConfig
from django.db import connections
from django.db.models.signals import post_migrate


def create_editorial_workflows(sender, using="default", **kwargs) -> None:
    """post_migrate handler (also sent after a flush): the editorial workflows exist.
    Skipped while the tables are not there (a partial migrate)."""
    tables = connections[using].introspection.table_names()
    if "content_editorialsettings" not in tables or "org_roleapprovaltask" not in tables:
        return
    from .workflows import ensure_editorial_workflows

    ensure_editorial_workflows()


class ContentConfig(AppConfig):
    """Articles written once, their channel variants and the editorial workflow."""

    name = "lantoa.content"
    label = "content"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import (
            indicators,  # noqa: F401 - the articles' indicator kinds, before any save
            receivers,
        )

        receivers.connect()  # the word index follows moved pages

        post_migrate.connect(create_editorial_workflows, sender=self, dispatch_uid="lantoa.content.workflows")

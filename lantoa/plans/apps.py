from django.apps import AppConfig
from django.db import connections
from django.db.models.signals import post_migrate


def create_campaign_workflow(sender, using="default", **kwargs) -> None:
    """post_migrate handler: a fresh install has the campaigns' approval workflow (the
    demo only adds people). Skipped while the tables are not there (a partial migrate)."""
    tables = connections[using].introspection.table_names()
    if "plans_campaign" not in tables or "org_roleapprovaltask" not in tables:
        return
    from .actions import ensure_campaign_workflow

    ensure_campaign_workflow()


class PlansConfig(AppConfig):
    name = "lantoa.plans"
    label = "plans"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import indicators, signals, tasks  # noqa: F401 - indicator kinds and periodic jobs

        signals.connect()
        from . import receivers

        receivers.connect()  # a merged unit's open work goes on at its successor
        post_migrate.connect(create_campaign_workflow, sender=self, dispatch_uid="lantoa.plans.campaign_workflow")

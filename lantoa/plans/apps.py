from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "lantoa.plans"
    label = "plans"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import indicators, reminders, signals, tasks  # noqa: F401 - indicator kinds and periodic jobs

        signals.connect()

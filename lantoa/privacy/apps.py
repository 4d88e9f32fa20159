from django.apps import AppConfig


class PrivacyConfig(AppConfig):
    name = "lantoa.privacy"
    label = "privacy"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # The staff account's part of a person's data, and the periodic purges.
        from . import accounts, tasks  # noqa: F401

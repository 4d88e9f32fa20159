from django.apps import AppConfig


class ContentConfig(AppConfig):
    """Articles written once, their channel variants and the editorial workflow."""

    name = "lantoa.content"
    label = "content"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import indicators  # noqa: F401 - the articles' indicator kinds, before any save

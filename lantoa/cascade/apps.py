from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CascadeConfig(AppConfig):
    name = "lantoa.cascade"
    label = "cascade"
    verbose_name = _("Cascade down the union tree")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import indicators, receivers  # noqa: F401 - indicators: the compliance kinds, before any save

        receivers.connect()  # a merged unit's pending tasks go on at its successor

from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules


class LibConfig(AppConfig):
    name = "lantoa.lib"
    label = "lantoa_lib"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Periodic jobs register themselves when each app's tasks module is imported.
        autodiscover_modules("tasks")

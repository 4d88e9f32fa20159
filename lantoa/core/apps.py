from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "lantoa.core"
    label = "lantoa_core"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from .security import install_chooser_script_nonce

        install_chooser_script_nonce()

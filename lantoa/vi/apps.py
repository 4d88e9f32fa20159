from django.apps import AppConfig


class ViConfig(AppConfig):
    name = "lantoa.vi"
    label = "vi"

    def ready(self):
        from .slugs import register_admin_slug_field

        register_admin_slug_field()

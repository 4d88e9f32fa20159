from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "lantoa.api"
    label = "lantoa_api"
    default_auto_field = "django.db.models.BigAutoField"

from django.apps import AppConfig


class ViConfig(AppConfig):
    name = "lantoa.vi"
    label = "vi"

from django.apps import AppConfig


class ChannelsConfig(AppConfig):
    name = "lantoa.channels"
    label = "channels"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import indicators, receivers  # noqa: F401 - indicators: the reach kinds, before any save
        from .kinds import load_adapters

        load_adapters()  # each kind with an API registers its adapter
        receivers.connect()  # articles go out on their unit's channels when published

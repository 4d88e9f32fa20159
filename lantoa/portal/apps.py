from django.apps import AppConfig


class PortalConfig(AppConfig):
    """The public portal: page types, templates, feeds and search."""

    name = "lantoa.portal"
    label = "portal"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from wagtail.models import AbstractPage, Page
        from wagtail.permissions import register_permission_policy

        from . import (
            cache,  # noqa: F401 - purges on publish from commands and tasks too
            receivers,
        )
        from .page_permissions import UnitPagePermissionPolicy

        # Replaces Wagtail's GroupPagePermission policy: page rights come from roles.
        register_permission_policy(AbstractPage, UnitPagePermissionPolicy(Page))
        receivers.connect()  # a merged unit's section moves under its successor's

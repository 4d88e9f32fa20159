"""What a fresh install needs before anyone logs in: the role groups (built from
`roles.ROLE_PERMISSIONS`), created after `migrate` because permissions exist only then."""

from __future__ import annotations

from django.apps import apps
from django.contrib.auth.management import create_permissions


def create_role_groups(sender, using="default", verbosity=1, **kwargs) -> None:
    """post_migrate handler: once migrate has reached the last installed app, make sure
    every permission exists and every role kind has its group with exactly its rights."""
    app_configs = [config for config in apps.get_app_configs() if config.models_module is not None]
    if sender is not app_configs[-1]:  # migrate signals only apps with models, in this order
        return
    for app_config in app_configs:
        create_permissions(app_config, verbosity=0, using=using)
    from .actions import role_group
    from .models import RoleKind

    for kind in RoleKind:
        role_group(kind)

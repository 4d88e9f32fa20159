# Wagtail loads only this module: each part of the workspace registers its hooks in its own.
from . import notification_hooks  # noqa: F401

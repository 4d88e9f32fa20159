# Wagtail loads only this module: each part of the workspace registers its hooks in its own.
from . import (
    guide_hooks,  # noqa: F401
    home_hooks,  # noqa: F401
    notification_hooks,  # noqa: F401
    search_hooks,  # noqa: F401
)

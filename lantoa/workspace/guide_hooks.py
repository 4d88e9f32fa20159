"""The user guide's URLs (/admin/guide/); Wagtail's help menu points there."""

from wagtail import hooks

from . import guide_views


@hooks.register("register_admin_urls")
def register_guide_urls():
    return guide_views.admin_urls()

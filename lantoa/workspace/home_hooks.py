"""The home page "Việc của tôi": our panels replace Wagtail's dashboard panels (this hook
runs after any other app's homepage hook)."""

from wagtail import hooks

from . import home


@hooks.register("construct_homepage_panels", order=100)
def my_work_panels(request, panels):
    panels[:] = [home.MyUnitsLine(request.user), *home.panels_for(request.user)]


@hooks.register("construct_homepage_summary_items", order=100)
def no_site_summary(request, items):
    """The home shows work, not counts of pages and images: none is computed."""
    items[:] = []

from wagtail import hooks

from lantoa.org.admin_scope import scoped_bulk_action

from .admin_scope import bulk_actionable_pages, choosable_pages


@hooks.register("construct_page_chooser_queryset")
def offer_live_pages_and_editable_drafts(pages, request):
    return choosable_pages(pages, request.user)


def _scoped_page_bulk_actions():
    from wagtail.admin.views.pages import bulk_actions as page_actions

    for name in page_actions.__all__:
        yield scoped_bulk_action(getattr(page_actions, name), bulk_actionable_pages)


# Registered after Wagtail's own, so the registry keeps these for the same action names.
for _action in _scoped_page_bulk_actions():
    hooks.register("register_bulk_action", _action, order=100)

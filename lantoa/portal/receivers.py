"""The portal listens to the union tree: when a unit is merged into another, its section
moves under the successor's section, so its articles are found where the successor
publishes. Wagtail's redirects app (WAGTAILREDIRECTS_AUTO_CREATE, on by default) records
a permanent redirect from every old address of the moved pages to the new one.

The section keeps its unit: what the merged unit published stays its history."""

from __future__ import annotations

from django.db import transaction
from wagtail.actions.move_page import MovePageAction
from wagtail.models import Page

from lantoa.org.actions import unit_merged
from lantoa.org.models import Unit

from .actions import nearest_section
from .models import UnitSectionPage


@transaction.atomic
def move_sections_after_merge(source: Unit, target: Unit, *, actor=None) -> Page | None:
    """Move `source`'s section to the last place under `target`'s section (or the nearest
    section above `target` when it has none); returns the moved section, None when there
    was nothing to move (no section, or it is already there)."""
    section = UnitSectionPage.objects.filter(unit=source).first()
    destination = nearest_section(target)
    if section is None or destination is None:
        return None
    if destination.pk == section.get_parent().pk or destination.path.startswith(section.path):
        return None
    # The merge was authorised on the tree (`do_merge_units`); page rights are not asked
    # again. The move is logged as the actor's, and Wagtail's redirects follow it.
    MovePageAction(section, destination, pos="last-child", user=actor).execute(skip_permission_checks=True)
    return UnitSectionPage.objects.get(pk=section.pk)


def on_unit_merged(sender, *, source, target, actor=None, **kwargs) -> None:
    move_sections_after_merge(source, target, actor=actor)


def connect() -> None:
    unit_merged.connect(on_unit_merged, dispatch_uid="lantoa.portal.move_sections_after_merge")

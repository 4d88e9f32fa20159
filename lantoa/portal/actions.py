"""Opening a federation's portal and a unit's section."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from wagtail.log_actions import log
from wagtail.models import Page, Site

from lantoa.org import scope
from lantoa.org.models import Unit

from .models import PortalHomePage, UnitSectionPage

OPEN_PORTAL_PERM = "org.administer_unit"


def nearest_section(unit: Unit) -> Page | None:
    """The section of `unit` or of its nearest ancestor that has one (homes included)."""
    from lantoa.org import paths

    ancestor_ids = paths.ancestor_ids(unit.path)
    candidates = [
        *PortalHomePage.objects.filter(unit_id__in=ancestor_ids).select_related("unit"),
        *UnitSectionPage.objects.filter(unit_id__in=ancestor_ids).select_related("unit"),
    ]
    return max(candidates, key=lambda page: (page.unit.depth, page.depth), default=None)


@transaction.atomic
def do_open_portal(unit: Unit, *, hostname: str, actor, title: str = "", port: int = 80) -> PortalHomePage:
    """Make `unit`'s portal: a home page under the tree's root and the Wagtail Site that
    serves it (the default site when there is none yet)."""
    scope.require_perm(actor, OPEN_PORTAL_PERM, unit.pk, _("portal"))
    if PortalHomePage.objects.filter(unit=unit).exists():
        raise ValidationError(_("This unit already has a portal."))
    root = Page.get_first_root_node()
    home = root.add_child(
        instance=PortalHomePage(title=title or unit.name, unit=unit, slug=f"cong-{unit.code}".lower())
    )
    # A fresh install's default site (Wagtail's welcome page) is taken over, not doubled.
    Site.objects.update_or_create(
        hostname=hostname,
        port=port,
        defaults={
            "root_page": home,
            "site_name": title or unit.name,
            "is_default_site": not Site.objects.filter(is_default_site=True)
            .exclude(hostname=hostname, port=port)
            .exists(),
        },
    )
    log(home, "wagtail.create", user=actor)
    return home


@transaction.atomic
def do_open_section(unit: Unit, *, actor, title: str = "", slug: str = "") -> UnitSectionPage:
    """Give a publishing unit its own section, under its nearest ancestor's section."""
    scope.require_perm(actor, OPEN_PORTAL_PERM, unit.pk, _("portal section"))
    if UnitSectionPage.objects.filter(unit=unit).exists() or PortalHomePage.objects.filter(unit=unit).exists():
        raise ValidationError(_("This unit already has a section."))
    parent = nearest_section(unit)
    if parent is None:
        raise ValidationError(_("No portal above this unit: open the federation's portal first."))
    section = parent.add_child(
        instance=UnitSectionPage(title=title or unit.name, unit=unit, slug=slug or unit.code.lower())
    )
    log(section, "wagtail.create", user=actor)
    return section

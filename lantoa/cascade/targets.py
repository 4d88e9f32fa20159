"""Which units a dispatch reaches: the sender's subtree (never beyond it), narrowed by kinds,
sector, commune or ward, or a list of unit codes: only units that exist today. Units named
by id (a plan's duty) are taken as named."""

from __future__ import annotations

from django.db.models import QuerySet

from lantoa.org import paths
from lantoa.org.models import Unit


def target_units(sender: Unit, spec: dict) -> QuerySet[Unit]:
    """The units `spec` names under `sender`. Keys, all optional: `under` (a unit inside
    the sender's subtree, default the sender: the units below it, not itself),
    `kinds` (unit kinds), `sector` (exact), `ward_code`, `codes` (unit codes), `ids` (unit
    ids, the sender itself allowed: a plan's duty may fall to the issuing union's office)."""
    root = sender
    if spec.get("under"):
        root = Unit.objects.filter(pk=spec["under"]).first() or sender
        if not root.path.startswith(sender.path):
            root = sender
    low, high = paths.subtree_bounds(root.path)
    units = Unit.objects.filter(path__gte=low, path__lt=high)
    if spec.get("ids") is not None:  # units named one by one (their rights were checked by the caller)
        return units.filter(pk__in=spec["ids"]).order_by("path")
    units = units.filter(valid_to__isnull=True).exclude(pk=root.pk)
    if spec.get("kinds"):
        units = units.filter(kind__in=spec["kinds"])
    if spec.get("sector"):
        units = units.filter(sector=spec["sector"])
    if spec.get("ward_code"):
        units = units.filter(ward_code=spec["ward_code"])
    if spec.get("codes") is not None:
        units = units.filter(code__in=spec["codes"])
    return units.order_by("path")

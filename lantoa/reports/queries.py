"""Who issues a report today and whom it proposes as the signer.

reporting_unit(plan.issuing_unit, on=today)   # Bến Tre's plan, in 2026: LĐLĐ tỉnh Vĩnh Long
proposed_signer(unit)                          # the signer of the unit's last signed document
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from lantoa.org.models import Succession, Unit
from lantoa.org.places import province_name

from .models import SignedDocument

PLACE_PREFIXES = ("Thành phố ", "Tỉnh ")


def reporting_unit(unit: Unit, *, on: datetime.date) -> Unit:
    """The unit whose work `unit`'s is on `on`: itself, or the successor it merged into (and so on)."""
    seen = {unit.pk}
    while True:
        succession = (
            Succession.objects.filter(predecessor=unit, on_date__lte=on).select_related("successor__parent").first()
        )
        if succession is None or succession.successor_id in seen:
            return unit
        unit = succession.successor
        seen.add(unit.pk)


def succession_date(predecessor: Unit, successor: Unit) -> datetime.date | None:
    """When `predecessor`'s work passed on towards `successor` (the first merge of the chain)."""
    if predecessor.pk == successor.pk:
        return None
    return Succession.objects.filter(predecessor=predecessor).values_list("on_date", flat=True).first()


@dataclass(frozen=True)
class ProposedSigner:
    """What the signer form starts with; `source` says where it comes from (empty: nowhere)."""

    authority: str = ""
    position: str = ""
    name: str = ""
    place: str = ""
    source: str = ""


def proposed_signer(unit: Unit) -> ProposedSigner:
    """The signer of the unit's last signed document: a report made here, or a plan it issued,
    whichever is dated later. The place is that document's, else the unit's province."""
    from lantoa.plans.models import Plan, PlanStatus

    document = SignedDocument.objects.filter(unit=unit).order_by("-made_on", "-made_at", "-pk").first()
    plan = (
        Plan.objects.filter(issuing_unit=unit, status__in=[PlanStatus.ISSUED, PlanStatus.CLOSED])
        .exclude(signer_name="")
        .order_by("-issued_on", "-pk")
        .first()
    )
    if document and (plan is None or document.made_on >= plan.issued_on):
        return ProposedSigner(
            document.signer_authority, document.signer_position, document.signer_name, document.place, str(document)
        )
    if plan:
        return ProposedSigner(plan.signer_capacity, plan.signer_title, plan.signer_name, plan.place, str(plan))
    return ProposedSigner(place=unit_place(unit))


def unit_place(unit: Unit) -> str:
    """ "Vĩnh Long" for a unit in Tỉnh Vĩnh Long: the place name a document is dated at."""
    name = province_name(unit.province_code)
    for prefix in PLACE_PREFIXES:
        name = name.removeprefix(prefix)
    return name

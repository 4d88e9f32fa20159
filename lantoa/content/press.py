"""The press release as a .docx in the Decree 30/2020 layout (`lantoa.reports.official`).

The release prints the article's press-release variant, so the spokesperson's edits are what
goes out: its first paragraph is the title, the others the body. It is issued by the article's
unit, numbered when the clerk registers it ("Số: …/TCBC-LĐLĐ"), dated today, and signed by the
signer of the unit's last signed document (`lantoa.reports.queries.proposed_signer`), whom the
spokesperson may change in Word. The Vietnamese strings here are the document's, fixed by the
Decree and usage, not interface text.
"""

from __future__ import annotations

from django.utils import timezone

from lantoa.org.models import Unit, UnitKind
from lantoa.plans.exports import UnregisteredNumber
from lantoa.reports.official import OfficialDocument, Signature, render_docx
from lantoa.reports.queries import proposed_signer, unit_place

from .variants import heading_and_paragraphs, variant_for

DOC_TYPE = "Thông cáo báo chí"
DOC_SYMBOL = "TCBC"
PRESS_RECIPIENTS = ("Các cơ quan thông tấn, báo chí",)
# The issuing body's part of the symbol ("TCBC-LĐLĐ"), as unions abbreviate their own kinds.
ISSUER_ABBREVIATIONS = {
    UnitKind.CONFEDERATION: "TLĐ",
    UnitKind.PROVINCIAL: "LĐLĐ",
    UnitKind.DISTRICT: "LĐLĐ",
    UnitKind.GRASSROOTS: "CĐCS",
}


def press_release_document(article) -> OfficialDocument:
    """The article's press release, issued by its unit."""
    unit: Unit = article.unit
    title, body = heading_and_paragraphs(variant_for(article, "press_release").text)
    signer = proposed_signer(unit)
    return OfficialDocument(
        parent_body=unit.parent.name if unit.parent_id else "",
        issuing_body=unit.name,
        number=UnregisteredNumber(1),
        symbol=f"{DOC_SYMBOL}-{ISSUER_ABBREVIATIONS.get(unit.kind, 'CĐ')}",
        place=signer.place or unit_place(unit) or "……",  # a place to fill in rather than a bare comma
        date=timezone.localdate(),
        doc_type=DOC_TYPE,
        title=title or article.title,
        introduction=body,
        sections=[],
        recipients=PRESS_RECIPIENTS,
        signature=Signature(signer.authority, signer.position, signer.name),
    )


def render_press_release(article) -> bytes:
    return render_docx(press_release_document(article))

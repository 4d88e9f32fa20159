"""Every change to the record of documents made."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from lantoa.org import scope
from lantoa.org.models import Unit

from .models import SignedDocument

MAKE_PERMISSION = "plans.change_plan"


@transaction.atomic
def do_record_signed_document(
    *,
    unit: Unit,
    doc_type: str,
    made_on: datetime.date,
    place: str,
    authority: str,
    position: str,
    name: str,
    plan=None,
    as_of: datetime.date | None = None,
    actor,
) -> SignedDocument:
    """Record that `unit` made a document signed by `name`: its next document proposes this signer.
    Only someone who may change the unit's plans makes its documents."""
    scope.require_perm(actor, MAKE_PERMISSION, unit.pk, _("reports"))
    document = SignedDocument.objects.create(
        unit=unit,
        plan=plan,
        doc_type=doc_type,
        as_of=as_of,
        made_on=made_on,
        place=place,
        signer_authority=authority,
        signer_position=position,
        signer_name=name,
        made_by=actor,
    )
    log(instance=document, action="lantoa.reports.make", user=actor)
    return document

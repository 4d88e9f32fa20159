"""Which unit documents the public may download.

A document in a unit's collection is the unit's: only staff who may read the unit
download it (`lantoa.org.wagtail_hooks.serve_unit_documents_within_scope`). Once it is
attached to a page the public can read (live, without a view restriction), it is public:
the page already shows it to everyone. The attachment is read from Wagtail's reference
index, which records every chooser, block and rich-text link to a document; a draft's
attachment does not count until the draft is published.
"""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField
from django.db.models.functions import Cast
from wagtail.models import Page, ReferenceIndex


def is_public_document(document) -> bool:
    """True when a live page without a view restriction refers to `document`."""
    page_type = ContentType.objects.get_for_model(Page)
    referring_ids = ReferenceIndex.get_references_to(document).filter(base_content_type=page_type).values("object_id")
    pages = Page.objects.live().public().annotate(id_text=Cast("pk", output_field=CharField()))
    return pages.filter(id_text__in=referring_ids).exists()

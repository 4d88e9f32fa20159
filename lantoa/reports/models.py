"""The documents the platform made for a unit, with who signs them.

A progress report is signed by whoever leads the reporting unit on the day it is made, not by
the signer of the plan years before: the signer is asked each time, and the last one a unit
named is proposed for its next document (`lantoa.reports.queries.proposed_signer`). Only
`lantoa.reports.actions` writes these rows.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class SignedDocument(models.Model):
    """One document made for `unit` (a .docx report on `plan` as of `as_of`) and its signer."""

    unit = models.ForeignKey(
        "org.Unit", verbose_name=_("issuing unit"), on_delete=models.PROTECT, related_name="signed_documents"
    )
    plan = models.ForeignKey(
        "plans.Plan", verbose_name=_("plan"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    doc_type = models.CharField(_("document type"), max_length=4)
    as_of = models.DateField(_("figures as of"), null=True, blank=True)
    made_on = models.DateField(_("dated"))
    place = models.CharField(_("place"), max_length=80)
    signer_authority = models.CharField(_("signing authority"), max_length=120, blank=True)
    signer_position = models.CharField(_("signer's position"), max_length=120)
    signer_name = models.CharField(_("signer's name"), max_length=120)
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("made by"), null=True, blank=True, on_delete=models.SET_NULL
    )
    made_at = models.DateTimeField(_("made at"), auto_now_add=True)

    class Meta:
        verbose_name = _("signed document")
        verbose_name_plural = _("signed documents")
        ordering = ["-made_at", "-pk"]
        indexes = [models.Index(fields=["unit", "made_at"])]

    def __str__(self) -> str:
        from lantoa.plans.models import DocumentType

        kind = DocumentType(self.doc_type).label if self.doc_type in DocumentType.values else self.doc_type
        return f"{kind} {self.made_on:%d/%m/%Y} – {self.signer_name}"

"""Personal-data accountability (Law 91/2025/QH15, Decree 356/2025/NĐ-CP).

`AccessRecord` is the record of who read or exported personal data, or downloaded any
export file: who, what, when, from which address, and the units concerned. `Breach` is
the register of personal-data breaches and of whom they were reported to. Only
`lantoa.privacy.actions` writes these models.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _

# The authority (Bộ Công an, Cục A05) is told within 72 hours (Law 91/2025, Art. 23).
AUTHORITY_DEADLINE = datetime.timedelta(hours=72)


class AccessAction(models.TextChoices):
    READ = "read", _("Read personal data")
    EXPORT = "export", _("Exported a file")
    ERASE = "erase", _("Erased a person's data")


class AccessRecord(models.Model):
    at = models.DateTimeField(_("time"), db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # Kept when the account is deleted; replaced by the pseudonym when it is erased.
    actor_label = models.CharField(_("user"), max_length=255, blank=True)
    action = models.CharField(_("action"), max_length=10, choices=AccessAction.choices)
    subject_type = models.ForeignKey(ContentType, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    subject_id = models.CharField(max_length=64, blank=True)
    subject_label = models.CharField(_("about"), max_length=255, blank=True)
    description = models.CharField(_("what"), max_length=255, blank=True)
    path = models.CharField(_("address"), max_length=500, blank=True)
    ip = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    units = models.ManyToManyField("org.Unit", through="AccessRecordUnit", related_name="+", verbose_name=_("units"))

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("personal-data access record")
        verbose_name_plural = _("personal-data access records")
        indexes = [models.Index(fields=["subject_type", "subject_id"])]

    def __str__(self) -> str:
        return f"{self.actor_label} · {self.get_action_display()} · {self.subject_label or self.description}"


class AccessRecordUnit(models.Model):
    """A unit a record belongs to: a unit it names, or one where the actor held a role."""

    record = models.ForeignKey(AccessRecord, on_delete=models.CASCADE, related_name="unit_links")
    unit = models.ForeignKey("org.Unit", on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["record", "unit"], name="one_link_per_record_unit")]

    def __str__(self) -> str:
        return f"{self.record_id} → {self.unit_id}"


class Breach(models.Model):
    """A personal-data breach: what happened, when, whom it touched and who was told."""

    unit = models.ForeignKey(
        "org.Unit", verbose_name=_("responsible unit"), on_delete=models.PROTECT, related_name="privacy_breaches"
    )
    title = models.CharField(_("what happened"), max_length=255)
    description = models.TextField(_("details"), blank=True)
    occurred_at = models.DateTimeField(_("happened at"), null=True, blank=True, help_text=_("Leave empty if unknown."))
    discovered_at = models.DateTimeField(_("discovered at"))
    data_affected = models.TextField(_("personal data affected"), help_text=_("Which kinds of data, which records."))
    people_affected = models.PositiveIntegerField(_("people affected"), null=True, blank=True)
    authority_notified_at = models.DateTimeField(
        _("authority notified at"),
        null=True,
        blank=True,
        help_text=_("The Ministry of Public Security (Department A05), within 72 hours."),
    )
    authority_reference = models.CharField(
        _("notification to the authority"), max_length=255, blank=True, help_text=_("Document number and channel.")
    )
    people_notified_at = models.DateTimeField(_("people affected notified at"), null=True, blank=True)
    people_notification = models.TextField(_("how the people affected were told"), blank=True)
    measures = models.TextField(_("measures taken"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        ordering = ["-discovered_at", "-id"]
        verbose_name = _("personal-data breach")
        verbose_name_plural = _("personal-data breaches")

    def __str__(self) -> str:
        return self.title

    def clean(self):
        from django.core.exceptions import ValidationError

        errors = {}
        if self.occurred_at and self.discovered_at and self.occurred_at > self.discovered_at:
            errors["occurred_at"] = _("A breach cannot happen after it was discovered.")
        for name in ("authority_notified_at", "people_notified_at"):
            told = getattr(self, name)
            if told and self.discovered_at and told < self.discovered_at:
                errors[name] = _("No one can be told before the breach was discovered.")
        if errors:
            raise ValidationError(errors)

    @property
    def authority_deadline(self) -> datetime.datetime:
        return self.discovered_at + AUTHORITY_DEADLINE

    def authority_notified_late(self) -> bool:
        """Told after the deadline, or not yet told and the deadline has passed."""
        from django.utils import timezone

        told = self.authority_notified_at or timezone.now()
        return told > self.authority_deadline

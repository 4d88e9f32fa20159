"""Plans, their targets, campaigns with budget lines, assignments and calendar events.

A plan is an official document (number and symbol, issuing unit, place and date) with
structured sections. Targets point at an indicator kind of `lantoa.plans.indicators`;
their values are computed from rows and kept in `TargetValue` rollups. Campaigns are
snippets under Wagtail's workflow (`lantoa.org.approval`): the approver's decision is the
workflow's approval or rejection, not a status field. Only `lantoa.plans.actions` writes these models.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.models import (
    DraftStateMixin,
    LockableMixin,
    Orderable,
    RevisionMixin,
    WorkflowMixin,
)

from lantoa.channels.models import FundingSource
from lantoa.org.approval import RejectableMixin
from lantoa.org.models import SearchableMixin


class DocumentType(models.TextChoices):
    """Decree 30/2020 abbreviations of the document types a union issues."""

    PLAN = "KH", _("Plan")
    PROGRAMME = "CTr", _("Programme")
    DECISION = "QĐ", _("Decision")
    REPORT = "BC", _("Report")
    NOTICE = "TB", _("Notice")
    RESOLUTION = "NQ", _("Resolution")


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    ISSUED = "issued", _("Issued")
    CLOSED = "closed", _("Closed")


class Plan(SearchableMixin, ClusterableModel):
    SEARCHED_IN = ("title", "symbol", "place")
    SORTED_BY = ("title",)
    NORMALISED = ("title", "place", "basis")
    FOLDED_SEARCH = ("search_text", "issuing_unit__search_text")
    scope_unit_field = "issuing_unit"

    issuing_unit = models.ForeignKey(
        "org.Unit", verbose_name=_("issuing unit"), on_delete=models.PROTECT, related_name="plans"
    )
    parent_unit_name = models.CharField(
        _("governing body"),
        max_length=255,
        blank=True,
        help_text=_("The upper body named above the issuing unit, e.g. TỔNG LIÊN ĐOÀN LAO ĐỘNG VIỆT NAM."),
    )
    doc_type = models.CharField(
        _("document type"), max_length=4, choices=DocumentType.choices, default=DocumentType.PLAN
    )
    number = models.PositiveIntegerField(_("number"), null=True, blank=True)
    symbol = models.CharField(_("symbol"), max_length=40, help_text=_("For example KH-LĐLĐ."))
    place = models.CharField(_("place"), max_length=80)
    issued_on = models.DateField(_("issued on"))
    title = models.CharField(_("title"), max_length=300)
    basis = models.TextField(_("legal basis"), blank=True, help_text=_("The documents this plan is based on."))
    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"))
    status = models.CharField(_("status"), max_length=8, choices=PlanStatus.choices, default=PlanStatus.DRAFT)
    adopted_from = models.ForeignKey(
        "self",
        verbose_name=_("adopted from"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="adoptions",
        help_text=_("The upper level's plan that this plan puts into practice."),
    )
    recipients = models.TextField(_("recipients"), blank=True, help_text=_("One recipient per line."))
    archive = models.CharField(_("archived at"), max_length=120, blank=True, help_text=_("For example VP, TG-NC."))
    signer_capacity = models.CharField(_("signing on behalf of"), max_length=120, blank=True)
    signer_title = models.CharField(_("signer's title"), max_length=120, blank=True)
    signer_name = models.CharField(_("signer's name"), max_length=120, blank=True)
    sort_name = models.CharField(max_length=255, blank=True, db_index=True, editable=False)
    search_text = models.CharField(max_length=1000, blank=True, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("plan")
        verbose_name_plural = _("plans")
        ordering = ["-issued_on", "-number"]
        constraints = [
            models.CheckConstraint(condition=Q(period_end__gte=models.F("period_start")), name="plan_period_order"),
        ]

    def __str__(self) -> str:
        return f"{self.reference} – {self.title}" if self.number else self.title

    @property
    def reference(self) -> str:
        """ "196/KH-LĐLĐ" (no number yet: the symbol alone)."""
        return f"{self.number}/{self.symbol}" if self.number else self.symbol

    def clean(self):
        if self.period_start and self.period_end and self.period_end < self.period_start:
            raise ValidationError({"period_end": _("The period must end on or after its start.")})

    def key_message_on(self, day: datetime.date) -> KeyMessage | None:
        return (
            self.key_messages.filter(Q(valid_from__lte=day) | Q(valid_from__isnull=True))
            .filter(Q(valid_to__gte=day) | Q(valid_to__isnull=True))
            .order_by("-valid_from")
            .first()
        )


class SectionKind(models.TextChoices):
    OBJECTIVES = "objectives", _("Objectives")
    TARGETS = "targets", _("Targets")
    AUDIENCES = "audiences", _("Audiences")
    CHANNELS = "channels", _("Channels")
    PRINCIPLES = "principles", _("Principles")
    CONTENT = "content", _("Content")
    ROADMAP = "roadmap", _("Roadmap")
    RESPONSIBILITIES = "responsibilities", _("Responsibilities")


class PlanSection(Orderable):
    plan = ParentalKey(Plan, on_delete=models.CASCADE, related_name="sections")
    kind = models.CharField(_("part"), max_length=20, choices=SectionKind.choices)
    heading = models.CharField(_("heading"), max_length=255)
    body = models.TextField(
        _("text"), blank=True, help_text=_("Paragraphs separated by blank lines; '- ' starts a bullet.")
    )

    class Meta(Orderable.Meta):
        verbose_name = _("section")
        verbose_name_plural = _("sections")

    def __str__(self) -> str:
        return self.heading


class KeyMessage(Orderable):
    plan = ParentalKey(Plan, on_delete=models.CASCADE, related_name="key_messages")
    text = models.CharField(_("key message"), max_length=300)
    valid_from = models.DateField(_("from"), null=True, blank=True)
    valid_to = models.DateField(_("to"), null=True, blank=True)

    class Meta(Orderable.Meta):
        verbose_name = _("key message")
        verbose_name_plural = _("key messages")

    def __str__(self) -> str:
        return self.text


class Theme(Orderable):
    """A candidate campaign theme; the Standing Committee chooses among them (R9)."""

    plan = ParentalKey(Plan, on_delete=models.CASCADE, related_name="themes")
    title = models.CharField(_("theme"), max_length=300)

    class Meta(Orderable.Meta):
        verbose_name = _("campaign theme")
        verbose_name_plural = _("campaign themes")

    def __str__(self) -> str:
        return self.title


class Responsibility(Orderable):
    """One line of "IV. Tổ chức thực hiện": who must do what (R16–R20)."""

    plan = ParentalKey(Plan, on_delete=models.CASCADE, related_name="responsibilities")
    unit = models.ForeignKey(
        "org.Unit",
        verbose_name=_("responsible unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("A board of the federation, or empty for every upper-level union."),
    )
    heading = models.CharField(_("responsible"), max_length=255)
    duties = models.TextField(_("duties"))

    class Meta(Orderable.Meta):
        verbose_name = _("responsibility")
        verbose_name_plural = _("responsibilities")

    def __str__(self) -> str:
        return self.heading


class Target(SearchableMixin, models.Model):
    """An indicator, the units it is measured over, the value to reach and when."""

    SEARCHED_IN = ("title",)
    SORTED_BY = ("title",)
    NORMALISED = ("title",)
    FOLDED_SEARCH = ("search_text", "unit__search_text", "plan__issuing_unit__search_text")
    scope_unit_field = "plan__issuing_unit"

    plan = models.ForeignKey(Plan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="targets")
    title = models.CharField(_("target"), max_length=300)
    indicator = models.CharField(_("indicator"), max_length=60)
    params = models.JSONField(_("indicator settings"), default=dict, blank=True)
    unit = models.ForeignKey(
        "org.Unit",
        verbose_name=_("measured over"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("The unit whose subtree is measured; empty for the issuing unit."),
    )
    target_value = models.DecimalField(_("target value"), max_digits=16, decimal_places=2)
    baseline_on = models.DateField(_("counted from"), null=True, blank=True)
    deadline = models.DateField(_("deadline"))
    check_dates = models.JSONField(_("check dates"), default=list, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    sort_name = models.CharField(max_length=255, blank=True, editable=False)
    search_text = models.CharField(max_length=1000, blank=True, editable=False)

    class Meta:
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        ordering = ["plan", "order", "pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def measured_unit_id(self) -> int:
        return self.unit_id or self.plan.issuing_unit_id

    def check_days(self) -> list[datetime.date]:
        return sorted(datetime.date.fromisoformat(d) for d in self.check_dates)


class ManualValue(models.Model):
    """A figure the system cannot see, entered with its evidence."""

    scope_unit_field = "target__plan__issuing_unit"

    target = models.ForeignKey(Target, verbose_name=_("target"), on_delete=models.CASCADE, related_name="manual_values")
    on_date = models.DateField(_("as of"))
    value = models.DecimalField(_("value"), max_digits=16, decimal_places=2)
    evidence = models.TextField(_("evidence"), help_text=_("Where the figure comes from: a report, a link, a count."))
    evidence_document = models.ForeignKey(
        "wagtaildocs.Document", verbose_name=_("evidence file"), null=True, blank=True, on_delete=models.SET_NULL
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("manual value")
        verbose_name_plural = _("manual values")
        ordering = ["target", "-on_date"]

    def __str__(self) -> str:
        return f"{self.target}: {self.value} ({self.on_date:%d/%m/%Y})"


class TargetValue(models.Model):
    """Rollup: a target's value over one unit's subtree as of a day, kept by tasks.

    For each target the measured unit has a row per snapshot day; its children have rows
    for the drill-down. `rebuild_rollups()` recomputes all of them from source rows."""

    target = models.ForeignKey(Target, on_delete=models.CASCADE, related_name="values")
    unit = models.ForeignKey("org.Unit", on_delete=models.CASCADE, related_name="+")
    on_date = models.DateField()
    value = models.FloatField()
    numerator = models.IntegerField(null=True)
    denominator = models.IntegerField(null=True)
    details = models.JSONField(default=dict)
    computed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["target", "unit", "on_date"], name="one_value_per_day")]
        indexes = [models.Index(fields=["target", "on_date"])]

    def __str__(self) -> str:
        return f"{self.target_id}/{self.unit_id}@{self.on_date}: {self.value}"


class AudienceKind(models.TextChoices):
    OFFICIALS = "officials", _("Union officials")
    MEMBERS = "members", _("Members")
    WORKERS = "workers", _("Workers")
    PARTY_GOVERNMENT = "party_government", _("Party committees and government")
    EMPLOYERS = "employers", _("Employers")
    COMMUNITY = "community", _("Community")
    PARTNERS = "partners", _("Welfare partners")
    PRESS = "press", _("Press")


class CampaignQuerySet(models.QuerySet):
    def approved_by(self, day: datetime.date):
        """Campaigns approved on or before `day` (the workflow published them): the only
        ones that count in budgets, "campaigns run" and every figure."""
        next_day = datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time.min)
        return self.filter(first_published_at__lt=timezone.make_aware(next_day))

    def with_review_status(self):
        """Annotate the latest workflow state's status, so `state_on` needs no query per row."""
        from wagtail.models import WorkflowState

        latest = WorkflowState.objects.filter(
            base_content_type__app_label="plans",
            base_content_type__model="campaign",
            object_id=Cast(models.OuterRef("pk"), output_field=models.CharField()),
        ).order_by("-created_at", "-pk")
        return self.annotate(review_status=models.Subquery(latest.values("status")[:1]))


class Campaign(
    RejectableMixin, WorkflowMixin, DraftStateMixin, LockableMixin, RevisionMixin, SearchableMixin, ClusterableModel
):
    """A communication campaign on a theme chosen by the Standing Committee (R9).

    A draft until submitted; then awaiting the approver, sent back for changes or
    rejected for good (`lantoa.org.approval`); approved when the workflow publishes it;
    running between its dates; closed by `do_close_campaign`, which records results."""

    SEARCHED_IN = ("title", "key_message")
    SORTED_BY = ("title",)
    NORMALISED = ("title", "key_message", "objectives")
    FOLDED_SEARCH = ("search_text", "unit__search_text")

    plan = models.ForeignKey(Plan, verbose_name=_("plan"), on_delete=models.PROTECT, related_name="campaigns")
    theme = models.ForeignKey(
        Theme, verbose_name=_("theme"), null=True, blank=True, on_delete=models.SET_NULL, related_name="campaigns"
    )
    unit = models.ForeignKey(
        "org.Unit", verbose_name=_("organising unit"), on_delete=models.PROTECT, related_name="campaigns"
    )
    title = models.CharField(_("title"), max_length=300)
    decided_by = models.CharField(_("theme chosen by"), max_length=200, blank=True)
    decided_on = models.DateField(_("chosen on"), null=True, blank=True)
    decision_reference = models.CharField(_("decision document"), max_length=120, blank=True)
    decision_document = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("decision file"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    key_message = models.CharField(_("key message"), max_length=300, blank=True)
    objectives = models.TextField(_("objectives"), blank=True)
    audiences = models.JSONField(_("audiences"), default=list, blank=True)
    channel_kinds = models.JSONField(_("channel kinds"), default=list, blank=True)
    channels = ParentalManyToManyField(
        "channels.Channel", verbose_name=_("channels"), blank=True, related_name="campaigns"
    )
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"))
    participants = ParentalManyToManyField(
        "org.Unit", verbose_name=_("participating units"), blank=True, related_name="campaigns_joined"
    )
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    people_reached = models.PositiveIntegerField(_("people reached"), null=True, blank=True)
    results = models.TextField(_("results"), blank=True)
    sort_name = models.CharField(max_length=255, blank=True, db_index=True, editable=False)
    search_text = models.CharField(max_length=1000, blank=True, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    # A merge hands a running campaign to the successor (`do_move_open_work`): before
    # `moved_on` it still counts for the unit it came from, so past days' figures stand.
    moved_from = models.ForeignKey(
        "org.Unit", null=True, blank=True, on_delete=models.PROTECT, editable=False, related_name="+"
    )
    moved_on = models.DateField(null=True, blank=True, editable=False)
    # Set by the create form when it opens: its autosave and its submit make one campaign.
    creation_token = models.UUIDField(null=True, blank=True, unique=True, editable=False)

    objects = CampaignQuerySet.as_manager()

    _revisions = GenericRelation("wagtailcore.Revision", related_query_name="campaign")
    workflow_states = GenericRelation(
        "wagtailcore.WorkflowState",
        content_type_field="base_content_type",
        object_id_field="object_id",
        related_query_name="campaign",
        for_concrete_model=False,
    )

    class Meta:
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")
        ordering = ["-start_date"]
        permissions = [("record_spending", _("Can record spending on approved campaigns"))]
        constraints = [
            models.CheckConstraint(condition=Q(end_date__gte=models.F("start_date")), name="campaign_period_order"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def revisions(self):
        return self._revisions

    def clean(self):
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("The campaign must end on or after its start.")})
        if self.theme_id and self.plan_id and self.theme.plan_id != self.plan_id:
            raise ValidationError({"theme": _("Choose a theme from the campaign's plan.")})

    def approved_on(self) -> datetime.date | None:
        return timezone.localdate(self.first_published_at) if self.first_published_at else None

    def state_on(self, day: datetime.date) -> str:
        """approved, running, ended (awaiting results) or closed as of `day` once approved
        by then; before that, where its review stands: draft, awaiting approval, sent back
        for changes or rejected."""
        approved = self.approved_on()
        if approved is None or approved > day:
            return self.review_state()
        if self.closed_on and self.closed_on <= day:
            return CampaignState.CLOSED
        if day < self.start_date:
            return CampaignState.APPROVED
        if day <= self.end_date:
            return CampaignState.RUNNING
        return CampaignState.ENDED

    @property
    def state(self) -> str:
        return self.state_on(timezone.localdate())

    def get_state_display(self) -> str:
        return CampaignState(self.state).label

    def review_state(self) -> str:
        """Where a campaign not (yet) approved stands: rejected, sent back, awaiting
        approval, or a draft never submitted (or withdrawn)."""
        if self.is_rejected:
            return CampaignState.REJECTED
        status = self.__dict__.get("review_status", _NOT_LOADED)  # `with_review_status()`
        if status is _NOT_LOADED:
            status = self.workflow_states.order_by("-created_at", "-pk").values_list("status", flat=True).first()
        return REVIEW_STATES.get(status, CampaignState.DRAFT)

    def budget_totals(self) -> dict[str, Decimal]:
        """Estimate and actual spending over the budget lines (prefetched ones if loaded)."""
        lines = list(self.budget_lines.all())
        return {
            "estimate": sum((line.estimate or Decimal(0) for line in lines), Decimal(0)),
            "actual": sum((line.actual or Decimal(0) for line in lines), Decimal(0)),
        }

    def cost_per_reach(self) -> Decimal | None:
        """Actual spending per person reached (R2); None until both are known."""
        spent = self.budget_totals()["actual"]
        if not self.people_reached or not spent:
            return None
        return (spent / self.people_reached).quantize(Decimal("1"))


class CampaignState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PROPOSED = "proposed", _("Awaiting approval")
    NEEDS_CHANGES = "needs_changes", _("Needs changes")
    REJECTED = "rejected", pgettext_lazy("approval", "Rejected")
    APPROVED = "approved", _("Approved")
    RUNNING = "running", _("Running")
    ENDED = "ended", _("Ended, results pending")
    CLOSED = "closed", _("Closed")


_NOT_LOADED = object()
# The latest workflow state's status → the state of a campaign not approved by the day
# asked (an approval after that day means it was awaiting approval then).
REVIEW_STATES = {
    "in_progress": CampaignState.PROPOSED,
    "needs_changes": CampaignState.NEEDS_CHANGES,
    "approved": CampaignState.PROPOSED,
}


class BudgetLine(Orderable):
    campaign = ParentalKey(Campaign, on_delete=models.CASCADE, related_name="budget_lines")
    item = models.CharField(_("item"), max_length=255)
    funding_source = models.CharField(_("funding source"), max_length=12, choices=FundingSource.choices)
    estimate = models.DecimalField(_("estimate (VND)"), max_digits=14, decimal_places=0, default=0)
    actual = models.DecimalField(_("actual (VND)"), max_digits=14, decimal_places=0, null=True, blank=True)
    spent_on = models.DateField(_("spent on"), null=True, blank=True)

    class Meta(Orderable.Meta):
        verbose_name = _("budget line")
        verbose_name_plural = _("budget lines")

    def __str__(self) -> str:
        return self.item


class CalendarEvent(models.Model):
    """A one-off event of a unit (a congress, a dialogue); recurring ones live in
    `lantoa.plans.calendar.UNION_EVENTS`."""

    unit = models.ForeignKey("org.Unit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+")
    title = models.CharField(_("event"), max_length=255)
    start = models.DateField(_("from"))
    end = models.DateField(_("to"), null=True, blank=True)
    lead_days = models.PositiveSmallIntegerField(_("suggest content this many days ahead"), default=14)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("calendar event")
        verbose_name_plural = _("calendar events")
        ordering = ["start"]

    def __str__(self) -> str:
        return self.title


class EventLeadTime(models.Model):
    """How many days ahead a recurring union event suggests a campaign or content;
    overrides the default of `lantoa.plans.calendar.UNION_EVENTS` without a deploy."""

    code = models.CharField(_("event"), max_length=40, unique=True)
    lead_days = models.PositiveSmallIntegerField(_("days ahead"))

    class Meta:
        verbose_name = _("event lead time")
        verbose_name_plural = _("event lead times")

    def __str__(self) -> str:
        return f"{self.code}: {self.lead_days}"

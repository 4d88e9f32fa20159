"""What workers say to their union and how it is answered.

- `RawEvent`: whatever arrived (a webhook body, a form, an e-mail), stored first and as it
  came, with an idempotency key, so a redelivered event or a double-submitted form is one
  row; the rest (contact, case, message, classification, routing) is done from it in the
  background (`intake.process_event`).
- `Contact`: the person behind messages on one platform, pseudonymous ("NLĐ-7F3K2Q");
  their name, phone, Zalo and e-mail are shown only to roles that need them, and reading
  them is recorded (`lantoa.privacy`).
- `Case`: one matter, a thread of `Message` rows (in, out, internal note), with its topic,
  urgency, status, routed unit and person, deadline and tracking code.
- `CaseRoute`: which unit handled a case from when (routing, reassignment, escalation),
  so a past day's figures count a case for the unit that had it that day.
- `RoutingRule`: a union's rule sending cases that reach it (topic, urgency) to another
  unit or to a role.
- `Answer`: the Q&A knowledge base: a question and its answer, offered to staff as a
  ready answer and, when public, shown on the portal's Q&A section (anonymised, with the
  worker's consent when it came from a case).
- `ClassifierVersion` and `TrainingExample`: the models the inbox uses, kept in the
  database so every web and worker machine reads the same one; staff corrections become
  examples for the next one.

Decisions: docs/architecture.md, "The inbox".
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from lantoa.org.models import RoleKind
from lantoa.vi import formats


class Intake(models.TextChoices):
    PORTAL = "portal", _("Form on the portal")
    ZALO_OA = "zalo_oa", _("Zalo Official Account")
    MESSENGER = "messenger", _("Facebook Messenger")
    EMAIL = "email", _("E-mail")
    HOTLINE = "hotline", _("Hotline call")
    WALK_IN = "walk_in", _("In person")


class Topic(models.TextChoices):
    WAGES = "wages", _("Wages and bonuses")
    SOCIAL_INSURANCE = "social_insurance", _("Social insurance")
    CONTRACT = "contract", _("Labour contract")
    DISMISSAL = "dismissal", _("Dismissal")
    WORKING_TIME = "working_time", _("Working time and overtime")
    OSH = "osh", _("Occupational safety and health")
    LEAVE_MATERNITY = "leave_maternity", _("Leave and maternity")
    DISPUTE_STRIKE = "dispute_strike", _("Dispute or work stoppage")
    UNION_MEMBERSHIP = "union_membership", _("Union membership")
    WELFARE = "welfare", _("Welfare")
    OTHER = "other", _("Other")


class Urgency(models.TextChoices):
    NORMAL = "normal", _("Normal")
    HIGH = "high", _("High")
    CRITICAL = "critical", _("Critical")


class CaseStatus(models.TextChoices):
    NEW = "new", _("New")
    ASSIGNED = "assigned", _("Assigned")
    IN_PROGRESS = "in_progress", _("In progress")
    ANSWERED = "answered", _("Answered")
    CLOSED = "closed", _("Closed")


class RawEvent(models.Model):
    """One delivery as it came. `key` is the platform's message id, the form's submission
    token or the e-mail's Message-ID: a second delivery of the same is not stored again."""

    intake = models.CharField(max_length=12, choices=Intake.choices)
    key = models.CharField(max_length=200, unique=True)
    channel = models.ForeignKey("channels.Channel", null=True, blank=True, on_delete=models.SET_NULL,
                                related_name="+")  # fmt: skip
    payload = models.JSONField(default=dict)
    received_at = models.DateTimeField(db_index=True)
    processed_at = models.DateTimeField(null=True, blank=True)
    error = models.TextField(blank=True)

    class Meta:
        indexes = [models.Index(fields=["processed_at", "received_at"], name="inbox_raw_waiting")]

    def __str__(self) -> str:
        return f"{self.intake}:{self.key}"


class Contact(models.Model):
    """A person writing from one platform account (or one form submission): `external_id`
    is their id there. Only `pseudonym` shows where personal data may not."""

    platform = models.CharField(_("intake"), max_length=12, choices=Intake.choices)
    channel = models.ForeignKey("channels.Channel", null=True, blank=True, on_delete=models.SET_NULL,
                                related_name="+")  # fmt: skip
    external_id = models.CharField(max_length=200)
    pseudonym = models.CharField(_("pseudonym"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=200, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    zalo = models.CharField(_("Zalo"), max_length=50, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    consent_at = models.DateTimeField(_("consent given at"), null=True, blank=True)
    erased_at = models.DateTimeField(_("erased at"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")
        # No screens of their own: contacts are read through cases, and "inbox.view_contact"
        # is the case's permission to see a worker's personal data.
        default_permissions = ()
        constraints = [
            # Two partial constraints, not `nulls_distinct=False`, which SQLite does not support.
            models.UniqueConstraint(
                fields=["platform", "channel", "external_id"],
                name="inbox_contact_once",
                condition=models.Q(channel__isnull=False),
            ),  # fmt: skip
            models.UniqueConstraint(
                fields=["platform", "external_id"],
                name="inbox_contact_once_no_channel",
                condition=models.Q(channel__isnull=True),
            ),  # fmt: skip
        ]

    def __str__(self) -> str:
        return self.pseudonym

    @property
    def has_personal_data(self) -> bool:
        return bool(self.name or self.phone or self.zalo or self.email)


class Case(models.Model):
    code = models.CharField(_("tracking code"), max_length=16, unique=True)
    contact = models.ForeignKey(Contact, verbose_name=_("contact"), on_delete=models.PROTECT, related_name="cases")
    intake = models.CharField(_("intake"), max_length=12, choices=Intake.choices)
    channel = models.ForeignKey("channels.Channel", verbose_name=_("channel"), null=True, blank=True,
                                on_delete=models.SET_NULL, related_name="+")  # fmt: skip
    unit = models.ForeignKey("org.Unit", verbose_name=_("handled by"), on_delete=models.PROTECT, related_name="+")
    assignee = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("assigned to"), null=True, blank=True,
                                 on_delete=models.SET_NULL, related_name="+")  # fmt: skip
    employer = models.CharField(_("employer"), max_length=255, blank=True)
    employer_unit = models.ForeignKey("org.Unit", verbose_name=_("workplace union"), null=True, blank=True,
                                      on_delete=models.SET_NULL, related_name="+")  # fmt: skip
    to_upper_level = models.BooleanField(_("sent to the upper-level union"), default=False)
    subject = models.CharField(_("subject"), max_length=255, blank=True)
    topic = models.CharField(_("topic"), max_length=20, choices=Topic.choices, default=Topic.OTHER)
    urgency = models.CharField(_("urgency"), max_length=10, choices=Urgency.choices, default=Urgency.NORMAL)
    classified_by = models.CharField(max_length=40, blank=True, help_text="model version, +rules, or staff")
    status = models.CharField(_("status"), max_length=12, choices=CaseStatus.choices, default=CaseStatus.NEW)
    opened_at = models.DateTimeField(_("received at"), db_index=True)
    due_at = models.DateTimeField(_("answer due"), null=True, blank=True)
    first_response_at = models.DateTimeField(_("first answered at"), null=True, blank=True)
    last_inbound_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    escalated_at = models.DateTimeField(_("escalated at"), null=True, blank=True)
    publish_consent = models.BooleanField(_("may be published anonymised"), default=False)
    # The Zalo OA follower told there when the case is answered: they sent the OA the case's
    # code (`zalo_notice`). Personal data: cleared on erasure.
    zalo_notify_channel = models.ForeignKey(
        "channels.Channel", verbose_name=_("Zalo OA that tells the worker"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )  # fmt: skip
    zalo_notify_user = models.CharField(_("Zalo follower id"), max_length=64, blank=True, default="")
    # Folded code, subject, employer and the workers' messages, for the list's search and the
    # workspace search (kept by `search.refresh_case`); emptied of personal data on erasure.
    search_text = models.TextField(blank=True, default="")

    class Meta:
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        ordering = ["-opened_at", "-pk"]
        permissions = [("view_contact", "See workers' personal data")]
        indexes = [
            models.Index(fields=["unit", "status", "due_at"], name="inbox_case_unit_open"),
            models.Index(fields=["status", "due_at"], name="inbox_case_due"),
        ]

    def __str__(self) -> str:
        return self.code

    @property
    def unit_id_for_scope(self) -> int:
        return self.unit_id


class CaseRoute(models.Model):
    """From `at` on, `unit` handled the case (until the next route)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="routes")
    unit = models.ForeignKey("org.Unit", on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField()

    class Meta:
        ordering = ["at", "pk"]
        indexes = [models.Index(fields=["case", "at"], name="inbox_route_case_at")]

    def __str__(self) -> str:
        return f"{self.case_id}→{self.unit_id}@{self.at:%Y-%m-%d}"


class RoutingRule(models.Model):
    """A union's rule for cases routed to it (or, with `below`, to any union under it):
    those of `topic` and `urgency` (empty: any) go to `target_unit` (empty: stay) and to a
    person holding `target_role` there (empty: nobody in particular). The first matching
    rule wins: the rules of the nearest union first, then by `position`."""

    unit = models.ForeignKey("org.Unit", verbose_name=_("rule of"), on_delete=models.CASCADE, related_name="+")
    below = models.BooleanField(_("also for cases of its units"), default=False)
    topic = models.CharField(_("topic"), max_length=20, choices=Topic.choices, blank=True)
    urgency = models.CharField(_("urgency"), max_length=10, choices=Urgency.choices, blank=True)
    target_unit = models.ForeignKey("org.Unit", verbose_name=_("send to unit"), null=True, blank=True,
                                    on_delete=models.CASCADE, related_name="+")  # fmt: skip
    target_role = models.CharField(_("assign to the holder of role"), max_length=20, choices=RoleKind.choices,
                                   blank=True)  # fmt: skip
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    active = models.BooleanField(_("in use"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("routing rule")
        verbose_name_plural = _("routing rules")
        ordering = ["unit", "position", "pk"]

    def __str__(self) -> str:
        return f"{self.unit}: {self.get_topic_display() or '*'}, {self.get_urgency_display() or '*'}"

    @property
    def unit_id_for_scope(self) -> int:
        return self.unit_id


class Answer(models.Model):
    """One entry of the Q&A knowledge base. Staff of `unit` and the unions under it may use
    it as a ready answer; `public` ones show on the portal's Q&A section. One made from a
    case (`case`) holds the worker's question anonymised, and only a case whose worker agreed
    (`Case.publish_consent`) may become public."""

    unit = models.ForeignKey("org.Unit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+")
    topic = models.CharField(_("topic"), max_length=20, choices=Topic.choices, default=Topic.OTHER)
    question = models.TextField(_("question"))
    answer = models.TextField(_("answer"))
    case = models.ForeignKey(Case, verbose_name=_("from case"), null=True, blank=True, on_delete=models.PROTECT,
                             related_name="answers")  # fmt: skip
    public = models.BooleanField(_("shown on the portal"), default=False)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")  # fmt: skip
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    search_text = models.TextField(blank=True, default="")

    class Meta:
        verbose_name = _("question and answer")
        verbose_name_plural = _("questions and answers")
        ordering = ["-updated_at", "-pk"]
        indexes = [models.Index(fields=["public", "published_at"], name="inbox_answer_public")]

    def __str__(self) -> str:
        return self.question[:80]

    @property
    def unit_id_for_scope(self) -> int:
        return self.unit_id


class Direction(models.TextChoices):
    IN = "in", _("From the worker")
    OUT = "out", _("Answer")
    NOTE = "note", _("Internal note")


class SendStatus(models.TextChoices):
    NONE = "", "—"  # a dash in every language
    QUEUED = "queued", _("Waiting to be sent")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Sending failed")


QUOTA_LABELS = {
    "reply": _("Zalo counted it as a free reply (within 48 hours of the worker's message)"),
    "sub_quota": _("Zalo counted it as a proactive message of the OA's package"),
    "purchase_quota": _("Zalo counted it as a paid proactive message"),
    "reward_quota": _("Zalo counted it as a proactive message given by Zalo"),
}


class Message(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="messages")
    direction = models.CharField(_("direction"), max_length=4, choices=Direction.choices)
    body = models.TextField(_("text"))
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                               related_name="+")  # fmt: skip
    external_id = models.CharField(max_length=200, blank=True)
    raw = models.ForeignKey(RawEvent, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    send_status = models.CharField(max_length=8, choices=SendStatus.choices, blank=True)
    error = models.TextField(blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(db_index=True)
    # What the platform counted a sent answer against (Zalo: a free reply or a proactive
    # message of some quota) and how many of that kind are left, as it said when it took it.
    quota_type = models.CharField(_("counted by the platform as"), max_length=20, blank=True)
    quota_remain = models.PositiveIntegerField(_("left of that kind"), null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.case.code} {self.direction}"

    @property
    def quota_label(self) -> str:
        """How the platform counted the answer, for staff ("" when it did not say)."""
        kind = QUOTA_LABELS.get(self.quota_type)
        if kind is None:
            return ""
        if self.quota_remain is None:
            return str(kind)
        left = formats.number(self.quota_remain)
        return gettext("%(kind)s; %(left)s left of that kind") % {"kind": kind, "left": left}


class Attachment(models.Model):
    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to="inbox/%Y/%m/", blank=True)
    url = models.URLField(max_length=1000, blank=True, help_text="Where the platform keeps it.")
    name = models.CharField(max_length=255, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    size = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return self.name or self.url


class ClassifierVersion(models.Model):
    version = models.CharField(max_length=40, unique=True)
    data = models.BinaryField()
    trained_at = models.DateTimeField()
    examples = models.PositiveIntegerField(default=0)
    macro_f1 = models.FloatField(null=True, blank=True)
    active = models.BooleanField(default=False)

    class Meta:
        ordering = ["-trained_at"]

    def __str__(self) -> str:
        return self.version


class TrainingExample(models.Model):
    """A staff correction of a case's topic or urgency: trains the next model."""

    text = models.TextField()
    topic = models.CharField(max_length=20, choices=Topic.choices)
    urgency = models.CharField(max_length=10, choices=Urgency.choices, default=Urgency.NORMAL)
    case = models.ForeignKey(Case, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")  # fmt: skip
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"{self.topic}: {self.text[:40]}"

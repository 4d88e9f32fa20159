"""The cascade: what a unit sends down the union tree (`Dispatch`), the work each unit must
do (`UnitTask`), and the compliance counts kept per subtree (`ComplianceCount`).

A dispatch asks its target units for actions (share, post, read, hang) by a due day. A hub
that relays makes a child dispatch to its own units; every task names its root dispatch,
so relayed work counts toward the original. Decisions: docs/architecture.md, "The cascade".
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Action(models.TextChoices):
    SHARE_ZALO_GROUP = "share_zalo_group", _("Share to the unit's Zalo group")
    SHARE_FACEBOOK_PAGE = "share_facebook_page", _("Share on the unit's Facebook page")
    SHARE_FACEBOOK_GROUP = "share_facebook_group", _("Share to the unit's Facebook group")
    BULLETIN_BOARD = "bulletin_board", _("Post on the bulletin board")
    LOUDSPEAKER = "loudspeaker", _("Read on the loudspeaker")
    POSTER = "poster", _("Hang the poster")
    MEETING = "meeting", _("Read at a meeting")
    PLAN_DUTY = "plan_duty", _("Carry out the plan's duty")


class DispatchStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting to be sent")
    SENDING = "sending", _("Being sent to the units")
    SENT = "sent", _("Sent to the units")
    FAILED = "failed", _("Sending failed")


class Dispatch(models.Model):
    """Content (an article, a campaign) or a plan's duty sent by a unit to target units with
    the actions asked of them. `key` makes sending the same thing twice a no-op."""

    sender_unit = models.ForeignKey("org.Unit", verbose_name=_("sent by unit"), on_delete=models.PROTECT,
                                    related_name="+")  # fmt: skip
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("dispatched by"), null=True, blank=True,
                                on_delete=models.SET_NULL, related_name="+")  # fmt: skip
    article = models.ForeignKey("wagtailcore.Page", verbose_name=_("article"), null=True, blank=True,
                                on_delete=models.SET_NULL, related_name="+")  # fmt: skip
    campaign = models.ForeignKey("plans.Campaign", verbose_name=_("campaign"), null=True, blank=True,
                                 on_delete=models.SET_NULL, related_name="dispatches")  # fmt: skip
    # A plan's responsibility handed to units (plan 196 §IV): the work is the duty itself.
    plan = models.ForeignKey("plans.Plan", verbose_name=_("plan"), null=True, blank=True,
                             on_delete=models.CASCADE, related_name="dispatches")  # fmt: skip
    responsibility = models.ForeignKey("plans.Responsibility", verbose_name=_("responsibility"), null=True,
                                       blank=True, on_delete=models.SET_NULL, related_name="dispatches")  # fmt: skip
    parent = models.ForeignKey("self", verbose_name=_("relayed from"), null=True, blank=True,
                               on_delete=models.CASCADE, related_name="relays")  # fmt: skip
    root = models.ForeignKey("self", null=True, blank=True, on_delete=models.CASCADE, related_name="+",
                             help_text="The original dispatch; itself for an original one.")  # fmt: skip
    title = models.CharField(_("title"), max_length=300)
    note = models.TextField(_("note"), blank=True)
    actions = models.JSONField(_("actions asked"), default=list)
    due_on = models.DateField(_("due on"))
    targets = models.JSONField(_("target units"), default=dict, help_text="How the targets were chosen.")
    key = models.CharField(max_length=64, unique=True, editable=False)
    status = models.CharField(_("status"), max_length=10, choices=DispatchStatus.choices,
                              default=DispatchStatus.QUEUED)  # fmt: skip
    target_count = models.PositiveIntegerField(_("target units"), default=0)
    sent_count = models.PositiveIntegerField(_("units reached"), default=0)
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(_("sent at"), default=timezone.now)

    class Meta:
        verbose_name = _("dispatch")
        verbose_name_plural = _("dispatches")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def unit_id(self) -> int:  # the rollup triggers (lantoa.plans.signals) find the targets above the sender
        return self.sender_unit_id

    @property
    def progress(self) -> int:
        """Percent of the target units reached by the fan-out."""
        return 100 if not self.target_count else min(100, self.sent_count * 100 // self.target_count)


class TaskStatus(models.TextChoices):
    PENDING = "pending", _("Still to do")
    DONE = "done", _("Done")
    NOT_APPLICABLE = "not_applicable", _("Not applicable")
    RELAYED = "relayed", _("Relayed to the units below")


class UnitTask(models.Model):
    """One action a unit must do for a dispatch. Late is not stored: pending after its due
    day, or done after it (`done_on > due_on`)."""

    # Their own indexes would only slow the fan-out: the composite ones below lead with them.
    dispatch = models.ForeignKey(Dispatch, on_delete=models.CASCADE, related_name="tasks", db_index=False)
    # The dispatch's root, copied: checked through `dispatch`, not once more per row at commit.
    root = models.ForeignKey(Dispatch, on_delete=models.CASCADE, related_name="+", db_index=False,
                             db_constraint=False)  # fmt: skip
    unit = models.ForeignKey("org.Unit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+",
                             db_index=False)  # fmt: skip
    action = models.CharField(_("action"), max_length=24, choices=Action.choices)
    due_on = models.DateField(_("due on"))
    status = models.CharField(_("status"), max_length=16, choices=TaskStatus.choices, default=TaskStatus.PENDING)
    done_on = models.DateField(_("done on"), null=True, blank=True)
    done_at = models.DateTimeField(null=True, blank=True)
    done_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                related_name="+", db_index=False)  # fmt: skip
    evidence_url = models.URLField(_("address of the post"), max_length=500, blank=True)
    evidence_photo = models.ForeignKey("wagtailimages.Image", verbose_name=_("photo"), null=True, blank=True,
                                       on_delete=models.SET_NULL, related_name="+", db_index=False)  # fmt: skip
    reach = models.PositiveIntegerField(_("people reached"), null=True, blank=True)
    # How a shared post was received (R20), as the officer read it under the post.
    reactions = models.PositiveIntegerField(_("reactions"), null=True, blank=True)
    comments = models.PositiveIntegerField(_("number of comments"), null=True, blank=True)
    reason = models.CharField(_("reason it does not apply"), max_length=500, blank=True)
    report = models.TextField(_("what was done"), blank=True)
    reminded_on = models.DateField(null=True, blank=True, help_text="The last day its officers were reminded.")
    publication = models.ForeignKey("channels.Publication", null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+", db_index=False)  # fmt: skip

    class Meta:
        verbose_name = _("unit task")
        verbose_name_plural = _("unit tasks")
        constraints = [models.UniqueConstraint(fields=["dispatch", "unit", "action"], name="cascade_task_once")]
        indexes = [
            models.Index(fields=["unit", "status", "due_on"], name="cascade_task_unit_open"),
            models.Index(fields=["root", "unit"], name="cascade_task_root_unit"),
            # Mostly empty references: indexed where set (deleting a user, a photo, a post).
            *[
                models.Index(
                    fields=[name], name=f"cascade_task_{name}", condition=models.Q(**{f"{name}__isnull": False})
                )
                for name in ("done_by", "evidence_photo", "publication")
            ],
        ]

    def __str__(self) -> str:
        return f"{self.get_action_display()} ({self.dispatch})"

    def is_late(self, day: datetime.date | None = None) -> bool:
        day = day or timezone.localdate()
        if self.status == TaskStatus.PENDING:
            return self.due_on < day
        return self.status == TaskStatus.DONE and self.done_on is not None and self.done_on > self.due_on


class ComplianceCount(models.Model):
    """The tasks of a root dispatch in one unit's subtree (the unit included) with one due
    day: written once by the fan-out, moved by each mark, so the rollup of any subtree is a
    read of its rows, not a count over its tasks. Relayed tasks are not counted (their
    children are)."""

    # Derived rows, rebuilt from the tasks: no foreign-key checks at commit (deletions still
    # cascade, in Django).
    root = models.ForeignKey(Dispatch, on_delete=models.CASCADE, related_name="+", db_constraint=False)
    unit = models.ForeignKey("org.Unit", on_delete=models.CASCADE, related_name="+", db_constraint=False)
    due_on = models.DateField()
    total = models.PositiveIntegerField(default=0)
    done = models.PositiveIntegerField(default=0)
    done_late = models.PositiveIntegerField(default=0)
    not_applicable = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["root", "unit", "due_on"], name="cascade_count_once")]

    def __str__(self) -> str:
        return f"{self.root_id}/{self.unit_id}/{self.due_on}: {self.done}/{self.total}"

"""The approver's review of a proposed campaign (issue #10): a read-only summary of the
version waiting for a decision, what changed since the version last decided, and the
three answers of `lantoa.org.approval` (approve; send back with a comment; reject with
a reason), each carried out by `actions.do_decide_campaign`.

Anyone who reads the campaign sees the summary; only its deciders see the answers;
everyone else gets 404. The campaign's edit form and listing lead deciders here
(`review_hooks`)."""

from __future__ import annotations

from dataclasses import dataclass

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin.admin_url_finder import AdminURLFinder
from wagtail.models import TaskState, WorkflowState

from lantoa.org import scope
from lantoa.org.approval import Decision
from lantoa.org.views import TitledAdminView
from lantoa.vi import formats

from . import actions
from .models import AudienceKind, Campaign
from .queries import visible_campaigns

DECIDE_PERMISSION = "plans.publish_campaign"
CHANGE_PERMISSION = "plans.change_campaign"

# --- Who may answer


def waiting_task_state(campaign: Campaign) -> TaskState | None:
    """The task state waiting for a decision on the campaign, if any."""
    state = campaign.current_workflow_task_state
    return state if state is not None and state.status == TaskState.STATUS_IN_PROGRESS else None


def answers_for(campaign: Campaign, user) -> list[str]:
    """The decisions `user` may take on the campaign now (Decision values), in the order of
    `lantoa.org.approval.actions_for`; empty for anyone who may not decide (the same checks
    as `do_decide_campaign`)."""
    state = waiting_task_state(campaign)
    if state is None or not scope.has_perm(user, DECIDE_PERMISSION, campaign.unit_id):
        return []
    return [name for name, _label, _modal in state.task.specific.get_actions(campaign, user)]


# --- The answers' forms


class AnswerForm(forms.Form):
    comment_required = False
    comment_label = _("Comment for the proposer (optional)")
    required_message = ""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["comment"] = forms.CharField(
            label=self.comment_label,
            required=self.comment_required,
            max_length=2000,
            widget=forms.Textarea(attrs={"rows": 3}),
            error_messages={"required": self.required_message},
        )

    def clean_comment(self) -> str:
        comment = self.cleaned_data["comment"].strip()
        if self.comment_required and not comment:
            raise ValidationError(self.required_message)
        return comment


class ApproveForm(AnswerForm):
    pass


class SendBackForm(AnswerForm):
    comment_required = True
    comment_label = _("What should be changed")
    required_message = _("Write what should be changed before sending the campaign back.")


class RejectForm(AnswerForm):
    comment_required = True
    comment_label = _("Reason for rejection")
    required_message = _("Give the reason for the rejection.")


ANSWERS = {
    Decision.APPROVE.value: ApproveForm,
    Decision.REQUEST_CHANGES.value: SendBackForm,
    Decision.REJECT.value: RejectForm,
}


def done_message(campaign: Campaign, decision: str) -> str:
    """What happened, in the words of the success message."""
    templates = {
        Decision.APPROVE.value: gettext("Campaign «%(title)s» approved."),
        Decision.REQUEST_CHANGES.value: gettext("Campaign «%(title)s» sent back for changes."),
        Decision.REJECT.value: gettext("Campaign «%(title)s» rejected."),
    }
    return templates[decision] % {"title": campaign.title}


# --- What the approver reads


@dataclass
class Change:
    label: str
    before: str
    after: str


# The fields compared between two versions, in the order of the edit form.
COMPARED_FIELDS = (
    "plan",
    "theme",
    "unit",
    "title",
    "decided_by",
    "decided_on",
    "decision_reference",
    "decision_document",
    "key_message",
    "objectives",
    "audiences",
    "channel_kinds",
    "channels",
    "start_date",
    "end_date",
    "participants",
    "budget_lines",
)


def _choice_labels(values, choices) -> str:
    labels = dict(choices)
    return ", ".join(str(labels.get(value, value)) for value in values or [])


def _related_ids(version: Campaign, name: str) -> list[int]:
    return [obj.pk for obj in getattr(version, name).all()]


def budget_line_text(line) -> str:
    return f"{line.item} ({line.get_funding_source_display()}): {formats.money(line.estimate)}"


def field_text(version: Campaign, name: str) -> str:
    """One field of a version of the campaign as the approver reads it."""
    from lantoa.channels.models import Channel, ChannelKind
    from lantoa.org.models import Unit

    if name in ("plan", "theme", "unit", "decision_document"):
        value = getattr(version, name, None)
        if value is None:
            return ""
        return value.name if name == "unit" else str(value)
    if name in ("decided_on", "start_date", "end_date"):
        return formats.date(getattr(version, name))
    if name == "audiences":
        return _choice_labels(version.audiences, AudienceKind.choices)
    if name == "channel_kinds":
        return _choice_labels(version.channel_kinds, ChannelKind.choices)
    if name == "channels":
        ids = _related_ids(version, name)
        rows = Channel.objects.filter(pk__in=ids).select_related("unit").order_by("unit__path", "kind", "name")
        return "; ".join(f"{row.name} ({row.unit.name})" for row in rows)
    if name == "participants":
        return ", ".join(
            Unit.objects.filter(pk__in=_related_ids(version, name)).order_by("path").values_list("name", flat=True)
        )
    if name == "budget_lines":
        return "; ".join(budget_line_text(line) for line in version.budget_lines.all())
    return str(getattr(version, name) or "")


def changes_between(before: Campaign, after: Campaign) -> list[Change]:
    """The fields that differ between two versions, with their old and new values."""
    found = []
    for name in COMPARED_FIELDS:
        old, new = field_text(before, name), field_text(after, name)
        if old != new:
            field = Campaign._meta.get_field(name)
            label = capfirst(field.verbose_name) if hasattr(field, "verbose_name") else gettext("Budget")
            found.append(Change(label=label, before=old, after=new))
    return found


def decided_states(campaign: Campaign):
    """The campaign's task states that were answered (approved, sent back or rejected), latest first."""
    return (
        TaskState.objects.for_instance(campaign)
        .filter(status__in=[TaskState.STATUS_APPROVED, TaskState.STATUS_REJECTED])
        .exclude(finished_at=None)
        .select_related("revision", "finished_by")
        .order_by("-finished_at", "-pk")
    )


def person(user) -> str:
    return (user.get_full_name() or user.get_username()) if user else ""


# --- The page


class CampaignReviewView(TitledAdminView, TemplateView):
    """GET: the summary (and the answers, for a decider). POST: one answer."""

    template_name = "plans/campaign_review.html"
    page_title = _("Review the campaign")
    header_icon = "rocket"

    def dispatch(self, request, *args, **kwargs):
        self.campaign = get_object_or_404(visible_campaigns(request.user), pk=kwargs["pk"])
        self.bound: dict[str, AnswerForm] = {}
        return super().dispatch(request, *args, **kwargs)

    def get_page_subtitle(self):
        return self.campaign.title

    def get_breadcrumbs_items(self):
        index = reverse("wagtailsnippets_plans_campaign:list")
        return [
            {"url": reverse("wagtailadmin_home"), "label": gettext("Home")},
            {"url": index, "label": capfirst(Campaign._meta.verbose_name_plural)},
            {"url": "", "label": self.get_page_title()},
        ]

    @cached_property
    def answers(self) -> list[str]:
        return answers_for(self.campaign, self.request.user)

    @cached_property
    def version(self) -> Campaign:
        """The version under review: the latest revision (what approval publishes)."""
        return self.campaign.get_latest_revision_as_object()

    def form_for(self, decision: str) -> AnswerForm:
        return self.bound.get(decision) or ANSWERS[decision](prefix=decision)

    def post(self, request, *args, **kwargs):
        decision = request.POST.get("decision", "")
        if decision not in ANSWERS or decision not in self.answers:
            raise PermissionDenied
        form = ANSWERS[decision](request.POST, prefix=decision)
        self.bound[decision] = form
        if form.is_valid():
            try:
                actions.do_decide_campaign(
                    self.campaign, actor=request.user, decision=decision, comment=form.cleaned_data["comment"]
                )
            except ValidationError as error:
                form.add_error(None, error.messages)
            else:
                messages.success(request, done_message(self.campaign, decision))
                return redirect(reverse("plans_campaign_review", args=[self.campaign.pk]))
        messages.error(request, gettext("The answer was not recorded: see the message below."))
        return self.render_to_response(self.get_context_data(), status=400)

    # -- Context

    def proposal(self) -> dict:
        """Who sent the campaign for approval and when (first and latest submission)."""
        state = (
            WorkflowState.objects.for_instance(self.campaign)
            .select_related("requested_by", "current_task_state")
            .order_by("-created_at", "-pk")
            .first()
        )
        if state is None:
            first = self.campaign.revisions.order_by("created_at", "pk").select_related("user").first()
            return {
                "by": person(first.user) if first else "",
                "at": formats.datetime_(first.created_at) if first else "",
            }
        task_state = state.current_task_state
        resubmitted = task_state and (task_state.started_at - state.created_at).total_seconds() > 60
        return {
            "by": person(state.requested_by),
            "at": formats.datetime_(state.created_at),
            "again_at": formats.datetime_(task_state.started_at) if resubmitted else "",
        }

    def channel_groups(self) -> list[dict]:
        from lantoa.channels.models import Channel

        ids = _related_ids(self.version, "channels")
        rows = Channel.objects.filter(pk__in=ids).select_related("unit").order_by("unit__path", "kind", "name")
        groups: dict[int, dict] = {}
        for row in rows:
            groups.setdefault(row.unit_id, {"unit": row.unit.name, "channels": []})["channels"].append(
                {"name": row.name, "kind": row.get_kind_display()}
            )
        return list(groups.values())

    def participants(self) -> list[str]:
        from lantoa.org.models import Unit

        ids = _related_ids(self.version, "participants")
        return list(Unit.objects.filter(pk__in=ids).order_by("path").values_list("name", flat=True))

    def budget(self) -> dict:
        lines = list(self.version.budget_lines.all())
        total = sum((line.estimate or 0 for line in lines), 0)
        return {
            "lines": [
                {
                    "item": line.item,
                    "source": line.get_funding_source_display(),
                    "estimate": formats.money(line.estimate),
                }
                for line in lines
            ],
            "total": formats.money(total),
        }

    def since_last(self) -> dict:
        """What changed between the version last answered and the one under review."""
        last = decided_states(self.campaign).first()
        current = self.campaign.latest_revision
        if last is None or last.revision is None:
            return {"first": True, "changes": [], "last": None}
        info = {
            "first": False,
            "last": {
                "answer": _answer_label(self.campaign, last),
                "by": person(last.finished_by),
                "at": formats.datetime_(last.finished_at),
                "comment": last.comment,
            },
        }
        if current is None or current.pk == last.revision_id:
            return {**info, "changes": []}
        return {**info, "changes": changes_between(last.revision.as_object(), self.version)}

    def get_context_data(self, **kwargs):
        version = self.version
        may_edit = scope.has_perm(self.request.user, CHANGE_PERMISSION, self.campaign.unit_id)
        return {
            **super().get_context_data(**kwargs),
            "campaign": self.campaign,
            "version": version,
            "state": self.campaign.get_state_display(),
            "rejection": self.campaign.rejection_reason if self.campaign.is_rejected else "",
            "facts": [
                (capfirst(Campaign._meta.get_field("plan").verbose_name), field_text(version, "plan")),
                (capfirst(Campaign._meta.get_field("theme").verbose_name), field_text(version, "theme")),
                (capfirst(Campaign._meta.get_field("unit").verbose_name), field_text(version, "unit")),
                (gettext("Period"), f"{formats.date(version.start_date)} – {formats.date(version.end_date)}"),
                (capfirst(Campaign._meta.get_field("audiences").verbose_name), field_text(version, "audiences")),
                (
                    capfirst(Campaign._meta.get_field("channel_kinds").verbose_name),
                    field_text(version, "channel_kinds"),
                ),
            ],
            "participants_label": capfirst(Campaign._meta.get_field("participants").verbose_name),
            "participants": self.participants(),
            "theme_decision": ", ".join(
                text
                for text in (version.decided_by, formats.date(version.decided_on), version.decision_reference)
                if text
            ),
            "proposal": self.proposal(),
            "channel_groups": self.channel_groups(),
            "budget": self.budget(),
            "since_last": self.since_last(),
            "answers": [{"name": name, "form": self.form_for(name)} for name in self.answers],
            "edit_url": AdminURLFinder(self.request.user).get_edit_url(self.campaign) if may_edit else None,
        }


def _answer_label(campaign: Campaign, last: TaskState) -> str:
    """The latest answer's name: a rejection for good is the campaign's last answer."""
    if last.status == TaskState.STATUS_APPROVED:
        return str(Decision.APPROVE.label)
    return str(Decision.REJECT.label if campaign.is_rejected else Decision.REQUEST_CHANGES.label)


urlpatterns = [
    path("plans/campaigns/<int:pk>/review/", CampaignReviewView.as_view(), name="plans_campaign_review"),
]

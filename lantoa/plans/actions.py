"""Every change to plans, targets, campaigns and assignments.

Each action checks the actor's scope (actor=None is the system: demo loaders, tasks),
runs in one transaction and writes Wagtail's audit log. Rollups follow through the
signals in `lantoa.plans.signals`.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log
from wagtail.models import Workflow

from lantoa.org import scope
from lantoa.org.models import UPPER_LEVEL_KINDS, Unit

from .models import (
    Assignment,
    AssignmentStatus,
    Campaign,
    KeyMessage,
    ManualValue,
    Plan,
    PlanSection,
    PlanStatus,
    Responsibility,
    Target,
    Theme,
)

check_unit_scope = scope.require_write


# --- Plans


def suggest_number(unit_id: int, doc_type: str, year: int) -> int:
    """The next number in the unit's register of `doc_type` documents for `year`."""
    issued = Plan.objects.filter(issuing_unit_id=unit_id, doc_type=doc_type, issued_on__year=year)
    return (issued.aggregate(last=Max("number"))["last"] or 0) + 1


def _check_number_free(plan: Plan) -> None:
    if plan.number is None:
        return
    taken = Plan.objects.filter(
        issuing_unit_id=plan.issuing_unit_id,
        doc_type=plan.doc_type,
        number=plan.number,
        issued_on__year=plan.issued_on.year,
    ).exclude(pk=plan.pk)
    if taken.exists():
        free = suggest_number(plan.issuing_unit_id, plan.doc_type, plan.issued_on.year)
        message = _("Number %(number)s is already used this year; the next free one is %(next)s.")
        raise ValidationError({"number": message % {"number": plan.number, "next": free}})


def _check_plan_readable(actor, plan_id: int | None) -> None:
    from .queries import readable_plans

    if actor is not None and plan_id is not None and not readable_plans(actor).filter(pk=plan_id).exists():
        raise ValidationError(_("You cannot use this plan."))


@transaction.atomic
def do_save_plan(plan: Plan, *, actor) -> Plan:
    """Create or update a plan with its sections, messages, themes and responsibilities
    (a modelcluster instance: its children are saved with it)."""
    created = plan.pk is None
    if not created:
        check_unit_scope(actor, Plan.objects.get(pk=plan.pk).issuing_unit_id, _("plans"))
    check_unit_scope(actor, plan.issuing_unit_id, _("plans"))
    scope.require_write_all(actor, [r.unit_id for r in plan.responsibilities.all()], _("plans"))
    _check_plan_readable(actor, plan.adopted_from_id)
    if plan.status != PlanStatus.DRAFT and plan.number is None:
        plan.number = suggest_number(plan.issuing_unit_id, plan.doc_type, plan.issued_on.year)
    plan.full_clean(exclude=["adopted_from"])
    _check_number_free(plan)
    plan.save()
    log(plan, "wagtail.create" if created else "wagtail.edit", user=actor)
    return plan


@transaction.atomic
def do_issue_plan(plan: Plan, *, actor, on: datetime.date | None = None) -> Plan:
    """Issue a draft plan: it gets the register's next number if it has none."""
    check_unit_scope(actor, plan.issuing_unit_id, _("plans"))
    if on:
        plan.issued_on = on
    if plan.number is None:
        plan.number = suggest_number(plan.issuing_unit_id, plan.doc_type, plan.issued_on.year)
    _check_number_free(plan)
    plan.status = PlanStatus.ISSUED
    plan.save()
    log(plan, "lantoa.plans.issue", user=actor)
    return plan


@transaction.atomic
def do_adopt_plan(parent: Plan, *, unit: Unit, actor, issued_on: datetime.date, symbol: str, place: str) -> Plan:
    """A lower unit puts an upper plan into practice ("cụ thể hóa", R20): a draft plan of
    its own, linked to the parent, with the parent's parts, messages and themes to adapt."""
    check_unit_scope(actor, unit.pk, _("plans"))
    plan = Plan(
        issuing_unit=unit,
        doc_type=parent.doc_type,
        symbol=symbol,
        place=place,
        issued_on=issued_on,
        title=parent.title,
        basis=_("Pursuant to plan %(reference)s of %(unit)s dated %(day)s.")
        % {
            "reference": parent.reference,
            "unit": parent.issuing_unit.name,
            "day": parent.issued_on.strftime("%d/%m/%Y"),
        },
        period_start=max(parent.period_start, issued_on) if issued_on <= parent.period_end else parent.period_start,
        period_end=parent.period_end,
        adopted_from=parent,
        parent_unit_name=parent.issuing_unit.name.upper(),
    )
    plan.sections = [PlanSection(kind=s.kind, heading=s.heading, body=s.body) for s in parent.sections.all()]
    plan.key_messages = [
        KeyMessage(text=m.text, valid_from=m.valid_from, valid_to=m.valid_to) for m in parent.key_messages.all()
    ]
    plan.themes = [Theme(title=t.title) for t in parent.themes.all()]
    plan.save()
    log(plan, "lantoa.plans.adopt", user=actor, data={"parent": parent.pk})
    return plan


# --- Targets


@transaction.atomic
def do_save_target(target: Target, *, actor) -> Target:
    from .indicators import REGISTRY

    check_unit_scope(actor, target.plan.issuing_unit_id, _("plans"))
    if target.indicator not in REGISTRY:
        raise ValidationError({"indicator": _("Unknown indicator.")})
    created = target.pk is None
    target.full_clean()
    target.save()
    log(target, "wagtail.create" if created else "wagtail.edit", user=actor)
    return target


@transaction.atomic
def do_record_manual_value(
    target: Target, *, actor, on_date: datetime.date, value: Decimal, evidence: str, evidence_document=None
) -> ManualValue:
    """A figure the system cannot count, with its evidence (a report, a link, a photo)."""
    check_unit_scope(actor, target.plan.issuing_unit_id, _("plans"))
    if not evidence.strip():
        raise ValidationError({"evidence": _("Say where the figure comes from.")})
    row = ManualValue(
        target=target, on_date=on_date, value=value, evidence=evidence.strip(),
        evidence_document=evidence_document, recorded_by=actor,
    )  # fmt: skip
    row.full_clean()
    row.save()
    log(target, "lantoa.plans.manual_value", user=actor, data={"on_date": on_date.isoformat(), "value": str(value)})
    return row


# --- Campaigns


APPROVAL_WORKFLOW_NAME = "Ban Thường vụ phê duyệt chiến dịch"


@transaction.atomic
def ensure_campaign_workflow() -> Workflow:
    """The Standing Committee's approval of campaigns: one scoped group-approval task for
    the approvers' role group, assigned to the campaign model. Idempotent."""
    from django.contrib.contenttypes.models import ContentType
    from wagtail.models import WorkflowContentType, WorkflowTask

    from lantoa.org.actions import role_group
    from lantoa.org.models import RoleKind

    from .models import StandingCommitteeApprovalTask

    task = StandingCommitteeApprovalTask.objects.filter(name=APPROVAL_WORKFLOW_NAME).first()
    if task is None:
        task = StandingCommitteeApprovalTask.objects.create(name=APPROVAL_WORKFLOW_NAME)
    task.groups.set([role_group(RoleKind.APPROVER), role_group(RoleKind.FEDERATION_ADMIN)])
    workflow, _created = Workflow.objects.get_or_create(name=APPROVAL_WORKFLOW_NAME)
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task.task_ptr, defaults={"sort_order": 0})
    content_type = ContentType.objects.get_for_model(Campaign)
    WorkflowContentType.objects.update_or_create(content_type=content_type, defaults={"workflow": workflow})
    return workflow


def approval_workflow() -> Workflow | None:
    from wagtail.models import WorkflowContentType

    link = WorkflowContentType.objects.filter(content_type__app_label="plans", content_type__model="campaign").first()
    return link.workflow if link and link.workflow.active else None


def _check_campaign_links(campaign: Campaign, actor) -> None:
    """A campaign runs under a plan the actor reads, on channels and with units they change."""
    _check_plan_readable(actor, campaign.plan_id)
    channel_units = [channel.unit_id for channel in campaign.channels.all()]
    scope.require_write_all(actor, channel_units + [unit.pk for unit in campaign.participants.all()], _("campaigns"))


@transaction.atomic
def do_propose_campaign(campaign: Campaign, *, actor, submit: bool = True) -> Campaign:
    """Save a new or changed campaign as a draft and, with `submit`, send it to the
    Standing Committee's approval workflow."""
    check_unit_scope(actor, campaign.unit_id, _("campaigns"))
    _check_campaign_links(campaign, actor)
    created = campaign.pk is None
    if created:
        campaign.live = False
    campaign.full_clean()
    campaign.save()
    revision = campaign.save_revision(user=actor, log_action=True)
    if submit:
        workflow = approval_workflow()
        if workflow is None:
            raise ValidationError(_("No approval workflow is set up for campaigns."))
        if campaign.current_workflow_state is None:
            workflow.start(campaign, actor)
    if created:
        log(campaign, "wagtail.create", user=actor, revision=revision)
    return campaign


@transaction.atomic
def do_decide_campaign(campaign: Campaign, *, actor, approve: bool, comment: str = "", at=None) -> Campaign:
    """The Standing Committee's decision on a proposed campaign, through the workflow's
    current task (what the admin's Approve/Reject buttons do). `at` records a decision
    taken earlier on paper: the approval date of a campaign entered after the fact."""
    state = campaign.current_workflow_task_state
    if state is None:
        raise ValidationError(_("This campaign is not waiting for a decision."))
    task = state.task.specific
    if actor is not None and not task.get_actions(campaign, actor):
        raise ValidationError(_("You cannot decide on this campaign."))
    if approve:
        task.on_action(state, actor, "approve", comment=comment)
    else:
        task.on_action(state, actor, "reject", comment=comment)
    campaign.refresh_from_db()
    if approve and at is not None and campaign.live:
        campaign.first_published_at = campaign.last_published_at = at
        campaign.save(update_fields=["first_published_at", "last_published_at"])
    return campaign


@transaction.atomic
def do_close_campaign(
    campaign: Campaign, *, actor, closed_on: datetime.date, people_reached: int, results: str
) -> Campaign:
    """Close an approved campaign and record what it achieved (reach for R2's cost per reach)."""
    check_unit_scope(actor, campaign.unit_id, _("campaigns"))
    if not campaign.live:
        raise ValidationError(_("Only an approved campaign can be closed."))
    if closed_on < campaign.start_date:
        raise ValidationError({"closed_on": _("A campaign cannot close before it starts.")})
    if not results.strip():
        raise ValidationError({"results": _("Record the campaign's results.")})
    campaign.closed_on, campaign.people_reached, campaign.results = closed_on, people_reached, results.strip()
    campaign.save(update_fields=["closed_on", "people_reached", "results"])
    log(campaign, "lantoa.plans.close_campaign", user=actor, data={"closed_on": closed_on.isoformat()})
    return campaign


@transaction.atomic
def do_record_spending(line, *, actor, actual: Decimal, spent_on: datetime.date):
    """Record what a budget line really cost (R17)."""
    check_unit_scope(actor, line.campaign.unit_id, _("campaigns"))
    line.actual, line.spent_on = actual, spent_on
    line.save(update_fields=["actual", "spent_on"])
    log(line.campaign, "lantoa.plans.spending", user=actor, data={"line": line.pk, "actual": str(actual)})
    return line


# --- Assignments


def responsible_units(responsibility: Responsibility, on: datetime.date) -> list[Unit]:
    """The named board or unit; with none named, every upper-level union open on `on`
    under the plan's issuing unit (plan 196 §IV.2)."""
    if responsibility.unit_id:
        return [responsibility.unit]
    root = responsibility.plan.issuing_unit
    return list(Unit.objects.open_on(on).in_subtree(root.path).filter(kind__in=UPPER_LEVEL_KINDS).exclude(pk=root.pk))


@transaction.atomic
def do_assign_responsibility(
    responsibility: Responsibility, *, actor, title: str, due_on: datetime.date, units: Iterable[Unit] | None = None
) -> list[Assignment]:
    """Turn one responsibility into assignments, one per responsible unit (bulk insert)."""
    plan = responsibility.plan
    check_unit_scope(actor, plan.issuing_unit_id, _("plans"))
    targets = list(units) if units is not None else responsible_units(responsibility, timezone.localdate())
    scope.require_write_all(actor, [unit.pk for unit in targets], _("assignments"))
    rows = [
        Assignment(plan=plan, responsibility=responsibility, unit=unit, title=title, description=responsibility.duties,
                   due_on=due_on)
        for unit in targets
    ]  # fmt: skip
    created = Assignment.objects.bulk_create(rows, batch_size=1000)
    log(plan, "lantoa.plans.assign", user=actor, data={"count": len(created), "title": title})
    return created


@transaction.atomic
def do_complete_assignment(assignment: Assignment, *, actor, done_on: datetime.date, report: str) -> Assignment:
    check_unit_scope(actor, assignment.unit_id, _("assignments"))
    if assignment.status != AssignmentStatus.OPEN:
        raise ValidationError(_("This assignment is no longer open."))
    if not report.strip():
        raise ValidationError({"report": _("Say what was done.")})
    assignment.status, assignment.done_on, assignment.report = AssignmentStatus.DONE, done_on, report.strip()
    assignment.save(update_fields=["status", "done_on", "report"])
    log(assignment, "lantoa.plans.assignment_done", user=actor)
    return assignment

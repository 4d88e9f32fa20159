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

ASSIGN = "cascade.add_dispatch"  # handing a plan's duty to units is sending work down

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
        scope.require_perm(actor, "plans.change_plan", Plan.objects.get(pk=plan.pk).issuing_unit_id, _("plans"))
    perm = "plans.add_plan" if created else "plans.change_plan"
    scope.require_perm(actor, perm, plan.issuing_unit_id, _("plans"))
    scope.require_perm(actor, "plans.change_plan", [r.unit_id for r in plan.responsibilities.all()], _("plans"))
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
    scope.require_perm(actor, "plans.change_plan", plan.issuing_unit_id, _("plans"))
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
def do_adopt_plan(
    parent: Plan,
    *,
    unit: Unit,
    actor,
    issued_on: datetime.date,
    symbol: str,
    place: str,
    title: str | None = None,
    number: int | None = None,
    targets: dict[int, Decimal] | None = None,
) -> Plan:
    """A lower unit puts an upper plan into practice ("cụ thể hóa", R20): a draft plan of
    its own, linked to the parent, with the parent's parts, messages and themes to adapt,
    and the parent's targets named in `targets` ({parent target id: the unit's value}),
    measured over the unit."""
    scope.require_perm(actor, "plans.add_plan", unit.pk, _("plans"))
    plan = Plan(
        issuing_unit=unit,
        doc_type=parent.doc_type,
        number=number,
        symbol=symbol,
        place=place,
        issued_on=issued_on,
        title=title or parent.title,
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
    _check_number_free(plan)
    plan.save()
    for source in parent.targets.filter(pk__in=list(targets or {})):
        copy = Target(
            plan=plan, title=source.title, indicator=source.indicator, params=dict(source.params or {}),
            target_value=targets[source.pk], baseline_on=source.baseline_on, deadline=source.deadline,
            check_dates=list(source.check_dates or []), order=source.order,
        )  # fmt: skip
        copy.full_clean()
        copy.save()
    log(plan, "lantoa.plans.adopt", user=actor, data={"parent": parent.pk})
    return plan


def proposed_adoption_title(parent: Plan, unit: Unit) -> str:
    """ "Kế hoạch tuyên truyền năm 2026 của Công đoàn xã Giao Long": the upper plan's title,
    without the upper unit's name if it ends with it, followed by the adopting unit's."""
    title = parent.title.strip()
    upper = _("%(title)s of %(unit)s") % {"title": "", "unit": parent.issuing_unit.name}
    if upper.strip() and title.lower().endswith(upper.lower()):
        title = title[: -len(upper)].rstrip()
    return _("%(title)s of %(unit)s") % {"title": title, "unit": unit.name}


# --- Targets


@transaction.atomic
def do_save_target(target: Target, *, actor) -> Target:
    from .indicators import REGISTRY

    scope.require_perm(actor, "plans.change_target", target.plan.issuing_unit_id, _("plans"))
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
    scope.require_perm(actor, "plans.add_manualvalue", target.plan.issuing_unit_id, _("plans"))
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
    """The approval of campaigns: one role-approval task for the approvers (the nearest
    unit's, `lantoa.org.approval`), in a workflow assigned to the campaign model. Run after
    every migrate (`PlansConfig`), so a fresh install has it; idempotent."""
    from django.contrib.contenttypes.models import ContentType
    from wagtail.models import WorkflowContentType, WorkflowTask

    from lantoa.org.models import RoleApprovalTask, RoleKind

    task, _created = RoleApprovalTask.objects.get_or_create(
        name=APPROVAL_WORKFLOW_NAME, defaults={"role_kind": RoleKind.APPROVER}
    )
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
    scope.require_perm(
        actor,
        "plans.change_campaign",
        channel_units + [unit.pk for unit in campaign.participants.all()],
        _("campaigns"),
    )


@transaction.atomic
def do_propose_campaign(campaign: Campaign, *, actor, submit: bool = True) -> Campaign:
    """Save a new or changed campaign as a draft and, with `submit`, send it to the
    approval workflow (or resume the workflow that sent it back for changes). A rejected
    campaign is closed for good."""
    scope.require_perm(actor, "plans.change_campaign", campaign.unit_id, _("campaigns"))
    _check_campaign_links(campaign, actor)
    created = campaign.pk is None
    if not created and Campaign.objects.filter(pk=campaign.pk, rejected_at__isnull=False).exists():
        raise ValidationError(_("This campaign was rejected; propose a new one."))
    if created:
        campaign.live = False
    campaign.full_clean()
    campaign.save()
    revision = campaign.save_revision(user=actor, log_action=True)
    if submit:
        _submit_campaign(campaign, actor)
    if created:
        log(campaign, "wagtail.create", user=actor, revision=revision)
    return campaign


def _submit_campaign(campaign: Campaign, actor) -> None:
    from wagtail.models import WorkflowState

    workflow = approval_workflow()
    if workflow is None:
        raise ValidationError(_("No approval workflow is set up for campaigns."))
    state = campaign.current_workflow_state
    if state is None:
        workflow.start(campaign, actor)
    elif state.status == WorkflowState.STATUS_NEEDS_CHANGES:
        state.resume(actor)


@transaction.atomic
def do_decide_campaign(
    campaign: Campaign,
    *,
    actor,
    approve: bool | None = None,
    decision: str | None = None,
    comment: str = "",
    at=None,
) -> Campaign:
    """The approver's answer on a proposed campaign, through the workflow's current task
    (what the admin's buttons do): `decision` is "approve", "request_changes" (sent back,
    the author edits and resubmits) or "reject" (for good, `comment` is the required
    reason); `approve=True/False` is short for approve / send back. Only the approvers of
    the nearest unit holding approvers decide, within their role's subtree. `at` records a
    decision taken earlier on paper: the approval date of a campaign entered after the fact."""
    from lantoa.org.approval import Decision

    decision = decision or (Decision.APPROVE if approve else Decision.REQUEST_CHANGES)
    state = campaign.current_workflow_task_state
    if state is None:
        raise ValidationError(_("This campaign is not waiting for a decision."))
    task = state.task.specific
    allowed = [name for name, _label, _modal in task.get_actions(campaign, actor)] if actor is not None else None
    in_subtree = actor is None or scope.has_perm(actor, "plans.publish_campaign", campaign.unit_id)
    if actor is not None and (not in_subtree or not allowed):
        raise ValidationError(_("You cannot decide on this campaign."))
    if allowed is not None and decision not in allowed:
        raise ValidationError(_("This answer is not available for this campaign."))
    if decision == Decision.REJECT and not comment.strip():
        raise ValidationError({"comment": _("Give the reason for the rejection.")})
    task.on_action(state, actor, decision, comment=comment)
    campaign.refresh_from_db()
    if decision == Decision.APPROVE and at is not None and campaign.live:
        campaign.first_published_at = campaign.last_published_at = at
        campaign.save(update_fields=["first_published_at", "last_published_at"])
    return campaign


@transaction.atomic
def do_close_campaign(
    campaign: Campaign, *, actor, closed_on: datetime.date, people_reached: int, results: str
) -> Campaign:
    """Close an approved campaign and record what it achieved (reach for R2's cost per reach)."""
    scope.require_perm(actor, "plans.change_campaign", campaign.unit_id, _("campaigns"))
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
    """Record what a budget line of an approved campaign really cost (R17). The campaign
    stays approved: no new revision, no second pass through the workflow."""
    scope.require_perm(actor, "plans.record_spending", line.campaign.unit_id, _("campaigns"))
    _check_spending(line.campaign, actual)
    line.actual, line.spent_on = actual, spent_on
    line.save(update_fields=["actual", "spent_on"])
    carry_into_revisions(line.campaign, lines=[line])
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


def do_assign_responsibility(
    responsibility: Responsibility, *, actor, title: str, due_on: datetime.date, units: Iterable[Unit] | None = None
):
    """Hand one responsibility to its units as the plan's duty: a dispatch from the plan's
    issuing unit and one task per responsible unit, made at once (a plan names tens of
    units, not thousands). Handing the same duty to the same units again makes nothing
    new. Returns the tasks."""
    from lantoa.cascade import actions as cascade

    plan = responsibility.plan
    scope.require_perm(actor, ASSIGN, plan.issuing_unit_id, _("plans"))
    targets = list(units) if units is not None else responsible_units(responsibility, timezone.localdate())
    scope.require_perm(actor, ASSIGN, [unit.pk for unit in targets], _("assignments"))
    return cascade.assign_duty(plan=plan, responsibility=responsibility, units=targets, actor=actor, title=title,
                               due_on=due_on)  # fmt: skip


# --- Changes made outside the campaign's edit form


def _check_spending(campaign: Campaign, actual) -> None:
    if not campaign.live:
        raise ValidationError(_("Spending is recorded on approved campaigns only."))
    if actual is None or Decimal(actual) < 0:
        raise ValidationError({"actual": _("Enter an amount of zero or more.")})


def carry_into_revisions(campaign: Campaign, *, unit_id: int | None = None, lines=()) -> None:
    """Write a change made outside the edit form (spending recorded, a new organising unit)
    into the campaign's live and latest revisions: the edit form shows the latest revision,
    which would otherwise bring the old values back. The latest revision's time moves on,
    so a form opened before sees the change as someone else's (`lantoa.core.concurrency`)."""
    from modelcluster.models import get_serializable_data_for_fields

    changed = {line.pk: get_serializable_data_for_fields(line) for line in lines}
    for revision in {r.pk: r for r in (campaign.live_revision, campaign.latest_revision) if r}.values():
        content = revision.content
        if unit_id is not None:
            content["unit"] = unit_id
        for row in content.get("budget_lines", []):
            if row.get("pk") in changed:
                row.update(actual=changed[row["pk"]]["actual"], spent_on=changed[row["pk"]]["spent_on"])
        fields = ["content"]
        if revision.pk == campaign.latest_revision_id:
            revision.created_at = timezone.now()
            fields.append("created_at")
        revision.save(update_fields=fields)


# --- Reorganisations: a merged unit's open work goes on at its successor


def open_campaigns(unit: Unit, on_date: datetime.date):
    """A unit's campaigns not closed that run on or after `on_date` (proposed or approved).
    Its pending tasks (plan duties included) move with `lantoa.cascade.receivers`."""
    return Campaign.objects.filter(unit=unit, closed_on__isnull=True, end_date__gte=on_date)


@transaction.atomic
def do_move_open_work(source: Unit, *, target: Unit, on_date: datetime.date, actor) -> dict[str, list[int]]:
    """Hand `source`'s open work to `target` from `on_date` (a merge: `unit_merged`).

    Running or upcoming campaigns change unit; closed or finished campaigns and the
    source's channels stay its history (its pending tasks move in `lantoa.cascade.receivers`).
    Runs inside the merge's transaction; the rollups follow the campaigns through their
    signals."""
    from lantoa.org.roles import ADMINISTER

    scope.require_perm(actor, ADMINISTER, target.pk, _("the union tree"))
    moved = {"campaigns": []}
    for campaign in open_campaigns(source, on_date).order_by("pk"):
        campaign.moved_from, campaign.moved_on = campaign.unit, on_date
        campaign.unit = target
        campaign.save(update_fields=["unit", "moved_from", "moved_on"])
        carry_into_revisions(campaign, unit_id=target.pk)
        log(campaign, "lantoa.plans.move_open_work", user=actor, data={"from": source.pk, "to": target.pk})
        moved["campaigns"].append(campaign.pk)
    data = {"source": {"id": source.pk, "name": source.name}, "on_date": on_date.isoformat(), **moved}
    log(target, "lantoa.plans.move_open_work", user=actor, data=data)
    return moved

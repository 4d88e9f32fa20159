"""`/api/plans`: the plans a user may read, and one plan's figures as of a day.

Figures come only from `lantoa.plans.progress.plan_progress`, the same source as the
dashboard and the exports, so the API never shows a number the admin does not."""

from __future__ import annotations

import datetime
from typing import Annotated

from django.utils.translation import gettext as _
from ninja import Field, Path, Query, Router, Schema
from ninja.errors import HttpError
from ninja.pagination import LimitOffsetPagination, paginate
from pydantic import WithJsonSchema

from lantoa.plans import progress
from lantoa.plans.queries import access_plan, visible_plans

from . import schemas

router = Router(tags=["plans"])

MAX_LIMIT = 100
MAX_OFFSET = 1_000_000
MAX_ID = 2**63 - 1  # the largest id a database column holds
DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y")

PlanId = Annotated[int, Path(ge=1, le=MAX_ID)]
# A day as YYYY-MM-DD (the schema's `format: date`); dd/mm/yyyy, as the admin writes it, is read too.
AsOf = Annotated[
    str,
    Query(),
    WithJsonSchema({"type": "string", "format": "date", "description": "YYYY-MM-DD (dd/mm/yyyy is read too)."}),
]
# Every endpoint may answer these besides its own result.
ERRORS = {401: schemas.Error, 422: schemas.Error}


def unit_ref(unit) -> dict | None:
    return {"id": unit.pk, "name": unit.name} if unit is not None else None


def plan_summary(plan) -> dict:
    return {
        "id": plan.pk,
        "reference": plan.reference,
        "doc_type": plan.doc_type,
        "title": plan.title,
        "issuing_unit": unit_ref(plan.issuing_unit),
        "issued_on": plan.issued_on,
        "period": {"start": plan.period_start, "end": plan.period_end},
        "status": plan.status,
        "adopted_from": plan.adopted_from_id,
    }


class PlanPagination(LimitOffsetPagination):
    """limit/offset with bounds, so a huge offset is a clear 422, never a database error."""

    class Input(Schema):
        limit: int = Field(20, ge=1, le=MAX_LIMIT)
        offset: int = Field(0, ge=0, le=MAX_OFFSET)

    def paginate_queryset(self, queryset, pagination, request, **params):
        page = super().paginate_queryset(queryset, pagination, request, **params)
        return {**page, "items": [plan_summary(plan) for plan in page["items"]]}


@router.get("/plans", response={200: list[schemas.PlanSummary], **ERRORS}, summary="Plans you may read")
@paginate(PlanPagination)
def list_plans(request):
    return visible_plans(request.auth).select_related("issuing_unit").order_by("-issued_on", "-number", "-pk")


def parse_day(text: str) -> datetime.date:
    for date_format in DATE_FORMATS:
        try:
            return datetime.datetime.strptime(text.strip(), date_format).date()
        except ValueError:
            continue
    raise HttpError(422, _("“%(value)s” is not a date: write it as YYYY-MM-DD or dd/mm/yyyy.") % {"value": text[:40]})


def target_figures(figures: progress.TargetProgress) -> dict:
    target = figures.target
    return {
        "id": target.pk,
        "title": target.title,
        "indicator": {"code": figures.kind.code, "label": str(figures.kind.label)},
        "measure": figures.kind.measure,
        "value": figures.value,
        "numerator": figures.numerator,
        "denominator": figures.denominator,
        "target_value": figures.target_value,
        "deadline": target.deadline,
        "check_dates": target.check_days(),
        "status": figures.status,
        "status_label": str(figures.status_label),
        "computed_at": figures.computed_at,
    }


def campaign_figures(campaign, day: datetime.date) -> dict:
    totals = campaign.budget_totals()
    cost = campaign.cost_per_reach()
    return {
        "id": campaign.pk,
        "title": campaign.title,
        "unit": unit_ref(campaign.unit),
        "state": campaign.state_on(day),
        "period": {"start": campaign.start_date, "end": campaign.end_date},
        "budget": {"estimate": int(totals["estimate"]), "actual": int(totals["actual"])},
        "people_reached": campaign.people_reached,
        "cost_per_reach": int(cost) if cost is not None else None,
    }


def plan_detail(plan, figures: progress.PlanProgress) -> dict:
    key_message = figures.key_message
    return {
        **plan_summary(plan),
        "as_of": figures.day,
        "live": figures.live,
        "parent_unit_name": plan.parent_unit_name,
        "place": plan.place,
        "basis": plan.basis,
        "key_message": key_message.text if key_message else None,
        "sections": list(plan.sections.values("kind", "heading", "body")),
        "key_messages": list(plan.key_messages.values("text", "valid_from", "valid_to")),
        "themes": list(plan.themes.values("id", "title")),
        "responsibilities": [
            {"unit": unit_ref(r.unit), "heading": r.heading, "duties": r.duties}
            for r in plan.responsibilities.select_related("unit")
        ],
        "targets": [target_figures(t) for t in figures.targets],
        "campaigns": [campaign_figures(c, figures.day) for c in figures.campaigns],
    }


@router.get(
    "/plans/{plan_id}",
    response={200: schemas.PlanDetail, 404: schemas.Error, **ERRORS},
    summary="A plan with its targets' figures as of a day",
)
def get_plan(request, plan_id: PlanId, as_of: AsOf = None):
    """`as_of` (YYYY-MM-DD or dd/mm/yyyy) replays the figures of a past day; by default
    the plan's own view day (today, or the end of a finished plan)."""
    plan = access_plan(request.auth, plan_id)
    day = parse_day(as_of) if as_of is not None else None
    return plan_detail(plan, progress.plan_progress(plan, day))

"""`/api/plans`: the plans a user may read, and one plan's figures as of a day.

Figures come only from `lantoa.plans.progress.plan_progress`, the same source as the
dashboard and the exports, so the API never shows a number the admin does not: the same
plans (those received from above included), the same campaigns, the same days refused
with the same messages."""

from __future__ import annotations

import datetime
from typing import Annotated

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from ninja import Field, Path, Query, Router, Schema
from ninja.errors import HttpError
from ninja.pagination import LimitOffsetPagination, paginate
from pydantic import WithJsonSchema

from lantoa.plans import progress
from lantoa.plans.queries import access_plan, readable_plans

from . import schemas

router = Router(tags=[_("Plans")])

MAX_LIMIT = 100
MAX_OFFSET = 1_000_000
MAX_ID = 2**63 - 1  # the largest id a database column holds

PlanId = Annotated[int, Path(ge=1, le=MAX_ID)]
# A day as YYYY-MM-DD (the schema's `format: date`); dd/mm/yyyy, as the admin writes it, is read too.
AsOf = Annotated[
    str,
    Query(),
    WithJsonSchema(
        {
            "type": "string",
            "format": "date",
            "description": _("A day up to today: YYYY-MM-DD (dd/mm/yyyy is read too)."),
        }
    ),
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


@router.get(
    "/plans",
    response={200: list[schemas.PlanSummary], **ERRORS},
    summary=_("Plans you may read"),
    description=_(
        "The plans you may read, newest first, those received from above included; "
        "`limit` and `offset` page through them."
    ),
)
@paginate(PlanPagination)
def list_plans(request):
    return readable_plans(request.auth).select_related("issuing_unit").order_by("-issued_on", "-number", "-pk")


def parse_day(text: str) -> datetime.date:
    """`as_of` read as the screens read `?ngay=`: refused (422) with the same message."""
    try:
        return progress.parse_day(text)
    except ValidationError as refused:
        raise HttpError(422, refused.messages[0]) from None


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


def campaign_figures(figures: progress.CampaignFigures) -> dict:
    campaign, cost = figures.campaign, figures.cost_per_reach
    return {
        "id": campaign.pk,
        "title": campaign.title,
        "unit": unit_ref(campaign.unit),
        "state": figures.state,
        "period": {"start": campaign.start_date, "end": campaign.end_date},
        "budget": {"estimate": int(figures.estimate), "actual": int(figures.actual)},
        "people_reached": figures.people_reached,
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
        "campaigns": [campaign_figures(row) for row in figures.campaign_rows],
        "budget": {key: int(value) for key, value in figures.budget.items()},
    }


@router.get(
    "/plans/{plan_id}",
    response={200: schemas.PlanDetail, 404: schemas.Error, **ERRORS},
    summary=_("A plan with its targets' figures as of a day"),
    description=_(
        "`as_of` (YYYY-MM-DD or dd/mm/yyyy, up to today) replays the figures of a past day; by default the plan's "
        "own view day (today, or the end of a finished plan). Campaigns are those approved by then that you see; "
        "`budget` is the whole plan's."
    ),
)
def get_plan(request, plan_id: PlanId, as_of: AsOf = None):
    """`as_of` (YYYY-MM-DD or dd/mm/yyyy, up to today) replays the figures of a past day; by
    default the plan's own view day (today, or the end of a finished plan). Campaigns are
    those approved by then that the caller sees; `budget` is the whole plan's."""
    plan = access_plan(request.auth, plan_id, received=True)
    day = parse_day(as_of) if as_of is not None else None
    return plan_detail(plan, progress.plan_progress(plan, day, viewer=request.auth))

"""The shapes of the API's answers (they are also its OpenAPI documentation)."""

from __future__ import annotations

import datetime

from ninja import Schema


class UnitRef(Schema):
    id: int
    name: str


class Period(Schema):
    start: datetime.date
    end: datetime.date


class PlanSummary(Schema):
    id: int
    reference: str
    doc_type: str
    title: str
    issuing_unit: UnitRef
    issued_on: datetime.date
    period: Period
    status: str
    adopted_from: int | None


class Section(Schema):
    kind: str
    heading: str
    body: str


class KeyMessage(Schema):
    text: str
    valid_from: datetime.date | None
    valid_to: datetime.date | None


class Theme(Schema):
    id: int
    title: str


class Responsibility(Schema):
    unit: UnitRef | None
    heading: str
    duties: str


class Indicator(Schema):
    code: str
    label: str


class TargetFigures(Schema):
    id: int
    title: str
    indicator: Indicator
    measure: str
    value: float | None
    numerator: int | None
    denominator: int | None
    target_value: float
    deadline: datetime.date
    check_dates: list[datetime.date]
    status: str
    status_label: str
    computed_at: datetime.datetime | None


class Budget(Schema):
    estimate: int
    actual: int


class CampaignFigures(Schema):
    id: int
    title: str
    unit: UnitRef
    state: str
    period: Period
    budget: Budget
    people_reached: int | None
    cost_per_reach: int | None


class PlanDetail(PlanSummary):
    as_of: datetime.date
    live: bool
    parent_unit_name: str
    place: str
    basis: str
    key_message: str | None
    sections: list[Section]
    key_messages: list[KeyMessage]
    themes: list[Theme]
    responsibilities: list[Responsibility]
    targets: list[TargetFigures]
    campaigns: list[CampaignFigures]
    budget: Budget  # the whole plan's approved campaigns, spending recorded by `as_of`


class Error(Schema):
    detail: str

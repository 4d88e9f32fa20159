"""The commune personas with work on their desks, for the home page tests: `grow(world, n)`
adds n rows of every kind each panel lists, for the commune's people and for the sibling
commune's (which must never show). The units' work is the plan's duties handed down by the
province (`plans.actions.do_assign_responsibility`): cascade tasks, as in the product."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from lantoa.channels.models import Channel
from lantoa.org import actions as org_actions
from lantoa.org.models import RoleKind
from lantoa.org.tests.factories import fresh, make_unit, make_user
from lantoa.plans import actions
from lantoa.plans.models import BudgetLine, CalendarEvent, Campaign, Plan, Responsibility, Target
from lantoa.plans.signals import rollups_paused

TODAY = timezone.localdate()
DAY = datetime.timedelta(days=1)


def person(username: str, unit, kind):
    user = make_user(username)
    org_actions.do_assign_role(user=user, unit=unit, kind=kind, actor=None)
    return user


def add_people(world: dict) -> dict:
    """An approver and a finance officer of the commune and of the sibling commune."""
    other = world["sibling"].parent
    world["approver"] = person("phukhuong.lanhdao", world["commune"], RoleKind.APPROVER)
    world["finance"] = person("phukhuong.taichinh", world["commune"], RoleKind.FINANCE)
    world["sibling_approver"] = person("longho.lanhdao", other, RoleKind.APPROVER)
    world["commune_officer"] = person("phukhuong.canbo", world["commune"], RoleKind.UNIT_OFFICER)
    actions.ensure_campaign_workflow()
    plan = Plan(
        issuing_unit=world["province"], number=58, symbol="KH-LĐLĐ", place="Vĩnh Long", issued_on=TODAY - 60 * DAY,
        title="Truyền thông công đoàn", period_start=TODAY - 60 * DAY, period_end=TODAY + 365 * DAY, status="issued",
    )  # fmt: skip
    plan.responsibilities = [
        Responsibility(heading="Công đoàn cấp trên trực tiếp cơ sở", duties="Tuyên truyền, báo cáo kết quả")
    ]
    world["plan"] = actions.do_save_plan(plan, actor=None)
    world["responsibility"] = world["plan"].responsibilities.get()
    return world


def hand_down(world: dict, title: str, due_on: datetime.date, units: list) -> None:
    """The province hands the plan's duty `title` to `units`: one pending task each."""
    actions.do_assign_responsibility(world["responsibility"], actor=None, title=title, due_on=due_on, units=units)


def grow(world: dict, n: int) -> None:
    """n more rows of each kind of work, on the commune's side and on the sibling's. Duties
    are numbered across calls: the same duty handed to the same units again makes nothing."""
    other = world["sibling"].parent
    plan = world["plan"]
    first = world.get("duties_handed", 0)
    world["duties_handed"] = first + n
    with rollups_paused():
        for i in range(n):
            number, both = first + i, [world["grassroots"], world["sibling"]]
            hand_down(world, f"Nhiệm vụ {number}", TODAY + (i - n // 2) * DAY, both)
            late_units = [make_unit(parent, "grassroots") for parent in (world["commune"], other)]
            hand_down(world, f"Báo cáo {number}", TODAY - (i + 1) * DAY, late_units)
            for late in late_units:
                Channel.objects.create(unit=late, kind="bulletin_board", name=f"Bảng tin {i}")
            for unit in (world["commune"], other):
                CalendarEvent.objects.create(
                    unit=unit, title=f"Hội nghị {unit.pk}-{i}", start=TODAY + (i % 50 + 1) * DAY
                )
            Target.objects.create(
                plan=plan, title=f"Chỉ tiêu {i}", indicator="campaigns_run", target_value=Decimal(5),
                deadline=TODAY + (100 + i) * DAY,
            )  # fmt: skip
        for i in range(n):
            for unit in (world["commune"], other):
                propose(plan, unit, f"Chiến dịch chờ duyệt {unit.pk}-{i}")
                approved = propose(plan, unit, f"Chiến dịch đã duyệt {unit.pk}-{i}")
                actions.do_decide_campaign(approved, actor=None, approve=True)


def propose(plan, unit, title: str) -> Campaign:
    campaign = Campaign(plan=plan, unit=unit, title=title, start_date=TODAY + 10 * DAY, end_date=TODAY + 40 * DAY)
    campaign.budget_lines = [BudgetLine(item="In tờ gấp", funding_source="accumulated", estimate=Decimal(1_000_000))]
    return actions.do_propose_campaign(campaign, actor=None)


def queries_to_render(panel) -> int:
    """Queries one panel costs, rendered from cold caches for a freshly loaded user."""
    ContentType.objects.clear_cache()
    with CaptureQueriesContext(connection) as captured:
        panel.render_html({})
    return len(captured.captured_queries)


def fresh_user(world: dict, key: str):
    return fresh(world[key])

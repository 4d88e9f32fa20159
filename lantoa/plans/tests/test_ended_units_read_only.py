"""An ended unit's rows are history: readable, written by nobody.

Công đoàn cơ sở May Sông Tiền is dissolved on 01/07/2025 with a channel, an approved
campaign and an open assignment still on its books. Its own officer, the province's editor,
its federation admin and the province's finance can no longer change any of them, on
the edit pages or through the actions."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from lantoa.channels.actions import do_save_channel
from lantoa.channels.models import Channel, ChannelKind
from lantoa.org import actions as org_actions
from lantoa.org.models import RoleKind
from lantoa.org.tests.factories import D, fresh, make_unit, make_user
from lantoa.plans import actions
from lantoa.plans.models import Assignment, AssignmentStatus, BudgetLine, Campaign, Plan, Responsibility, Theme

pytestmark = pytest.mark.django_db

PERSONAS = ("officer", "editor", "admin", "finance")


@pytest.fixture
def ended():
    province = make_unit(None, "provincial", "Liên đoàn Lao động tỉnh Vĩnh Long")
    unit = make_unit(province, "grassroots", "Công đoàn cơ sở Công ty TNHH May Sông Tiền")
    people = {}
    for name, where, kind in (
        ("officer", unit, RoleKind.UNIT_OFFICER),
        ("editor", province, RoleKind.EDITOR),
        ("admin", province, RoleKind.FEDERATION_ADMIN),
        ("finance", province, RoleKind.FINANCE),
    ):
        people[name] = make_user(f"nguoi.{name}")
        org_actions.do_assign_role(user=people[name], unit=where, kind=kind, actor=None)
    actions.ensure_campaign_workflow()
    plan = Plan(
        issuing_unit=province, number=12, symbol="KH-LĐLĐ", place="Vĩnh Long", issued_on=D(2025, 1, 10),
        title="Truyền thông công đoàn năm 2025", period_start=D(2025, 1, 10), period_end=D(2025, 12, 31),
        status="issued",
    )  # fmt: skip
    plan.themes = [Theme(title="Tháng Công nhân")]
    plan.responsibilities = [Responsibility(unit=unit, heading="Công đoàn cơ sở", duties="Tuyên truyền")]
    plan = actions.do_save_plan(plan, actor=None)
    (assignment,) = actions.do_assign_responsibility(
        plan.responsibilities.get(), actor=None, title="Báo cáo quý III", due_on=D(2025, 9, 30)
    )
    campaign = Campaign(plan=plan, theme=plan.themes.first(), unit=unit, title="Tháng Công nhân 2025",
                        start_date=D(2025, 5, 1), end_date=D(2025, 8, 31))  # fmt: skip
    campaign.budget_lines = [BudgetLine(item="In tờ gấp", funding_source="accumulated", estimate=Decimal(9_000_000))]
    campaign = actions.do_propose_campaign(campaign, actor=None)
    at = timezone.make_aware(datetime.datetime(2025, 4, 20, 9))
    campaign = actions.do_decide_campaign(campaign, actor=None, approve=True, at=at)
    channel = do_save_channel(
        Channel(), actor=None, unit=unit, kind=ChannelKind.ZALO_GROUP, name="Nhóm Zalo May Sông Tiền",
        address="https://zalo.me/g/maysongtien",
    )  # fmt: skip
    org_actions.do_close_unit(unit, on_date=D(2025, 7, 1), actor=None)
    return {
        "people": {name: fresh(user) for name, user in people.items()},
        "channel": channel, "campaign": Campaign.objects.get(pk=campaign.pk), "assignment": assignment,
    }  # fmt: skip


def refused(response) -> bool:
    """404, 403, or Wagtail's permission-denied redirect to the dashboard."""
    home = reverse("wagtailadmin_home")
    return response.status_code in (403, 404) or (response.status_code == 302 and response["Location"] == home)


def edit_pages(world) -> list[str]:
    campaign, assignment = world["campaign"], world["assignment"]
    return [
        reverse("channel:edit", args=[world["channel"].pk]),
        reverse("channel:delete", args=[world["channel"].pk]),
        reverse("wagtailsnippets_plans_campaign:edit", args=[campaign.pk]),
        reverse("plans_close_campaign", args=[campaign.pk]),
        reverse("plans_record_spending", args=[campaign.pk]),
        reverse("assignment:edit", args=[assignment.pk]),
    ]


@pytest.mark.parametrize("persona", PERSONAS)
def test_no_one_opens_an_edit_page_of_an_ended_units_rows(ended, client, persona):
    client.force_login(ended["people"][persona])
    for url in edit_pages(ended):
        assert refused(client.get(url)), url


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_ended_units_rows_stay_readable(ended, client, persona):
    client.force_login(ended["people"][persona])
    assert client.get(reverse("channel:index")).content.decode().count("Nhóm Zalo May Sông Tiền")
    assert client.get(reverse("wagtailsnippets_plans_campaign:list")).content.decode().count("Tháng Công nhân 2025")


@pytest.mark.parametrize("persona", PERSONAS)
def test_every_action_on_an_ended_units_rows_is_refused(ended, persona):
    actor = ended["people"][persona]
    campaign, assignment = ended["campaign"], ended["assignment"]
    writes = [
        lambda: do_save_channel(ended["channel"], actor=actor, name="Nhóm Zalo (đổi tên)"),
        lambda: actions.do_propose_campaign(campaign, actor=actor, submit=False),
        lambda: actions.do_close_campaign(
            campaign, actor=actor, closed_on=D(2025, 8, 31), people_reached=100, results="Đạt"
        ),
        lambda: actions.do_record_spending(
            campaign.budget_lines.get(), actor=actor, actual=Decimal(8_000_000), spent_on=D(2025, 6, 1)
        ),
        lambda: actions.do_complete_assignment(assignment, actor=actor, done_on=D(2025, 9, 1), report="Đã gửi"),
    ]
    for write in writes:
        with pytest.raises(ValidationError):
            write()
    assert Channel.objects.get(pk=ended["channel"].pk).name == "Nhóm Zalo May Sông Tiền"
    assert Campaign.objects.get(pk=campaign.pk).closed_on is None
    assert campaign.budget_lines.get().actual is None
    assert Assignment.objects.get(pk=assignment.pk).status == AssignmentStatus.OPEN


def test_reporting_an_ended_units_assignment_done_is_refused_and_changes_nothing(ended, client):
    client.force_login(ended["people"]["officer"])
    url = reverse("plans_complete_assignment", args=[ended["assignment"].pk])
    response = client.post(url, {"done_on": "01/09/2025", "report": "Đã gửi báo cáo"})
    assert response.status_code in (200, 302, 403, 404)
    assert Assignment.objects.get(pk=ended["assignment"].pk).status == AssignmentStatus.OPEN

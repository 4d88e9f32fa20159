"""An ended unit's rows are history: readable, written by nobody.

Công đoàn cơ sở May Sông Tiền is dissolved on 01/07/2025 with a channel, an approved
campaign and a pending plan duty still on its books. Its own officer, the province's editor,
its federation admin and the province's finance can no longer change any of them, on
the edit pages or through the actions."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from lantoa.cascade.models import TaskStatus, UnitTask
from lantoa.channels.actions import do_save_channel
from lantoa.channels.models import Channel, ChannelKind
from lantoa.org import actions as org_actions
from lantoa.org.models import RoleKind
from lantoa.org.tests.factories import D, fresh, make_unit, make_user
from lantoa.plans import actions
from lantoa.plans.models import BudgetLine, Campaign, Plan, Responsibility, Theme

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
    (task,) = actions.do_assign_responsibility(
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
        "channel": channel, "campaign": Campaign.objects.get(pk=campaign.pk), "task": task,
        "plan": plan,
    }  # fmt: skip


def refused(response) -> bool:
    """404, 403, or Wagtail's permission-denied redirect to the dashboard."""
    home = reverse("wagtailadmin_home")
    return response.status_code in (403, 404) or (response.status_code == 302 and response["Location"] == home)


def edit_pages(world) -> list[str]:
    campaign = world["campaign"]
    return [
        reverse("channel:edit", args=[world["channel"].pk]),
        reverse("channel:delete", args=[world["channel"].pk]),
        reverse("wagtailsnippets_plans_campaign:edit", args=[campaign.pk]),
        reverse("plans_close_campaign", args=[campaign.pk]),
        reverse("plans_record_spending", args=[campaign.pk]),
        reverse("viec:task", args=[world["task"].pk]),
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
    campaign = ended["campaign"]
    writes = [
        lambda: do_save_channel(ended["channel"], actor=actor, name="Nhóm Zalo (đổi tên)"),
        lambda: actions.do_propose_campaign(campaign, actor=actor, submit=False),
        lambda: actions.do_close_campaign(
            campaign, actor=actor, closed_on=D(2025, 8, 31), people_reached=100, results="Đạt"
        ),
        lambda: actions.do_record_spending(
            campaign.budget_lines.get(), actor=actor, actual=Decimal(8_000_000), spent_on=D(2025, 6, 1)
        ),
        lambda: actions.do_assign_responsibility(
            ended["plan"].responsibilities.get(), actor=actor, title="Báo cáo quý IV", due_on=D(2025, 12, 31)
        ),
    ]
    for write in writes:
        with pytest.raises(ValidationError):
            write()
    assert Channel.objects.get(pk=ended["channel"].pk).name == "Nhóm Zalo May Sông Tiền"
    assert Campaign.objects.get(pk=campaign.pk).closed_on is None
    assert campaign.budget_lines.get().actual is None
    assert list(UnitTask.objects.values_list("dispatch__title", flat=True)) == ["Báo cáo quý III"]


@pytest.mark.parametrize("persona", PERSONAS)
def test_reporting_an_ended_units_plan_duty_done_is_refused_and_changes_nothing(ended, client, persona):
    client.force_login(ended["people"][persona])
    url = reverse("viec:task", args=[ended["task"].pk])
    response = client.post(url, {"outcome": "done", "day": "01/09/2025", "report": "Đã gửi báo cáo"})
    assert refused(response)
    assert UnitTask.objects.get(pk=ended["task"].pk).status == TaskStatus.PENDING
    assert "Báo cáo quý III" not in client.get(reverse("viec:index")).content.decode()

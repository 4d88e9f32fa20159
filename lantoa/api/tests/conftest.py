"""A province whose plan 196 has a target that changes between two days, a campaign with
spending and reach, and a district that adopted the plan."""

import datetime

import pytest
from django.utils import timezone

from lantoa.api.actions import do_issue_api_token
from lantoa.channels.tests.factories import channel_with_history
from lantoa.org import actions as org_actions
from lantoa.org.models import RoleKind
from lantoa.org.tests.factories import D, make_unit, make_user
from lantoa.plans import actions, progress, rollups
from lantoa.plans.models import BudgetLine, Campaign, KeyMessage, Plan, PlanSection, Responsibility, Target, Theme

# Two checks of the same target: one district of four runs both groups, then two.
EARLY, LATER = D(2021, 3, 1), D(2021, 6, 1)


def group(unit, kind, slug, *, since, verified_on):
    address = f"https://www.facebook.com/groups/{slug}" if kind == "facebook_group" else f"https://zalo.me/g/{slug}"
    return channel_with_history(
        unit=unit, kind=kind, name=f"Nhóm {slug}", address=address, active_from=since,
        verified=True, verified_on=verified_on,
    )  # fmt: skip


@pytest.fixture
def province():
    root = make_unit(None, "provincial", "Liên đoàn Lao động tỉnh Bến Tre", valid_from=D(1976, 1, 1))
    districts = [make_unit(root, "district", f"Liên đoàn Lao động huyện {n}", valid_from=D(1980, 1, 1))
                 for n in ("Ba Tri", "Bình Đại", "Chợ Lách", "Giồng Trôm")]  # fmt: skip
    ba_tri, binh_dai, _cho_lach, _giong_trom = districts
    group(ba_tri, "facebook_group", "batri", since=D(2020, 11, 1), verified_on=D(2020, 12, 1))
    group(ba_tri, "zalo_group", "batri", since=D(2020, 11, 1), verified_on=D(2020, 12, 1))
    group(binh_dai, "facebook_group", "binhdai", since=D(2020, 12, 1), verified_on=D(2021, 1, 5))
    group(binh_dai, "zalo_group", "binhdai", since=D(2021, 4, 1), verified_on=D(2021, 4, 10))
    return root, districts


def issue_plan(root):
    plan = Plan(
        issuing_unit=root, number=196, symbol="KH-LĐLĐ", place="Bến Tre", issued_on=D(2020, 12, 1),
        title="Truyền thông Công đoàn năm 2021", period_start=D(2020, 12, 1), period_end=D(2021, 12, 31),
        parent_unit_name="TỔNG LIÊN ĐOÀN LAO ĐỘNG VIỆT NAM",
    )  # fmt: skip
    plan.sections = [PlanSection(kind="objectives", heading="Mục tiêu chung", body="- Nâng cao nhận thức")]
    plan.key_messages = [KeyMessage(text="Công đoàn đồng hành cùng người lao động", valid_from=D(2021, 1, 1))]
    plan.themes = [Theme(title="An toàn vệ sinh lao động")]
    plan.responsibilities = [Responsibility(heading="Ban Tuyên giáo", duties="Theo dõi, tổng hợp kết quả.")]
    plan = actions.do_save_plan(plan, actor=None)
    return actions.do_issue_plan(plan, actor=None)


def run_campaign(plan, unit):
    campaign = Campaign(plan=plan, unit=unit, title="Tháng Công nhân 2021", start_date=D(2021, 5, 1),
                        end_date=D(2021, 5, 31))  # fmt: skip
    campaign.budget_lines = [BudgetLine(item="Pano, áp phích", funding_source="budget", estimate=12_000_000)]
    actions.ensure_campaign_workflow()
    actions.do_propose_campaign(campaign, actor=None)
    approved_at = timezone.make_aware(datetime.datetime(2021, 4, 20, 9, 0))
    campaign = actions.do_decide_campaign(campaign, actor=None, approve=True, at=approved_at)
    actions.do_record_spending(campaign.budget_lines.get(), actor=None, actual=10_500_000, spent_on=D(2021, 5, 20))
    return actions.do_close_campaign(campaign, actor=None, closed_on=D(2021, 6, 5), people_reached=3_500,
                                     results="Treo 20 pano tại các khu công nghiệp.")  # fmt: skip


@pytest.fixture
def plan(province):
    root, _districts = province
    plan = issue_plan(root)
    target = Target(plan=plan, title="100% LĐLĐ huyện có nhóm Facebook và Zalo", indicator="units_with_groups",
                    params={"unit_kinds": ["district"]}, target_value=100, deadline=D(2021, 12, 31),
                    check_dates=[EARLY.isoformat(), LATER.isoformat()])  # fmt: skip
    actions.do_save_target(target, actor=None)
    run_campaign(plan, root)
    # The rollup row of the plan's default day is what the API reads without ?as_of.
    rollups.refresh_target(target, [progress.default_day(plan)])
    return plan


@pytest.fixture
def district_plan(province, plan):
    """Ba Tri's own version of plan 196."""
    _root, (ba_tri, *_others) = province
    adopted = actions.do_adopt_plan(plan, unit=ba_tri, actor=None, issued_on=D(2020, 12, 15), symbol="KH-LĐLĐ",
                                    place="Ba Tri")  # fmt: skip
    return actions.do_issue_plan(adopted, actor=None)


@pytest.fixture
def province_editor(province):
    root, _districts = province
    user = make_user("tinh.tuyengiao")
    org_actions.do_assign_role(user=user, unit=root, kind=RoleKind.EDITOR, actor=None)
    return user


@pytest.fixture
def district_officer(province):
    _root, (ba_tri, *_others) = province
    user = make_user("huyen.batri")
    org_actions.do_assign_role(user=user, unit=ba_tri, kind=RoleKind.UNIT_OFFICER, actor=None)
    return user


def bearer(user) -> dict:
    _row, token = do_issue_api_token(user, name="thử nghiệm", actor=None)
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}

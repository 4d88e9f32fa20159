"""A small province with a plan, shared by the plans tests."""

import pytest

from lantoa.org import actions as org_actions
from lantoa.org.models import RoleKind
from lantoa.org.tests.factories import D, make_unit, make_user
from lantoa.plans import actions
from lantoa.plans.models import Plan, PlanSection, Theme


@pytest.fixture
def province():
    root = make_unit(None, "provincial", "Liên đoàn Lao động tỉnh Bến Tre", valid_from=D(1976, 1, 1))
    districts = [make_unit(root, "district", f"Liên đoàn Lao động huyện {n}", valid_from=D(1980, 1, 1))
                 for n in ("Ba Tri", "Bình Đại")]  # fmt: skip
    return root, districts


@pytest.fixture
def plan(province):
    root, _districts = province
    plan = Plan(
        issuing_unit=root, number=196, symbol="KH-LĐLĐ", place="Bến Tre", issued_on=D(2020, 10, 5),
        title="Truyền thông Công đoàn đến năm 2023", period_start=D(2020, 10, 5), period_end=D(2023, 12, 31),
        status="issued", signer_name="Nguyễn Thị Kim Dung",
    )  # fmt: skip
    plan.sections = [PlanSection(kind="objectives", heading="Mục tiêu chung", body="- Nâng cao nhận thức")]
    plan.themes = [Theme(title="Đảm bảo An toàn vệ sinh lao động và phòng chống cháy nổ")]
    return actions.do_save_plan(plan, actor=None)


@pytest.fixture
def people(province):
    """An editor and an approver of the province, and an approver of a district."""
    root, (ba_tri, _binh_dai) = province
    editor, leader, district_leader = make_user("bientap"), make_user("lanhdao"), make_user("lanhdao.huyen")
    org_actions.do_assign_role(user=editor, unit=root, kind=RoleKind.EDITOR, actor=None)
    org_actions.do_assign_role(user=leader, unit=root, kind=RoleKind.APPROVER, actor=None)
    org_actions.do_assign_role(user=district_leader, unit=ba_tri, kind=RoleKind.APPROVER, actor=None)
    actions.ensure_campaign_workflow()
    return editor, leader, district_leader

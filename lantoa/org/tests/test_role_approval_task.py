"""The role-approval task: the holders of a role kind on the nearest unit at or above the
content's unit decide, nobody else (a commune's proposal waits for the commune's
approver, not for every approver of the province)."""

import datetime

import pytest
from wagtail.models import TaskState

from lantoa.org import actions
from lantoa.org.approval import Decision, decided_units_q, nearest_holders
from lantoa.org.models import RoleApprovalTask, RoleKind, Unit
from lantoa.org.tests.factories import fresh, make_unit, make_user
from lantoa.plans import actions as plan_actions
from lantoa.plans.models import Campaign, Plan

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    province = make_unit(None, "provincial", "Liên đoàn Lao động tỉnh Vĩnh Long")
    commune = make_unit(province, "commune", "Công đoàn phường Phú Khương")
    other_commune = make_unit(province, "commune", "Công đoàn xã Long Hồ")
    grassroots = make_unit(commune, "grassroots", "Công đoàn cơ sở Công ty TNHH May Sông Tiền")

    def approver(username, unit):
        user = make_user(username)
        actions.do_assign_role(user=user, unit=unit, kind=RoleKind.APPROVER, actor=None)
        return fresh(user)

    plan = plan_actions.do_save_plan(
        Plan(issuing_unit=province, number=1, symbol="KH-LĐLĐ", place="Vĩnh Long", issued_on=datetime.date(2026, 1, 5),
             title="Truyền thông 2026", period_start=datetime.date(2026, 1, 5), period_end=datetime.date(2026, 12, 31)),
        actor=None,
    )  # fmt: skip
    plan_actions.ensure_campaign_workflow()
    return {
        "province": province,
        "commune": commune,
        "other_commune": other_commune,
        "grassroots": grassroots,
        "plan": plan,
        "province_approver": approver("tinh.lanhdao", province),
        "commune_approver": approver("phukhuong.lanhdao", commune),
        "superuser": make_user("toanquyen", is_superuser=True, is_staff=True),
    }


def proposed(world, unit: Unit) -> Campaign:
    campaign = Campaign(
        plan=world["plan"], unit=unit, title=f"Chiến dịch của {unit.name}",
        start_date=datetime.date(2026, 5, 1), end_date=datetime.date(2026, 5, 31),
    )  # fmt: skip
    return plan_actions.do_propose_campaign(campaign, actor=None)


def task() -> RoleApprovalTask:
    """The campaigns' approval step (the editorial workflows have steps of their own)."""
    return plan_actions.approval_workflow().tasks.get().specific


def answers(campaign, user) -> list[str]:
    return [name for name, _label, _modal in task().get_actions(Campaign.objects.get(pk=campaign.pk), user)]


def test_the_nearest_unit_holding_the_role_decides(world):
    commune_approver, province_approver = world["commune_approver"], world["province_approver"]
    assert nearest_holders(world["grassroots"].pk, RoleKind.APPROVER) == {commune_approver.pk}
    assert nearest_holders(world["commune"].pk, RoleKind.APPROVER) == {commune_approver.pk}
    assert nearest_holders(world["other_commune"].pk, RoleKind.APPROVER) == {province_approver.pk}
    assert nearest_holders(world["province"].pk, RoleKind.APPROVER) == {province_approver.pk}


def test_a_communes_campaign_waits_for_the_communes_approver_not_the_provinces(world):
    campaign = proposed(world, world["commune"])
    assert answers(campaign, world["commune_approver"]) == [
        Decision.APPROVE,
        Decision.REQUEST_CHANGES,
        Decision.REJECT,
    ]
    assert answers(campaign, world["province_approver"]) == []
    assert task().locked_for_user(campaign, world["province_approver"])
    assert not task().locked_for_user(campaign, world["commune_approver"])


def test_a_commune_without_an_approver_goes_up_to_the_province(world):
    campaign = proposed(world, world["other_commune"])
    assert answers(campaign, world["province_approver"])
    assert answers(campaign, world["commune_approver"]) == []


def test_a_deactivated_approver_hands_the_decision_up(world):
    approver = world["commune_approver"]
    approver.is_active = False
    approver.save(update_fields=["is_active"])
    campaign = proposed(world, world["grassroots"])
    assert answers(campaign, world["province_approver"])


def test_the_superuser_decides_everywhere(world):
    campaign = proposed(world, world["grassroots"])
    assert answers(campaign, world["superuser"])
    assert task().get_task_states_user_can_moderate(world["superuser"]).count() == 1


def test_each_approver_is_asked_to_review_only_what_they_decide(world, django_assert_max_num_queries):
    by_unit = {name: proposed(world, world[name]) for name in ("province", "commune", "other_commune", "grassroots")}

    def reviewed(user) -> set[str]:
        states = task().get_task_states_user_can_moderate(fresh(user))
        ids = {int(object_id) for object_id in states.values_list("workflow_state__object_id", flat=True)}
        return {name for name, campaign in by_unit.items() if campaign.pk in ids}

    assert reviewed(world["province_approver"]) == {"province", "other_commune"}
    assert reviewed(world["commune_approver"]) == {"commune", "grassroots"}
    # Wagtail's "awaiting your review" asks every task through the same method.
    waiting = TaskState.objects.reviewable_by(fresh(world["commune_approver"]))
    assert {state.workflow_state.object_id for state in waiting} == {
        str(by_unit["commune"].pk),
        str(by_unit["grassroots"].pk),
    }
    approver, step = fresh(world["province_approver"]), task()
    with django_assert_max_num_queries(6):
        list(step.get_task_states_user_can_moderate(approver))


def test_the_territory_leaves_out_subtrees_with_their_own_approver(world):
    territory = decided_units_q(fresh(world["province_approver"]), RoleKind.APPROVER)
    assert set(Unit.objects.filter(territory)) == {world["province"], world["other_commune"]}


def test_someone_without_the_role_has_no_answers_and_no_queue(world):
    editor = make_user("tinh.tuyengiao")
    actions.do_assign_role(user=editor, unit=world["province"], kind=RoleKind.EDITOR, actor=None)
    campaign = proposed(world, world["province"])
    assert answers(campaign, fresh(editor)) == []
    assert not task().get_task_states_user_can_moderate(fresh(editor)).exists()


def test_the_task_describes_itself_and_takes_its_role_in_the_admin_form():
    assert "role_kind" in RoleApprovalTask.admin_form_fields
    assert RoleApprovalTask.get_description()

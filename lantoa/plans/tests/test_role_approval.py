"""The approver's three answers on a campaign, the statuses they leave, and what counts."""

import datetime
import json
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import translation

from lantoa.core.tests.formdata import form_data
from lantoa.org.approval import Decision
from lantoa.org.models import RoleApprovalTask, RoleKind
from lantoa.org.tests.factories import D, fresh
from lantoa.plans import actions
from lantoa.plans.models import BudgetLine, Campaign, CampaignState

pytestmark = pytest.mark.django_db

DAY = D(2021, 5, 10)


def proposal(plan, **extra):
    campaign = Campaign(
        plan=plan, theme=plan.themes.first(), unit=plan.issuing_unit, title="Tháng Công nhân 2021",
        start_date=D(2021, 5, 1), end_date=D(2021, 5, 31), **extra,
    )  # fmt: skip
    campaign.budget_lines = [BudgetLine(item="In pano", funding_source="accumulated", estimate=Decimal(60_000))]
    return campaign


@pytest.fixture
def proposed(plan, people):
    editor, _leader, _district_leader = people
    return actions.do_propose_campaign(proposal(plan), actor=fresh(editor))


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_a_fresh_install_has_the_campaign_workflow_after_migrate():
    # The test database is built by migrate: nothing here called ensure_campaign_workflow.
    workflow = actions.approval_workflow()
    assert workflow is not None
    assert workflow.tasks.get().specific.role_kind == RoleKind.APPROVER
    tasks_before = RoleApprovalTask.objects.count()  # the editorial workflows have theirs
    actions.ensure_campaign_workflow()
    assert RoleApprovalTask.objects.count() == tasks_before


def test_the_approver_has_three_answers_in_vietnamese(proposed, people):
    _editor, leader, _ = people
    task = proposed.current_workflow_task
    with translation.override("vi"):
        labels = [str(label) for _name, label, _modal in task.get_actions(proposed, fresh(leader))]
    assert labels == ["Phê duyệt", "Trả lại để chỉnh sửa", "Từ chối"]


def test_a_draft_never_submitted_is_a_draft(plan, people):
    editor, _leader, _ = people
    draft = actions.do_propose_campaign(proposal(plan), actor=fresh(editor), submit=False)
    assert draft.state_on(DAY) == CampaignState.DRAFT
    with translation.override("vi"):
        assert str(CampaignState(draft.state_on(DAY)).label) == "Bản nháp"


def test_a_campaign_sent_back_needs_changes_then_goes_back_to_the_approver(proposed, people):
    editor, leader, _ = people
    assert proposed.state_on(DAY) == CampaignState.PROPOSED
    campaign = actions.do_decide_campaign(
        proposed, actor=fresh(leader), decision=Decision.REQUEST_CHANGES, comment="Bổ sung kinh phí"
    )
    assert campaign.state_on(DAY) == CampaignState.NEEDS_CHANGES
    campaign.objectives = "Đã bổ sung"
    campaign = actions.do_propose_campaign(campaign, actor=fresh(editor))
    assert campaign.state_on(DAY) == CampaignState.PROPOSED
    at = datetime.datetime(2021, 4, 20, 9, 0, tzinfo=datetime.UTC)
    campaign = actions.do_decide_campaign(campaign, actor=fresh(leader), approve=True, at=at)
    assert campaign.state_on(DAY) == CampaignState.RUNNING
    with translation.override("vi"):
        assert str(CampaignState.PROPOSED.label) == "Chờ duyệt"
        assert str(CampaignState.NEEDS_CHANGES.label) == "Cần chỉnh sửa"


def test_a_rejection_needs_a_reason(proposed, people):
    _editor, leader, _ = people
    with pytest.raises(ValidationError):
        actions.do_decide_campaign(proposed, actor=fresh(leader), decision=Decision.REJECT, comment="  ")
    assert Campaign.objects.get(pk=proposed.pk).state_on(DAY) == CampaignState.PROPOSED


def test_a_rejected_campaign_is_closed_for_good_with_who_when_and_why(proposed, people):
    editor, leader, _ = people
    campaign = actions.do_decide_campaign(
        proposed, actor=fresh(leader), decision=Decision.REJECT, comment="Trùng chủ đề với Tháng Công nhân"
    )
    assert campaign.state_on(DAY) == CampaignState.REJECTED
    assert (campaign.rejected_by, campaign.rejection_reason) == (leader, "Trùng chủ đề với Tháng Công nhân")
    assert campaign.rejected_at is not None and not campaign.live
    assert campaign.current_workflow_state is None
    assert campaign.get_workflow() is None
    assert campaign.get_lock().for_user(fresh(editor))
    with pytest.raises(ValidationError):
        actions.do_propose_campaign(campaign, actor=fresh(editor))
    with translation.override("vi"):
        assert str(CampaignState.REJECTED.label) == "Bị từ chối"


def test_a_rejected_campaign_shows_its_reason_and_offers_no_submit(proposed, people):
    editor, leader, _ = people
    actions.do_decide_campaign(proposed, actor=fresh(leader), decision=Decision.REJECT, comment="Không phù hợp")
    response = signed_in(editor).get(reverse("wagtailsnippets_plans_campaign:edit", args=[proposed.pk]))
    page = response.content.decode()
    assert "Không phù hợp" in page
    assert 'name="action-submit"' not in page


def test_the_approver_rejects_from_the_edit_screen(proposed, people):
    _editor, leader, _ = people
    client = signed_in(leader)
    url = reverse("wagtailsnippets_plans_campaign:edit", args=[proposed.pk])
    form = form_data(client.get(url).content.decode())
    form.update(
        {
            "action-workflow-action": ["1"],
            "workflow-action-name": ["reject"],
            "workflow-action-extra-data": [json.dumps({"comment": "Không đúng chủ đề"})],
        }
    )
    assert client.post(url, form).status_code == 302
    campaign = Campaign.objects.get(pk=proposed.pk)
    assert campaign.state_on(DAY) == CampaignState.REJECTED
    assert campaign.rejection_reason == "Không đúng chủ đề"


def test_the_reject_modal_requires_a_reason(proposed, people):
    _editor, leader, _ = people
    task_state = proposed.current_workflow_task_state
    url = reverse(
        "wagtailsnippets_plans_campaign:collect_workflow_action_data",
        args=[proposed.pk, "reject", task_state.pk],
    )
    response = signed_in(leader).post(url, {"comment": ""}, HTTP_X_REQUESTED_WITH="XMLHttpRequest")
    assert response.status_code == 200
    assert json.loads(response.content)["step"] == "action"  # the form again, with its error


def test_an_approved_campaigns_change_can_be_sent_back_but_not_rejected(proposed, people):
    editor, leader, _ = people
    campaign = actions.do_decide_campaign(proposed, actor=fresh(leader), approve=True)
    campaign.objectives = "Thay đổi sau khi duyệt"
    campaign = actions.do_propose_campaign(campaign, actor=fresh(editor))
    names = [name for name, _label, _modal in campaign.current_workflow_task.get_actions(campaign, fresh(leader))]
    assert names == [Decision.APPROVE, Decision.REQUEST_CHANGES]


def test_only_approved_campaigns_count_by_their_approval_day(plan, people):
    editor, leader, _ = people
    approved = actions.do_propose_campaign(proposal(plan), actor=fresh(editor))
    at = datetime.datetime(2021, 4, 20, 9, 0, tzinfo=datetime.UTC)
    approved = actions.do_decide_campaign(approved, actor=fresh(leader), approve=True, at=at)
    actions.do_propose_campaign(proposal(plan), actor=fresh(editor))  # waiting
    actions.do_propose_campaign(proposal(plan), actor=fresh(editor), submit=False)  # draft
    rejected = actions.do_propose_campaign(proposal(plan), actor=fresh(editor))
    actions.do_decide_campaign(rejected, actor=fresh(leader), decision=Decision.REJECT, comment="Không")

    assert list(Campaign.objects.approved_by(D(2021, 4, 20))) == [approved]
    assert not Campaign.objects.approved_by(D(2021, 4, 19)).exists()


def test_the_campaign_listing_shows_states_dates_and_no_query_per_row(plan, people, django_assert_max_num_queries):
    editor, leader, _ = people
    for _ in range(3):
        actions.do_propose_campaign(proposal(plan), actor=fresh(editor))
    actions.do_propose_campaign(proposal(plan), actor=fresh(editor), submit=False)
    client = signed_in(leader)
    url = reverse("wagtailsnippets_plans_campaign:list")
    client.get(url)
    # 45: the sidebar's page rights (3) and the editorial workflow's review steps came with the portal.
    with django_assert_max_num_queries(45):
        page = client.get(url).content.decode()
    with translation.override("vi"):
        assert page.count(str(CampaignState.PROPOSED.label)) >= 3
    assert "01/05/2021" in page and "31/05/2021" in page

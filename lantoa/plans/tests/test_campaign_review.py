"""An approver reviews a proposed campaign on a read-only summary and answers there
(issue #10): approve, send back with a comment, reject with a reason."""

from decimal import Decimal

import pytest
from django.urls import reverse

from lantoa.channels.models import Channel
from lantoa.org.tests.factories import D, fresh
from lantoa.plans import actions
from lantoa.plans.models import AudienceKind, BudgetLine, Campaign, CampaignState

pytestmark = pytest.mark.django_db


@pytest.fixture
def channels(province):
    root, (ba_tri, _binh_dai) = province
    return [
        Channel.objects.create(unit=root, kind="facebook_page", name="Trang Facebook LĐLĐ tỉnh Bến Tre"),
        Channel.objects.create(unit=ba_tri, kind="zalo_group", name="Nhóm Zalo công đoàn huyện Ba Tri"),
    ]


def proposal(plan, unit, channels=(), **extra):
    campaign = Campaign(
        plan=plan, theme=plan.themes.first(), unit=unit, title="Tháng Công nhân 2021: an toàn lao động",
        key_message="An toàn để lao động, lao động phải an toàn", audiences=[AudienceKind.WORKERS],
        start_date=D(2021, 5, 1), end_date=D(2021, 5, 31), **extra,
    )  # fmt: skip
    campaign.channels = list(channels)
    campaign.budget_lines = [
        BudgetLine(item="In pano, áp phích", funding_source="accumulated", estimate=Decimal(20_000_000)),
        BudgetLine(item="Phóng sự truyền hình", funding_source="sponsorship", estimate=Decimal(1_234_567)),
    ]
    return campaign


@pytest.fixture
def waiting(plan, people, channels):
    editor, _leader, _district_leader = people
    return actions.do_propose_campaign(proposal(plan, plan.issuing_unit, channels), actor=fresh(editor))


def review_url(campaign):
    return reverse("plans_campaign_review", args=[campaign.pk])


def page_of(client, user, campaign):
    client.force_login(user)
    response = client.get(review_url(campaign))
    assert response.status_code == 200
    return response.content.decode()


def test_the_summary_shows_plan_theme_message_audiences_channels_budget_dates_unit_and_proposer(
    client, waiting, people, plan
):
    editor, leader, _ = people
    page = page_of(client, leader, waiting)
    assert plan.title in page
    assert "Đảm bảo An toàn vệ sinh lao động và phòng chống cháy nổ" in page
    assert "An toàn để lao động, lao động phải an toàn" in page
    assert "Công nhân, lao động" in page or str(AudienceKind.WORKERS.label) in page
    # Channels grouped under their units.
    assert "Trang Facebook LĐLĐ tỉnh Bến Tre" in page and "Nhóm Zalo công đoàn huyện Ba Tri" in page
    assert "Liên đoàn Lao động huyện Ba Tri" in page
    assert page.count("data-channel-unit") == 2
    # Budget lines and their total, money written 1.234.567 đ.
    assert "In pano, áp phích" in page and "20.000.000\u00a0đ" in page
    assert "1.234.567\u00a0đ" in page and "21.234.567\u00a0đ" in page
    assert "01/05/2021 – 31/05/2021" in page
    assert "Liên đoàn Lao động tỉnh Bến Tre" in page
    assert editor.get_username() in page
    assert "Chờ phê duyệt" in page or str(CampaignState.PROPOSED.label) in page


def test_a_first_submission_says_it_is_the_first_version(client, waiting, people):
    page = page_of(client, people[1], waiting)
    assert "data-first-version" in page


def test_a_resubmission_lists_the_fields_changed_since_the_last_decision(client, waiting, people):
    editor, leader, _ = people
    actions.do_decide_campaign(waiting, actor=fresh(leader), decision="request_changes", comment="Giảm kinh phí in")
    campaign = Campaign.objects.get(pk=waiting.pk)
    campaign.key_message = "Lao động an toàn – gia đình hạnh phúc"
    campaign.end_date = D(2021, 6, 15)
    campaign.budget_lines = [
        BudgetLine(item="In pano, áp phích", funding_source="accumulated", estimate=Decimal(15_000_000))
    ]
    actions.do_propose_campaign(campaign, actor=fresh(editor))

    page = page_of(client, leader, campaign)
    assert "data-first-version" not in page
    assert "Giảm kinh phí in" in page  # what the approver asked for last time
    assert page.count("data-change>") == 3
    assert "An toàn để lao động, lao động phải an toàn" in page and "Lao động an toàn – gia đình hạnh phúc" in page
    assert "31/05/2021" in page and "15/06/2021" in page
    assert "15.000.000\u00a0đ" in page
    assert "Thông điệp chủ đạo" in page  # the field's Vietnamese label


def test_approving_through_the_page_makes_the_campaign_approved_and_live(client, waiting, people):
    leader = people[1]
    client.force_login(leader)
    response = client.post(review_url(waiting), {"decision": "approve", "approve-comment": ""}, follow=True)
    waiting.refresh_from_db()
    assert waiting.live and waiting.first_published_at is not None
    text = response.content.decode()
    assert f"Đã phê duyệt chiến dịch «{waiting.title}»." in text
    assert "data-answer" not in text  # nothing left to decide


def test_sending_back_through_the_page_needs_changes(client, waiting, people):
    client.force_login(people[1])
    response = client.post(
        review_url(waiting), {"decision": "request_changes", "request_changes-comment": "Bổ sung kênh Zalo OA"}
    )
    assert response.status_code == 302
    waiting.refresh_from_db()
    assert not waiting.live and waiting.state == CampaignState.NEEDS_CHANGES
    assert waiting.current_workflow_state.status == "needs_changes"
    text = client.get(response.url).content.decode()
    assert f"Đã trả lại chiến dịch «{waiting.title}» để chỉnh sửa." in text


def test_rejecting_through_the_page_records_the_reason(client, waiting, people):
    client.force_login(people[1])
    response = client.post(review_url(waiting), {"decision": "reject", "reject-comment": "Trùng chủ đề năm trước"})
    assert response.status_code == 302
    waiting.refresh_from_db()
    assert waiting.state == CampaignState.REJECTED and waiting.rejection_reason == "Trùng chủ đề năm trước"
    text = client.get(response.url).content.decode()
    assert f"Đã từ chối chiến dịch «{waiting.title}»." in text
    assert "Trùng chủ đề năm trước" in text


@pytest.mark.parametrize("decision", ["request_changes", "reject"])
def test_a_missing_comment_is_refused_with_a_clear_message_and_the_page_keeps_what_was_typed(
    client, waiting, people, decision
):
    client.force_login(people[1])
    response = client.post(
        review_url(waiting), {"decision": decision, f"{decision}-comment": "   ", "approve-comment": "ghi chú"}
    )
    assert response.status_code == 400
    text = response.content.decode()
    expected = {
        "request_changes": "Hãy ghi rõ cần chỉnh sửa gì trước khi trả lại chiến dịch.",
        "reject": "Hãy nêu lý do từ chối.",
    }[decision]
    assert expected in text
    waiting.refresh_from_db()
    assert waiting.state == CampaignState.PROPOSED


def test_a_rejection_reason_typed_is_kept_when_the_answer_fails(client, waiting, people, monkeypatch):
    from django.core.exceptions import ValidationError

    def refuse(*args, **kwargs):
        raise ValidationError("Chiến dịch này không còn chờ quyết định.")

    monkeypatch.setattr(actions, "do_decide_campaign", refuse)
    client.force_login(people[1])
    response = client.post(review_url(waiting), {"decision": "reject", "reject-comment": "Lý do đã gõ"})
    text = response.content.decode()
    assert response.status_code == 400
    assert "Chiến dịch này không còn chờ quyết định." in text
    assert "Lý do đã gõ</textarea>" in text


def test_a_reader_who_may_not_decide_sees_the_summary_without_answers_and_cannot_post(client, waiting, people):
    editor = people[0]
    page = page_of(client, editor, waiting)
    assert "In pano, áp phích" in page
    assert "data-answer" not in page and "data-waiting" in page
    response = client.post(review_url(waiting), {"decision": "approve"})
    # Wagtail's admin answers a refusal by sending the user home with a message.
    assert response.status_code == 403 or (
        response.status_code == 302 and response["Location"] == reverse("wagtailadmin_home")
    )
    waiting.refresh_from_db()
    assert not waiting.live


def test_a_siblings_campaign_is_not_found(client, plan, people, province):
    editor, _leader, district_leader = people
    _root, (_ba_tri, binh_dai) = province
    other = actions.do_propose_campaign(proposal(plan, binh_dai), actor=fresh(editor))
    client.force_login(district_leader)
    assert client.get(review_url(other)).status_code == 404
    assert client.post(review_url(other), {"decision": "approve"}).status_code == 404


def test_the_edit_form_offers_review_to_the_decider_instead_of_publish(client, waiting, people):
    leader = people[1]
    client.force_login(leader)
    page = client.get(reverse("wagtailsnippets_plans_campaign:edit", args=[waiting.pk])).content.decode()
    assert review_url(waiting) in page and "Xem và duyệt" in page
    assert "Xuất bản" not in page and "action-publish" not in page


def test_the_listing_offers_review_on_campaigns_waiting_for_the_user(client, waiting, people, plan):
    editor, leader, _ = people
    client.force_login(leader)
    page = client.get(reverse("wagtailsnippets_plans_campaign:list")).content.decode()
    assert review_url(waiting) in page
    client.force_login(editor)
    page = client.get(reverse("wagtailsnippets_plans_campaign:list")).content.decode()
    assert review_url(waiting) not in page


def test_an_approver_reads_phe_duyet_on_the_form_and_approving_there_says_what_happened(client, rf, plan, people):
    from django.contrib.messages import get_messages
    from django.contrib.messages.storage.fallback import FallbackStorage

    from lantoa.plans.review_hooks import campaign_approved_message

    editor, leader, _ = people
    draft = actions.do_propose_campaign(proposal(plan, plan.issuing_unit), actor=fresh(editor), submit=False)
    client.force_login(leader)
    page = client.get(reverse("wagtailsnippets_plans_campaign:edit", args=[draft.pk])).content.decode()
    assert 'name="action-publish"' in page and "Phê duyệt" in page
    assert "Xuất bản" not in page

    request = rf.post("/")
    request.user = leader
    request.session = {}
    request._messages = FallbackStorage(request)
    response = campaign_approved_message(request, draft)
    assert response.url == review_url(draft)
    assert [str(m) for m in get_messages(request)] == [f"Đã phê duyệt chiến dịch «{draft.title}»."]

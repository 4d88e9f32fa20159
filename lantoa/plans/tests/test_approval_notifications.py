"""Approvals tell people under the bell: the deciders when a campaign waits for them, the
proposer when it is decided; nobody else hears of it."""

import json
import re

import pytest
from django.test import Client

from lantoa.org.approval import Decision
from lantoa.org.tests.factories import D, fresh
from lantoa.plans import actions
from lantoa.plans.models import Campaign
from lantoa.workspace.models import Notification
from lantoa.workspace.receivers import DECIDED, SUBMITTED

pytestmark = pytest.mark.django_db


def proposal(plan):
    return Campaign(
        plan=plan, theme=plan.themes.first(), unit=plan.issuing_unit, title="Tháng Công nhân 2021",
        start_date=D(2021, 5, 1), end_date=D(2021, 5, 31),
    )  # fmt: skip


def messages_of(user, kind):
    return list(Notification.objects.filter(recipient=user, kind=kind).values_list("message", "url"))


def test_the_approver_of_the_nearest_unit_hears_of_a_proposal_and_nobody_else(plan, people):
    editor, leader, district_leader = people
    campaign = actions.do_propose_campaign(proposal(plan), actor=fresh(editor))
    ((message, url),) = messages_of(leader, SUBMITTED)
    assert "Tháng Công nhân 2021" in message
    assert str(campaign.pk) in url
    assert messages_of(district_leader, SUBMITTED) == []
    assert messages_of(editor, SUBMITTED) == []


@pytest.mark.parametrize(
    ("decision", "comment", "words"),
    [
        (Decision.APPROVE, "", "đã được phê duyệt"),
        (Decision.REQUEST_CHANGES, "Bổ sung kinh phí in pano", "trả lại để chỉnh sửa: Bổ sung kinh phí in pano"),
        (Decision.REJECT, "Trùng với chiến dịch của tỉnh", "bị từ chối: Trùng với chiến dịch của tỉnh"),
    ],
)
def test_the_proposer_hears_what_was_decided_and_why(
    plan, people, decision, comment, words, django_capture_on_commit_callbacks
):
    editor, leader, _ = people
    campaign = actions.do_propose_campaign(proposal(plan), actor=fresh(editor))
    with django_capture_on_commit_callbacks(execute=True):  # the proposer hears once the decision is stored
        actions.do_decide_campaign(campaign, actor=fresh(leader), decision=decision, comment=comment)
    ((message, url),) = messages_of(editor, DECIDED)
    assert words in message
    assert message.startswith("Chiến dịch «Tháng Công nhân 2021»")
    assert url
    assert messages_of(leader, DECIDED) == []


def sidebar_labels(html: str) -> list[str]:
    """The labels of the sidebar's menu items (Wagtail sends them as JSON props)."""
    props = json.loads(re.search(r'id="wagtail-sidebar-props"[^>]*>(.*?)</script>', html, re.S).group(1))
    labels = []

    def walk(value):
        if isinstance(value, dict):
            if isinstance(value.get("label"), str):
                labels.append(value["label"])
            for inner in value.values():
                walk(inner)
        elif isinstance(value, list):
            for inner in value:
                walk(inner)

    walk(props)
    return labels


def test_the_bell_counts_unread_notifications_and_opening_one_reads_it(plan, people):
    editor, leader, _ = people
    actions.do_propose_campaign(proposal(plan), actor=fresh(editor))
    client = Client()
    client.force_login(leader)
    assert "Thông báo (1)" in sidebar_labels(client.get("/admin/").content.decode())
    notification = Notification.objects.get(recipient=leader)
    response = client.post(f"/admin/notifications/{notification.pk}/open/")
    assert response.status_code == 302
    assert response.url == notification.url
    notification.refresh_from_db()
    assert notification.read_at is not None
    labels = sidebar_labels(client.get("/admin/").content.decode())
    assert "Thông báo (1)" not in labels
    assert "Thông báo" in labels

"""Two people editing the same campaign: the second save never silently wipes the first."""

import datetime
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from lantoa.core.tests.formdata import form_data
from lantoa.org import actions as org_actions
from lantoa.org.models import RoleKind
from lantoa.org.tests.factories import make_user
from lantoa.plans.models import BudgetLine, Campaign

pytestmark = pytest.mark.django_db

TITLE = "Tháng Công nhân 2021: an toàn lao động"
NEW_TITLE = "Tháng Công nhân 2021: an toàn, vệ sinh lao động"


@pytest.fixture
def campaign(plan, people):
    """A draft campaign of the province, not yet proposed (its editors may still change it)."""
    editor, _leader, _district_leader = people
    campaign = Campaign(
        plan=plan, theme=plan.themes.first(), unit=plan.issuing_unit, title=TITLE, objectives="Nâng cao nhận thức",
        start_date=datetime.date(2021, 5, 1), end_date=datetime.date(2021, 5, 31), live=False,
    )  # fmt: skip
    campaign.budget_lines = [BudgetLine(item="In pano", funding_source="accumulated", estimate=Decimal(20_000_000))]
    campaign.save()
    campaign.save_revision(user=editor)
    return campaign


@pytest.fixture
def editors(plan, people):
    editor, _leader, _district_leader = people
    second = make_user("bientap.hai")
    org_actions.do_assign_role(user=second, unit=plan.issuing_unit, kind=RoleKind.EDITOR, actor=None)
    return signed_in(editor), signed_in(second)


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def edit_url(campaign) -> str:
    return reverse("wagtailsnippets_plans_campaign:edit", args=[campaign.pk])


def opened_form(client, campaign) -> dict:
    response = client.get(edit_url(campaign))
    assert response.status_code == 200
    return form_data(response.content.decode())


def banner(response) -> str:
    return " ".join(str(message) for message in response.context["messages"])


def latest(campaign) -> Campaign:
    return Campaign.objects.get(pk=campaign.pk).get_latest_revision_as_object()


@pytest.fixture
def first_saved_a_new_title(campaign, editors):
    """Both editors open the campaign; the first saves a new title; the second changes the objectives."""
    (first, second) = editors
    first_form, second_form = opened_form(first, campaign), opened_form(second, campaign)
    first_form["title"] = [NEW_TITLE]
    assert first.post(edit_url(campaign), first_form).status_code == 302
    second_form["objectives"] = ["Mỗi công đoàn cơ sở tổ chức một buổi nói chuyện"]
    return second, second_form


def test_the_second_save_is_refused_with_who_saved_when_and_what_changed(campaign, first_saved_a_new_title):
    second, second_form = first_saved_a_new_title
    response = second.post(edit_url(campaign), second_form)

    assert response.status_code == 200
    text = banner(response)
    saved_at = Campaign.objects.get(pk=campaign.pk).latest_revision.created_at
    when = timezone.localtime(saved_at).strftime("%H:%M %d/%m/%Y")
    assert f"Người khác (bientap) đã lưu chiến dịch này lúc {when} trong khi bạn sửa" in text
    assert f"Tiêu đề: của bạn «{TITLE}» → đã lưu «{NEW_TITLE}»" in text
    assert "Mục tiêu" not in text
    assert latest(campaign).title == NEW_TITLE
    assert latest(campaign).objectives == "Nâng cao nhận thức"


def test_what_the_second_person_typed_is_still_in_the_refused_form(campaign, first_saved_a_new_title):
    second, second_form = first_saved_a_new_title
    second_form["budget_lines-0-item"] = ["In pano và áp phích"]
    response = second.post(edit_url(campaign), second_form)

    shown = form_data(response.content.decode())
    assert shown["objectives"] == ["Mỗi công đoàn cơ sở tổ chức một buổi nói chuyện"]
    assert shown["budget_lines-0-item"] == ["In pano và áp phích"]


def test_saving_the_refused_form_again_saves_it_deliberately(campaign, first_saved_a_new_title):
    second, second_form = first_saved_a_new_title
    refused = second.post(edit_url(campaign), second_form)

    again = form_data(refused.content.decode())
    again["title"] = [NEW_TITLE]
    assert second.post(edit_url(campaign), again).status_code == 302
    assert latest(campaign).title == NEW_TITLE
    assert latest(campaign).objectives == "Mỗi công đoàn cơ sở tổ chức một buổi nói chuyện"


def test_a_change_to_the_budget_lines_is_listed(campaign, editors):
    first, second = editors
    first_form, second_form = opened_form(first, campaign), opened_form(second, campaign)
    first_form["budget_lines-0-item"] = ["Thuê xe tuyên truyền lưu động"]
    assert first.post(edit_url(campaign), first_form).status_code == 302

    response = second.post(edit_url(campaign), second_form)
    assert "Khoản kinh phí: của bạn «In pano» → đã lưu «Thuê xe tuyên truyền lưu động»" in banner(response)


def test_an_editors_own_autosave_does_not_block_their_save(campaign, editors):
    first, _second = editors
    form = opened_form(first, campaign)
    form["objectives"] = ["Bản nháp tự lưu"]
    autosaved = first.post(edit_url(campaign), form, HTTP_ACCEPT="application/json").json()
    assert autosaved["success"]

    # Wagtail's autosave applies the field updates to the open page's form: the version too.
    assert "opened_version" in autosaved["field_updates"]
    for name, value in autosaved["field_updates"].items():
        form[name] = [value]
    form["overwrite_revision_id"] = [str(autosaved["revision_id"])]
    form["objectives"] = ["Bản nháp tự lưu lần hai"]
    assert first.post(edit_url(campaign), form, HTTP_ACCEPT="application/json").json()["success"]
    del form["overwrite_revision_id"]
    assert first.post(edit_url(campaign), form).status_code == 302
    assert latest(campaign).objectives == "Bản nháp tự lưu lần hai"


def test_another_editors_autosave_is_a_change_since_the_form_was_opened(campaign, editors):
    first, second = editors
    first_form, second_form = opened_form(first, campaign), opened_form(second, campaign)
    first_form["title"] = [NEW_TITLE]
    assert first.post(edit_url(campaign), first_form, HTTP_ACCEPT="application/json").json()["success"]

    response = second.post(edit_url(campaign), second_form)
    assert f"Tiêu đề: của bạn «{TITLE}» → đã lưu «{NEW_TITLE}»" in banner(response)
    assert latest(campaign).title == NEW_TITLE

"""One click on "Gửi duyệt" makes one campaign, even when the create form's autosave
reaches the server at the same moment (both post to the create URL, as Wagtail's
autosave does until its first answer moves the form to the edit URL)."""

import pytest
from django.test import Client
from django.urls import reverse

from lantoa.core.tests.formdata import form_data
from lantoa.plans.models import Campaign

pytestmark = pytest.mark.django_db

ADD_URL = "wagtailsnippets_plans_campaign:add"


@pytest.fixture
def editor_client(people):
    editor, _leader, _district_leader = people
    client = Client()
    client.force_login(editor)
    return client


@pytest.fixture
def filled_form(editor_client, plan):
    """The create form as the browser holds it once the editor has typed a campaign."""
    response = editor_client.get(reverse(ADD_URL))
    assert response.status_code == 200
    form = form_data(response.content.decode())
    assert form["creation_token"][0]
    form.update(
        plan=[str(plan.pk)],
        theme=[str(plan.themes.first().pk)],
        unit=[str(plan.issuing_unit_id)],
        title=["Tháng Công nhân 2021: an toàn lao động"],
        start_date=["2021-05-01"],
        end_date=["2021-05-31"],
    )
    form.update(
        {
            "budget_lines-TOTAL_FORMS": ["1"],
            "budget_lines-0-item": ["In pano, áp phích"],
            "budget_lines-0-funding_source": ["accumulated"],
            "budget_lines-0-estimate": ["20000000"],
            "budget_lines-0-ORDER": ["1"],
            "budget_lines-0-DELETE": [""],
            "budget_lines-0-id": [""],
        }
    )
    return form


def autosave(client, form):
    return client.post(reverse(ADD_URL), form, HTTP_ACCEPT="application/json")


def submit(client, form):
    return client.post(reverse(ADD_URL), {**form, "action-submit": ["1"]})


def test_an_autosave_then_a_submit_from_the_create_form_make_one_submitted_campaign(editor_client, filled_form):
    assert autosave(editor_client, filled_form).json()["success"]
    filled_form["objectives"] = ["Typed after the autosave left"]

    response = submit(editor_client, filled_form)

    assert response.status_code == 302
    campaign = Campaign.objects.get()
    assert campaign.workflow_in_progress
    assert campaign.get_latest_revision_as_object().objectives == "Typed after the autosave left"
    assert campaign.budget_lines.count() == 1


def test_a_submit_then_a_late_autosave_make_one_campaign_and_keep_the_submitted_text(editor_client, filled_form):
    late = {**filled_form, "objectives": ["Older text the autosave carried"]}
    filled_form["objectives"] = ["The submitted text"]
    assert submit(editor_client, filled_form).status_code == 302

    response = autosave(editor_client, late)

    assert response.status_code == 400
    assert response.json()["error_code"] == "invalid_revision"
    campaign = Campaign.objects.get()
    assert campaign.workflow_in_progress
    assert campaign.get_latest_revision_as_object().objectives == "The submitted text"


def test_a_double_click_on_submit_makes_one_campaign(editor_client, filled_form):
    assert submit(editor_client, filled_form).status_code == 302
    assert submit(editor_client, filled_form).status_code == 302
    assert Campaign.objects.count() == 1
    assert Campaign.objects.get().workflow_states.count() == 1


def test_two_forms_opened_separately_make_two_campaigns(editor_client, filled_form, plan):
    assert submit(editor_client, filled_form).status_code == 302
    second_form = form_data(editor_client.get(reverse(ADD_URL)).content.decode())
    other = {**filled_form, "creation_token": second_form["creation_token"]}
    assert submit(editor_client, other).status_code == 302
    assert Campaign.objects.count() == 2


def test_another_persons_token_does_not_open_their_campaign(editor_client, filled_form, plan, people):
    from lantoa.org import actions as org_actions
    from lantoa.org.models import RoleKind
    from lantoa.org.tests.factories import make_user

    assert autosave(editor_client, filled_form).json()["success"]
    intruder = make_user("bientap.khac")
    org_actions.do_assign_role(user=intruder, unit=plan.issuing_unit, kind=RoleKind.EDITOR, actor=None)
    client = Client()
    client.force_login(intruder)

    response = submit(client, filled_form)

    assert response.status_code == 302 and response.url == reverse("wagtailadmin_home")  # Wagtail's "denied"
    assert Campaign.objects.count() == 1
    assert not Campaign.objects.get().workflow_in_progress

"""Finance records what an approved campaign spent; the campaign stays approved and the
figures move."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Revision

from lantoa.org import actions as org_actions
from lantoa.org.models import RoleKind
from lantoa.org.tests.factories import D, fresh, make_user
from lantoa.plans import actions
from lantoa.plans.models import BudgetLine, Campaign

pytestmark = pytest.mark.django_db


def proposed(plan, unit):
    campaign = Campaign(
        plan=plan, theme=plan.themes.first(), unit=unit, title="Tháng Công nhân 2021",
        start_date=D(2021, 5, 1), end_date=D(2021, 5, 31),
    )  # fmt: skip
    campaign.budget_lines = [
        BudgetLine(item="In pano, áp phích", funding_source="accumulated", estimate=Decimal(20_000_000)),
        BudgetLine(item="Video trên Zalo OA", funding_source="sponsorship", estimate=Decimal(10_000_000)),
    ]
    return actions.do_propose_campaign(campaign, actor=None)


def approved(plan, unit):
    at = timezone.make_aware(datetime.datetime(2021, 4, 20, 9, 0))
    return actions.do_decide_campaign(proposed(plan, unit), actor=None, approve=True, at=at)


@pytest.fixture
def staff(province, people):
    root, (ba_tri, _binh_dai) = province
    finance, viewer, district_finance = make_user("taichinh"), make_user("xem"), make_user("taichinh.huyen")
    org_actions.do_assign_role(user=finance, unit=root, kind=RoleKind.FINANCE, actor=None)
    org_actions.do_assign_role(user=viewer, unit=root, kind=RoleKind.VIEWER, actor=None)
    org_actions.do_assign_role(user=district_finance, unit=ba_tri, kind=RoleKind.FINANCE, actor=None)
    return {"finance": fresh(finance), "viewer": fresh(viewer), "district_finance": fresh(district_finance),
            "editor": fresh(people[0])}  # fmt: skip


def denied(response) -> bool:
    """Wagtail answers a refusal with a redirect to the dashboard and its message."""
    return response.status_code == 403 or (
        response.status_code == 302 and response["Location"] == reverse("wagtailadmin_home")
    )


def url(campaign):
    return reverse("plans_record_spending", args=[campaign.pk])


def record(client, campaign, line, actual, spent_on="20/05/2021"):
    prefix = f"line-{line.pk}"
    return client.post(url(campaign), {"line": line.pk, f"{prefix}-actual": actual, f"{prefix}-spent_on": spent_on})


def test_finance_records_spending_typed_with_dots_and_the_campaign_stays_approved(plan, staff, client):
    campaign = approved(plan, plan.issuing_unit)
    revisions = Revision.objects.for_instance(campaign).count()
    line = campaign.budget_lines.order_by("sort_order", "pk").first()
    client.force_login(staff["finance"])
    response = record(client, campaign, line, "18.500.000")
    assert response.status_code == 302
    line.refresh_from_db()
    assert (line.actual, line.spent_on) == (Decimal(18_500_000), D(2021, 5, 20))
    campaign = Campaign.objects.get(pk=campaign.pk)
    assert campaign.live and not campaign.has_unpublished_changes
    assert campaign.current_workflow_state is None
    assert Revision.objects.for_instance(campaign).count() == revisions
    page = client.get(url(campaign)).content.decode()
    assert "18.500.000\u00a0đ" in page and "20.000.000\u00a0đ" in page


def test_amounts_typed_without_dots_or_with_the_currency_are_understood(plan, staff, client):
    campaign = approved(plan, plan.issuing_unit)
    first, second = campaign.budget_lines.order_by("sort_order", "pk")
    client.force_login(staff["finance"])
    record(client, campaign, first, "18500000")
    record(client, campaign, second, "9.750.000 đ")
    first.refresh_from_db(), second.refresh_from_db()
    assert (first.actual, second.actual) == (Decimal(18_500_000), Decimal(9_750_000))


@pytest.mark.parametrize(
    "actual, spent_on, message",
    [
        ("18,5 triệu", "20/05/2021", "không phải là số tiền"),
        ("-5.000", "20/05/2021", "không phải là số tiền"),
        ("18.500.000", "2021/05/20", "Ngày chi"),
        ("", "20/05/2021", "bắt buộc"),
    ],
)
def test_bad_input_is_refused_with_a_clear_message_and_nothing_typed_is_lost(
    plan, staff, client, actual, spent_on, message
):
    campaign = approved(plan, plan.issuing_unit)
    line = campaign.budget_lines.order_by("sort_order", "pk").first()
    client.force_login(staff["finance"])
    response = record(client, campaign, line, actual, spent_on)
    assert response.status_code == 200
    page = response.content.decode()
    assert message in page
    assert f'value="{actual}"' in page or not actual
    assert f'value="{spent_on}"' in page
    line.refresh_from_db()
    assert line.actual is None


def test_the_edit_form_shows_the_recorded_spending_not_the_old_figures(plan, staff, client):
    campaign = approved(plan, plan.issuing_unit)
    line = campaign.budget_lines.order_by("sort_order", "pk").first()
    actions.do_record_spending(line, actor=staff["finance"], actual=Decimal(18_500_000), spent_on=D(2021, 5, 20))
    campaign = Campaign.objects.get(pk=campaign.pk)
    shown = {row.pk: row for row in campaign.get_latest_revision_as_object().budget_lines.all()}
    assert (shown[line.pk].actual, shown[line.pk].spent_on) == (Decimal(18_500_000), D(2021, 5, 20))
    client.force_login(staff["editor"])
    form = client.get(reverse("wagtailsnippets_plans_campaign:edit", args=[campaign.pk])).context["form"]
    initial = {row.instance.pk: row.instance for row in form.formsets["budget_lines"].forms}
    assert initial[line.pk].actual == Decimal(18_500_000)


def test_a_campaign_not_yet_approved_takes_no_spending(plan, staff, client):
    campaign = proposed(plan, plan.issuing_unit)
    line = campaign.budget_lines.order_by("sort_order", "pk").first()
    client.force_login(staff["finance"])
    page = client.get(url(campaign)).content.decode()
    assert "chỉ ghi cho chiến dịch đã được phê duyệt" in page and 'name="line"' not in page
    record(client, campaign, line, "1.000.000")
    line.refresh_from_db()
    assert line.actual is None


def test_spending_is_recorded_only_where_the_role_grants_it(plan, province, staff, client):
    _root, (ba_tri, _binh_dai) = province
    campaign = approved(plan, plan.issuing_unit)
    client.force_login(staff["viewer"])  # reads the province, records nothing
    assert denied(client.get(url(campaign)))
    client.force_login(staff["district_finance"])  # the district's finance never sees the province's campaign
    assert client.get(url(campaign)).status_code == 404
    district_campaign = approved(plan, ba_tri)
    assert client.get(url(district_campaign)).status_code == 200


def test_finance_finds_the_approved_campaigns_of_its_units_under_campaign_spending(plan, province, staff, client):
    _root, (ba_tri, _binh_dai) = province
    campaign, waiting = approved(plan, plan.issuing_unit), proposed(plan, plan.issuing_unit)
    index = reverse("plans_spending_index")
    client.force_login(staff["finance"])
    page = client.get(index).content.decode()
    assert url(campaign) in page and url(waiting) not in page
    assert index in client.get(reverse("wagtailadmin_home")).content.decode()  # the menu item
    client.force_login(staff["district_finance"])
    assert url(campaign) not in client.get(index).content.decode()
    client.force_login(staff["viewer"])
    assert denied(client.get(index))


def test_the_edit_view_of_an_approved_campaign_links_to_record_spending(plan, staff, client):
    campaign = approved(plan, plan.issuing_unit)
    client.force_login(staff["editor"])
    edit = client.get(reverse("wagtailsnippets_plans_campaign:edit", args=[campaign.pk]))
    assert url(campaign) in edit.content.decode()


def test_the_dashboard_spending_figure_moves(plan, staff, client):
    campaign = approved(plan, plan.issuing_unit)
    client.force_login(staff["finance"])
    dashboard = reverse("plans_dashboard", args=[plan.pk])
    assert client.get(dashboard).context["budget"]["actual"] == "0\u00a0đ"
    record(client, campaign, campaign.budget_lines.order_by("sort_order", "pk").first(), "18.500.000")
    assert client.get(dashboard).context["budget"]["actual"] == "18.500.000\u00a0đ"

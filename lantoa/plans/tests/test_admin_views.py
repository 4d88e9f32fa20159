"""The plans screens in Wagtail's admin: scoped, prefilled, and writing through actions."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from lantoa.cascade.models import Action, TaskStatus, UnitTask
from lantoa.org import actions as org_actions
from lantoa.org.models import RoleKind
from lantoa.org.tests.factories import D, make_unit, make_user
from lantoa.plans import actions
from lantoa.plans.models import Campaign, Plan, Responsibility, Target

pytestmark = pytest.mark.django_db


@pytest.fixture
def other_plan(province):
    root = make_unit(province[0], "district", "Liên đoàn Lao động huyện Thạnh Phú", valid_from=D(1992, 1, 1))
    return actions.do_save_plan(
        Plan(issuing_unit=root, number=12, symbol="KH-LĐLĐ", place="Trà Vinh", issued_on=D(2021, 1, 4),
             title="Kế hoạch truyền thông năm 2021", period_start=D(2021, 1, 1), period_end=D(2021, 12, 31)),
        actor=None,
    )  # fmt: skip


def approved_campaign(plan, editor, leader):
    campaign = Campaign(
        plan=plan, unit=plan.issuing_unit, title="Bữa ăn ca an toàn", start_date=D(2022, 3, 1), end_date=D(2022, 4, 30)
    )
    campaign = actions.do_propose_campaign(campaign, actor=editor)
    at = datetime.datetime(2022, 2, 20, 8, 0, tzinfo=datetime.UTC)
    return actions.do_decide_campaign(campaign, actor=leader, approve=True, at=at)


def test_an_officer_lists_own_and_received_plans_but_not_a_sibling_s(client, plan, other_plan, province):
    officer = make_user("canbo.batri.list")
    _root, (ba_tri, _binh_dai) = province
    org_actions.do_assign_role(user=officer, unit=ba_tri, kind=RoleKind.UNIT_OFFICER, actor=None)
    own = actions.do_save_plan(
        Plan(issuing_unit=ba_tri, number=3, symbol="KH-LĐLĐ", place="Ba Tri", issued_on=D(2021, 1, 4),
             title="Kế hoạch truyền thông huyện Ba Tri", period_start=D(2021, 1, 1), period_end=D(2021, 12, 31)),
        actor=None,
    )  # fmt: skip
    client.force_login(officer)
    page = client.get(reverse("plan:index")).content.decode()
    assert own.title in page and plan.title in page  # its own, and the province's it received
    assert other_plan.title not in page  # a sibling district's
    assert client.get(reverse("plan:edit", args=[other_plan.pk])).status_code == 404
    assert client.get(reverse("plan:edit", args=[plan.pk])).status_code == 404
    assert client.get(reverse("plan:edit", args=[own.pk])).status_code == 200


def test_the_new_plan_form_suggests_the_next_number(client, plan, people):
    editor, _leader, _ = people
    client.force_login(editor)
    page = client.get(reverse("plan:add")).content.decode()
    year = datetime.date.today().year
    expected = 197 if year == 2020 else 1
    assert f"năm {year} của Liên đoàn Lao động tỉnh Bến Tre: {expected}." in page


def test_proposing_from_a_theme_fills_the_campaign_form(client, plan, people):
    editor, _leader, _ = people
    client.force_login(editor)
    theme = plan.themes.get()
    page = client.get(reverse("wagtailsnippets_plans_campaign:add") + f"?theme={theme.pk}").content.decode()
    assert f'value="{theme.title}"' in page
    assert f'<option value="{theme.pk}" selected>' in page


def test_a_district_approver_cannot_open_the_province_campaign(client, plan, people):
    editor, leader, district_leader = people
    campaign = approved_campaign(plan, editor, leader)
    client.force_login(district_leader)
    assert client.get(reverse("wagtailsnippets_plans_campaign:edit", args=[campaign.pk])).status_code == 404
    assert "Bữa ăn ca" not in client.get(reverse("wagtailsnippets_plans_campaign:list")).content.decode()


def test_closing_a_campaign_records_its_results_and_keeps_bad_input(client, plan, people):
    editor, leader, _ = people
    campaign = approved_campaign(plan, editor, leader)
    client.force_login(editor)
    url = reverse("plans_close_campaign", args=[campaign.pk])
    bad = client.post(url, {"closed_on": "31/02/2022", "people_reached": "8000", "results": "Đã tổ chức 9 buổi"})
    assert bad.status_code == 200
    assert "Đã tổ chức 9 buổi" in bad.content.decode()
    done = client.post(url, {"closed_on": "30/04/2022", "people_reached": "8000", "results": "Đã tổ chức 9 buổi"})
    assert done.status_code == 302
    campaign.refresh_from_db()
    assert campaign.closed_on == D(2022, 4, 30) and campaign.people_reached == 8000


def test_a_figure_needs_evidence(client, plan, people):
    editor, _leader, _ = people
    target = actions.do_save_target(
        Target(plan=plan, title="Số tin bài trên Cổng thông tin", indicator="manual", target_value=Decimal(500),
               deadline=D(2023, 12, 31)),
        actor=None,
    )  # fmt: skip
    client.force_login(editor)
    url = reverse("plans_manual_value", args=[target.pk])
    assert client.post(url, {"on_date": "31/12/2021", "value": "180", "evidence": ""}).status_code == 200
    assert (
        client.post(url, {"on_date": "31/12/2021", "value": "180", "evidence": "Báo cáo số 45/BC"}).status_code == 302
    )
    assert target.manual_values.get().value == 180


def test_an_officer_reports_a_plan_duty_done_on_the_work_page(client, plan, province):
    _root, (ba_tri, _binh_dai) = province
    officer = make_user("canbo.batri")
    org_actions.do_assign_role(user=officer, unit=ba_tri, kind=RoleKind.UNIT_OFFICER, actor=None)
    duty = Responsibility.objects.create(plan=plan, heading="Công đoàn cấp trên trực tiếp cơ sở", duties="Cụ thể hóa")
    rows = actions.do_assign_responsibility(
        duty, actor=None, title="Xây dựng kế hoạch cụ thể hóa", due_on=D(2020, 11, 5)
    )
    assert {task.unit_id for task in rows} == {u.pk for u in province[1]}
    assert {task.action for task in rows} == {Action.PLAN_DUTY}
    mine = UnitTask.objects.get(unit=ba_tri)
    assert mine.dispatch.title == "Xây dựng kế hoạch cụ thể hóa" and mine.dispatch.plan == plan
    client.force_login(officer)
    assert "Xây dựng kế hoạch cụ thể hóa" in client.get(reverse("viec:index")).content.decode()
    other = UnitTask.objects.exclude(unit=ba_tri).get()
    assert client.get(reverse("viec:task", args=[other.pk])).status_code == 404
    url = reverse("viec:task", args=[mine.pk])
    assert 'name="report"' in client.get(url).content.decode()
    # Done without saying what was done: refused, the day typed kept.
    refused = client.post(url, {"outcome": "done", "day": "02/11/2020", "report": " "})
    assert refused.status_code == 200 and refused.context["form"].errors.get("report")
    assert UnitTask.objects.get(pk=mine.pk).status == TaskStatus.PENDING
    response = client.post(url, {"outcome": "done", "day": "02/11/2020", "report": "Đã ban hành"})
    assert response.status_code == 302
    mine.refresh_from_db()
    assert (mine.status, mine.done_on, mine.report) == (TaskStatus.DONE, D(2020, 11, 2), "Đã ban hành")


def test_a_responsibility_becomes_tasks_and_the_dashboard_counts_them(client, plan, people, province):
    editor, _leader, _ = people
    duty = Responsibility.objects.create(plan=plan, heading="Công đoàn cấp trên trực tiếp cơ sở", duties="Cụ thể hóa")
    client.force_login(editor)
    url = reverse("plans_assign", args=[duty.pk])
    form = client.get(url).content.decode()
    assert all(unit.name in form for unit in province[1])
    kept = client.post(url, {"title": "Ban hành kế hoạch cụ thể hóa", "due_on": "30/02/2021"})
    assert kept.status_code == 200 and "Ban hành kế hoạch cụ thể hóa" in kept.content.decode()
    assert client.post(url, {"title": "Ban hành kế hoạch cụ thể hóa", "due_on": "05/11/2020"}).status_code == 302
    tasks = UnitTask.objects.filter(dispatch__responsibility=duty)
    assert sorted(tasks.values_list("unit_id", flat=True)) == sorted(u.pk for u in province[1])
    assert set(tasks.values_list("due_on", "action")) == {(D(2020, 11, 5), Action.PLAN_DUTY)}
    # Sent again: the same duty, nothing new.
    assert client.post(url, {"title": "Ban hành kế hoạch cụ thể hóa", "due_on": "05/11/2020"}).status_code == 302
    assert tasks.count() == len(province[1])
    page = client.get(reverse("plans_dashboard", args=[plan.pk]) + "?ngay=01/12/2020").content.decode()
    assert f'data-responsibility="{duty.pk}"' in page


def test_a_district_adopts_the_province_plan_into_its_own(client, plan, province):
    _root, (ba_tri, _binh_dai) = province
    officer = make_user("canbo.batri2")
    org_actions.do_assign_role(user=officer, unit=ba_tri, kind=RoleKind.UNIT_OFFICER, actor=None)
    client.force_login(officer)
    dashboard = client.get(reverse("plans_dashboard", args=[plan.pk])).content.decode()
    assert reverse("plans_adopt", args=[plan.pk]) in dashboard
    response = client.post(
        reverse("plans_adopt", args=[plan.pk]),
        {"unit": ba_tri.pk, "symbol": "KH-LĐLĐ", "place": "Ba Tri", "issued_on": "20/10/2020"},
    )
    assert response.status_code == 302
    adopted = Plan.objects.get(issuing_unit=ba_tri)
    assert adopted.adopted_from == plan and adopted.status == "draft"
    assert [t.title for t in adopted.themes.all()] == [t.title for t in plan.themes.all()]
    assert response.url == reverse("plan:edit", args=[adopted.pk])


def test_a_lower_unit_reads_the_upper_plan_and_only_its_own_line(client, plan, province):
    _root, (ba_tri, binh_dai) = province
    officer = make_user("canbo.batri3")
    org_actions.do_assign_role(user=officer, unit=ba_tri, kind=RoleKind.UNIT_OFFICER, actor=None)
    target = actions.do_save_target(
        Target(plan=plan, title="Ít nhất 03 chiến dịch", indicator="campaigns_run", target_value=3,
               deadline=D(2023, 12, 31)),
        actor=None,
    )  # fmt: skip
    client.force_login(officer)
    assert plan.title in client.get(reverse("plan:index")).content.decode()
    dashboard = client.get(reverse("plans_dashboard", args=[plan.pk])).content.decode()
    assert target.title in dashboard
    line = reverse("plans_target", args=[plan.pk, target.pk])
    assert f"{line}?don_vi={ba_tri.pk}" in dashboard  # the card opens the officer's own line
    assert client.get(line, {"don_vi": ba_tri.pk}).status_code == 200
    assert client.get(line, {"don_vi": binh_dai.pk}).status_code == 404  # a sibling's line
    assert client.get(reverse("plans_export_plan_docx", args=[plan.pk])).status_code == 200
    assert client.get(reverse("plans_export_report_xlsx", args=[plan.pk])).status_code == 200
    assert client.get(reverse("plan:edit", args=[plan.pk])).status_code == 404

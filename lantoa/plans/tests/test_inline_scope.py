"""Inline rows stay in scope: a grassroots officer's plan cannot name a sibling union in a
responsibility row, nor hand the sibling the plan's duty; a campaign cannot run on a
sibling's channels. The forms offer only what the user may change, and the actions refuse
the rest whoever calls them."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from lantoa.cascade.models import Dispatch, UnitTask
from lantoa.channels.actions import do_save_channel
from lantoa.channels.models import Channel
from lantoa.org import actions as org_actions
from lantoa.org.models import RoleKind
from lantoa.org.tests.factories import D, fresh, make_unit, make_user
from lantoa.plans import actions
from lantoa.plans.models import Campaign, Plan, Responsibility, Theme

pytestmark = pytest.mark.django_db


@pytest.fixture
def siblings():
    commune = make_unit(None, "commune", "Công đoàn phường Phú Khương")
    own = make_unit(commune, "grassroots", "Công đoàn cơ sở Công ty TNHH May Sông Tiền")
    sibling = make_unit(commune, "grassroots", "Công đoàn cơ sở Công ty CP Thủy sản Hàm Luông")
    officer = make_user("songtien.canbo")
    org_actions.do_assign_role(user=officer, unit=own, kind=RoleKind.UNIT_OFFICER, actor=None)
    plan = Plan(issuing_unit=own, number=1, symbol="KH-CĐCS", place="Vĩnh Long", issued_on=D(2026, 1, 15),
                title="Kế hoạch tuyên truyền năm 2026", period_start=D(2026, 1, 1), period_end=D(2026, 12, 31),
                status="issued")  # fmt: skip
    plan.themes = [Theme(title="An toàn vệ sinh lao động")]
    plan = actions.do_save_plan(plan, actor=None)
    actions.ensure_campaign_workflow()
    return {"own": own, "sibling": sibling, "officer": fresh(officer), "plan": plan}


def management(prefix, total, initial=0):
    return {f"{prefix}-TOTAL_FORMS": total, f"{prefix}-INITIAL_FORMS": initial, f"{prefix}-MIN_NUM_FORMS": 0,
            f"{prefix}-MAX_NUM_FORMS": 1000}  # fmt: skip


def plan_post(plan, responsibility_unit):
    theme = plan.themes.get()
    data = {
        "issuing_unit": plan.issuing_unit_id, "doc_type": "KH", "number": 1, "symbol": "KH-CĐCS",
        "place": "Vĩnh Long", "issued_on": "15/01/2026", "title": plan.title, "period_start": "01/01/2026",
        "period_end": "31/12/2026", "status": "issued",
        **management("sections", 0), **management("key_messages", 0), **management("themes", 1, 1),
        "themes-0-id": theme.pk, "themes-0-title": theme.title, "themes-0-ORDER": 1,
        **management("responsibilities", 1),
        "responsibilities-0-unit": responsibility_unit.pk, "responsibilities-0-heading": "Ban chấp hành",
        "responsibilities-0-duties": "Tổ chức tuyên truyền", "responsibilities-0-ORDER": 1,
    }  # fmt: skip
    return data


def test_the_plan_form_offers_only_writable_units_in_responsibility_rows(siblings, client):
    client.force_login(siblings["officer"])
    form = client.get(reverse("plan:edit", args=[siblings["plan"].pk])).context["form"]
    offered = set(form.formsets["responsibilities"].empty_form.fields["unit"].queryset)
    assert offered == {siblings["own"]}


def test_a_responsibility_row_naming_a_sibling_is_refused(siblings, client):
    client.force_login(siblings["officer"])
    url = reverse("plan:edit", args=[siblings["plan"].pk])
    response = client.post(url, plan_post(siblings["plan"], siblings["sibling"]))
    assert response.status_code == 200
    assert response.context["form"].formsets["responsibilities"].errors[0].get("unit")
    assert not Responsibility.objects.filter(unit=siblings["sibling"]).exists()
    # The same row naming the officer's own union is saved.
    response = client.post(url, plan_post(siblings["plan"], siblings["own"]))
    assert response.status_code == 302
    assert Responsibility.objects.filter(plan=siblings["plan"], unit=siblings["own"]).exists()


def test_plan_and_duty_actions_recheck_every_unit(siblings):
    plan, officer, sibling = siblings["plan"], siblings["officer"], siblings["sibling"]
    plan.responsibilities = [Responsibility(unit=sibling, heading="Ban chấp hành", duties="Tuyên truyền")]
    with pytest.raises(ValidationError):
        actions.do_save_plan(plan, actor=officer)
    plan = Plan.objects.get(pk=plan.pk)
    plan.responsibilities = [Responsibility(unit=siblings["own"], heading="Ban chấp hành", duties="Tuyên truyền")]
    plan = actions.do_save_plan(plan, actor=officer)
    with pytest.raises(ValidationError):
        actions.do_assign_responsibility(
            plan.responsibilities.get(), actor=officer, title="Tuyên truyền", due_on=D(2026, 6, 1), units=[sibling]
        )
    assert not UnitTask.objects.filter(unit=sibling).exists()
    assert not Dispatch.objects.filter(plan=plan).exists()
    # The officer's own union may be handed it.
    (task,) = actions.do_assign_responsibility(
        plan.responsibilities.get(), actor=officer, title="Tuyên truyền", due_on=D(2026, 6, 1), units=[siblings["own"]]
    )
    assert task.unit == siblings["own"] and task.dispatch.plan == plan


def test_a_campaign_cannot_run_on_a_sibling_channel(siblings):
    channel = do_save_channel(Channel(), actor=None, unit=siblings["sibling"], kind="zalo_group",
                              name="Nhóm Zalo Hàm Luông", address="https://zalo.me/g/hamluong")  # fmt: skip
    plan = siblings["plan"]
    campaign = Campaign(plan=plan, theme=plan.themes.get(), unit=siblings["own"], title="Tháng Công nhân",
                        start_date=D(2026, 5, 1), end_date=D(2026, 5, 31))  # fmt: skip
    campaign.channels = [channel]
    with pytest.raises(ValidationError):
        actions.do_propose_campaign(campaign, actor=siblings["officer"])
    assert not Campaign.objects.filter(title="Tháng Công nhân").exists()

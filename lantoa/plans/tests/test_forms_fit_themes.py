"""A campaign's theme is chosen among the themes of plans in force: issued, their period
covering today. Draft plans, plans that have ended and plans not yet begun offer none."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from lantoa.org import actions as org_actions
from lantoa.org.models import RoleKind
from lantoa.org.tests.factories import D, fresh, make_unit, make_user
from lantoa.plans import actions
from lantoa.plans.models import Plan, Theme

pytestmark = pytest.mark.django_db


def a_plan(unit, number, title, start, end, status="issued"):
    plan = Plan(issuing_unit=unit, number=number, symbol="KH-LĐLĐ", place="Vĩnh Long", issued_on=start,
                title=title, period_start=start, period_end=end, status=status)  # fmt: skip
    plan.themes = [Theme(title=f"Chủ đề của {title}")]
    return actions.do_save_plan(plan, actor=None)


def test_only_themes_of_plans_in_force_are_offered(client):
    province = make_unit(None, "provincial", "Liên đoàn Lao động tỉnh Vĩnh Long", valid_from=D(1976, 1, 1))
    editor = make_user("vinhlong.bientap")
    org_actions.do_assign_role(user=editor, unit=province, kind=RoleKind.EDITOR, actor=None)
    today = datetime.date.today()
    year = datetime.timedelta(days=365)
    in_force = a_plan(province, 1, "Kế hoạch đang thực hiện", today - year, today + year)
    a_plan(province, 2, "Kế hoạch đã kết thúc", today - 3 * year, today - 2 * year)
    a_plan(province, None, "Dự thảo kế hoạch", today - year, today + year, status="draft")
    a_plan(province, 3, "Kế hoạch đã đóng", today - year, today + year, status="closed")
    a_plan(province, 4, "Kế hoạch năm sau", today + year, today + 2 * year)
    client.force_login(fresh(editor))
    form = client.get(reverse("wagtailsnippets_plans_campaign:add")).context["form"]
    assert [theme.plan for theme in form.fields["theme"].queryset] == [in_force]
    page = client.get(reverse("wagtailsnippets_plans_campaign:add")).content.decode()
    assert "Chủ đề của Kế hoạch đang thực hiện" in page
    assert "Chủ đề của Kế hoạch đã kết thúc" not in page
    assert "Chủ đề của Dự thảo kế hoạch" not in page

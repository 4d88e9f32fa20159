"""Adopting an upper plan: the form comes with my unit chosen, a title and the next
number of my unit's register proposed, and the upper plan's targets with their values to
adjust; the draft plan gets the targets as adjusted (a target left empty is left out)."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from lantoa.org import actions as org_actions
from lantoa.org.models import RoleKind
from lantoa.org.tests.factories import D, make_user
from lantoa.plans import actions
from lantoa.plans.models import Plan, Target

pytestmark = pytest.mark.django_db


@pytest.fixture
def adoption(plan, province):
    _root, (ba_tri, _binh_dai) = province
    officer = make_user("canbo.batri.fit")
    org_actions.do_assign_role(user=officer, unit=ba_tri, kind=RoleKind.UNIT_OFFICER, actor=None)
    year = datetime.date.today().year
    earlier = Plan(
        issuing_unit=ba_tri,
        number=7,
        symbol="KH-LĐLĐ",
        place="Ba Tri",
        issued_on=D(year, 1, 10),
        title="Kế hoạch khác",
        period_start=D(year, 1, 1),
        period_end=D(year, 12, 31),
        status="issued",
    )
    actions.do_save_plan(earlier, actor=None)
    campaigns = actions.do_save_target(
        Target(
            plan=plan,
            title="Ít nhất 03 chiến dịch",
            indicator="campaigns_run",
            target_value=3,
            deadline=D(2023, 12, 31),
            order=1,
        ),
        actor=None,
    )
    groups = actions.do_save_target(
        Target(
            plan=plan,
            title="Đơn vị có nhóm Zalo",
            indicator="units_with_groups",
            target_value=80,
            deadline=D(2023, 12, 31),
            order=2,
            params={"unit_kinds": ["grassroots"]},
        ),
        actor=None,
    )
    return {"officer": officer, "unit": ba_tri, "campaigns": campaigns, "groups": groups}  # fmt: skip


def test_the_adopt_form_proposes_unit_title_number_and_targets(client, plan, adoption):
    client.force_login(adoption["officer"])
    response = client.get(reverse("plans_adopt", args=[plan.pk]))
    form = response.context["form"]
    assert form["unit"].value() == adoption["unit"].pk
    assert form["title"].value() == "Truyền thông Công đoàn đến năm 2023 của Liên đoàn Lao động huyện Ba Tri"
    assert form["number"].value() == 8  # the next in Ba Tri's register of plans this year
    assert form[f"target_{adoption['campaigns'].pk}"].value() == 3
    page = response.content.decode()
    assert "Chỉ tiêu cần điều chỉnh" in page
    assert "Ít nhất 03 chiến dịch" in page and "Đơn vị có nhóm Zalo" in page
    assert "Giá trị của cấp trên: 80, hạn 31/12/2023." in page


def test_adopting_copies_the_targets_as_adjusted(client, plan, adoption):
    client.force_login(adoption["officer"])
    response = client.post(
        reverse("plans_adopt", args=[plan.pk]),
        {
            "unit": adoption["unit"].pk, "title": "Kế hoạch truyền thông của huyện Ba Tri", "number": 8,
            "symbol": "KH-LĐLĐ", "place": "Ba Tri", "issued_on": datetime.date.today().strftime("%d/%m/%Y"),
            f"target_{adoption['campaigns'].pk}": "2", f"target_{adoption['groups'].pk}": "",
        },
    )  # fmt: skip
    assert response.status_code == 302
    adopted = Plan.objects.get(adopted_from=plan)
    assert (adopted.title, adopted.number, adopted.status) == ("Kế hoạch truyền thông của huyện Ba Tri", 8, "draft")
    copied = list(adopted.targets.all())
    assert [(t.title, t.indicator, t.target_value, t.deadline, t.unit_id) for t in copied] == [
        ("Ít nhất 03 chiến dịch", "campaigns_run", Decimal("2"), D(2023, 12, 31), None)
    ]


def test_a_number_already_used_is_refused_with_the_next_free_one(client, plan, adoption):
    client.force_login(adoption["officer"])
    response = client.post(
        reverse("plans_adopt", args=[plan.pk]),
        {"unit": adoption["unit"].pk, "number": 7, "symbol": "KH-LĐLĐ", "place": "Ba Tri",
         "issued_on": datetime.date.today().strftime("%d/%m/%Y")},
    )  # fmt: skip
    assert response.status_code == 200
    assert "8" in " ".join(response.context["form"].errors.get("number", []))
    assert not Plan.objects.filter(adopted_from=plan).exists()

"""The campaign's channels are chosen from a checklist grouped by unit, each channel with
its kind: two units' "Bảng tin công đoàn" are told apart by the unit they sit under. The
form offers only channels of units where the user may change campaigns, and refuses a
posted channel outside them."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from lantoa.channels.actions import do_save_channel
from lantoa.channels.models import Channel
from lantoa.core.tests.formdata import form_data
from lantoa.org import actions as org_actions
from lantoa.org.models import RoleKind
from lantoa.org.tests.factories import D, fresh, make_unit, make_user
from lantoa.plans import actions
from lantoa.plans.models import Campaign, Plan, Theme

pytestmark = pytest.mark.django_db

ADD_URL = "wagtailsnippets_plans_campaign:add"


def board(unit, name="Bảng tin công đoàn", kind="bulletin_board", **fields):
    return do_save_channel(Channel(), actor=None, unit=unit, kind=kind, name=name, **fields)


@pytest.fixture
def commune():
    province = make_unit(None, "provincial", "Liên đoàn Lao động tỉnh Vĩnh Long", valid_from=D(1976, 1, 1))
    commune = make_unit(province, "commune", "Công đoàn xã Giao Long")
    first = make_unit(commune, "grassroots", "Công đoàn cơ sở Trường Tiểu học Giao Long")
    second = make_unit(commune, "grassroots", "Công đoàn cơ sở Trạm Y tế Giao Long")
    outside = make_unit(province, "commune", "Công đoàn xã Phú Túc")
    editor = make_user("giaolong.bientap")
    org_actions.do_assign_role(user=editor, unit=commune, kind=RoleKind.EDITOR, actor=None)
    plan = Plan(issuing_unit=commune, number=1, symbol="KH-CĐX", place="Giao Long", issued_on=D(2026, 1, 5),
                title="Kế hoạch tuyên truyền năm 2026", period_start=D(2000, 1, 1), period_end=D(2099, 12, 31),
                status="issued")  # fmt: skip
    plan.themes = [Theme(title="An toàn vệ sinh lao động")]
    plan = actions.do_save_plan(plan, actor=None)
    actions.ensure_campaign_workflow()
    return {
        "commune": commune, "first": first, "second": second, "outside": outside, "editor": fresh(editor),
        "plan": plan,
        "first_board": board(first, location="Cổng trường"), "second_board": board(second),
        "commune_page": board(commune, "Trang Công đoàn xã Giao Long", "facebook_page",
                              address="https://facebook.com/cdgiaolong"),
        "outside_board": board(outside),
    }  # fmt: skip


def test_the_channels_are_grouped_by_unit_with_their_kind(client, commune):
    client.force_login(commune["editor"])
    page = client.get(reverse(ADD_URL)).content.decode()
    checklist = page[page.index("data-channel-checklist") :]
    legends = re.findall(r"<legend>(.*?)</legend>", checklist)
    # The commune first, then its grassroots unions (the tree's order), each unit once.
    assert legends[0] == "Công đoàn xã Giao Long"
    assert sorted(legends[1:]) == ["Công đoàn cơ sở Trường Tiểu học Giao Long", "Công đoàn cơ sở Trạm Y tế Giao Long"]
    # Each board under its own unit, with its kind (and its place when known).
    first_group = checklist[checklist.index("Trường Tiểu học Giao Long</legend>") :]
    first_group = first_group[: first_group.index("</fieldset>")]
    assert "Bảng tin công đoàn (Bảng tin) – Cổng trường" in first_group
    assert f'value="{commune["first_board"].pk}"' in first_group
    assert f'value="{commune["second_board"].pk}"' not in first_group
    assert "Trang Công đoàn xã Giao Long (Trang Facebook)" in checklist


def test_the_checklist_works_without_javascript(client, commune):
    """Every channel is a checkbox of the form; the filter box is hidden until the script shows it."""
    client.force_login(commune["editor"])
    page = client.get(reverse(ADD_URL)).content.decode()
    assert re.search(r"data-checklist-tools hidden", page)
    for key in ("first_board", "second_board", "commune_page"):
        assert re.search(rf'<input type="checkbox" name="channels" value="{commune[key].pk}"', page)
    assert "channels/channel_checklist.js" in page


def test_the_channels_outside_the_users_units_are_not_offered(client, commune):
    client.force_login(commune["editor"])
    form = client.get(reverse(ADD_URL)).context["form"]
    offered = set(form.fields["channels"].queryset)
    assert offered == {commune["first_board"], commune["second_board"], commune["commune_page"]}
    assert "Công đoàn xã Phú Túc" not in client.get(reverse(ADD_URL)).content.decode()


def campaign_post(client, commune, channels):
    form = form_data(client.get(reverse(ADD_URL)).content.decode())
    form.update(
        plan=[str(commune["plan"].pk)], theme=[str(commune["plan"].themes.get().pk)],
        unit=[str(commune["commune"].pk)], title=["Tháng Công nhân 2026"],
        start_date=["01/05/2026"], end_date=["31/05/2026"], channels=[str(c.pk) for c in channels],
    )  # fmt: skip
    return client.post(reverse(ADD_URL), form)


def test_two_chosen_channels_are_saved_with_the_campaign(client, commune):
    client.force_login(commune["editor"])
    response = campaign_post(client, commune, [commune["first_board"], commune["commune_page"]])
    assert response.status_code == 302
    campaign = Campaign.objects.get(title="Tháng Công nhân 2026")
    assert set(campaign.channels.all()) == {commune["first_board"], commune["commune_page"]}


def test_a_posted_channel_outside_the_users_units_is_refused(client, commune):
    client.force_login(commune["editor"])
    response = campaign_post(client, commune, [commune["first_board"], commune["outside_board"]])
    assert response.status_code == 200
    assert response.context["form"].errors.get("channels")
    assert not Campaign.objects.filter(title="Tháng Công nhân 2026").exists()


def test_a_province_is_offered_its_own_and_its_communes_channels_not_every_grassroots_one(client, commune):
    province = commune["commune"].parent
    province_editor = make_user("tinh.bientap.kenh")
    org_actions.do_assign_role(user=province_editor, unit=province, kind=RoleKind.EDITOR, actor=None)
    fanpage = board(province, "Trang Liên đoàn Lao động tỉnh Vĩnh Long", "facebook_page",
                    address="https://facebook.com/ldldvinhlong")  # fmt: skip
    client.force_login(fresh(province_editor))
    page = client.get(reverse(ADD_URL)).content.decode()
    offered = {int(pk) for pk in re.findall(r'name="channels" value="(\d+)"', page)}
    assert {fanpage.pk, commune["commune_page"].pk, commune["outside_board"].pk} <= offered
    assert commune["first_board"].pk not in offered
    assert commune["second_board"].pk not in offered


def test_a_campaign_keeps_offering_a_deeper_channel_it_already_names(client, commune):
    province = commune["commune"].parent
    province_editor = make_user("tinh.bientap.kenh")
    org_actions.do_assign_role(user=province_editor, unit=province, kind=RoleKind.EDITOR, actor=None)
    campaign = Campaign(plan=commune["plan"], theme=commune["plan"].themes.get(), unit=commune["commune"],
                        title="Tháng Công nhân 2026", start_date=D(2026, 5, 1), end_date=D(2026, 5, 31))  # fmt: skip
    campaign.channels = [commune["first_board"]]
    campaign = actions.do_propose_campaign(campaign, actor=fresh(province_editor), submit=False)
    client.force_login(fresh(province_editor))
    page = client.get(reverse("wagtailsnippets_plans_campaign:edit", args=[campaign.pk])).content.decode()
    offered = {int(pk) for pk in re.findall(r'name="channels" value="(\d+)"', page)}
    assert commune["first_board"].pk in offered
    assert commune["second_board"].pk not in offered

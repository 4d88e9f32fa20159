"""Routing rules: the nearest union's rules first, then by position; a blank topic or
urgency matches any; `below` rules of the unions above; a target unit that has ended is
skipped; the holder of the rule's role with the fewest open cases gets the case; a case
sent to the upper level never comes back to the workplace union through a rule; intake
applies the rules end to end. The screens: a commune officer writes rules for the commune
only, with targets they manage, and lists only those; an anonymous visitor is sent to log in."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from lantoa.inbox import intake, routing
from lantoa.inbox.models import Case, CaseRoute, CaseStatus, Intake, RoutingRule
from lantoa.inbox.rule_views import rule_label, saved_message
from lantoa.org import actions as org_actions
from lantoa.org.models import RoleKind
from lantoa.org.tests.factories import make_unit

from .staff_world import PASSWORD, person

pytestmark = pytest.mark.django_db
OSH, WAGES = "osh", "wages"
NORMAL, CRITICAL = "normal", "critical"


@pytest.fixture
def tree():
    province = make_unit(None, "provincial", "Liên đoàn Lao động tỉnh Vĩnh Long")
    park = make_unit(province, "industrial_park", "Công đoàn các Khu công nghiệp tỉnh Vĩnh Long")
    commune = make_unit(province, "commune", "Công đoàn phường Phú Khương")
    other_commune = make_unit(province, "commune", "Công đoàn xã Long Hồ")
    return {
        "province": province, "park": park, "commune": commune, "other_commune": other_commune,
        "song_tien": make_unit(park, name="Công đoàn cơ sở Công ty TNHH May Sông Tiền"),
        "ham_luong": make_unit(park, name="Công đoàn cơ sở Công ty Cổ phần Thủy sản Hàm Luông"),
        "school": make_unit(commune, name="Công đoàn cơ sở Trường Tiểu học Phú Khương"),
        "clinic": make_unit(commune, name="Công đoàn cơ sở Trạm Y tế phường Phú Khương"),
        "far_school": make_unit(other_commune, name="Công đoàn cơ sở Trường Tiểu học Long Hồ"),
    }  # fmt: skip


def rule(unit, **fields) -> RoutingRule:
    return RoutingRule.objects.create(unit=unit, **fields)


# --- apply_rules


def test_the_nearest_unions_rules_come_first_then_their_position(tree):
    rule(tree["province"], below=True, topic=OSH, target_unit=tree["commune"])
    rule(tree["park"], topic=OSH, target_unit=tree["ham_luong"], position=2)
    first = rule(tree["park"], topic=OSH, target_unit=tree["song_tien"], position=1)
    assert routing.apply_rules(tree["park"], OSH, NORMAL) == (tree["song_tien"], None, first)
    # The park's rules are not `below`: a case of Sông Tiền meets only the province's.
    unit, assignee, applied = routing.apply_rules(tree["song_tien"], OSH, NORMAL)
    assert (unit, assignee, applied.unit) == (tree["commune"], None, tree["province"])


def test_equal_positions_keep_the_older_rule_first(tree):
    older = rule(tree["park"], topic=OSH, target_unit=tree["song_tien"])
    rule(tree["park"], topic=OSH, target_unit=tree["ham_luong"])
    assert routing.apply_rules(tree["park"], OSH, NORMAL)[2] == older


def test_a_blank_topic_or_urgency_matches_any_and_inactive_rules_do_not(tree):
    critical = rule(tree["park"], urgency=CRITICAL, target_unit=tree["ham_luong"])
    rule(tree["park"], topic=WAGES, target_unit=tree["song_tien"], position=5, active=False)
    assert routing.apply_rules(tree["park"], WAGES, CRITICAL) == (tree["ham_luong"], None, critical)
    assert routing.apply_rules(tree["park"], WAGES, NORMAL) == (tree["park"], None, None)


def test_below_rules_of_unions_above_apply_to_their_subtree_only(tree):
    own = rule(tree["province"], topic=OSH, target_unit=tree["park"])
    assert routing.apply_rules(tree["commune"], OSH, NORMAL) == (tree["commune"], None, None)
    assert routing.apply_rules(tree["province"], OSH, NORMAL) == (tree["park"], None, own)
    own.below = True
    own.save()
    assert routing.apply_rules(tree["school"], OSH, NORMAL) == (tree["park"], None, own)


def test_one_pass_the_targets_rules_are_not_applied_in_turn(tree):
    there = rule(tree["park"], topic=OSH, target_unit=tree["song_tien"])
    rule(tree["song_tien"], topic=OSH, target_unit=tree["park"])
    assert routing.apply_rules(tree["park"], OSH, NORMAL) == (tree["song_tien"], None, there)


def test_a_rule_sending_to_a_unit_that_has_ended_is_skipped(tree):
    rule(tree["commune"], topic=OSH, target_unit=tree["clinic"], position=1)
    fallback = rule(tree["commune"], topic=OSH, target_unit=tree["school"], position=2)
    org_actions.do_close_unit(tree["clinic"], on_date=datetime.date.today() - datetime.timedelta(days=1), actor=None)
    assert routing.apply_rules(tree["commune"], OSH, NORMAL) == (tree["school"], None, fallback)


def test_the_role_holder_with_fewest_open_cases_at_the_final_unit_is_assigned(tree, django_assert_num_queries):
    busy = person("tt_bien_tap_1", (tree["school"], RoleKind.EDITOR))
    free = person("tt_bien_tap_2", (tree["school"], RoleKind.EDITOR))
    person("tt_nghi_viec", (tree["school"], RoleKind.EDITOR), is_active=False)
    person("phuong_bien_tap", (tree["commune"], RoleKind.EDITOR))  # above the final unit: not chosen
    applied = rule(tree["commune"], topic=OSH, target_unit=tree["school"], target_role=RoleKind.EDITOR)
    open_case = worker_case(tree["school"], "form-busy")
    Case.objects.filter(pk=open_case.pk).update(assignee=busy, status=CaseStatus.IN_PROGRESS)
    with django_assert_num_queries(2):  # the rules, then the holders
        assert routing.apply_rules(tree["commune"], OSH, NORMAL) == (tree["school"], free, applied)
    Case.objects.filter(pk=open_case.pk).update(status=CaseStatus.CLOSED)
    assert routing.apply_rules(tree["commune"], OSH, NORMAL)[1] == busy  # equal load: the older account


def test_without_a_holder_or_with_a_role_that_cannot_handle_cases_nobody_is_assigned(tree):
    person("tt_phat_ngon", (tree["school"], RoleKind.SPOKESPERSON))
    rule(tree["commune"], topic=OSH, target_unit=tree["school"], target_role=RoleKind.SPOKESPERSON)
    rule(tree["commune"], topic=WAGES, target_role=RoleKind.UNIT_OFFICER)
    assert routing.apply_rules(tree["commune"], OSH, NORMAL)[:2] == (tree["school"], None)
    assert routing.apply_rules(tree["commune"], WAGES, NORMAL)[:2] == (tree["commune"], None)


def test_a_case_sent_to_the_upper_level_never_returns_to_the_workplace_union(tree):
    rule(tree["park"], topic=OSH, target_unit=tree["song_tien"], position=1)
    below = rule(tree["park"], below=True, topic=OSH, target_unit=tree["song_tien"], position=2)
    officer = person("kcn_can_bo", (tree["park"], RoleKind.UNIT_OFFICER))
    staying = rule(tree["park"], topic=OSH, target_role=RoleKind.UNIT_OFFICER, position=3)
    routed = routing.route_case(topic=OSH, urgency=NORMAL, employer_unit=tree["song_tien"], chosen_unit_id=None,
                                channel_id=None, to_upper_level=True)  # fmt: skip
    assert routed == routing.Routed(tree["park"], officer, staying)
    # The same worker without the request: the park's `below` rule keeps it at Sông Tiền.
    routed = routing.route_case(topic=OSH, urgency=NORMAL, employer_unit=tree["song_tien"], chosen_unit_id=None,
                                channel_id=None, to_upper_level=False)  # fmt: skip
    assert (routed.unit, routed.rule) == (tree["song_tien"], below)


def test_a_rule_may_still_send_an_upper_level_case_to_a_sibling_or_above(tree):
    sibling = rule(tree["park"], topic=OSH, target_unit=tree["ham_luong"])
    routed = routing.route_case(topic=OSH, urgency=NORMAL, employer_unit=tree["song_tien"], chosen_unit_id=None,
                                channel_id=None, to_upper_level=True)  # fmt: skip
    assert (routed.unit, routed.rule) == (tree["ham_luong"], sibling)


# --- Intake, end to end


def worker_case(unit, external_id, text="Xưởng không phát khẩu trang", **fields) -> Case:
    inbound = intake.Inbound(intake=Intake.PORTAL, external_id=external_id, text=text, unit_id=unit.pk,
                             sent_at=timezone.now() - datetime.timedelta(hours=1), consent=True, **fields)  # fmt: skip
    return Case.objects.get(pk=intake.receive(inbound).case_id)


@pytest.fixture
def classified_osh(monkeypatch):
    """The model's answer for every message: occupational safety (the rules are under test)."""
    monkeypatch.setattr(intake, "classify", lambda text: intake.Classified(OSH, NORMAL, "test"))


def test_intake_sends_a_matching_case_to_the_rules_target_and_its_holder(tree, classified_osh):
    officer = person("tt_can_bo", (tree["school"], RoleKind.UNIT_OFFICER))
    rule(tree["commune"], topic=OSH, target_unit=tree["school"], target_role=RoleKind.UNIT_OFFICER)
    case = worker_case(tree["commune"], "form-osh")
    assert (case.topic, case.unit, case.assignee, case.status) == (OSH, tree["school"], officer, CaseStatus.ASSIGNED)
    assert list(CaseRoute.objects.filter(case=case).values_list("unit_id", flat=True)) == [tree["school"].pk]


def test_intake_without_a_matching_rule_keeps_the_base_routing(tree, classified_osh):
    rule(tree["commune"], topic=WAGES, target_unit=tree["school"])
    case = worker_case(tree["commune"], "form-other")
    assert (case.unit, case.assignee, case.status) == (tree["commune"], None, CaseStatus.NEW)


def test_intake_keeps_an_upper_level_case_away_from_the_workplace_union(tree, classified_osh):
    rule(tree["park"], topic=OSH, target_unit=tree["song_tien"])
    case = worker_case(tree["park"], "form-upper", employer="Công ty TNHH May Sông Tiền", to_upper_level=True)
    assert (case.employer_unit, case.unit) == (tree["song_tien"], tree["park"])
    assert list(CaseRoute.objects.filter(case=case).values_list("unit_id", flat=True)) == [tree["park"].pk]


# --- The screens

INDEX, ADD = reverse("routing_rule:index"), reverse("routing_rule:add")


def logged_in(user) -> Client:
    client = Client()
    assert client.login(username=user.username, password=PASSWORD)
    return client


def fields(unit, **extra) -> dict:
    return {"unit": unit.pk, "topic": OSH, "urgency": "", "target_unit": "", "target_role": "", "position": 0,
            "active": "on", **extra}  # fmt: skip


@pytest.fixture
def officer(tree):
    return person("phuong_can_bo", (tree["commune"], RoleKind.UNIT_OFFICER))


def test_a_commune_officer_adds_a_rule_for_the_commune(tree, officer):
    client = logged_in(officer)
    assert client.get(ADD).status_code == 200
    response = client.post(ADD, fields(tree["commune"], target_unit=tree["school"].pk, target_role="unit_officer"))
    assert response.status_code == 302
    saved = RoutingRule.objects.get()
    assert (saved.unit, saved.target_unit, saved.target_role, saved.topic) == (
        tree["commune"], tree["school"], "unit_officer", OSH)  # fmt: skip


def test_a_commune_officer_cannot_write_a_rule_for_the_province(tree, officer):
    response = logged_in(officer).post(ADD, fields(tree["province"], target_unit=tree["commune"].pk))
    assert response.status_code == 200 and "unit" in response.context["form"].errors
    assert not RoutingRule.objects.exists()


@pytest.mark.parametrize("target", ["province", "far_school", "other_commune"])
def test_a_commune_officer_cannot_send_cases_outside_their_scope(tree, officer, target):
    response = logged_in(officer).post(ADD, fields(tree["commune"], target_unit=tree[target].pk))
    assert response.status_code == 200 and "target_unit" in response.context["form"].errors
    assert not RoutingRule.objects.exists()


def test_a_target_beside_the_rules_unit_is_refused_even_for_the_province(tree):
    editor = person("tinh_bien_tap", (tree["province"], RoleKind.EDITOR))
    client = logged_in(editor)
    response = client.post(ADD, fields(tree["commune"], target_unit=tree["far_school"].pk))
    assert "target_unit" in response.context["form"].errors
    assert client.post(ADD, fields(tree["commune"], target_unit=tree["province"].pk)).status_code == 302  # just above
    assert client.post(ADD, fields(tree["commune"], target_unit=tree["clinic"].pk)).status_code == 302
    assert RoutingRule.objects.count() == 2


def test_a_rule_that_neither_sends_nor_assigns_is_refused(tree, officer):
    response = logged_in(officer).post(ADD, fields(tree["commune"]))
    assert response.context["form"].non_field_errors()
    assert not RoutingRule.objects.exists()


def test_the_role_offered_is_one_that_handles_cases(tree, officer):
    response = logged_in(officer).post(ADD, fields(tree["commune"], target_role="spokesperson"))
    assert "target_role" in response.context["form"].errors


def test_the_listing_shows_only_the_rules_of_units_the_user_manages(tree, officer):
    mine = rule(tree["school"], topic=OSH, target_role=RoleKind.UNIT_OFFICER)
    province_rule = rule(tree["province"], below=True, topic=WAGES, target_unit=tree["park"])
    sibling_rule = rule(tree["other_commune"], topic=OSH, target_unit=tree["far_school"])
    client = logged_in(officer)
    response = client.get(INDEX)
    assert response.status_code == 200
    listed = {row.pk for row in response.context["object_list"]}
    assert listed == {mine.pk}
    assert tree["far_school"].name not in response.content.decode()
    for other in (province_rule, sibling_rule):
        edit = client.get(reverse("routing_rule:edit", args=[other.pk]))
        assert edit.status_code in (302, 403, 404)
        client.post(reverse("routing_rule:delete", args=[other.pk]))
    assert RoutingRule.objects.count() == 3


def test_the_officer_edits_and_deletes_their_own_rule(tree, officer):
    mine = rule(tree["commune"], topic=OSH, target_unit=tree["school"])
    client = logged_in(officer)
    edit = reverse("routing_rule:edit", args=[mine.pk])
    page = client.get(edit).content.decode()
    assert rule_label(mine) in page and str(mine) not in page  # the rule reads by its union, not its ids
    response = client.post(edit, fields(tree["commune"], target_unit=tree["clinic"].pk, position=3), follow=True)
    (message,) = response.context["messages"]
    assert str(message).startswith(saved_message(mine))  # then its "Edit" button
    mine.refresh_from_db()
    assert (mine.target_unit, mine.position) == (tree["clinic"], 3)
    assert client.post(reverse("routing_rule:delete", args=[mine.pk])).status_code == 302
    assert not RoutingRule.objects.exists()


def test_staff_without_the_right_to_handle_cases_have_no_rule_screens(tree):
    approver = person("tinh_duyet", (tree["province"], RoleKind.APPROVER))
    client = logged_in(approver)
    assert client.get(INDEX).status_code in (302, 403)
    assert client.post(ADD, fields(tree["commune"], target_unit=tree["school"].pk)).status_code in (302, 403)
    assert not RoutingRule.objects.exists()


def test_an_anonymous_visitor_is_sent_to_log_in(tree):
    response = Client().get(INDEX)
    assert response.status_code == 302 and reverse("wagtailadmin_login") in response["Location"]

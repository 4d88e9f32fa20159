"""GET /api/plans and /api/plans/{id}: scoped lists, figures as of a day, clear errors."""

import datetime
import re
from html import unescape as html_unescape

import pytest
from django.urls import reverse
from django.utils import timezone

from lantoa.org.tests.factories import D
from lantoa.plans import actions, progress

from .conftest import EARLY, LATER, bearer

pytestmark = pytest.mark.django_db


@pytest.fixture
def sibling_plan(province, plan):
    """Bình Đại's own version of plan 196: a sibling of Ba Tri, out of its officer's reach."""
    _root, (_ba_tri, binh_dai, *_others) = province
    adopted = actions.do_adopt_plan(plan, unit=binh_dai, actor=None, issued_on=D(2020, 12, 20), symbol="KH-LĐLĐ",
                                    place="Bình Đại")  # fmt: skip
    return actions.do_issue_plan(adopted, actor=None)


@pytest.fixture
def as_editor(client, province_editor):
    client.force_login(province_editor)
    return client


@pytest.fixture
def as_district(client, district_officer):
    """Ba Tri's officer, calling with a token."""
    headers = bearer(district_officer)
    return lambda url: client.get(url, **headers)


def detail(client, plan, query=""):
    response = client.get(f"/api/plans/{plan.pk}{query}")
    assert response.status_code == 200, response.content
    return response.json()


def test_the_province_lists_its_plan_and_the_district_version(as_editor, plan, district_plan):
    body = as_editor.get("/api/plans").json()
    assert body["count"] == 2
    listed = {item["id"]: item for item in body["items"]}
    assert listed[plan.pk] == {
        "id": plan.pk,
        "reference": "196/KH-LĐLĐ",
        "doc_type": "KH",
        "title": "Truyền thông Công đoàn năm 2021",
        "issuing_unit": {"id": plan.issuing_unit_id, "name": "Liên đoàn Lao động tỉnh Bến Tre"},
        "issued_on": "2020-12-01",
        "period": {"start": "2020-12-01", "end": "2021-12-31"},
        "status": "issued",
        "adopted_from": None,
    }
    assert listed[district_plan.pk]["adopted_from"] == plan.pk


def test_a_district_officer_sees_the_district_plan_and_the_plan_received_from_above(
    as_district, plan, district_plan, sibling_plan
):
    body = as_district("/api/plans").json()
    assert [item["id"] for item in body["items"]] == [district_plan.pk, plan.pk]
    assert body["count"] == 2
    assert as_district(f"/api/plans/{district_plan.pk}").status_code == 200
    assert as_district(f"/api/plans/{plan.pk}").status_code == 200


def test_a_plan_out_of_scope_answers_like_a_missing_one(as_district, sibling_plan):
    hidden = as_district(f"/api/plans/{sibling_plan.pk}")
    missing = as_district(f"/api/plans/{sibling_plan.pk + 1000}")
    assert hidden.status_code == missing.status_code == 404
    assert hidden.json() == missing.json()


def test_the_list_is_paginated(as_editor, plan, district_plan):
    first = as_editor.get("/api/plans?limit=1").json()
    second = as_editor.get("/api/plans?limit=1&offset=1").json()
    assert first["count"] == second["count"] == 2
    assert len(first["items"]) == len(second["items"]) == 1
    assert first["items"][0]["id"] != second["items"][0]["id"]
    beyond = as_editor.get("/api/plans?offset=500").json()
    assert beyond == {"items": [], "count": 2}


def test_the_list_takes_a_fixed_number_of_queries(as_editor, plan, province, django_assert_max_num_queries):
    for district in province[1]:
        actions.do_adopt_plan(plan, unit=district, actor=None, issued_on=D(2021, 1, 4), symbol="KH", place="Bến Tre")
    # Session, user, permissions, scope (4), the units above the roles, count, page: none per plan.
    with django_assert_max_num_queries(11):
        body = as_editor.get("/api/plans").json()
    assert body["count"] == len(body["items"]) == 5


def test_the_detail_carries_the_plan_document(as_editor, plan):
    body = detail(as_editor, plan)
    assert body["reference"] == "196/KH-LĐLĐ"
    assert body["sections"] == [{"kind": "objectives", "heading": "Mục tiêu chung", "body": "- Nâng cao nhận thức"}]
    assert body["key_message"] == "Công đoàn đồng hành cùng người lao động"
    assert [theme["title"] for theme in body["themes"]] == ["An toàn vệ sinh lao động"]
    duties = {"unit": None, "heading": "Ban Tuyên giáo", "duties": "Theo dõi, tổng hợp kết quả."}
    assert body["responsibilities"] == [duties]


def assert_targets_match(body, figures):
    assert body["as_of"] == figures.day.isoformat()
    assert len(body["targets"]) == len(figures.targets)
    for shown, expected in zip(body["targets"], figures.targets, strict=True):
        assert shown["id"] == expected.target.pk
        assert (shown["value"], shown["numerator"], shown["denominator"]) == (
            expected.value,
            expected.numerator,
            expected.denominator,
        )
        assert shown["status"] == expected.status
        assert shown["target_value"] == expected.target_value
        assert shown["indicator"]["code"] == expected.kind.code
        assert shown["measure"] == expected.kind.measure


def test_the_default_figures_are_plan_progress_from_the_rollups(as_editor, plan):
    body = detail(as_editor, plan)
    figures = progress.plan_progress(plan)
    assert_targets_match(body, figures)
    assert body["live"] is False
    assert body["targets"][0]["computed_at"] is not None
    assert body["targets"][0]["check_dates"] == [EARLY.isoformat(), LATER.isoformat()]


def test_as_of_replays_a_past_day(as_editor, plan):
    early, later = detail(as_editor, plan, f"?as_of={EARLY}"), detail(as_editor, plan, f"?as_of={LATER}")
    assert_targets_match(early, progress.plan_progress(plan, EARLY))
    assert_targets_match(later, progress.plan_progress(plan, LATER))
    assert (early["targets"][0]["numerator"], later["targets"][0]["numerator"]) == (1, 2)
    assert early["targets"][0]["value"] != later["targets"][0]["value"]
    assert early["live"] is True and early["targets"][0]["computed_at"] is None


def test_as_of_accepts_the_vietnamese_date_form(as_editor, plan):
    assert detail(as_editor, plan, "?as_of=01/03/2021") == detail(as_editor, plan, "?as_of=2021-03-01")


def test_campaigns_show_their_state_budget_and_cost_per_reach(as_editor, plan):
    during = detail(as_editor, plan, "?as_of=2021-05-15")["campaigns"]
    after = detail(as_editor, plan)["campaigns"]
    assert [c["state"] for c in during] == ["running"]
    assert after == [
        {
            "id": after[0]["id"],
            "title": "Tháng Công nhân 2021",
            "unit": {"id": plan.issuing_unit_id, "name": "Liên đoàn Lao động tỉnh Bến Tre"},
            "state": "closed",
            "period": {"start": "2021-05-01", "end": "2021-05-31"},
            "budget": {"estimate": 12_000_000, "actual": 10_500_000},
            "people_reached": 3_500,
            "cost_per_reach": 3_000,
        }
    ]


def assert_clear_error(response, status):
    assert response.status_code == status
    detail_text = response.json()["detail"]
    assert isinstance(detail_text, str) and detail_text


@pytest.mark.parametrize(
    ("url", "status"),
    [
        ("/api/plans/abc", 422),
        ("/api/plans/0", 422),
        ("/api/plans/-5", 422),
        ("/api/plans/99999999999999999999999999", 422),
        ("/api/plans?limit=-1", 422),
        ("/api/plans?limit=0", 422),
        ("/api/plans?limit=5000", 422),
        ("/api/plans?limit=mười", 422),
        ("/api/plans?offset=-3", 422),
        ("/api/plans?offset=99999999999999999999999", 422),
    ],
)
def test_a_bad_id_or_page_gets_a_clear_error_not_a_crash(as_editor, url, status):
    assert_clear_error(as_editor.get(url), status)


@pytest.mark.parametrize("as_of", ["2021-02-30", "31/12", "hôm nay", "2021-13-01"])
def test_a_bad_date_gets_a_clear_error_not_a_crash(as_editor, plan, as_of):
    response = as_editor.get(f"/api/plans/{plan.pk}", {"as_of": as_of})
    assert_clear_error(response, 422)
    assert as_of in response.json()["detail"]


def test_the_openapi_schema_describes_the_endpoints(client):
    schema = client.get("/api/openapi.json").json()
    assert (schema["info"]["title"], schema["info"]["version"]) == ("API của Lan Tỏa", "1")
    assert {"/api/plans", "/api/plans/{plan_id}"} <= set(schema["paths"])
    assert {"TokenAuth", "StaffSessionAuth"} <= set(schema["components"]["securitySchemes"])


def screen_message(client, plan, day: str) -> str:
    html = client.get(reverse("plans_dashboard", args=[plan.pk]), {"ngay": day}).content.decode()
    return html_unescape(re.search(r'lantoa-day-error" role="alert">([^<]*)<', html).group(1))


@pytest.mark.parametrize("day", ["31/02/2021", "hôm nay", "2021-13-01", "FUTURE"])
def test_the_api_refuses_the_days_the_screens_refuse_with_the_same_message(as_editor, plan, day):
    if day == "FUTURE":
        day = (timezone.localdate() + datetime.timedelta(days=1)).strftime("%d/%m/%Y")
    response = as_editor.get(f"/api/plans/{plan.pk}", {"as_of": day})
    assert response.status_code == 422
    assert screen_message(as_editor, plan, day).startswith(response.json()["detail"])


def test_a_future_day_is_refused_in_vietnamese(as_editor, plan):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    response = as_editor.get(f"/api/plans/{plan.pk}", {"as_of": tomorrow.isoformat()})
    assert response.status_code == 422
    assert response.json()["detail"] == f"Ngày {tomorrow:%d/%m/%Y} chưa đến: số liệu chỉ có đến hôm nay."


def test_today_is_a_day_the_api_accepts(as_editor, plan):
    assert detail(as_editor, plan, f"?as_of={timezone.localdate().isoformat()}")["as_of"] == str(timezone.localdate())


def test_an_empty_as_of_is_not_a_day(as_editor, plan):
    # The schema says `format: date`: an empty value is refused, not read as the default day.
    assert_clear_error(as_editor.get(f"/api/plans/{plan.pk}?as_of="), 422)


@pytest.mark.parametrize("as_of", ["2021-02-30T00:00", "0000-01-01", "' OR 1=1 --", "9" * 200, "2021-1-1-1"])
def test_odd_as_of_values_get_a_clear_vietnamese_error(as_editor, plan, as_of):
    response = as_editor.get(f"/api/plans/{plan.pk}", {"as_of": as_of})
    assert_clear_error(response, 422)
    assert "không phải là ngày hợp lệ" in response.json()["detail"]

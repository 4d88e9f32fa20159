"""The API answers as its OpenAPI schema says, whatever it is sent.

Schemathesis reads /api/openapi.json from the app in-process (WSGI) and generates requests
from it: schema-valid ones (every answer documented, its body and headers as described,
valid data accepted) and schema-invalid ones (refused with a documented 4xx). Every check
the installed schemathesis offers is on. Derandomised and bounded, so CI stays fast.
"""

from __future__ import annotations

import datetime

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import CHECKS, load_all_checks

from .conftest import bearer

pytestmark = pytest.mark.django_db

EXAMPLES = 40
FUZZ = settings(
    derandomize=True,
    max_examples=EXAMPLES,
    deadline=None,
    database=None,
    suppress_health_check=list(HealthCheck),
)


def all_checks():
    load_all_checks()
    return CHECKS.get_all()


@pytest.fixture(autouse=True)
def keep_the_test_connection():
    """schemathesis calls the WSGI application itself: Django's request signals would close
    the test's database connection (inside its transaction, PostgreSQL's is "obsolete").
    Django's test client disconnects them the same way."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def api_schema():
    return schemathesis.openapi.from_wsgi("/api/openapi.json", get_wsgi_application())


@pytest.fixture
def token(district_officer, plan, district_plan):
    """Ba Tri's officer, who reads the district's plan and not the province's."""
    return bearer(district_officer)["HTTP_AUTHORIZATION"]


def requests_for(api_schema, mode, plan_id):
    """Every operation with generated parameters, and the plan's own page with generated
    query parameters (a random id is mostly a 404 that never reads them)."""
    own_plan = api_schema["/api/plans/{plan_id}"]["GET"]
    return st.one_of(
        api_schema.as_strategy(generation_mode=mode),
        own_plan.as_strategy(generation_mode=mode, path_parameters={"plan_id": plan_id}),
    )


def a_future_day(value) -> bool:
    try:
        return datetime.date.fromisoformat(str(value)) > timezone.localdate()
    except ValueError:
        return False


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE], ids=lambda mode: mode.value)
def test_every_answer_matches_the_schema(api_schema, token, district_plan, mode):
    checks = all_checks()

    @FUZZ
    @given(case=requests_for(api_schema, mode, district_plan.pk))
    def fuzz(case):
        if mode == GenerationMode.POSITIVE and a_future_day((case.query or {}).get("as_of")):
            return  # a schema cannot say "up to today": the API refuses it (422), as the screens do
        case.call_and_validate(headers={"Authorization": token}, checks=checks)

    fuzz()


def test_the_schema_documents_every_answer_and_the_day_format(client):
    schema = client.get("/api/openapi.json").json()
    plans, plan = schema["paths"]["/api/plans"]["get"], schema["paths"]["/api/plans/{plan_id}"]["get"]
    assert {"200", "401", "422"} <= set(plans["responses"])
    assert {"200", "401", "404", "422"} <= set(plan["responses"])
    as_of = next(p for p in plan["parameters"] if p["name"] == "as_of")
    assert as_of["schema"]["format"] == "date" and not as_of["required"]


def test_a_bad_day_is_refused_with_422_in_vietnamese(client, district_officer, district_plan):
    response = client.get(f"/api/plans/{district_plan.pk}", {"as_of": "31/02/2021"}, **bearer(district_officer))
    assert response.status_code == 422
    detail = "“31/02/2021” không phải là ngày hợp lệ: hãy ghi theo dạng YYYY-MM-DD hoặc dd/mm/yyyy."
    assert response.json() == {"detail": detail}

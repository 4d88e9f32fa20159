"""No bad input makes an admin screen answer 500.

Every project screen that reads query parameters gets its searches, filters, orderings,
pages and its own parameters (`ngay`, `don_vi`, `thang`, `theme`) filled with values that
break naive parsers; every project form is posted with some fields replaced by such values.
Each example picks a persona (the superuser or the district's unit officer); writes are
rolled back after each example. Derandomised and bounded, so CI stays fast and repeatable.
"""

from __future__ import annotations

import pytest
from django.db import transaction
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from lantoa.core.tests.formdata import form_data, query_names
from lantoa.core.tests.fuzz_world import bad_values, field_values, world  # noqa: F401

# The screens answer alike on every database: fuzzed on the SQLite pass only.
pytestmark = [pytest.mark.django_db, pytest.mark.sqlite_only]

EXAMPLES = 15
FUZZ = settings(
    derandomize=True,
    max_examples=EXAMPLES,
    deadline=None,
    database=None,
    phases=[Phase.explicit, Phase.generate],  # no shrinking: a failure shows its first example, fast
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
PERSONAS = ("superuser", "officer")
COMMON_QUERY = ("q", "ordering", "p", "export")

# --- Screens that read query parameters: url(world) and their own parameters

QUERY_SCREENS = {
    "unit:index": (lambda w: reverse("unit:index"), ()),
    "role:index": (lambda w: reverse("role:index"), ()),
    "reorganisation:index": (lambda w: reverse("reorganisation:index"), ()),
    "unit_chooser:choose_results": (lambda w: reverse("unit_chooser:choose_results"), ()),
    "channel:index": (lambda w: reverse("channel:index"), ()),
    "plan:index": (lambda w: reverse("plan:index"), ()),
    "target:index": (lambda w: reverse("target:index"), ()),
    "viec:index": (lambda w: reverse("viec:index"), ()),
    "cascade_dispatches": (lambda w: reverse("cascade_dispatches"), ()),
    "cascade_dispatch": (lambda w: reverse("cascade_dispatch", args=[w.plan_duty.dispatch_id]), ()),
    "campaigns": (lambda w: reverse("wagtailsnippets_plans_campaign:list"), ()),
    "campaign chooser": (lambda w: reverse("wagtailsnippetchoosers_plans_campaign:choose_results"), ()),
    "campaign proposal": (lambda w: reverse("wagtailsnippets_plans_campaign:add"), ("theme",)),
    "plans_dashboard": (lambda w: reverse("plans_dashboard", args=[w.plan.pk]), ("ngay",)),
    "plans_target": (lambda w: reverse("plans_target", args=[w.plan.pk, w.target.pk]), ("ngay", "don_vi")),
    "plans_export_report_xlsx": (lambda w: reverse("plans_export_report_xlsx", args=[w.plan.pk]), ("ngay",)),
    "plans_calendar": (lambda w: reverse("plans_calendar"), ("thang",)),
    "org_tree": (lambda w: reverse("org_tree"), ("ngay", "don_vi", "q")),
    "site_history": (lambda w: reverse("wagtailadmin_reports:site_history"), ("timestamp_from", "timestamp_to")),
    "site_history_results": (
        lambda w: reverse("wagtailadmin_reports:site_history_results"),
        ("timestamp_from", "timestamp_to", "user", "action", "object_type", "label"),
    ),
}

# --- The project's forms: url(world)

FORMS = {
    "plan:add": lambda w: reverse("plan:add"),
    "plan:edit": lambda w: reverse("plan:edit", args=[w.plan.pk]),
    "target:add": lambda w: reverse("target:add"),
    "target:edit": lambda w: reverse("target:edit", args=[w.target.pk]),
    "campaign:add": lambda w: reverse("wagtailsnippets_plans_campaign:add"),
    "campaign:edit": lambda w: reverse("wagtailsnippets_plans_campaign:edit", args=[w.campaign.pk]),
    "channel:add": lambda w: reverse("channel:add"),
    "channel:edit": lambda w: reverse("channel:edit", args=[w.channel.pk]),
    "unit:add": lambda w: reverse("unit:add"),
    "unit:edit": lambda w: reverse("unit:edit", args=[w.grassroots.pk]),
    "role:add": lambda w: reverse("role:add"),
    "plans_manual_value": lambda w: reverse("plans_manual_value", args=[w.target.pk]),
    "viec:task": lambda w: reverse("viec:task", args=[w.plan_duty.pk]),
    "plans_close_campaign": lambda w: reverse("plans_close_campaign", args=[w.campaign.pk]),
    "org_reorganise": lambda w: reverse("org_reorganise", args=[w.grassroots.pk]),
}


@pytest.fixture
def clients(world):  # noqa: F811
    """One logged-in client per persona; a 500 raises in the test with its traceback."""
    logged_in = {}
    for persona in PERSONAS:
        logged_in[persona] = Client(raise_request_exception=True)
        logged_in[persona].force_login(getattr(world, persona))
    return logged_in


def rolled_back(request):
    """Make one request and undo whatever it wrote."""
    with transaction.atomic():
        response = request()
        transaction.set_rollback(True)
    return response


def assert_answered(response) -> None:
    assert response.status_code < 500, response.status_code
    if getattr(response, "streaming", False):
        b"".join(response.streaming_content)


@pytest.mark.parametrize("screen", QUERY_SCREENS)
def test_no_query_parameter_makes_a_screen_fail(world, clients, screen):  # noqa: F811
    url_of, own = QUERY_SCREENS[screen]
    url = url_of(world)
    page = clients["superuser"].get(url)
    assert page.status_code == 200
    html = page.content.decode() if page["Content-Type"].startswith("text/html") else ""
    names = sorted(set(COMMON_QUERY) | set(own) | query_names(html))
    params = st.fixed_dictionaries({}, optional=dict.fromkeys(names, bad_values()))

    @FUZZ
    @given(persona=st.sampled_from(PERSONAS), query=params)
    def fuzz(persona, query):
        assert_answered(rolled_back(lambda: clients[persona].get(url, query)))

    fuzz()


@pytest.mark.parametrize("form", FORMS)
def test_no_field_value_makes_a_form_fail(world, clients, form):  # noqa: F811
    url = FORMS[form](world)
    pages = {persona: clients[persona].get(url) for persona in PERSONAS}
    # A persona the form is refused to (an officer adding a unit) has nothing to type into.
    typed = {persona: form_data(page.content.decode()) for persona, page in pages.items() if page.status_code == 200}
    names = sorted(set().union(*typed.values()))

    @FUZZ
    @given(persona=st.sampled_from(sorted(typed)), data=st.data())
    def fuzz(persona, data):
        valid = typed[persona]
        fields = {name: field_values(valid.get(name, [""])) for name in names}
        posted = {**valid, **data.draw(st.fixed_dictionaries({}, optional=fields), label="fields")}
        assert_answered(rolled_back(lambda: clients[persona].post(url, posted)))

    fuzz()

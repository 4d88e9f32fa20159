"""In the browser: the create form's autosave is on the wire when the editor clicks
"Gửi duyệt"; one campaign comes of it, submitted, with what was typed last."""

import contextlib
import re

import pytest
from playwright.sync_api import expect

from lantoa.browser_fixtures import log_in
from lantoa.plans.models import Campaign

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_submitting_while_the_first_autosave_is_unanswered_makes_one_campaign(
    live_server, wagtail_roots, plan, people, page
):
    editor, _leader, _ = people
    log_in(page, live_server.url, editor.username, password="mat-khau-123")  # noqa: S106 - the factories' password
    held = []

    def hold_autosave_answer(route):
        # Let the autosave reach the server, but keep its answer from the page: the form
        # still posts to the create URL, as when the click beats the answer.
        if route.request.method == "POST" and "application/json" in (route.request.headers.get("accept") or ""):
            held.append((route, route.fetch()))
        else:
            route.continue_()

    page.route(re.compile(r"/admin/snippets/plans/campaign/add/"), hold_autosave_answer)
    page.goto(f"{live_server.url}/admin/snippets/plans/campaign/add/?theme={plan.themes.first().pk}")
    page.wait_for_timeout(2_500)  # Wagtail starts watching the form for changes after 2 s
    page.fill("input[name=start_date]", "01/05/2021")
    page.fill("input[name=end_date]", "31/05/2021")
    page.fill("textarea[name=objectives]", "Nâng cao nhận thức về an toàn lao động")
    for _ in range(50):
        if held:
            break
        page.wait_for_timeout(200)
    assert held, "the autosave never fired"
    assert Campaign.objects.count() == 1  # the autosave's draft

    page.locator("footer button[name=action-submit]").dispatch_event("click")
    expect(page).to_have_url(re.compile(r"/admin/snippets/plans/campaign/$"))
    for route, response in held:
        with contextlib.suppress(Exception):  # the page has moved on
            route.fulfill(response=response)

    campaign = Campaign.objects.get()
    assert campaign.workflow_in_progress
    assert campaign.get_latest_revision_as_object().objectives == "Nâng cao nhận thức về an toàn lao động"

"""Browser test: the provincial editor proposes a campaign and chooses two channels of a
unit below the province by typing part of its name, without diacritics, into the channels' filter box;
the campaign is saved with those two channels (issue #10, forms that fit)."""

import re

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Count
from playwright.sync_api import expect

from lantoa.browser_fixtures import ensure_wagtail_roots, log_in
from lantoa.channels.models import Channel
from lantoa.demo.province import key_units, load_demo_province
from lantoa.org import scope
from lantoa.org.models import Unit
from lantoa.plans.models import Campaign, Plan
from lantoa.vi.text import fold

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

SCREENSHOTS = settings.BASE_DIR / "var" / "screenshots"
TITLE = "Tuyên truyền an toàn lao động ở cơ sở"


@pytest.fixture
def demo(live_server):
    ensure_wagtail_roots()
    load_demo_province()
    return live_server.url


def test_the_editor_chooses_two_channels_through_the_filter_and_saves(demo, page):
    units = key_units()
    # A unit right below the province with two channels or more (the form offers the
    # province's channels and those of the units directly below it).
    editor = get_user_model().objects.get(username="tinh.tuyengiao")
    usable = scope.units_with_perm(editor, "plans.change_campaign").filter(parent=units["vinh_long"])
    crowded = Channel.objects.filter(unit__in=usable).values("unit").annotate(n=Count("pk")).filter(n__gte=2)
    unit = Unit.objects.filter(pk__in=crowded.values("unit")).order_by("path").first()
    plan = Plan.objects.get(issuing_unit=units["vinh_long"], adopted_from__isnull=False)
    chosen = list(Channel.objects.filter(unit=unit).order_by("kind", "sort_name")[:2])
    assert len(chosen) == 2
    elsewhere = Channel.objects.filter(unit=units["vinh_long"]).first()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    log_in(page, demo, "tinh.tuyengiao")
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{demo}/admin/snippets/plans/campaign/add/?theme={plan.themes.first().pk}")
    page.fill("input[name=title]", TITLE)
    page.fill("input[name=start_date]", "01/05/2026")
    page.fill("input[name=end_date]", "31/05/2026")

    search = page.locator("[data-checklist-filter]")
    expect(search).to_be_visible()
    search.fill(fold(unit.name).upper())  # no diacritics, another case: still found
    for channel in chosen:
        box = page.locator(f"input[name=channels][value='{channel.pk}']")
        expect(box).to_be_visible()
        box.check()
    if elsewhere is not None:
        expect(page.locator(f"input[name=channels][value='{elsewhere.pk}']")).to_be_hidden()
    expect(page.locator("[data-checklist-count]")).to_have_text("2")
    page.locator("[data-channel-checklist]").scroll_into_view_if_needed()
    page.screenshot(path=str(SCREENSHOTS / "forms_fit_channels_1280.png"), full_page=False)
    page.set_viewport_size({"width": 390, "height": 844})
    page.locator("[data-channel-checklist]").scroll_into_view_if_needed()
    page.screenshot(path=str(SCREENSHOTS / "forms_fit_channels_390.png"), full_page=False)
    page.set_viewport_size({"width": 1280, "height": 900})

    # Enter in the filter box does not submit the form; the save button does.
    search.press("Enter")
    expect(page).to_have_url(re.compile(r"/campaign/add/"))
    page.locator("footer button.action-save").first.dispatch_event("click")
    expect(page).to_have_url(re.compile(r"/admin/snippets/plans/campaign/edit/\d+/"))
    campaign = Campaign.objects.get(title=TITLE)
    assert set(campaign.channels.all()) == set(chosen)
    # The edit form shows the two channels ticked.
    for channel in chosen:
        expect(page.locator(f"input[name=channels][value='{channel.pk}']")).to_be_checked()

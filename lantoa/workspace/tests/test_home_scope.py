"""The home page shows each person the work of their own units only: a sibling commune's
tasks (a plan's duties handed down), campaigns, channels and events never show, and each
panel appears only for the roles it concerns."""

import pytest
from django.urls import reverse

from lantoa.org.tests.personas import commune_world  # noqa: F401
from lantoa.workspace import home, home_queries

from .home_world import TODAY, add_people, fresh_user, grow

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(commune_world):  # noqa: F811
    world = add_people(commune_world)
    grow(world, 3)
    return world


def panel_names(world, key):
    return {panel.name for panel in home.panels_for(fresh_user(world, key))}


def test_an_officer_sees_his_own_units_tasks_never_the_siblings(world):
    listing = home_queries.my_work(fresh_user(world, "officer"), TODAY)
    assert listing.total == 3
    assert {row.task.unit_id for row in listing.rows} == {world["grassroots"].pk}
    # Each row opens the task on the officer's work pages, where it is marked done.
    assert all(row.report_url == reverse("viec:task", args=[row.task.pk]) for row in listing.rows)
    assert listing.extra["overdue"] == 1  # "Nhiệm vụ 0" was due yesterday


def test_the_sibling_officer_sees_only_the_siblings_tasks(world):
    listing = home_queries.my_work(fresh_user(world, "sibling_officer"), TODAY)
    assert listing.total == 3
    assert {row.task.unit_id for row in listing.rows} == {world["sibling"].pk}


def test_finance_sees_the_tasks_without_a_report_button(world):
    listing = home_queries.my_work(fresh_user(world, "finance"), TODAY)
    assert listing.rows == [] or not any(row.report_url for row in listing.rows)


def test_an_approver_sees_only_the_campaigns_waiting_in_his_own_commune(world):
    listing = home_queries.waiting_for_me(fresh_user(world, "approver"), TODAY)
    assert listing.total == 3
    assert {row.obj.unit_id for row in listing.rows} == {world["commune"].pk}
    assert [row.waiting_since for row in listing.rows] == sorted(row.waiting_since for row in listing.rows)
    other = home_queries.waiting_for_me(fresh_user(world, "sibling_approver"), TODAY)
    assert {row.obj.unit_id for row in other.rows} == {world["sibling"].parent_id}


def test_the_commune_verifies_and_follows_only_its_own_lower_units(world):
    admin = fresh_user(world, "admin")
    channels = home_queries.channels_to_verify(admin, TODAY)
    assert channels.total == 3
    assert {channel.unit.parent_id for channel in channels.rows} == {world["commune"].pk}
    late = home_queries.late_lower_units(admin, TODAY)
    # Three late grassroots unions and the officer's own, all below the commune.
    assert late.total == 4
    assert late.extra["tasks"] == 3 + 1  # "Báo cáo 0..2", one late union each, and "Nhiệm vụ 0"
    below = set(world["commune"].__class__.objects.filter(parent=world["commune"]).values_list("pk", flat=True))
    assert {row.unit_id for row in late.rows} <= below


def test_finance_records_spending_only_on_its_own_communes_campaigns(world):
    listing = home_queries.spending_to_record(fresh_user(world, "finance"), TODAY)
    assert listing.total == 3
    assert {row.campaign.unit_id for row in listing.rows} == {world["commune"].pk}


def test_the_calendar_shows_events_of_my_units_and_above_never_the_siblings(world):
    listing = home_queries.upcoming_events(fresh_user(world, "officer"), TODAY)
    titles = {row.occurrence.name for row in listing.rows}
    assert not any(title.startswith(f"Hội nghị {world['sibling'].parent_id}-") for title in titles)
    assert any(title.startswith(f"Hội nghị {world['commune'].pk}-") for title in titles)


def test_each_role_gets_the_panels_that_concern_it(world):
    everyone = {"lantoa_home_work", "lantoa_home_targets", "lantoa_home_calendar"}
    assert panel_names(world, "officer") == everyone
    assert panel_names(world, "approver") == everyone | {"lantoa_home_decisions", "lantoa_home_late_units"}
    assert panel_names(world, "finance") == everyone | {"lantoa_home_spending", "lantoa_home_late_units"}
    assert panel_names(world, "admin") == everyone | {"lantoa_home_verification", "lantoa_home_late_units"}


def test_every_panel_says_plainly_when_there_is_nothing_to_do(commune_world):  # noqa: F811
    world = add_people(commune_world)
    for panel in home.panels_for(fresh_user(world, "admin")):
        if isinstance(panel, home.CalendarPanel):
            continue  # the union's recurring events always bring something within two months
        html = panel.render_html({})
        assert "lantoa-home-empty" in html, panel.name


def test_the_home_page_is_titled_my_work_and_drops_wagtails_panels(world, client):
    client.force_login(world["officer"])
    html = client.get("/admin/").content.decode()
    assert "Việc của tôi" in html
    assert 'data-panel="lantoa_home_work"' in html
    assert "Nhiệm vụ 0" in html
    assert '<p class="lantoa-home-all"><a href="/viec/">' in html  # "See all": the officer's work pages
    assert "lantoa-summary" not in html and "Your most recent edits" not in html

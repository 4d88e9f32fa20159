"""Federation admins read the access record of their subtree; unit officers cannot."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from lantoa.privacy.actions import record_access
from lantoa.privacy.models import AccessAction, AccessRecord

pytestmark = pytest.mark.django_db
URL = reverse("access_record:index")


def record(actor, *, units=(), subject=None, action=AccessAction.READ, days_ago=0):
    made = record_access(actor, action=action, subject=subject, units=units, description="trang tài khoản")
    AccessRecord.objects.filter(pk=made.pk).update(at=timezone.now() - datetime.timedelta(days=days_ago))
    return made


def listed(client, query=""):
    response = client.get(URL + query)
    assert response.status_code == 200
    return {r.pk for r in response.context["object_list"]}


def test_a_federation_admin_sees_records_naming_their_subtree_or_made_there_and_no_others(world, as_user):
    about_ours = record(world["superuser"], subject=world["officer"], units=[world["grassroots"]])
    made_by_our_officer = record(world["officer"])
    about_sibling = record(world["superuser"], subject=world["sibling_officer"], units=[world["sibling"]])
    made_by_sibling = record(world["sibling_officer"])
    seen = listed(as_user(world["admin"]))
    assert {about_ours.pk, made_by_our_officer.pk} <= seen
    assert not {about_sibling.pk, made_by_sibling.pk} & seen


def test_the_superuser_sees_every_record(world, as_user):
    made = [record(world["officer"]), record(world["sibling_officer"]), record(world["superuser"])]
    assert {r.pk for r in made} <= listed(as_user(world["superuser"]))


def test_a_unit_officer_is_refused_the_access_record(world, as_user):
    response = as_user(world["officer"]).get(URL)
    assert response.status_code in (302, 403)
    assert "songtien" not in response.content.decode()


def test_records_are_never_edited_or_deleted_through_the_admin(world):
    from django.urls import NoReverseMatch

    for name in ("add", "edit", "delete", "copy", "inspect", "history"):
        with pytest.raises(NoReverseMatch):
            reverse(f"access_record:{name}", args=[] if name == "add" else [1])


def test_the_listing_filters_by_action_user_and_date(world, as_user):
    old_read = record(world["officer"], days_ago=40)
    recent_export = record(world["officer"], action=AccessAction.EXPORT)
    admins_read = record(world["admin"])
    client = as_user(world["admin"])
    assert listed(client, "?action=export") == {recent_export.pk}
    assert listed(client, f"?actor={world['admin'].pk}") >= {admins_read.pk}
    assert old_read.pk not in listed(client, f"?actor={world['admin'].pk}")
    since = (timezone.localdate() - datetime.timedelta(days=7)).strftime("%d/%m/%Y")
    recent = listed(client, f"?at_from={since}")
    assert old_read.pk not in recent and recent_export.pk in recent


def test_the_user_filter_offers_only_accounts_in_scope(world, as_user):
    response = as_user(world["admin"]).get(URL)
    choices = {str(label) for _value, label in response.context["filters"].form.fields["actor"].choices}
    assert not any("hamluong" in label for label in choices)


def test_the_listing_costs_the_same_queries_for_5_and_25_records(world, as_user, django_assert_max_num_queries):
    client = as_user(world["admin"])
    for _ in range(5):
        record(world["officer"], units=[world["grassroots"]])
    client.get(URL)  # warm the caches
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get(URL)
    for _ in range(20):
        record(world["officer"], units=[world["grassroots"], world["commune"]])
    with django_assert_max_num_queries(len(few)):
        client.get(URL)


@pytest.mark.parametrize(
    "query",
    ["?at_from=01/01/0001", "?at_to=31/12/9999", "?at_from=99/99/2026", "?actor=99999999999999999999", "?action=x"],
)
def test_odd_filter_values_answer_a_page_not_an_error(world, as_user, query):
    record(world["officer"])
    assert as_user(world["admin"]).get(URL + query).status_code == 200

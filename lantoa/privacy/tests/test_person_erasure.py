"""Erasing a person deactivates the account, blanks their personal fields, removes their
roles and replaces their name with a stable pseudonym in the audit log, the site history and
the access record; counts survive. Confirmed by typing the username."""

import pytest
from django.urls import reverse
from wagtail.log_actions import log
from wagtail.models import ModelLogEntry

from lantoa.org.models import Role
from lantoa.org.tests.factories import fresh
from lantoa.privacy.actions import do_erase_person, pseudonym, record_access
from lantoa.privacy.models import AccessAction, AccessRecord

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer_with_history(world):
    officer = world["officer"]
    log(world["grassroots"], "wagtail.edit", user=officer)
    note = {"note": "Nguyễn Thị Thu Hà đề nghị đổi tên"}
    log(world["grassroots"], "lantoa.org.rename", user=world["admin"], data=note)
    log(world["grassroots"], "lantoa.org.recount", user=world["admin"], data={"by": "songtien.canbo@example.vn"})
    record_access(world["admin"], action=AccessAction.READ, subject=officer, units=[world["grassroots"]])
    record_access(officer, action=AccessAction.EXPORT, description="kenh-truyen-thong.xlsx")
    AccessRecord.objects.filter(actor=officer).update(ip="198.51.100.4")
    return officer


def erase(client, person, typed):
    return client.post(reverse("privacy_person_erase", args=[person.pk]), {"username": typed})


def test_erasure_needs_the_username_typed_and_keeps_the_account_otherwise(world, officer_with_history, as_user):
    response = erase(as_user(world["admin"]), officer_with_history, "songtien")
    assert response.status_code == 200
    assert "songtien.canbo" in response.content.decode()  # the form is shown again
    person = fresh(officer_with_history)
    assert person.is_active and person.email and Role.objects.filter(user=person).exists()


def test_erasure_deactivates_blanks_and_removes_roles(world, officer_with_history, as_user):
    response = erase(as_user(world["admin"]), officer_with_history, "songtien.canbo")
    assert response.status_code == 302
    person = fresh(officer_with_history)
    name = pseudonym(person)
    assert name.startswith("Người dùng đã xóa #")
    assert (person.is_active, person.has_usable_password(), person.email) == (False, False, "")
    assert person.get_full_name() == name
    assert "songtien" not in person.username and "Nguyễn" not in person.search_text
    assert not Role.objects.filter(user=person).exists()
    assert not person.groups.exists()


def test_the_audit_log_names_the_person_only_by_the_pseudonym(world, officer_with_history):
    entries_before = ModelLogEntry.objects.filter(user=officer_with_history).count()
    do_erase_person(officer_with_history, actor=world["admin"])
    name = pseudonym(officer_with_history)
    for entry in ModelLogEntry.objects.all():
        text = f"{entry.label} {entry.data}"
        assert "Nguyễn Thị Thu Hà" not in text and "songtien" not in text, entry.action
    rename = ModelLogEntry.objects.get(action="lantoa.org.rename")
    assert rename.data == {"note": f"{name} đề nghị đổi tên"}
    assert ModelLogEntry.objects.get(action="lantoa.org.recount").data == {"by": name}
    # What they did is still counted, under the pseudonym.
    mine = ModelLogEntry.objects.filter(user=officer_with_history, action="wagtail.edit")
    assert mine.count() == 1 and mine.get().user_display_name == name
    assert ModelLogEntry.objects.filter(user=officer_with_history).count() >= entries_before


def test_the_site_history_shows_the_pseudonym(world, officer_with_history, as_user):
    do_erase_person(officer_with_history, actor=world["admin"])
    page = as_user(world["superuser"]).get(reverse("wagtailadmin_reports:site_history")).content.decode()
    assert pseudonym(officer_with_history) in page
    assert "Nguyễn Thị Thu Hà" not in page and "songtien.canbo" not in page


def test_access_records_keep_their_counts_under_the_pseudonym_without_addresses(world, officer_with_history):
    do_erase_person(officer_with_history, actor=world["admin"])
    name = pseudonym(officer_with_history)
    by_them = AccessRecord.objects.filter(actor=officer_with_history)
    assert [(r.actor_label, r.ip) for r in by_them] == [(name, None)]
    about = AccessRecord.objects.filter(subject_id=str(officer_with_history.pk))
    assert {r.subject_label for r in about} == {name}
    assert about.filter(action=AccessAction.ERASE, actor=world["admin"]).count() == 1


def test_the_pseudonym_is_stable_and_differs_between_people(world):
    officer = world["officer"]
    assert pseudonym(officer) == pseudonym(fresh(officer))
    assert pseudonym(officer) != pseudonym(world["sibling_officer"])


def test_nobody_erases_their_own_account_or_someone_outside_their_scope(world, as_user):
    client = as_user(world["admin"])
    assert erase(client, world["admin"], "phukhuong.quantri").status_code in (200, 404)
    assert erase(client, world["sibling_officer"], "hamluong.canbo").status_code == 404
    assert erase(client, world["superuser"], "quantri").status_code == 404
    assert fresh(world["admin"]).is_active and fresh(world["sibling_officer"]).is_active
    assert fresh(world["superuser"]).is_active


def test_the_erase_action_checks_scope_itself(world):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        do_erase_person(world["sibling_officer"], actor=world["admin"])
    with pytest.raises(PermissionDenied):
        do_erase_person(world["admin"], actor=world["officer"])

"""Reads of personal data and every export file are recorded: who, what, when, which unit
and object, from which address."""

import datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from lantoa.plans import actions as plan_actions
from lantoa.plans.models import Plan
from lantoa.privacy.models import AccessAction, AccessRecord

pytestmark = pytest.mark.django_db
D = datetime.date


def only_record():
    records = list(AccessRecord.objects.all())
    assert len(records) == 1, records
    return records[0]


def unit_ids(record):
    return set(record.units.values_list("pk", flat=True))


def test_opening_an_account_page_records_who_read_whose_data_from_where(world, as_user):
    admin, officer = world["admin"], world["officer"]
    response = as_user(admin).get(reverse("wagtailusers_users:edit", args=[officer.pk]), REMOTE_ADDR="203.0.113.7")
    assert response.status_code == 200
    record = only_record()
    assert (record.actor, record.action, record.ip) == (admin, AccessAction.READ, "203.0.113.7")
    assert record.subject_type == ContentType.objects.get_for_model(officer)
    assert record.subject_id == str(officer.pk)
    assert record.subject_label == "songtien.canbo"
    assert unit_ids(record) == {world["grassroots"].pk, world["commune"].pk}


def test_listing_people_is_recorded_as_a_read_without_a_subject(world, as_user):
    as_user(world["admin"]).get(reverse("wagtailusers_users:index"))
    record = only_record()
    assert record.action == AccessAction.READ
    assert record.subject_id == ""
    assert unit_ids(record) == {world["commune"].pk}


def test_the_channel_registry_download_is_recorded_as_an_export_with_its_file_name(world, as_user):
    response = as_user(world["officer"]).get(reverse("channels_xlsx_export"))
    assert response.status_code == 200
    record = only_record()
    assert record.action == AccessAction.EXPORT
    assert record.description.startswith("kenh-truyen-thong-") and record.description.endswith(".xlsx")
    assert unit_ids(record) == {world["grassroots"].pk}


def test_a_plan_download_names_the_plan_and_its_unit(world, as_user):
    plan = plan_actions.do_save_plan(
        Plan(
            issuing_unit=world["commune"], symbol="KH-CĐP", title="Truyền thông Công đoàn năm 2026", place="Vĩnh Long",
            issued_on=D(2026, 1, 5), period_start=D(2026, 1, 5), period_end=D(2026, 12, 31),
        ),
        actor=None,
    )  # fmt: skip
    response = as_user(world["admin"]).get(reverse("plans_export_plan_docx", args=[plan.pk]))
    assert response.status_code == 200
    record = only_record()
    assert (record.action, record.subject_id, record.subject_label) == (AccessAction.EXPORT, str(plan.pk), str(plan))
    assert record.description.endswith(".docx")
    assert world["commune"].pk in unit_ids(record)


@pytest.mark.parametrize("export_format", ["csv", "xlsx"])
def test_a_wagtail_listing_export_is_recorded(world, as_user, export_format):
    response = as_user(world["admin"]).get(reverse("role:index") + f"?export={export_format}")
    assert response.status_code == 200
    b"".join(response.streaming_content) if response.streaming else response.content
    record = AccessRecord.objects.get(action=AccessAction.EXPORT)
    assert record.description.endswith(f".{export_format}")
    assert record.path.endswith(f"?export={export_format}")


def test_pages_refused_or_not_found_are_not_recorded(world, as_user):
    client = as_user(world["admin"])
    assert client.get(reverse("wagtailusers_users:edit", args=[world["sibling_officer"].pk])).status_code == 404
    assert not AccessRecord.objects.exists()


def test_pages_without_personal_data_are_not_recorded(world, as_user):
    as_user(world["admin"]).get(reverse("unit:index"))
    assert not AccessRecord.objects.exists()

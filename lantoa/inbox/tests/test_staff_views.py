"""The inbox's staff screens: a grassroots officer sees and handles only their union's
cases; an approver reads every case of the province but handles none; a viewer has no
inbox; a worker's name and phone show only with `inbox.view_contact`, and each showing is
recorded; answers, notes, assignment, classification, status and the resending of a failed
answer go through the actions, with the reply window's refusal shown and the text kept;
and no filter or form, however mangled, gives a 500."""

import datetime
import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lantoa.inbox.models import (
    Case,
    CaseStatus,
    Direction,
    Intake,
    Message,
    SendStatus,
    Topic,
    TrainingExample,
    Urgency,
)
from lantoa.privacy.models import AccessRecord, AccessRecordUnit

from . import staff_world
from .staff_world import PASSWORD

world = staff_world.world  # the fixture

pytestmark = pytest.mark.django_db
LIST = reverse("inbox_cases")
FUZZ = settings(derandomize=True, max_examples=30, suppress_health_check=[HealthCheck.function_scoped_fixture],
                deadline=None)  # fmt: skip


def signed_in(user) -> Client:
    client = Client()
    assert client.login(username=user.username, password=PASSWORD)
    return client


def case_url(case) -> str:
    return reverse("inbox_case", args=[case.pk])


ROW_CODE = re.compile(r'<tr data-case="\d+"[^>]*>\s*<td[^>]*><a[^>]*><strong>([^<]+)</strong>')


def listed_codes(response) -> list[str]:
    return ROW_CODE.findall(response.content.decode())


def refused(response) -> bool:
    """Wagtail's admin answers a PermissionDenied with a redirect to its home page."""
    return response.status_code == 403 or (
        response.status_code == 302 and response["Location"] == reverse("wagtailadmin_home")
    )


def post(client, case, capture, **data):
    with capture(execute=False):
        return client.post(case_url(case), data)


# --- Scope


def test_a_grassroots_officer_sees_only_the_cases_of_their_union(world):
    client = signed_in(world.officer)
    response = client.get(LIST)
    assert response.status_code == 200
    assert listed_codes(response) == [world.wages.code]
    assert client.get(case_url(world.wages)).status_code == 200
    assert client.get(case_url(world.safety)).status_code == 404
    assert client.post(case_url(world.safety), {"action": "note", "text": "x"}).status_code == 404


def test_an_approver_reads_every_case_below_but_cannot_answer(world, django_capture_on_commit_callbacks):
    client = signed_in(world.approver)
    assert sorted(listed_codes(client.get(LIST))) == sorted([world.wages.code, world.safety.code])
    body = client.get(case_url(world.wages)).content.decode()
    assert "data-read-only" in body and 'value="answer"' not in body and staff_world.WAGES in body
    response = post(client, world.wages, django_capture_on_commit_callbacks, action="answer", text="Trả lời")
    assert refused(response)
    assert not Message.objects.filter(direction=Direction.OUT).exists()


def test_a_viewer_has_no_inbox(world):
    client = signed_in(world.viewer)
    assert refused(client.get(LIST))
    assert refused(client.get(case_url(world.wages)))
    home = client.get(reverse("wagtailadmin_home")).content.decode()
    assert LIST not in home
    assert LIST in signed_in(world.officer).get(reverse("wagtailadmin_home")).content.decode()


# --- Personal data


def test_personal_data_shows_only_with_the_permission_and_each_showing_is_recorded(world):
    contact = world.wages.contact
    for user in (world.approver, world.park_editor):  # read, or handle, but no contacts
        body = signed_in(user).get(case_url(world.wages)).content.decode()
        assert contact.pseudonym in body and "Nguyễn Thị Hoa" not in body and "0912000111" not in body
        assert "data-personal" not in body
    assert not AccessRecord.objects.exists()
    body = signed_in(world.officer).get(case_url(world.wages)).content.decode()
    assert "data-personal" in body and "Nguyễn Thị Hoa" in body and "0912000111" in body
    record = AccessRecord.objects.get()
    assert record.actor == world.officer and record.action == "read" and record.subject_id == str(contact.pk)
    assert AccessRecordUnit.objects.filter(record=record, unit=world.song_tien).exists()
    assert world.wages.code in record.description


def test_a_contact_without_personal_data_records_nothing(world):
    body = signed_in(world.park_editor).get(case_url(world.safety)).content.decode()
    assert "data-personal" not in body
    signed_in(world.officer).get(LIST)
    assert not AccessRecord.objects.exists()


# --- Handling


def test_an_answer_on_a_portal_case_marks_it_answered_and_shows_on_the_thread(
    world, django_capture_on_commit_callbacks
):
    client = signed_in(world.officer)
    text = "Chào chị, công đoàn đã làm việc với công ty; lương tháng 5 sẽ trả trước ngày 15/6."
    response = post(client, world.wages, django_capture_on_commit_callbacks, action="answer", text=text)
    assert response.status_code == 302 and response["Location"] == case_url(world.wages)
    case = Case.objects.get(pk=world.wages.pk)
    assert case.status == CaseStatus.ANSWERED and case.first_response_at is not None
    answer = Message.objects.get(case=case, direction=Direction.OUT)
    assert answer.body == text and answer.author == world.officer and answer.send_status == SendStatus.NONE
    body = client.get(case_url(case)).content.decode()
    assert f'data-message="{answer.pk}" data-direction="out"' in body and "trả trước ngày 15/6" in body
    assert 'data-status="answered"' in body


def test_an_answer_is_refused_when_the_zalo_window_has_closed_and_the_text_is_kept(
    world, django_capture_on_commit_callbacks
):
    three_days_ago = timezone.now() - datetime.timedelta(days=3)
    Case.objects.filter(pk=world.wages.pk).update(intake=Intake.ZALO_OA, last_inbound_at=three_days_ago)
    client = signed_in(world.officer)
    page = client.get(case_url(world.wages)).content.decode()
    assert 'data-window="closed"' in page and "Đã quá 48 giờ" in page
    assert re.search(r"<fieldset disabled>", page)
    typed = "Chị ơi, công ty hứa trả lương vào thứ Sáu này."
    response = post(client, world.wages, django_capture_on_commit_callbacks, action="answer", text=typed)
    assert response.status_code == 200
    body = response.content.decode()
    assert "Đã quá 48 giờ" in body and "help-critical" in body
    assert f">{typed}</textarea>" in body or f">\n{typed}</textarea>" in body
    assert not Message.objects.filter(direction=Direction.OUT).exists()
    assert Case.objects.get(pk=world.wages.pk).status == CaseStatus.NEW


def test_an_empty_answer_is_refused_on_the_field(world, django_capture_on_commit_callbacks):
    response = post(signed_in(world.officer), world.wages, django_capture_on_commit_callbacks,
                    action="answer", text="   ")  # fmt: skip
    assert response.status_code == 200 and "error-message" in response.content.decode()
    assert not Message.objects.filter(direction=Direction.OUT).exists()


def test_a_classification_correction_becomes_a_training_example(world, django_capture_on_commit_callbacks):
    client = signed_in(world.officer)
    before = Case.objects.get(pk=world.wages.pk)
    assert before.classified_by and before.classified_by != "staff"
    assert before.classified_by in client.get(case_url(before)).content.decode()
    response = post(client, before, django_capture_on_commit_callbacks, action="classify", topic=Topic.OSH,
                    urgency=Urgency.HIGH)  # fmt: skip
    assert response.status_code == 302
    example = TrainingExample.objects.get()
    assert (example.topic, example.urgency, example.text) == (Topic.OSH, Urgency.HIGH, staff_world.WAGES)
    assert example.created_by == world.officer
    case = Case.objects.get(pk=before.pk)
    assert (case.topic, case.urgency, case.classified_by) == (Topic.OSH, Urgency.HIGH, "staff")
    page = client.get(case_url(case)).content.decode()
    assert re.search(r"data-classified-by>[^<]*(Staff|Cán bộ)", page)
    response = post(client, case, django_capture_on_commit_callbacks, action="classify", topic="nonsense",
                    urgency=Urgency.HIGH)  # fmt: skip
    assert response.status_code == 200 and TrainingExample.objects.count() == 1


def test_notes_are_marked_internal_on_the_thread(world, django_capture_on_commit_callbacks):
    client = signed_in(world.officer)
    response = post(client, world.wages, django_capture_on_commit_callbacks, action="note",
                    text="Đã gọi chị Hoa, hẹn gặp thứ Hai.")  # fmt: skip
    assert response.status_code == 302
    note = Message.objects.get(direction=Direction.NOTE)
    body = client.get(case_url(world.wages)).content.decode()
    assert f'data-message="{note.pk}" data-direction="note" data-internal="true"' in body
    assert Case.objects.get(pk=world.wages.pk).status == CaseStatus.NEW  # a note is no answer


def test_a_failed_answer_shows_its_error_and_is_sent_again(world, django_capture_on_commit_callbacks):
    Case.objects.filter(pk=world.wages.pk).update(intake=Intake.ZALO_OA, last_inbound_at=timezone.now())
    failed = Message.objects.create(case=world.wages, direction=Direction.OUT, body="Trả lời cũ",
                                    author=world.officer, send_status=SendStatus.FAILED,
                                    error="Mã truy cập Zalo đã hết hạn", created_at=timezone.now())  # fmt: skip
    client = signed_in(world.officer)
    body = client.get(case_url(world.wages)).content.decode()
    assert 'data-send-status="failed"' in body and "Mã truy cập Zalo đã hết hạn" in body
    assert re.search(rf'name="action" value="retry"><input type="hidden" name="message" value="{failed.pk}"', body)
    assert "data-send-status" in signed_in(world.approver).get(case_url(world.wages)).content.decode()
    assert 'value="retry"' not in signed_in(world.approver).get(case_url(world.wages)).content.decode()
    response = post(client, world.wages, django_capture_on_commit_callbacks, action="retry", message=failed.pk)
    assert response.status_code == 302
    failed.refresh_from_db()
    assert (failed.send_status, failed.error) == (SendStatus.QUEUED, "")
    again = post(client, world.wages, django_capture_on_commit_callbacks, action="retry", message=failed.pk)
    assert again.status_code == 200 and "help-critical" in again.content.decode()  # not failed any more


def test_assignment_offers_the_units_and_people_the_user_may_choose(world, django_capture_on_commit_callbacks):
    client = signed_in(world.officer)
    body = client.get(case_url(world.wages)).content.decode()
    units = re.search(r'<select name="unit"[^>]*>(.*?)</select>', body, re.S).group(1)
    assert f'value="{world.song_tien.pk}"' in units and f'value="{world.ham_luong.pk}"' not in units
    people = re.search(r'<select name="user"[^>]*>(.*?)</select>', body, re.S).group(1)
    assert f'value="{world.officer.pk}"' in people and f'value="{world.approver.pk}"' not in people
    response = post(client, world.wages, django_capture_on_commit_callbacks, action="assign", user=world.officer.pk)
    assert response.status_code == 302
    case = Case.objects.get(pk=world.wages.pk)
    assert (case.assignee, case.status) == (world.officer, CaseStatus.ASSIGNED)
    refused = post(client, world.wages, django_capture_on_commit_callbacks, action="assign",
                   unit=world.ham_luong.pk)  # fmt: skip
    assert refused.status_code == 200 and Case.objects.get(pk=case.pk).unit == world.song_tien
    moved = post(signed_in(world.park_editor), world.safety, django_capture_on_commit_callbacks, action="assign",
                 unit=world.song_tien.pk)  # fmt: skip
    assert moved.status_code == 302 and Case.objects.get(pk=world.safety.pk).unit == world.song_tien
    assert world.safety.code in listed_codes(client.get(LIST))


def test_staff_mark_a_case_in_progress_then_closed(world, django_capture_on_commit_callbacks):
    client = signed_in(world.officer)
    for status in (CaseStatus.IN_PROGRESS, CaseStatus.CLOSED):
        assert post(client, world.wages, django_capture_on_commit_callbacks, action="status",
                    status=status).status_code == 302  # fmt: skip
        assert Case.objects.get(pk=world.wages.pk).status == status
    assert Case.objects.get(pk=world.wages.pk).closed_at is not None
    refused = post(client, world.wages, django_capture_on_commit_callbacks, action="status", status="answered")
    assert refused.status_code == 200 and Case.objects.get(pk=world.wages.pk).status == CaseStatus.CLOSED


# --- The list


def test_the_list_puts_the_most_urgent_first_then_the_nearest_deadline(world):
    now = timezone.now()
    Case.objects.filter(pk=world.wages.pk).update(urgency=Urgency.NORMAL, due_at=now - datetime.timedelta(hours=2))
    Case.objects.filter(pk=world.safety.pk).update(urgency=Urgency.CRITICAL, due_at=now + datetime.timedelta(hours=3))
    response = signed_in(world.approver).get(LIST)
    assert listed_codes(response) == [world.safety.code, world.wages.code]
    body = response.content.decode()
    wages_row = re.search(rf'<tr data-case="{world.wages.pk}".*?</tr>', body, re.S).group(0)
    safety_row = re.search(rf'<tr data-case="{world.safety.pk}".*?</tr>', body, re.S).group(0)
    assert "data-overdue" in wages_row and "data-overdue" not in safety_row
    assert "lantoa-inbox-urgency--critical" in safety_row
    due = timezone.localtime(now - datetime.timedelta(hours=2)).strftime("%d/%m/%Y %H:%M")
    assert due in wages_row
    assert "Nguyễn Thị Hoa" not in body and world.wages.contact.pseudonym not in body


def test_the_filters_narrow_the_list_and_the_search_ignores_diacritics(world):
    client = signed_in(world.approver)
    assert listed_codes(client.get(LIST, {"q": "no LUONG"})) == [world.wages.code]
    assert listed_codes(client.get(LIST, {"q": world.safety.code.lower()})) == [world.safety.code]
    assert listed_codes(client.get(LIST, {"unit": world.ham_luong.pk})) == [world.safety.code]
    Case.objects.filter(pk=world.wages.pk).update(status=CaseStatus.CLOSED, topic=Topic.WAGES)
    assert listed_codes(client.get(LIST, {"status": "closed"})) == [world.wages.code]
    assert listed_codes(client.get(LIST, {"topic": "wages", "status": "new"})) == []
    # An unknown value is ignored, not an error page.
    assert sorted(listed_codes(client.get(LIST, {"urgency": "?", "unit": "x"}))) == sorted(
        [world.wages.code, world.safety.code]
    )


def test_the_list_is_paged_by_fifty(world):
    base = Case.objects.get(pk=world.wages.pk)
    extra = []
    for n in range(55):
        base.pk, base.code = None, f"LT-PAGE{n:02d}"
        extra.append(Case(**{f.attname: getattr(base, f.attname) for f in Case._meta.concrete_fields}))
    Case.objects.bulk_create(extra)
    client = signed_in(world.officer)
    assert len(listed_codes(client.get(LIST))) == 50
    assert len(listed_codes(client.get(LIST, {"p": "2"}))) == 6
    assert len(listed_codes(client.get(LIST, {"p": "many"}))) == 50


# --- Never a 500

text = st.text(max_size=40)
values = st.one_of(text, st.integers(min_value=-(2**70), max_value=2**70).map(str), st.sampled_from(
    ["", "new", "closed", "wages", "critical", "0", "-1", "1e9", "\x00", "' OR 1=1 --"]))  # fmt: skip


@FUZZ
@given(params=st.dictionaries(st.sampled_from(["q", "status", "topic", "urgency", "unit", "p"]), values))
def test_no_filter_makes_the_list_fail(world, params):
    client = signed_in(world.officer)
    assert client.get(LIST, params).status_code == 200


@FUZZ
@given(
    action=st.sampled_from(["answer", "note", "assign", "classify", "status", "retry", "", "other"]),
    fields=st.dictionaries(st.sampled_from(["text", "unit", "user", "topic", "urgency", "status", "message"]),
                           values, max_size=4),
)  # fmt: skip
def test_no_form_makes_the_case_page_fail(world, action, fields, django_capture_on_commit_callbacks):
    client = signed_in(world.officer)
    response = post(client, world.wages, django_capture_on_commit_callbacks, action=action, **fields)
    assert response.status_code in (200, 302)

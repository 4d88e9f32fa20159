"""From a delivery to a case: stored once, the contact pseudonymous, a new message added
to the open case or reopening it, the workplace union found by the employer's name with or
without diacritics, routed up on request, classified without ever failing intake, a
deadline in office hours, and a critical case told at once to the spokesperson and the
propaganda board."""

import datetime
import re

import pytest
from django.utils import timezone

from lantoa.channels.kinds.zalo_oa.fake import message_event
from lantoa.inbox import deadlines, events, intake
from lantoa.inbox.models import Case, CaseStatus, Contact, Intake, Message, RawEvent
from lantoa.org.models import Role, RoleKind
from lantoa.org.tests.factories import make_unit, make_user
from lantoa.workspace.models import Notification

pytestmark = pytest.mark.django_db
TZ = timezone.get_current_timezone()


def at(*args) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(*args), TZ)


@pytest.fixture
def tree():
    province = make_unit(None, "provincial", "Liên đoàn Lao động tỉnh Vĩnh Long")
    board = make_unit(province, "board", "Ban Tuyên giáo")
    park = make_unit(province, "industrial_park", "Công đoàn các Khu công nghiệp tỉnh Vĩnh Long")
    commune = make_unit(province, "commune", "Công đoàn phường Phú Khương")
    song_tien = make_unit(park, name="Công đoàn cơ sở Công ty TNHH May Sông Tiền")
    ham_luong = make_unit(park, name="Công đoàn cơ sở Công ty Cổ phần Thủy sản Hàm Luông")
    school = make_unit(commune, name="Công đoàn cơ sở Trường Tiểu học Phú Khương")
    return {"province": province, "board": board, "park": park, "commune": commune, "song_tien": song_tien,
            "ham_luong": ham_luong, "school": school}  # fmt: skip


def form(text, **fields):
    base = {"intake": Intake.PORTAL, "external_id": fields.pop("external_id", "form-1"), "text": text,
            "sent_at": fields.pop("sent_at", timezone.now())}  # fmt: skip
    return intake.Inbound(**base, **fields)


def test_a_delivery_is_stored_once_by_its_key():
    first, new = intake.store_event(Intake.ZALO_OA, key="zalo:123", payload={"a": 1})
    again, new_again = intake.store_event(Intake.ZALO_OA, key="zalo:123", payload={"a": 2})
    assert new and not new_again and again.pk == first.pk and RawEvent.objects.count() == 1


def test_a_message_opens_a_case_with_a_code_a_pseudonym_a_topic_and_a_deadline(tree):
    message = intake.receive(
        form(
            "cty may song tien no luong 3 thang roi, anh em rat kho khan",
            employer="cty may song tien",
            name="Nguyễn Thị Hoa",
            phone="0912000111",
        )
    )
    case = message.case
    assert re.fullmatch(r"LT-[A-Z2-9]{5}-[A-Z2-9]{5}", case.code)
    assert case.topic == "wages" and case.classified_by.startswith("shipped")
    assert case.unit == tree["song_tien"] == case.employer_unit
    assert case.status == CaseStatus.NEW and case.due_at > case.opened_at
    contact = case.contact
    assert contact.pseudonym.startswith("NLĐ-") and contact.name == "Nguyễn Thị Hoa"


def test_the_same_person_adds_to_their_case_and_an_answer_is_reopened_by_a_new_message(tree):
    first = intake.receive(form("Công ty không đóng bảo hiểm xã hội", external_id="zalo-u1"))
    Case.objects.filter(pk=first.case_id).update(status=CaseStatus.ANSWERED)
    second = intake.receive(form("Em hỏi thêm: công ty nợ mấy tháng rồi ạ", external_id="zalo-u1"))
    assert second.case_id == first.case_id
    case = Case.objects.get(pk=first.case_id)
    assert case.status == CaseStatus.NEW and case.messages.count() == 2
    Case.objects.filter(pk=case.pk).update(status=CaseStatus.CLOSED, closed_at=timezone.now() - datetime.timedelta(
        days=40))  # fmt: skip
    third = intake.receive(form("Lại có chuyện mới", external_id="zalo-u1"))
    assert third.case_id != case.pk and Contact.objects.count() == 1


def test_the_worker_may_send_it_to_the_union_above_instead_of_their_workplace(tree):
    message = intake.receive(form("Quản đốc ép tăng ca đến 22 giờ", employer="Công ty May Sông Tiền",
                                  to_upper_level=True))  # fmt: skip
    assert message.case.unit == tree["park"] and message.case.employer_unit == tree["song_tien"]


@pytest.mark.parametrize(
    ("typed", "expected"),
    [("cty may song tien", "song_tien"), ("CTY TNHH MAY SÔNG TIỀN", "song_tien"), ("thuy san ham luong", "ham_luong"),
     ("Công ty Xây dựng Hòa Bình", None), ("", None)],
)  # fmt: skip
def test_the_employer_is_matched_to_a_grassroots_union_with_or_without_diacritics(tree, typed, expected):
    found = intake.match_employer(typed, within=None)
    assert found == (tree[expected] if expected else None)
    assert intake.match_employer(typed, within=tree["commune"].pk) is None  # not in that subtree


def test_without_an_employer_the_chosen_union_then_the_top_handles_it(tree):
    chosen = intake.receive(form("Xin hỏi thủ tục kết nạp đoàn viên", unit_id=tree["commune"].pk))
    assert chosen.case.unit == tree["commune"]
    nowhere = intake.receive(form("Xin chào", external_id="form-2"))
    assert nowhere.case.unit == tree["province"]


def test_intake_never_fails_on_the_model(tree, monkeypatch):
    from lantoa.inbox import classifier

    def broken():
        raise RuntimeError("model file damaged")

    monkeypatch.setattr(classifier, "active_classifier", broken)
    message = intake.receive(form("cty no luong"))
    assert (message.case.topic, message.case.urgency, message.case.classified_by) == ("other", "normal", "")


def test_a_critical_case_reaches_the_spokesperson_and_the_propaganda_board_at_once(tree):
    spokesperson, head, bystander = make_user("phatngon"), make_user("truongban"), make_user("khac")
    Role.objects.create(user=spokesperson, unit=tree["province"], kind=RoleKind.SPOKESPERSON)
    Role.objects.create(user=head, unit=tree["board"], kind=RoleKind.BOARD_HEAD)
    Role.objects.create(user=bystander, unit=tree["province"], kind=RoleKind.VIEWER)
    message = intake.receive(form("hơn 300 công nhân công ty thủy sản Hàm Luông ngừng việc từ sáng nay",
                                  employer="Thủy sản Hàm Luông"))  # fmt: skip
    assert message.case.urgency == "critical"
    told = Notification.objects.filter(kind="inbox.critical")
    assert set(told.values_list("recipient__username", flat=True)) == {"phatngon", "truongban"}
    assert message.case.code in told.first().message


def test_office_hours_count_toward_the_deadline_weekends_and_tet_do_not():
    saturday_evening = at(2026, 5, 9, 19, 30)
    assert deadlines.add_working_hours(saturday_evening, 4) == at(2026, 5, 11, 12, 0)
    friday_afternoon = at(2026, 5, 8, 15, 0)
    assert deadlines.add_working_hours(friday_afternoon, 4) == at(2026, 5, 11, 10, 0)
    before_tet = at(2026, 2, 13, 16, 0)  # the last working day before the 2026 Tết break
    assert deadlines.add_working_hours(before_tet, 2).date() > datetime.date(2026, 2, 20)
    assert deadlines.due_at(at(2026, 5, 11, 8, 0), "normal") == at(2026, 5, 20, 17, 0)  # 8 days of 9 hours


def test_a_zalo_event_becomes_a_message_and_a_malformed_one_is_kept_with_its_error(tree):
    event = message_event(app_id="1", oa_id="4318", user_id="2468013579", text="cty ko cho nghi phep nam",
                          msg_id="a1b2c3")  # fmt: skip
    raw, _new = intake.store_event(Intake.ZALO_OA, key="zalo:a1b2c3", payload=event)
    message_id = events.process_event(raw.pk)
    message = Message.objects.get(pk=message_id)
    assert message.body == "cty ko cho nghi phep nam" and message.external_id == "a1b2c3"
    assert message.case.contact.external_id == "2468013579"
    assert events.process_event(raw.pk) is None and Message.objects.count() == 1  # processed once
    bad, _new = intake.store_event(Intake.ZALO_OA, key="zalo:bad", payload={"event_name": "user_send_text"})
    assert events.process_event(bad.pk) is None
    bad.refresh_from_db()
    assert bad.processed_at and bad.error.startswith("invalid")


def test_the_model_reads_a_delivery_before_the_write_transaction_not_inside_it(tree, monkeypatch):
    """SQLite has one writer: the webhooks storing the next deliveries wait while it is held."""
    from django.db import connection

    outside = len(connection.atomic_blocks)  # the test's own transaction
    depths = []
    real = intake.classify
    monkeypatch.setattr(intake, "classify", lambda text: depths.append(len(connection.atomic_blocks)) or real(text))
    event = message_event(app_id="1", oa_id="4318", user_id="2468013580", text="cty no luong 2 thang", msg_id="d4")
    raw, _new = intake.store_event(Intake.ZALO_OA, key="zalo:d4", payload=event)
    message = Message.objects.get(pk=events.process_event(raw.pk))
    assert depths == [outside]
    assert message.case.topic == "wages" and message.case.classified_by


def test_the_database_keeps_one_contact_per_platform_account_with_or_without_a_channel():
    from django.db import IntegrityError, transaction

    Contact.objects.create(platform=Intake.PORTAL, external_id="form-x", pseudonym="NLĐ-AAAAAA")
    with pytest.raises(IntegrityError), transaction.atomic():
        Contact.objects.create(platform=Intake.PORTAL, external_id="form-x", pseudonym="NLĐ-BBBBBB")

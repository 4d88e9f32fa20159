"""A worker's data: exported by their tracking code, and erased so that no table of the
database still holds their name, phone, e-mail, Zalo or platform id (messages, raw
deliveries, attachments and their files, training examples, staff notifications, stored
task arguments, Wagtail's audit log, access records), while the cases and messages are
still counted. Staff may act on a worker only where they handle the worker's cases."""

import datetime
import json

import pytest
from django.apps import apps
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import models
from django.db.models import Q, TextField
from django.db.models.functions import Cast
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from wagtail.log_actions import log
from wagtail.models import ModelLogEntry

from lantoa.inbox import intake, personal_data, self_service
from lantoa.inbox.models import (
    Attachment,
    Case,
    CaseStatus,
    Contact,
    Direction,
    Intake,
    Message,
    RawEvent,
    TrainingExample,
)
from lantoa.org import actions as org_actions
from lantoa.org import roles
from lantoa.org.models import RoleKind
from lantoa.org.tests.factories import fresh, make_unit, make_user
from lantoa.privacy.actions import do_export_person, record_access
from lantoa.privacy.models import AccessAction, AccessRecord
from lantoa.workspace.models import Notification

pytestmark = pytest.mark.django_db

NAME, PHONE, EMAIL, ZALO = "Nguyễn Thị Hoa", "0912000111", "hoa.nguyen@example.vn", "hoa.zalo88"
PLATFORM_ID = "zalo-user-5588776655"
SECRETS = (NAME, PHONE, EMAIL, ZALO, PLATFORM_ID)
TEXT_FIELDS = (models.CharField, models.TextField, models.JSONField)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def tree():
    province = make_unit(None, "provincial", "Liên đoàn Lao động tỉnh Vĩnh Long")
    park = make_unit(province, "industrial_park", "Công đoàn các Khu công nghiệp tỉnh Vĩnh Long")
    commune = make_unit(province, "commune", "Công đoàn phường Phú Khương")
    return {
        "province": province,
        "song_tien": make_unit(park, name="Công đoàn cơ sở Công ty TNHH May Sông Tiền"),
        "ham_luong": make_unit(park, name="Công đoàn cơ sở Công ty Cổ phần Thủy sản Hàm Luông"),
        "school": make_unit(commune, name="Công đoàn cơ sở Trường Tiểu học Phú Khương"),
    }


def officer_of(unit, username):
    user = make_user(username)
    org_actions.do_assign_role(user=user, unit=unit, kind=RoleKind.UNIT_OFFICER, actor=None)
    return fresh(user)


def inbound(text, sent_at, **fields):
    return intake.Inbound(
        intake=Intake.PORTAL, external_id=PLATFORM_ID, text=text, sent_at=sent_at,
        name=NAME, phone=PHONE, zalo=ZALO, email=EMAIL, consent=True, **fields,
    )  # fmt: skip


@pytest.fixture
def worker(tree, settings, django_capture_on_commit_callbacks):
    """A worker with two cases: an old closed one sent through the form with an upload, and
    a critical one (its notice to the spokesperson is e-mailed by a stored task)."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
    spokesperson = make_user("phatngon")
    org_actions.do_assign_role(user=spokesperson, unit=tree["province"], kind=RoleKind.SPOKESPERSON, actor=None)
    staff = make_user("songtien.canbo")
    now = timezone.now()

    upload = default_storage.save("inbox/don-khieu-nai.pdf", ContentFile(b"%PDF-1.4 Nguyen Thi Hoa 0912000111"))
    payload = {"text": "Công ty nợ lương", "name": NAME, "phone": PHONE, "zalo": ZALO, "email": EMAIL,
               "contact_key": PLATFORM_ID,
               "attachments": [{"name": f"Đơn của {NAME}.pdf", "path": upload}]}  # fmt: skip
    raw, _new = intake.store_event(Intake.PORTAL, key="portal:tok-1", payload=payload)
    first = intake.receive(
        inbound(f"Tôi là {NAME}, cty may song tien nợ lương 3 tháng, gọi {PHONE}", now - datetime.timedelta(days=60),
                employer="cty may song tien"), raw=raw,
    )  # fmt: skip
    Case.objects.filter(pk=first.case_id).update(status=CaseStatus.CLOSED, closed_at=now - datetime.timedelta(days=40))
    attachment = Attachment.objects.create(message=first, name=f"Hợp đồng {NAME}.jpg",
                                           file=ContentFile(b"\xff\xd8\xff anh", name="hop-dong.jpg"))  # fmt: skip
    Message.objects.create(case=first.case, direction=Direction.OUT, body=f"Chào chị {NAME}, công đoàn đã làm việc "
                           "với công ty.", author=staff, created_at=now - datetime.timedelta(days=50))  # fmt: skip
    Message.objects.create(case=first.case, direction=Direction.NOTE, body=f"Đã gọi {PHONE}, chị xác nhận.",
                           author=staff, created_at=now - datetime.timedelta(days=50))  # fmt: skip
    TrainingExample.objects.create(text=f"Tôi là {NAME}, cty nợ lương", topic="wages", case=first.case)

    with django_capture_on_commit_callbacks(execute=True):
        second = intake.receive(inbound(
            f"Tôi là {NAME}: hơn 300 công nhân công ty thủy sản Hàm Luông ngừng việc từ sáng nay",
            now - datetime.timedelta(hours=1), employer="Thủy sản Hàm Luông",
        ))  # fmt: skip
    contact = first.case.contact
    log(contact, "wagtail.edit", user=staff, data={"note": f"Sửa số điện thoại của {NAME}"})
    log(tree["song_tien"], "wagtail.edit", user=staff, data={"note": f"Liên hệ {EMAIL} về vụ nợ lương"})
    record_access(staff, action=AccessAction.READ, subject=contact, units=[tree["song_tien"]],
                  description=f"Xem Zalo {ZALO}")  # fmt: skip
    return {"contact": contact, "first": first.case, "second": second.case, "upload": upload,
            "attachment_file": attachment.file.name}  # fmt: skip


def text_columns(model):
    return [
        field.name
        for field in model._meta.concrete_fields
        if isinstance(field, TEXT_FIELDS) and not field.primary_key and not field.is_relation
    ]


def rows_naming(secret: str) -> list[str]:
    """Every row, in every table, whose text (JSON as stored or with escaped letters) holds
    `secret`: "app.Model.field #pk"."""
    escaped = json.dumps(secret)[1:-1]
    found = []
    for model in apps.get_models():
        for column in text_columns(model):
            rows = model._default_manager.annotate(_text=Cast(column, TextField()))
            matches = rows.filter(Q(_text__icontains=secret) | Q(_text__icontains=escaped))
            found += [f"{model._meta.label}.{column} #{pk}" for pk in matches.values_list("pk", flat=True)]
    return found


def test_the_fixture_spreads_the_worker_over_many_tables(worker):
    """The erasure test below means something only if all these hold the worker's data."""
    assert worker["second"].urgency == "critical" and worker["first"].pk != worker["second"].pk
    holding = {place.rsplit(".", 1)[0] for secret in SECRETS for place in rows_naming(secret)}
    assert {"inbox.Contact", "inbox.Message", "inbox.RawEvent", "inbox.Case", "inbox.Attachment",
            "inbox.TrainingExample", "workspace.Notification", DBTaskResult._meta.label,
            "wagtailcore.ModelLogEntry", "privacy.AccessRecord"} <= holding  # fmt: skip
    assert default_storage.exists(worker["upload"]) and default_storage.exists(worker["attachment_file"])


def test_erasure_by_code_leaves_the_worker_nowhere_and_keeps_the_counts(worker, django_capture_on_commit_callbacks):
    cases, messages = Case.objects.count(), Message.objects.count()
    with django_capture_on_commit_callbacks(execute=True):
        counts = self_service.erase_for_code(worker["second"].code.replace("-", " ").lower())
    assert counts["inbox.messages"] > 0 and counts["inbox.contact"] == 1

    for secret in SECRETS:
        assert rows_naming(secret) == [], secret
    assert not default_storage.exists(worker["upload"]) and not default_storage.exists(worker["attachment_file"])

    assert (Case.objects.count(), Message.objects.count()) == (cases, messages)
    assert not Attachment.objects.exists() and not TrainingExample.objects.exists()
    contact = Contact.objects.get(pk=worker["contact"].pk)
    assert contact.erased_at and not contact.has_personal_data and contact.external_id == f"erased-{contact.pk}"
    erased = personal_data.erased_text()
    assert set(Message.objects.filter(direction=Direction.IN).values_list("body", flat=True)) == {erased}
    answer = Message.objects.get(direction=Direction.OUT).body
    assert answer.startswith("Chào chị Người dùng đã xóa #") and "công đoàn đã làm việc" in answer
    case = Case.objects.get(pk=worker["second"].pk)
    assert (case.employer, case.subject, case.topic, case.urgency) == ("", erased, worker["second"].topic, "critical")
    assert RawEvent.objects.get(key="portal:tok-1").payload == {"erased": True}
    notice = Notification.objects.get()  # the spokesperson's: kept, without the worker's words
    assert case.code in notice.message and notice.message.endswith(erased)

    record = AccessRecord.objects.get(action=AccessAction.ERASE)
    assert (record.actor_id, record.actor_label) == (None, self_service.sender_label())
    assert record.subject_label.startswith("Người dùng đã xóa #")
    assert ModelLogEntry.objects.get(action="lantoa.privacy.erase").data["counts"] == counts


def test_the_worker_exports_what_they_sent_and_the_answers_but_not_staff_notes(worker):
    document = json.loads(self_service.export_for_code(worker["first"].code).decode("utf-8"))
    tables = {table["key"]: table for table in document["tables"]}
    assert tables["contact"]["rows"][0]["phone"] == PHONE
    assert {row["code"] for row in tables["cases"]["rows"]} == {worker["first"].code, worker["second"].code}
    texts = [row["text"] for row in tables["messages"]["rows"]]
    assert any("nợ lương 3 tháng" in text for text in texts) and any(text.startswith("Chào chị") for text in texts)
    assert not any("chị xác nhận" in text for text in texts)  # the internal note
    assert any(f"Hợp đồng {NAME}.jpg" in row["attachments"] for row in tables["messages"]["rows"])
    assert AccessRecord.objects.filter(action=AccessAction.EXPORT, actor_label=self_service.sender_label()).count() == 1


def test_an_unknown_code_exports_and_erases_nothing(worker):
    assert self_service.export_for_code("LT-AAAAA-AAAAA") is None
    assert self_service.erase_for_code("not a code") is None
    assert Contact.objects.get(pk=worker["contact"].pk).name == NAME


def test_staff_manage_a_worker_only_where_they_handle_the_workers_cases(worker, tree, monkeypatch):
    officer_perms = [*roles.ROLE_PERMISSIONS[RoleKind.UNIT_OFFICER], personal_data.CHANGE_CASE]
    monkeypatch.setitem(roles.ROLE_PERMISSIONS, RoleKind.UNIT_OFFICER, officer_perms)
    contact = worker["contact"]
    handling = worker["second"].unit
    assert personal_data.may_manage_contact(officer_of(handling, "canbo.xuly"), contact)
    assert personal_data.may_manage_contact(make_user("quantri", is_superuser=True), contact)
    elsewhere = officer_of(tree["school"], "canbo.truonghoc")
    assert not personal_data.may_manage_contact(elsewhere, contact)
    with pytest.raises(PermissionDenied):
        self_service.erase_contact(contact, actor=elsewhere)
    assert Contact.objects.get(pk=contact.pk).name == NAME


def test_the_privacy_export_covers_the_worker(worker):
    export = do_export_person(worker["contact"], actor=make_user("quantri", is_superuser=True))
    keys = {table.key for table in export.tables}
    assert {"contact", "cases", "messages", "access_about"} <= keys
    about = next(table for table in export.tables if table.key == "access_about")
    assert [row["about"] for row in about.rows] == [worker["contact"].pseudonym]


def test_the_privacy_erasure_of_a_worker_is_not_mistaken_for_the_actor_s_own_account(worker):
    """A worker and a staff account may share an id number: erasing the worker through the
    privacy screens' action is not "erasing your own account", and the record names the
    units of the worker's cases, not the units of whichever account has that id."""
    from django.contrib.auth import get_user_model

    from lantoa.privacy.actions import do_erase_person, person_units

    contact = worker["contact"]
    accounts = get_user_model().objects
    if not accounts.filter(pk=contact.pk).exists():
        make_user("quantri", id=contact.pk)
    accounts.filter(pk=contact.pk).update(is_superuser=True)
    admin = accounts.get(pk=contact.pk)  # the account with the worker's id number
    assert person_units(contact) == sorted({worker["first"].unit_id, worker["second"].unit_id})
    do_erase_person(contact, actor=admin)
    assert Contact.objects.get(pk=contact.pk).erased_at is not None
    record = AccessRecord.objects.get(action=AccessAction.ERASE)
    assert set(person_units(contact)) <= set(record.units.values_list("pk", flat=True))

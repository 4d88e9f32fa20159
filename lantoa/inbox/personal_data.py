"""The inbox's part of a person's data: a worker (`Contact`) is a kind of person for
`lantoa.privacy`, exported and erased with everything the inbox holds about them.

Erasure keeps what the union needs to count (cases, messages, their topic, urgency, unit,
status and dates) and removes what names the worker or what they said:
- their own messages' text, the raw deliveries those came in, attachments (rows and
  files, the portal form's uploads too) and the training examples made from their cases;
- in answers and internal notes, in other raw deliveries, Wagtail's audit log, access
  records, staff notifications and stored task arguments: their name, phone, Zalo,
  e-mail and platform id, replaced by the erasure's pseudonym;
- the case's employer and subject (a copy of their first message), the Zalo OA follower
  told of its answers (`zalo_notice`; the delivery of the code they sent goes with the
  case's messages), the contact's fields.

The inbox is in no search index today (neither Wagtail's nor the workspace search), so
there is nothing to remove there; a future index of cases must be erased here too.

Registered in this order; the contact's own row is blanked last, since the other erasers
read its cases and identifiers.
"""

from __future__ import annotations

import json
import posixpath
import re

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Q, TextField
from django.db.models.functions import Cast
from django.utils import timezone, translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_tasks_db.models import DBTaskResult
from wagtail.models import ModelLogEntry

from lantoa.org import scope
from lantoa.privacy.accounts import (
    ACCESS_COLUMNS,
    LOG_MODELS,
    MIN_IDENTIFIER_LENGTH,
    _access_rows,
    _mentions,
    _replace,
    identifier_pattern,
    scrub_access_mentions,
)
from lantoa.privacy.models import AccessRecord
from lantoa.privacy.registry import Erasure, Table, register_person_model, register_personal_data
from lantoa.vi import formats
from lantoa.workspace.models import Notification

from .answers import erase_answers_of
from .forms import ATTACHMENT_DIR
from .models import Attachment, Case, Contact, Direction, Message, RawEvent, TrainingExample

CHANGE_CASE = "inbox.change_case"
SHOWN_TO_WORKER = (Direction.IN, Direction.OUT)


def erased_text() -> str:
    """What stands in for an erased text, in the site's language (it is stored)."""
    with translation.override(settings.LANGUAGE_CODE):
        return gettext("[deleted at the sender's request]")


# --- The worker as a person


def contact_identifiers(contact: Contact) -> list[str]:
    """Texts that name the worker, longest first (replaced in that order)."""
    values = {contact.name, contact.phone, contact.zalo, contact.email, contact.external_id, contact.pseudonym}
    found = {value.strip() for value in values if value and len(value.strip()) >= MIN_IDENTIFIER_LENGTH}
    return sorted(found, key=len, reverse=True)


def may_manage_contact(actor, contact: Contact) -> bool:
    """Superusers, and staff who may handle one of the worker's cases in its unit."""
    if not getattr(actor, "is_authenticated", False) or not actor.is_active:
        return False
    if actor.is_superuser:
        return True
    unit_ids = set(Case.objects.filter(contact=contact).values_list("unit_id", flat=True))
    return any(scope.has_perm(actor, CHANGE_CASE, unit_id) for unit_id in sorted(unit_ids))


def contact_units(contact: Contact) -> list[int]:
    """The units handling the worker's cases (the units their data belongs to)."""
    return sorted(set(Case.objects.filter(contact_id=contact.pk).values_list("unit_id", flat=True)))


register_person_model(Contact, may_manage=may_manage_contact, identifiers=contact_identifiers, units=contact_units)


def _contact(erasure: Erasure) -> Contact:
    return Contact.objects.get(pk=erasure.person.pk)


def _cases(contact: Contact):
    return Case.objects.filter(contact_id=contact.pk)


def _scrubber(erasure: Erasure):
    """A function replacing the worker's identifiers in a text by the pseudonym."""
    if not erasure.identifiers:
        return lambda text: text
    pattern = identifier_pattern(erasure.identifiers)
    return lambda text: pattern.sub(erasure.pseudonym, text)


# --- The contact's own fields


def export_contact(contact: Contact) -> list[Table]:
    columns = (
        ("pseudonym", gettext("pseudonym")),
        ("intake", gettext("intake")),
        ("external_id", gettext("account on the platform")),
        ("name", gettext("name")),
        ("phone", gettext("phone")),
        ("zalo", gettext("Zalo")),
        ("email", gettext("e-mail")),
        ("consent_at", gettext("consent given at")),
        ("created_at", gettext("first message at")),
    )
    row = {
        "pseudonym": contact.pseudonym,
        "intake": str(contact.get_platform_display()),
        "external_id": contact.external_id,
        "name": contact.name,
        "phone": contact.phone,
        "zalo": contact.zalo,
        "email": contact.email,
        "consent_at": formats.datetime_(contact.consent_at),
        "created_at": formats.datetime_(contact.created_at),
    }
    return [Table("contact", gettext("Contact details"), columns, [row])]


def erase_contact(erasure: Erasure) -> int:
    """Blank the worker's details; the pseudonymous row stays, so cases still count."""
    contact = _contact(erasure)
    contact.name = contact.phone = contact.zalo = contact.email = ""
    contact.external_id = f"erased-{contact.pk}"
    contact.erased_at = timezone.now()
    contact.save(update_fields=["name", "phone", "zalo", "email", "external_id", "erased_at"])
    return 1


# --- Cases, messages, raw deliveries, attachments, training examples


def export_messages(contact: Contact) -> list[Table]:
    """The worker's cases and what was said in them (internal notes are staff's work)."""
    cases = list(_cases(contact).select_related("unit", "zalo_notify_channel").order_by("opened_at", "pk"))
    case_columns = (
        ("code", gettext("tracking code")),
        ("opened_at", gettext("received at")),
        ("unit", gettext("handled by")),
        ("employer", gettext("employer")),
        ("subject", gettext("subject")),
        ("topic", gettext("topic")),
        ("status", gettext("status")),
        ("zalo_oa", gettext("told of answers on the Zalo OA")),
        ("zalo_user", gettext("Zalo follower id")),
    )
    case_rows = [
        {
            "code": case.code,
            "opened_at": formats.datetime_(case.opened_at),
            "unit": case.unit.name,
            "employer": case.employer,
            "subject": case.subject,
            "topic": str(case.get_topic_display()),
            "status": str(case.get_status_display()),
            "zalo_oa": case.zalo_notify_channel.name if case.zalo_notify_channel and case.zalo_notify_user else "",
            "zalo_user": case.zalo_notify_user,
        }
        for case in cases
    ]
    message_columns = (
        ("case", gettext("tracking code")),
        ("at", gettext("time")),
        ("direction", gettext("direction")),
        ("text", gettext("text")),
        ("attachments", gettext("attachments")),
    )
    messages = (
        Message.objects.filter(case__in=cases, direction__in=SHOWN_TO_WORKER)
        .select_related("case")
        .prefetch_related("attachments")
        .order_by("created_at", "pk")
    )
    message_rows = [
        {
            "case": message.case.code,
            "at": formats.datetime_(message.created_at),
            "direction": str(message.get_direction_display()),
            "text": message.body,
            "attachments": ", ".join(a.name or a.url for a in message.attachments.all()),
        }
        for message in messages
    ]
    return [
        Table("cases", gettext("Cases"), case_columns, case_rows),
        Table("messages", gettext("Messages"), message_columns, message_rows),
    ]


def _stored_upload(path) -> str | None:
    """A form upload's stored name, only if it is one of the inbox's own files."""
    if not isinstance(path, str):
        return None
    normal = posixpath.normpath(path)
    return normal if normal.startswith(ATTACHMENT_DIR + "/") and ".." not in normal.split("/") else None


def _uploads_in(payload) -> list[str]:
    attachments = payload.get("attachments") if isinstance(payload, dict) else None
    if not isinstance(attachments, list):
        return []
    paths = (_stored_upload(item.get("path")) for item in attachments if isinstance(item, dict))
    return [path for path in paths if path]


def _delete_files_after_commit(names: list[str]) -> None:
    """Files go once the rows that name them are gone for good (not on a rollback)."""

    def delete():
        for name in names:
            default_storage.delete(name)

    if names:
        transaction.on_commit(delete)


def erase_raw_events(erasure: Erasure, messages) -> int:
    """The deliveries the worker's messages came in keep their intake, key and times only;
    other deliveries that mention the worker have the identifiers replaced."""
    own = RawEvent.objects.filter(pk__in=messages.exclude(raw=None).values("raw_id"))
    uploads = [path for raw in own.only("payload") for path in _uploads_in(raw.payload)]
    changed = own.update(payload={"erased": True}, error="")
    _delete_files_after_commit(uploads)
    if not erasure.identifiers:
        return changed
    pattern = identifier_pattern(erasure.identifiers)
    others = RawEvent.objects.exclude(pk__in=own.values("pk")).annotate(data_text=Cast("payload", TextField()))
    for raw in others.filter(_json_mentions(erasure.identifiers, "data_text")).only("payload"):
        payload = _replace(raw.payload, pattern, erasure.pseudonym)
        if payload != raw.payload:
            RawEvent.objects.filter(pk=raw.pk).update(payload=payload)
            changed += 1
    return changed


def erase_attachments(messages) -> int:
    attachments = Attachment.objects.filter(message__in=messages)
    _delete_files_after_commit([a.file.name for a in attachments.only("file") if a.file])
    return attachments.delete()[0]


def erase_message_texts(erasure: Erasure, messages) -> int:
    """The worker's own words go; answers and notes keep their text without the names."""
    scrub = _scrubber(erasure)
    changed = messages.filter(direction=Direction.IN).update(body=erased_text(), error="")
    for message in messages.exclude(direction=Direction.IN).only("body", "error"):
        body, error = scrub(message.body), scrub(message.error)
        if (body, error) != (message.body, message.error):
            Message.objects.filter(pk=message.pk).update(body=body, error=error)
            changed += 1
    return changed


def erase_cases(erasure: Erasure, cases) -> int:
    """Cases stay for the counts (topic, urgency, unit, status, dates); the employer, the
    subject (the start of the worker's first message) and the search text made of them go,
    nothing is published, and no Zalo follower is told of answers any more."""
    from .search import refresh_case

    changed = cases.update(employer="", subject=erased_text(), publish_consent=False, zalo_notify_channel=None,
                           zalo_notify_user="")  # fmt: skip
    for case_id in cases.values_list("pk", flat=True):
        refresh_case(case_id)
    return changed


def erase_messages(erasure: Erasure) -> int:
    cases = _cases(_contact(erasure))
    messages = Message.objects.filter(case__in=cases)
    changed = erase_raw_events(erasure, messages)
    changed += erase_attachments(messages)
    changed += erase_message_texts(erasure, messages)
    changed += TrainingExample.objects.filter(case__in=cases).delete()[0]
    changed += erase_answers_of(cases, _scrubber(erasure))  # before the employer, which it hides, goes
    changed += erase_cases(erasure, cases)
    return changed


# --- Staff notifications and stored task arguments


def _json_mentions(identifiers, field: str) -> Q:
    """Rows whose JSON (cast to text in `field`) holds an identifier, as stored or escaped."""
    query = Q(pk__in=[])
    for text in identifiers:
        query |= Q(**{f"{field}__icontains": text}) | Q(**{f"{field}__icontains": json.dumps(text)[1:-1]})
    return query


def _text_pattern(texts) -> re.Pattern | None:
    texts = sorted({text for text in texts if len(text.strip()) >= MIN_IDENTIFIER_LENGTH}, key=len, reverse=True)
    return re.compile("|".join(re.escape(text) for text in texts), re.IGNORECASE) if texts else None


def _replace_all(value, replace):
    """`replace` applied to every string inside a JSON value."""
    if isinstance(value, str):
        return replace(value)
    if isinstance(value, list):
        return [_replace_all(item, replace) for item in value]
    if isinstance(value, dict):
        return {key: _replace_all(item, replace) for key, item in value.items()}
    return value


def _notice_scrubber(erasure: Erasure, cases):
    """A text without the worker's identifiers and, where it names one of their cases by
    its code (a critical case's notice quotes the subject), without the case's subject."""
    codes = list(cases.values_list("code", flat=True))
    subjects = _text_pattern(cases.values_list("subject", flat=True))
    names = _text_pattern(erasure.identifiers)
    erased = erased_text()

    def scrub(text: str) -> str:
        if subjects is not None and any(code in text for code in codes):
            text = subjects.sub(erased, text)
        return names.sub(erasure.pseudonym, text) if names is not None else text

    return codes, scrub


def erase_notices(erasure: Erasure) -> int:
    """Staff notifications and the arguments and results of background tasks (the e-mailed
    notice of a critical case) lose the worker's identifiers and their cases' subjects."""
    codes, scrub = _notice_scrubber(erasure, _cases(_contact(erasure)))
    texts = [*erasure.identifiers, *codes]
    if not texts:
        return 0
    changed = 0
    mentions = Q(pk__in=[])
    for text in texts:
        mentions |= Q(message__icontains=text)
    for notification in Notification.objects.filter(mentions).only("message"):
        message = scrub(notification.message)[:500]
        if message != notification.message:
            Notification.objects.filter(pk=notification.pk).update(message=message)
            changed += 1
    tasks = DBTaskResult.objects.annotate(
        args_text=Cast("args_kwargs", TextField()), result_text=Cast("return_value", TextField())
    )
    found = _json_mentions(texts, "args_text") | _json_mentions(texts, "result_text")
    for result in tasks.filter(found).only("args_kwargs", "return_value"):
        args, value = _replace_all(result.args_kwargs, scrub), _replace_all(result.return_value, scrub)
        if (args, value) != (result.args_kwargs, result.return_value):
            DBTaskResult.objects.filter(pk=result.pk).update(args_kwargs=args, return_value=value)
            changed += 1
    return changed


def export_nothing(contact: Contact) -> list[Table]:
    """Staff notifications and task arguments are staff's work, not the worker's data."""
    return []


# --- Wagtail's audit log and the access records, for a contact


def erase_contact_from_audit_log(erasure: Erasure) -> int:
    """Entries about the contact take the pseudonym as label; every entry mentioning the
    worker has the identifiers replaced (as `privacy.accounts` does for staff)."""
    if not erasure.identifiers:
        return 0
    pattern = identifier_pattern(erasure.identifiers)
    contact_type = ContentType.objects.get_for_model(Contact)
    person_key = (contact_type.pk, str(erasure.person.pk))
    changed = 0
    for model in LOG_MODELS:
        entries = model.objects.annotate(data_text=Cast("data", TextField()))
        about = Q(content_type=contact_type, object_id=person_key[1]) if model is ModelLogEntry else Q(pk__in=[])
        for entry in entries.filter(about | _mentions(erasure.identifiers)).iterator():
            is_about = model is ModelLogEntry and (entry.content_type_id, entry.object_id) == person_key
            label = erasure.pseudonym if is_about else pattern.sub(erasure.pseudonym, entry.label)
            data = _replace(entry.data, pattern, erasure.pseudonym)
            if label != entry.label or data != entry.data:
                model.objects.filter(pk=entry.pk).update(label=label, data=data)
                changed += 1
    return changed


def _access_about(contact: Contact):
    contact_type = ContentType.objects.get_for_model(Contact)
    return AccessRecord.objects.filter(subject_type=contact_type, subject_id=str(contact.pk))


def export_contact_access_records(contact: Contact) -> list[Table]:
    rows = _access_rows(_access_about(contact))
    return [Table("access_about", gettext("Who read or exported your data"), ACCESS_COLUMNS, rows)]


def erase_contact_from_access_records(erasure: Erasure) -> int:
    """Records stay (who read the worker's data is accounted for) under the pseudonym."""
    changed = _access_about(erasure.person).update(subject_label=erasure.pseudonym)
    return changed + scrub_access_mentions(erasure)


# Order matters: every eraser before the last reads the contact's identifiers and cases.
register_personal_data(
    "inbox.audit_log",
    label=_("Changes made"),
    person_model=Contact,
    exporter=export_nothing,
    eraser=erase_contact_from_audit_log,
)
register_personal_data(
    "inbox.access_records",
    label=_("Access records"),
    person_model=Contact,
    exporter=export_contact_access_records,
    eraser=erase_contact_from_access_records,
)
register_personal_data(
    "inbox.notices",
    label=_("Staff notifications and background tasks"),
    person_model=Contact,
    exporter=export_nothing,
    eraser=erase_notices,
)
register_personal_data(
    "inbox.messages",
    label=_("Cases and messages"),
    person_model=Contact,
    exporter=export_messages,
    eraser=erase_messages,
)
register_personal_data(
    "inbox.contact",
    label=_("Contact details"),
    person_model=Contact,
    exporter=export_contact,
    eraser=erase_contact,
)

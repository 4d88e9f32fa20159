"""What a worker may do with nothing but a tracking code (Law 91/2025/QH15, Art. 4 and
Decree 356/2025): read everything the inbox holds about them, and have it erased.

The code stands for the person: whoever holds it gets the contact behind the case, with
all of that contact's cases (a Zalo or Messenger account's several cases are one person's
data). Both are recorded in the access records under "the sender (own request)", since
there is no account to name; the erasure also in Wagtail's audit log, with the counts.

The public pages (another module) call:

    export_for_code(code) -> bytes | None         # UTF-8 JSON; None: no such code
    erase_for_code(code, actor=None) -> dict[str, int] | None   # counts per source; None: no such code

`erase_contact(contact, actor=None)` is the same erasure for staff taking a request on the
phone or at the desk (they must be allowed to manage the worker's cases).
"""

from __future__ import annotations

import json

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext
from wagtail.log_actions import log

from lantoa.privacy.actions import erase_everywhere, record_access
from lantoa.privacy.models import AccessAction, AccessRecord, AccessRecordUnit
from lantoa.privacy.registry import SOURCES, Table
from lantoa.vi import formats

from .forms import normalize_code
from .models import Case, Contact
from .personal_data import contact_units, may_manage_contact

# What the worker's own export holds: what they told us and what they were answered.
SELF_SERVICE_SOURCES = ("inbox.contact", "inbox.messages")


def contact_of_code(code: str) -> Contact | None:
    """The worker behind the case with this tracking code, typed any usual way."""
    normal = normalize_code(code) if isinstance(code, str) else None
    if normal is None:
        return None
    return Contact.objects.filter(cases__code=normal).first()


def sender_label() -> str:
    """Who the access record names when the worker acted with their code."""
    with translation.override(settings.LANGUAGE_CODE):
        return gettext("the sender (own request)")


def _record_by_sender(contact: Contact, *, action: str, subject_label: str, description: str) -> AccessRecord:
    """An access record with no account behind it (`record_access` needs a user)."""
    record = AccessRecord.objects.create(
        at=timezone.now(),
        actor=None,
        actor_label=sender_label(),
        action=action,
        subject_type=ContentType.objects.get_for_model(Contact),
        subject_id=str(contact.pk),
        subject_label=subject_label[:255],
        description=description[:255],
    )
    AccessRecordUnit.objects.bulk_create(AccessRecordUnit(record=record, unit_id=pk) for pk in contact_units(contact))
    return record


# --- Export


def _as_json(table: Table) -> dict:
    return {"key": table.key, "title": table.title, "columns": dict(table.columns), "rows": table.rows}


def export_for_code(code: str) -> bytes | None:
    """Everything the inbox holds about the worker behind `code` and the answers they got,
    as UTF-8 JSON (Vietnamese titles); None when no case has this code."""
    contact = contact_of_code(code)
    if contact is None:
        return None
    with translation.override(settings.LANGUAGE_CODE):
        tables = [table for key in SELF_SERVICE_SOURCES for table in SOURCES[key].exporter(contact)]
        description = gettext("Personal data export")
    document = {
        "code": normalize_code(code),
        "exported_at": formats.datetime_(timezone.now()),
        "tables": [_as_json(table) for table in tables],
    }
    with transaction.atomic():
        _record_by_sender(contact, action=AccessAction.EXPORT, subject_label=contact.pseudonym, description=description)
    return json.dumps(document, ensure_ascii=False, indent=2).encode("utf-8")


# --- Erasure


@transaction.atomic
def erase_contact(contact: Contact, *, actor=None) -> dict[str, int]:
    """Run every registered eraser for the worker in one transaction (files are deleted
    once it commits); returns the rows each changed. `actor` None: the worker's own
    request by their code; otherwise a staff member who may manage the worker's cases."""
    contact = Contact.objects.select_for_update().get(pk=contact.pk)
    list(Case.objects.select_for_update().filter(contact=contact).values_list("pk", flat=True))
    if actor is not None and not may_manage_contact(actor, contact):
        raise PermissionDenied
    erasure, counts = erase_everywhere(contact, actor=actor)
    with translation.override(settings.LANGUAGE_CODE):
        description = gettext("Personal data erased")
    if actor is None:
        _record_by_sender(contact, action=AccessAction.ERASE, subject_label=erasure.pseudonym, description=description)
    else:
        units = contact_units(contact)
        record_access(actor, action=AccessAction.ERASE, subject=contact, units=units,
                      subject_label=erasure.pseudonym, description=description)  # fmt: skip
    contact.refresh_from_db()
    log(contact, "lantoa.privacy.erase", user=actor, data={"counts": counts})
    return counts


def erase_for_code(code: str, actor=None) -> dict[str, int] | None:
    """Erase the worker behind `code` (see `erase_contact`); None when no case has this code."""
    contact = contact_of_code(code)
    if contact is None:
        return None
    return erase_contact(contact, actor=actor)

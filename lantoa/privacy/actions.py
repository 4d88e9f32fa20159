"""Every write of the privacy app: access records, a person's export and erasure, the
retention purges and the breach register.

`record_access` writes the accountability record itself, so it adds no entry to Wagtail's
audit log (that would log the log); every other action does.
"""

from __future__ import annotations

import datetime
import hashlib
import hmac
from collections.abc import Iterable
from dataclasses import dataclass
from importlib import import_module

from axes.helpers import get_client_ip_address
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from wagtail.log_actions import log
from wagtail.models import ModelLogEntry, PageLogEntry

from lantoa.org import scope
from lantoa.org.models import Role, Unit
from lantoa.org.roles import ADMINISTER

from .models import AccessAction, AccessRecord, AccessRecordUnit, Breach
from .queries import may_oversee
from .registry import Erasure, Table, person_model_of, sources_for

REQUEST_MARK = "_lantoa_access_recorded"
DEFAULT_LOG_RETENTION_DAYS = 365


# --- The access record


def client_ip(request) -> str | None:
    """The client's address as the sign-in throttle reads it (behind a proxy: BEHIND_PROXY)."""
    return get_client_ip_address(request) or None


def _unit_ids(units: Iterable) -> set[int]:
    return {unit.pk if isinstance(unit, Unit) else int(unit) for unit in units}


def record_access(
    request_or_user,
    *,
    action: str,
    subject=None,
    units: Iterable = (),
    description: str = "",
    subject_label: str | None = None,
) -> AccessRecord:
    """Record that a user read or exported personal data, or downloaded an export file.

    The record belongs to `units` and to the units where the actor holds a role. Given the
    request, it also keeps the address and path, and marks the request so the middleware
    does not record the same response twice."""
    request = request_or_user if hasattr(request_or_user, "META") else None
    actor = request.user if request is not None else request_or_user
    unit_ids = _unit_ids(units) | set(Role.objects.filter(user=actor).values_list("unit_id", flat=True))
    with transaction.atomic():
        record = AccessRecord.objects.create(
            at=timezone.now(),
            actor=actor,
            actor_label=actor.get_username()[:255],
            action=action,
            subject_type=ContentType.objects.get_for_model(subject) if subject is not None else None,
            subject_id=str(subject.pk) if subject is not None else "",
            subject_label=(subject_label if subject_label is not None else str(subject or ""))[:255],
            description=description[:255],
            path=request.get_full_path()[:500] if request is not None else "",
            ip=client_ip(request) if request is not None else None,
        )
        AccessRecordUnit.objects.bulk_create(AccessRecordUnit(record=record, unit_id=pk) for pk in sorted(unit_ids))
    if request is not None:
        setattr(request, REQUEST_MARK, True)
    return record


REQUEST_NOTE = "_lantoa_access_note"


def note_access(request, *, subject=None, units: Iterable = ()) -> None:
    """Name what a download is about; the middleware records it if the response is a file."""
    setattr(request, REQUEST_NOTE, {"subject": subject, "units": list(units)})


def person_units(person) -> list[int]:
    """The units the person's data belongs to: a staff account's roles' units, a worker's
    cases' units (each kind of person says, `register_person_model(units=…)`)."""
    return list(person_model_of(person).units(person))


# --- A person's export and erasure


@dataclass(frozen=True)
class PersonExport:
    person: object
    exported_at: datetime.datetime
    tables: list[Table]


def _check_may_manage(person, actor) -> None:
    if not may_oversee(actor) or not person_model_of(person).may_manage(actor, person):
        raise PermissionDenied


def do_export_person(person, *, actor, request=None) -> PersonExport:
    """Everything the registered sources hold about `person`, recorded as an export."""
    _check_may_manage(person, actor)
    tables = [table for source in sources_for(person) for table in source.exporter(person)]
    with transaction.atomic():
        record_access(
            request or actor,
            action=AccessAction.EXPORT,
            subject=person,
            units=person_units(person),
            description=_("Personal data export"),
        )
        log(person, "lantoa.privacy.export", user=actor)
    return PersonExport(person, timezone.now(), tables)


def pseudonym_code(person) -> str:
    """Eight hex digits, the same for a person every time, not reversible without SECRET_KEY."""
    message = f"{person._meta.label_lower}:{person.pk}".encode()
    return hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).hexdigest()[:8]


def pseudonym(person) -> str:
    with translation.override(settings.LANGUAGE_CODE):
        return _("Deleted user #%(code)s") % {"code": pseudonym_code(person)}


@transaction.atomic
def do_erase_person(person, *, actor, request=None) -> dict[str, int]:
    """Erase `person`: every registered source blanks, removes or pseudonymises what it holds.

    Returns the number of rows each source changed; those counts, not the person, are
    kept in the audit log entry. The erasure itself is recorded under the pseudonym."""
    _check_may_manage(person, actor)
    if person == actor:  # model equality: a worker whose id is the actor's is someone else
        raise ValidationError(_("You cannot erase your own account."))
    units = person_units(person)
    erasure, counts = erase_everywhere(person, actor=actor)
    record_access(
        request or actor,
        action=AccessAction.ERASE,
        subject=person,
        units=units,
        subject_label=erasure.pseudonym,
        description=_("Personal data erased"),
    )
    person.refresh_from_db()
    log(person, "lantoa.privacy.erase", user=actor, data={"counts": counts})
    return counts


def erase_everywhere(person, *, actor) -> tuple[Erasure, dict[str, int]]:
    """Run every registered eraser for `person`; the rights were checked by the caller.
    Returns the erasure (with the person's pseudonym) and the rows each source changed."""
    erasure = Erasure(
        person=person, pseudonym=pseudonym(person), identifiers=tuple(person_model_of(person).identifiers(person)),
        actor=actor,
    )  # fmt: skip
    counts = {source.key: source.eraser(erasure) for source in sources_for(person) if source.eraser is not None}
    return erasure, counts


# --- Retention


def log_retention_days() -> int:
    return int(getattr(settings, "LANTOA_LOG_RETENTION_DAYS", DEFAULT_LOG_RETENTION_DAYS))


def do_purge_access_records(*, now: datetime.datetime | None = None) -> int:
    """Delete access records older than LANTOA_LOG_RETENTION_DAYS (a system job: no actor)."""
    cutoff = (now or timezone.now()) - datetime.timedelta(days=log_retention_days())
    deleted, _per_model = AccessRecord.objects.filter(at__lt=cutoff).delete()
    return deleted


def do_purge_audit_log(*, now: datetime.datetime | None = None) -> int:
    """Delete Wagtail audit-log entries older than LANTOA_AUDIT_LOG_RETENTION_DAYS; 0 (the
    default) keeps them: they are the history of the union's official records."""
    days = int(getattr(settings, "LANTOA_AUDIT_LOG_RETENTION_DAYS", 0))
    if days <= 0:
        return 0
    cutoff = (now or timezone.now()) - datetime.timedelta(days=days)
    return sum(model.objects.filter(timestamp__lt=cutoff).delete()[0] for model in (ModelLogEntry, PageLogEntry))


def do_purge_expired_sessions() -> None:
    """Delete expired sessions from the session store (what `clearsessions` does)."""
    import_module(settings.SESSION_ENGINE).SessionStore.clear_expired()


# --- The breach register

# The fields staff fill in, in the form's order.
BREACH_FIELDS = (
    "unit",
    "title",
    "description",
    "occurred_at",
    "discovered_at",
    "data_affected",
    "people_affected",
    "authority_notified_at",
    "authority_reference",
    "people_notified_at",
    "people_notification",
    "measures",
)


def _check_breach_unit(actor, unit: Unit | None) -> None:
    if not may_oversee(actor) or unit is None or not scope.has_perm(actor, ADMINISTER, unit.pk):
        raise PermissionDenied


@transaction.atomic
def do_save_breach(breach: Breach, *, actor, **fields) -> Breach:
    """Record a breach (no pk) or update it; the actor must oversee its unit, before and after."""
    created = breach.pk is None
    if not created:
        _check_breach_unit(actor, Breach.objects.select_related("unit").get(pk=breach.pk).unit)
    for name, value in fields.items():
        if name in BREACH_FIELDS:
            setattr(breach, name, value)
    _check_breach_unit(actor, breach.unit if breach.unit_id else None)
    if created:
        breach.recorded_by = actor
    breach.full_clean()
    breach.save()
    log(breach, "wagtail.create" if created else "wagtail.edit", user=actor)
    return breach

"""The staff account's part of a person's data: the account and its roles, what the
person did in Wagtail's audit log, the access records by and about them, and their uploads.

Registered in this order; the account itself is erased last, since the other erasers
search for the person's names before they are blanked.
"""

from __future__ import annotations

import json
import re

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q, TextField
from django.db.models.functions import Cast
from django.utils.translation import gettext_lazy as _
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import ModelLogEntry, PageLogEntry

from lantoa.org import actions as org_actions
from lantoa.org.models import Role

from .models import AccessRecord
from .queries import may_manage_account
from .registry import Erasure, Table, register_person_model, register_personal_data

User = get_user_model()
LOG_MODELS = (ModelLogEntry, PageLogEntry)
MIN_IDENTIFIER_LENGTH = 3


def account_identifiers(user) -> list[str]:
    """Texts that name the account's holder, longest first (replaced in that order)."""
    names = {user.get_full_name(), f"{user.first_name} {user.last_name}".strip(), user.get_username(), user.email}
    return sorted((n for n in names if len(n.strip()) >= MIN_IDENTIFIER_LENGTH), key=len, reverse=True)


def account_units(user) -> list[int]:
    """The units a staff account holds roles in (the units its data belongs to)."""
    return list(Role.objects.filter(user_id=user.pk).values_list("unit_id", flat=True))


register_person_model(User, may_manage=may_manage_account, identifiers=account_identifiers, units=account_units)


def _when(value) -> str:
    return value.isoformat() if value else ""


# --- Account and roles


def export_account(user) -> list[Table]:
    account = Table(
        "account",
        str(_("Account")),
        (
            ("username", str(_("username"))),
            ("last_name", str(_("family name"))),
            ("first_name", str(_("middle and given names"))),
            ("email", str(_("email address"))),
            ("is_active", str(_("active"))),
            ("date_joined", str(_("created on"))),
            ("last_login", str(_("last sign-in"))),
        ),
        [
            {
                "username": user.get_username(),
                "last_name": user.last_name,
                "first_name": user.first_name,
                "email": user.email,
                "is_active": user.is_active,
                "date_joined": _when(user.date_joined),
                "last_login": _when(user.last_login),
            }
        ],
    )
    roles = Table(
        "roles",
        str(_("Roles")),
        (
            ("unit", str(_("unit"))),
            ("role", str(_("role"))),
            ("title", str(_("position"))),
            ("given", str(_("given on"))),
        ),
        [
            {"unit": r.unit.name, "role": str(r.get_kind_display()), "title": r.title, "given": _when(r.created_at)}
            for r in Role.objects.filter(user=user).select_related("unit").order_by("created_at")
        ],
    )
    return [account, roles]


def erase_account(erasure: Erasure) -> int:
    """Remove roles and access, blank the account's personal fields and put the pseudonym in its name."""
    from wagtail.admin.models import EditingSession
    from wagtail.models import APIToken, PageSubscription
    from wagtail.users.models import UserProfile

    user = User.objects.get(pk=erasure.person.pk)
    # Renamed first, so the role removals below are logged under the pseudonym.
    code = erasure.pseudonym.rpartition("#")[2]
    user.username = f"da-xoa-{code}"
    user.last_name, _sep, rest = erasure.pseudonym.rpartition(" #")
    user.first_name = f"#{rest}"
    user.email = ""
    user.is_active = user.is_staff = user.is_superuser = False
    user.set_unusable_password()
    user.save()
    changed = 1
    for role in Role.objects.filter(user=user).select_related("unit", "user"):
        org_actions.do_remove_role(role, actor=erasure.actor)
        changed += 1
    user.groups.clear()
    user.user_permissions.clear()
    for model in (APIToken, PageSubscription, EditingSession):
        changed += model.objects.filter(user=user).delete()[0]
    for profile in UserProfile.objects.filter(user=user):
        if profile.avatar:
            profile.avatar.delete(save=False)
        changed += profile.delete()[0]
    return changed


# --- Wagtail's audit log and site history


def export_audit_log(user) -> list[Table]:
    columns = (("time", str(_("time"))), ("action", str(_("action"))), ("object", str(_("object"))))
    rows = []
    for model in LOG_MODELS:
        entries = model.objects.filter(user_id=user.pk).order_by("timestamp")
        rows += [{"time": _when(e.timestamp), "action": e.action, "object": e.label} for e in entries]
    rows.sort(key=lambda row: row["time"])
    return [Table("audit_log", str(_("Changes made")), columns, rows)]


def _mentions(identifiers) -> Q:
    """Entries whose label or data contain an identifier: as stored (PostgreSQL's jsonb text)
    and with non-ASCII letters escaped (json.dumps' form, as SQLite stores JSON)."""
    query = Q(pk__in=[])
    for text in identifiers:
        escaped = json.dumps(text)[1:-1]
        query |= Q(label__icontains=text) | Q(data_text__icontains=text) | Q(data_text__icontains=escaped)
    return query


def _replace(value, pattern: re.Pattern, pseudonym: str):
    if isinstance(value, str):
        return pattern.sub(pseudonym, value)
    if isinstance(value, list):
        return [_replace(item, pattern, pseudonym) for item in value]
    if isinstance(value, dict):
        return {key: _replace(item, pattern, pseudonym) for key, item in value.items()}
    return value


def identifier_pattern(identifiers) -> re.Pattern:
    return re.compile("|".join(re.escape(text) for text in identifiers), re.IGNORECASE)


def erase_from_audit_log(erasure: Erasure) -> int:
    """Replace the person's names in the label and data of every entry that mentions them
    (entries they made keep pointing at the account, which now carries the pseudonym)."""
    if not erasure.identifiers:
        return 0
    pattern = identifier_pattern(erasure.identifiers)
    user_type = ContentType.objects.get_for_model(User)
    person_key = (user_type.pk, str(erasure.person.pk))
    changed = 0
    for model in LOG_MODELS:
        entries = model.objects.annotate(data_text=Cast("data", TextField()))
        about = Q(content_type=user_type, object_id=str(erasure.person.pk)) if model is ModelLogEntry else Q(pk__in=[])
        for entry in entries.filter(about | _mentions(erasure.identifiers)).iterator():
            data = _replace(entry.data, pattern, erasure.pseudonym)
            is_about = model is ModelLogEntry and (entry.content_type_id, entry.object_id) == person_key
            label = erasure.pseudonym if is_about else pattern.sub(erasure.pseudonym, entry.label)
            if label != entry.label or data != entry.data:
                model.objects.filter(pk=entry.pk).update(label=label, data=data)
                changed += 1
    return changed


# --- Access records


ACCESS_COLUMNS = (
    ("time", str(_("time"))),
    ("user", str(_("user"))),
    ("action", str(_("action"))),
    ("about", str(_("about"))),
    ("what", str(_("what"))),
    ("ip", str(_("IP address"))),
)


def _access_rows(records) -> list[dict]:
    return [
        {
            "time": _when(r.at),
            "user": r.actor_label,
            "action": str(r.get_action_display()),
            "about": r.subject_label,
            "what": r.description or r.path,
            "ip": r.ip or "",
        }
        for r in records.order_by("at", "pk")
    ]


def _about(user):
    return AccessRecord.objects.filter(subject_type=ContentType.objects.get_for_model(User), subject_id=str(user.pk))


def export_access_records(user) -> list[Table]:
    return [
        Table("access_about", str(_("Who read or exported your data")), ACCESS_COLUMNS, _access_rows(_about(user))),
        Table("access_by", str(_("Personal data you read or exported")), ACCESS_COLUMNS, _access_rows(
            AccessRecord.objects.filter(actor_id=user.pk)
        )),
    ]  # fmt: skip


def erase_from_access_records(erasure: Erasure) -> int:
    """Records stay (they account for who read what) but name the person by the pseudonym;
    the addresses the person used are dropped."""
    by = AccessRecord.objects.filter(actor_id=erasure.person.pk).update(actor_label=erasure.pseudonym, ip=None)
    about = _about(erasure.person).update(subject_label=erasure.pseudonym)
    return by + about + scrub_access_mentions(erasure)


def scrub_access_mentions(erasure: Erasure) -> int:
    """Access records whose description, subject or address names the person: the name
    replaced by the pseudonym, the address dropped. Any kind of person (staff, a worker)."""
    if not erasure.identifiers:
        return 0
    pattern = identifier_pattern(erasure.identifiers)
    mentions = Q(pk__in=[])
    for text in erasure.identifiers:
        mentions |= Q(description__icontains=text) | Q(subject_label__icontains=text) | Q(path__icontains=text)
    changed = 0
    for record in AccessRecord.objects.filter(mentions).only("description", "subject_label", "path"):
        AccessRecord.objects.filter(pk=record.pk).update(
            description=pattern.sub(erasure.pseudonym, record.description)[:255],
            subject_label=pattern.sub(erasure.pseudonym, record.subject_label)[:255],
            path=pattern.sub("", record.path),
        )
        changed += 1
    return changed


# --- Uploaded images and documents (metadata; the files are the union's material)


def export_uploads(user) -> list[Table]:
    columns = (
        ("kind", str(_("kind"))),
        ("title", str(_("title"))),
        ("file", str(_("file"))),
        ("collection", str(_("collection"))),
        ("uploaded", str(_("uploaded on"))),
    )
    rows = []
    for kind, model in ((str(_("image")), get_image_model()), (str(_("document")), get_document_model())):
        for item in model.objects.filter(uploaded_by_user_id=user.pk).select_related("collection").order_by("pk"):
            rows.append(
                {
                    "kind": kind,
                    "title": item.title,
                    "file": item.file.name,
                    "collection": item.collection.name,
                    "uploaded": _when(item.created_at),
                }
            )
    return [Table("uploads", str(_("Uploaded images and documents")), columns, rows)]


register_personal_data(
    "audit_log", label=_("Changes made"), person_model=User, exporter=export_audit_log, eraser=erase_from_audit_log
)
register_personal_data(
    "access_records",
    label=_("Access records"),
    person_model=User,
    exporter=export_access_records,
    eraser=erase_from_access_records,
)
register_personal_data("uploads", label=_("Uploaded images and documents"), person_model=User, exporter=export_uploads)
register_personal_data(
    "account", label=_("Account and roles"), person_model=User, exporter=export_account, eraser=erase_account
)

"""Edits that never silently overwrite each other (optimistic concurrency).

An edit form carries, in a hidden field, the version of the row it was opened on and a
fingerprint of each of its fields' values then (`OpenedVersion`). The save action locks the
row (`select_for_update`) and calls `check_version`: when the row has been saved since, and a
field changed meanwhile would be overwritten with something else, it raises `EditConflict`,
a ValidationError saying who saved, when, and for each such field the value typed → the
value stored. Nothing is written; the view shows the error on the re-rendered form, which
keeps what the person typed and now carries the new version, so saving again is a
deliberate choice. A save that overwrites nothing anyone changed goes through.

A row's version is its latest revision (id and time: an autosave overwrites a revision in
place) for Wagtail `RevisionMixin` models, else a `version` integer field that the save
action increments. Imports and other writers that pass no version are the last writer.
"""

from __future__ import annotations

import datetime
import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django import forms
from django.core import signing
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models
from django.utils import timezone
from django.utils.text import Truncator, capfirst
from django.utils.translation import gettext as _
from wagtail.admin.utils import get_user_display_name
from wagtail.log_actions import registry as log_registry
from wagtail.models import Revision, RevisionMixin

from lantoa.vi import formats

VERSION_FIELD = "opened_version"
SALT = "lantoa.core.concurrency"
SHOWN_CHARS = 80


@dataclass(frozen=True)
class OpenedVersion:
    """The version a form was opened on, and a fingerprint of each field's value then."""

    version: str
    fingerprints: Mapping[str, str] = field(default_factory=dict)

    def dumps(self) -> str:
        return signing.dumps([self.version, dict(self.fingerprints)], salt=SALT, compress=True)

    @classmethod
    def loads(cls, text: str | None) -> OpenedVersion | None:
        try:
            version, fingerprints = signing.loads(text or "", salt=SALT)
        except (signing.BadSignature, TypeError, ValueError):
            return None
        return cls(str(version), {str(k): str(v) for k, v in dict(fingerprints).items()})


@dataclass(frozen=True)
class Change:
    label: str
    yours: str
    saved: str


class EditConflict(ValidationError):
    """Someone saved the row after the form was opened; `current` is the version to carry."""

    def __init__(self, messages: list[str], *, changes: list[Change], current: OpenedVersion):
        super().__init__(messages, code="edit_conflict")
        self.changes, self.current = changes, current


# --- Versions and fingerprints


def version_of(row: models.Model) -> str:
    rows = type(row)._default_manager.filter(pk=row.pk)
    if isinstance(row, RevisionMixin):
        revision_id, saved_at = rows.values_list("latest_revision_id", "latest_revision__created_at").get()
        return f"{revision_id or 0}@{saved_at.isoformat() if saved_at else ''}"
    return str(rows.values_list("version", flat=True).get())


def content_of(row: models.Model) -> models.Model:
    """What an edit form of the row shows: the latest revision may be ahead of the row."""
    return row.get_latest_revision_as_object() if isinstance(row, RevisionMixin) else row


def opened_version(content: models.Model, names: Iterable[str]) -> OpenedVersion:
    """The version of `content`'s row now, with a fingerprint of each named field of `content`."""
    fingerprints = {}
    for name in names:
        model_field = _model_field(content, name)
        if model_field is not None:
            fingerprints[name] = _fingerprint(model_field, _stored(content, model_field))
    return OpenedVersion(version_of(content), fingerprints)


def _model_field(instance, name: str):
    try:
        return instance._meta.get_field(name)
    except FieldDoesNotExist:
        return None


def _stored(instance, model_field) -> Any:
    if model_field.one_to_many or model_field.many_to_many:
        return list(getattr(instance, model_field.name).all())
    if model_field.is_relation:
        return getattr(instance, model_field.name)
    return model_field.value_from_object(instance)


def _plain(value: Any) -> Any:
    if isinstance(value, models.Model):
        return value.pk
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    return value


def _child_values(child: models.Model) -> list:
    kept = [f for f in child._meta.concrete_fields if not (f.primary_key or f.is_relation or f.name == "sort_order")]
    return [_plain(f.value_from_object(child)) for f in kept]


def _fingerprint(model_field, value: Any) -> str:
    if model_field.one_to_many:
        comparable = [_child_values(child) for child in value]
    elif model_field.many_to_many:
        comparable = sorted(_plain(item) for item in value)
    else:
        comparable = _plain(value)
    text = json.dumps(comparable, default=str, sort_keys=True)
    return hashlib.blake2s(text.encode(), digest_size=6).hexdigest()


# --- The check


def check_version(
    row: models.Model,
    opened: OpenedVersion | None,
    *,
    submitted: Mapping[str, Any],
    form_fields: Mapping[str, forms.Field] | None = None,
) -> None:
    """Raise EditConflict if saving `submitted` over `row` would undo a change made since `opened`.

    Must run inside the save's transaction with `row` locked (`select_for_update`), so two
    saves of the same version cannot both pass. `opened=None` checks nothing (last writer
    wins). `form_fields` gives the labels and choices the person saw."""
    if opened is None or version_of(row) == opened.version:
        return
    stored = content_of(row)
    changes = _changes(stored, opened, submitted, form_fields or {})
    if changes:
        current = opened_version(stored, opened.fingerprints)
        raise EditConflict(_conflict_messages(row, changes), changes=changes, current=current)


def _changes(stored, opened: OpenedVersion, submitted: Mapping[str, Any], form_fields) -> list[Change]:
    changes = []
    for name, fingerprint in opened.fingerprints.items():
        model_field = _model_field(stored, name)
        if model_field is None or name not in submitted:
            continue
        saved = _stored(stored, model_field)
        saved_fingerprint = _fingerprint(model_field, saved)
        if saved_fingerprint in (fingerprint, _fingerprint(model_field, submitted[name])):
            continue  # nobody else changed it, or the person typed what is stored
        form_field = form_fields.get(name)
        shown_by = form_field or model_field
        yours, saved_text = _shown(submitted[name], shown_by), _shown(saved, shown_by)
        changes.append(Change(_label(model_field, form_field), yours, saved_text))
    return changes


def _label(model_field, form_field) -> str:
    if form_field is not None and form_field.label:
        return capfirst(str(form_field.label))
    if model_field.one_to_many:
        return capfirst(str(model_field.related_model._meta.verbose_name_plural))
    return capfirst(str(model_field.verbose_name))


def _choices(shown_by) -> dict:
    if isinstance(shown_by, forms.ModelChoiceField | forms.ModelMultipleChoiceField):
        return {}
    if isinstance(shown_by, forms.Field):
        choices = getattr(shown_by, "choices", None) or []
    else:
        choices = getattr(shown_by, "flatchoices", None) or []
    return {str(value): label for value, label in choices if not isinstance(label, list | tuple)}


def _shown(value: Any, shown_by) -> str:
    """A value as the person reads it: labels of choices, dd/mm/yyyy, 1.234.567, "—" for nothing."""
    if value is None or value == "" or value == []:
        return "—"
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, list | tuple | models.QuerySet):
        return Truncator("; ".join(_shown(item, shown_by) for item in value)).chars(SHOWN_CHARS)
    if isinstance(value, models.Model):
        return Truncator(str(value)).chars(SHOWN_CHARS)
    choices = _choices(shown_by)
    if str(value) in choices:
        return str(choices[str(value)])
    if isinstance(value, datetime.datetime):
        return formats.datetime_(value)
    if isinstance(value, datetime.date):
        return formats.date(value)
    if isinstance(value, int | Decimal):
        return formats.number(value)
    lines = (" ".join(line.split()) for line in str(value).splitlines())
    return Truncator("; ".join(line for line in lines if line)).chars(SHOWN_CHARS)


def last_saved(row: models.Model) -> tuple[Any, datetime.datetime | None]:
    """Who saved the row last, and when: its latest revision, else its latest audit log entry."""
    if isinstance(row, RevisionMixin) and row.latest_revision_id:
        revision = Revision.objects.select_related("user").get(pk=row.latest_revision_id)
        return revision.user, revision.created_at
    entry = log_registry.get_logs_for_instance(row).select_related("user").order_by("-timestamp", "-pk").first()
    if entry is not None:
        return entry.user, entry.timestamp
    return None, getattr(row, "updated_at", None)


def _conflict_messages(row, changes: list[Change]) -> list[str]:
    user, saved_at = last_saved(row)
    when = timezone.localtime(saved_at).strftime("%H:%M %d/%m/%Y") if saved_at else "—"
    values = {"thing": row._meta.verbose_name, "time": when}
    if user is not None:
        values["who"] = get_user_display_name(user)
        heading = _("Someone else (%(who)s) saved this %(thing)s at %(time)s while you were editing it.") % values
    else:
        heading = _("Someone else saved this %(thing)s at %(time)s while you were editing it.") % values
    lines = [
        _("%(field)s: yours «%(yours)s» → saved «%(saved)s»")
        % {"field": change.label, "yours": change.yours, "saved": change.saved}
        for change in changes
    ]
    advice = _("What you typed is still in the form: compare it with the saved values above and save again to keep it.")
    return [heading, *lines, advice]


# --- Forms


class VersionedForm:
    """A model form mixin: the hidden field carrying the version the form was opened on.

    Put it before the form's base class. Every model field the form shows, and its inline
    formsets, are fingerprinted."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields[VERSION_FIELD] = forms.CharField(required=False, widget=forms.HiddenInput)
        if self.instance.pk is not None:
            # Callable: computed only when an unbound form is rendered.
            self.initial[VERSION_FIELD] = lambda: opened_version(self.instance, self.tracked_fields()).dumps()

    def tracked_fields(self) -> list[str]:
        names = [name for name in self.fields if _model_field(self.instance, name) is not None]
        return names + [name for name in getattr(self, "formsets", {}) if _model_field(self.instance, name)]

    def opened(self) -> OpenedVersion | None:
        return OpenedVersion.loads(self.cleaned_data.get(VERSION_FIELD))

    def submitted(self) -> dict[str, Any]:
        """What the person sent, by field name; an inline formset gives its kept rows."""
        values = {name: value for name, value in self.cleaned_data.items() if name != VERSION_FIELD}
        for name, formset in getattr(self, "formsets", {}).items():
            deleted = {id(form) for form in formset.deleted_forms} if formset.can_delete else set()
            values[name] = [
                form.instance
                for form in formset.forms
                if id(form) not in deleted and (form.instance.pk is not None or form.has_changed())
            ]
        return values

    def add_error(self, field, error):
        # A conflict re-renders the form with the new version: saving again is deliberate.
        if isinstance(error, EditConflict):
            self.data = self.data.copy()
            self.data[self.add_prefix(VERSION_FIELD)] = error.current.dumps()
        super().add_error(field, error)

    def get_field_updates_for_resave(self):
        """After Wagtail's autosave, the open page's form carries the version just saved."""
        updates = list(super().get_field_updates_for_resave())
        current = opened_version(content_of(self.instance), self.tracked_fields())
        return [*updates, (self.add_prefix(VERSION_FIELD), current.dumps())]


# --- Wagtail edit views of RevisionMixin models (snippets)


class CheckedRevisionEdit:
    """An edit view mixin for a RevisionMixin snippet whose form is a VersionedForm: the
    revision is saved only after `check_version`, on the locked row, in Wagtail's transaction."""

    def save_instance(self):
        if self.view_name != "create":
            row = self.model._default_manager.select_for_update().get(pk=self.object.pk)
            check_version(row, self.form.opened(), submitted=self.form.submitted(), form_fields=self.form.fields)
        return super().save_instance()

    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except EditConflict as conflict:
            form.add_error(None, conflict)
            self.produced_error_code = "edit_conflict"
            self.produced_error_message = self.get_error_message()
            return self.form_invalid(form)

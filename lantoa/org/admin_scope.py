"""Row scoping for Wagtail admin viewsets, built on `lantoa.org.scope`.

Wagtail has no single hook for row-level access: listings, object views, choosers and
bulk actions each look objects up their own way. The mixins here put every one of
those lookups through the scope function, so a viewset only has to use
`ScopedModelViewSet` / `ScopedChooserViewSet` and name the field that leads to the unit.
"""

from __future__ import annotations

import copy
from collections.abc import Callable

from django import forms
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import CharField, Q
from django.db.models.functions import Cast
from django.forms.formsets import ORDERING_FIELD_NAME
from django.http import Http404
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.admin_url_finder import AdminURLFinder
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.forms.choosers import BaseFilterForm
from wagtail.admin.ui.tables import TitleColumn
from wagtail.admin.views import generic
from wagtail.admin.views.generic import chooser as chooser_views
from wagtail.admin.views.generic.history import HistoryView
from wagtail.admin.views.generic.usage import UsageView
from wagtail.admin.viewsets.chooser import ChooserViewSet
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.chooser import BaseChooser
from wagtail.models.audit_log import ModelLogEntryManager
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import policy_registry

from lantoa.vi.columns import capitalised_columns
from lantoa.vi.forms import NamedErrorsMixin
from lantoa.vi.search import filter_folded
from lantoa.vi.text import strip_controls

from . import scope
from .models import Unit

WRITE_ACTIONS = {"add", "change", "delete", "publish", "unpublish", "lock", "unlock"}


def unit_field_for(model) -> str:
    """The lookup from a row to its unit: "pk" for units themselves, else `scope_unit_field`."""
    if model is Unit:
        return "pk"
    return getattr(model, "scope_unit_field", "unit")


def unit_id_of(instance) -> int | None:
    field = unit_field_for(type(instance))
    if field == "pk":
        return instance.pk
    value = instance
    for part in field.split("__"):
        value = getattr(value, part, None)
        if value is None:
            return None
    return value.pk if isinstance(value, Unit) else value


def model_perm(model, action: str) -> str:
    """The permission an admin action needs on a row: "channels.change_channel"; locking
    is part of changing."""
    action = "change" if action in ("lock", "unlock") else action
    return f"{model._meta.app_label}.{action}_{model._meta.model_name}"


def scope_rows(queryset, user, *, perm: str | None = None):
    """Rows the user may read, or, with `perm`, rows of units where the user holds it."""
    field = unit_field_for(queryset.model)
    if field == "pk":
        if perm is None:
            user_scope = scope.scope_for(user)
            return queryset if user_scope.everything else queryset.filter(user_scope.units_q())
        return queryset.filter(pk__in=scope.units_with_perm(user, perm).values("pk"))
    return scope.scope_queryset(queryset, user, unit_field=field, perm=perm)


def can_access(user, instance, *, perm: str | None = None) -> bool:
    unit_id = unit_id_of(instance)
    if perm is None:
        return scope.can_read_unit(user, unit_id)
    return scope.has_perm(user, perm, unit_id)


class ScopedPermissionPolicy(ModelPermissionPolicy):
    """Model permissions (the groups) say whether a user may act at all; the row's unit
    says where: `scope.has_perm` for writes, the reading scope otherwise."""

    def __init__(self, model, *args, **kwargs):
        super().__init__(model, *args, **kwargs)
        register_log_scope(model, scope_rows)

    # Rows governed by another permission than the model's own name it (breaches: ADMINISTER).
    unit_permission: str | None = None

    def scope_perm(self, action: str) -> str | None:
        if action not in WRITE_ACTIONS:
            return None
        return self.unit_permission or model_perm(self.model, action)

    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_permission(user, action) and can_access(user, instance, perm=self.scope_perm(action))

    def instances_user_has_any_permission_for(self, user, actions):
        rows = super().instances_user_has_any_permission_for(user, actions)
        if not set(actions) <= WRITE_ACTIONS:
            return scope_rows(rows, user)
        allowed = Q(pk__in=[])
        everything = self.model._default_manager.all()
        for perm in {self.scope_perm(action) for action in actions}:
            allowed |= Q(pk__in=scope_rows(everything, user, perm=perm).values("pk"))
        return rows.filter(allowed)


def view_perm(view, model, action: str) -> str:
    """The permission an admin view's `action` needs on a row: its scoped policy's (which
    may name another permission, breaches: ADMINISTER) or the model's own."""
    policy = getattr(view, "permission_policy", None)
    if isinstance(policy, ScopedPermissionPolicy):
        return policy.scope_perm(action) or model_perm(model, action)
    return model_perm(model, action)


def is_scoped_model(model) -> bool:
    """Units and every model whose rows belong to a unit (plans, campaigns, channels…)."""
    if model is Unit or hasattr(model, "scope_unit_field"):
        return True
    field = next((f for f in model._meta.get_fields() if f.name == "unit"), None)
    return field is not None and field.is_relation and field.related_model is Unit


def narrow_choices(fields, user, *, perm: str | None) -> None:
    """Limit every field that chooses units or unit-owned rows to those of units where
    `user` holds `perm` (the form's own: a channel form offers the units where the user
    may add channels), or, with perm None, to what the user reads (a listing's filters)."""
    for field in fields.values():
        queryset = getattr(field, "queryset", None)
        if queryset is not None and is_scoped_model(queryset.model):
            field.queryset = scope_rows(queryset, user, perm=perm)


def tolerate_bad_chooser_values(fields) -> None:
    """A chooser re-drawing a rejected form looks its typed value up as an id: a value
    that is no id ("\t", "abc") must show an empty chooser, not raise (Wagtail 8)."""
    for field in fields.values():
        widget = field.widget
        if isinstance(widget, BaseChooser):
            widget.get_instance = _tolerant(widget.get_instance)


def chooser_edit_links_for(fields, user) -> None:
    """A chooser's "Edit" link to the chosen row shows only to a user who may edit that row
    (Wagtail draws it for everyone: a unit officer would follow it to a refusal)."""
    finder = AdminURLFinder(user)
    for field in fields.values():
        widget = field.widget
        if isinstance(widget, BaseChooser):
            widget.get_value_data_from_instance = _user_edit_url(widget.get_value_data_from_instance, finder)


def _user_edit_url(get_value_data_from_instance, finder):
    def get_value_data(instance):
        return {**get_value_data_from_instance(instance), "edit_url": finder.get_edit_url(instance) or ""}

    return get_value_data


def _tolerant(get_instance):
    def tolerant_get_instance(value):
        try:
            return get_instance(value)
        except (ValueError, TypeError, ValidationError):
            return None

    return tolerant_get_instance


def _narrowed_form_class(form_class, user, perm: str):
    class NarrowedForm(form_class):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            narrow_choices(self.fields, user, perm=perm)
            tolerate_bad_chooser_values(self.fields)
            chooser_edit_links_for(self.fields, user)

        def full_clean(self):
            super().full_clean()
            # An untouched extra row skips cleaning; Wagtail's InlinePanel still sorts the
            # rows of a re-drawn form by cleaned_data["ORDER"].
            if ORDERING_FIELD_NAME in self.fields and hasattr(self, "cleaned_data"):
                self.cleaned_data.setdefault(ORDERING_FIELD_NAME, None)

    NarrowedForm.__name__ = NarrowedForm.__qualname__ = form_class.__name__
    return NarrowedForm


class ScopedForm(NamedErrorsMixin, WagtailAdminModelForm):
    """Limits every unit field, and every field choosing rows that belong to a unit, of the
    form and of its inline formsets (a plan's responsibilities, a campaign's budget lines)
    to what the user may change. Forms narrow some fields further after this (a campaign
    may run under a plan received from above: `CampaignForm`)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.for_user is None:
            return
        perm = self.scope_perm()
        narrow_choices(self.fields, self.for_user, perm=perm)
        tolerate_bad_chooser_values(self.fields)
        chooser_edit_links_for(self.fields, self.for_user)
        for formset in self.formsets.values():
            formset.form = _narrowed_form_class(formset.form, self.for_user, perm)

    # A form whose rows are governed by another permission names it (breaches: ADMINISTER).
    unit_permission: str | None = None

    def scope_perm(self) -> str:
        """The permission the form's rows need: adding or changing its model."""
        return self.unit_permission or model_perm(self._meta.model, "change" if self.instance.pk else "add")


class FoldedSearch:
    """Listing search through the rows' folded `search_text` (see lantoa.vi.search): "cong
    doan" finds "Công đoàn" on every database. Models name the fields in FOLDED_SEARCH."""

    def search_queryset(self, queryset):
        fields = getattr(queryset.model, "FOLDED_SEARCH", None)
        if not self.is_searching or not fields:
            return super().search_queryset(queryset)
        return filter_folded(queryset, self.search_query, fields)


class ScopedFilters:
    """A listing's filters offer only what the user may read (a unit filter built from
    every unit would name the siblings)."""

    @cached_property
    def filters(self):
        filters = super().filters
        if filters is not None:
            narrow_choices(filters.form.fields, self.request.user, perm=None)
        return filters


class CleanExport:
    """Listing exports (?export=xlsx/csv) drop control characters whatever is stored:
    openpyxl refuses them, and a row saved before input was cleaned must not break the
    export for everyone above its unit."""

    def preprocess_field_value(self, field, value, export_format):
        value = super().preprocess_field_value(field, value, export_format)
        return strip_controls(value) if isinstance(value, str) else value


class ScopedIndex(CleanExport, ScopedFilters, FoldedSearch):
    """A listing of the rows the user reads, whose edit, copy and delete links show only on
    the rows the user may change there (a viewer of the province sees its channels, with no
    "Sửa" leading to a refusal). One query per action for the page of rows."""

    def get_base_queryset(self):
        return scope_rows(super().get_base_queryset(), self.request.user)

    @cached_property
    def columns(self):
        """A title linking to the edit view links, on rows the user only reads, to the
        inspect view instead. Headers start with a capital (`capitalised_columns`)."""
        columns = []
        for column in capitalised_columns(super().columns):
            if isinstance(column, TitleColumn) and column.url_name and column.url_name == self.edit_url_name:
                column = copy.copy(column)
                column.url_name = None
                column._get_url_func = self._title_url
            columns.append(column)
        return columns

    def _title_url(self, instance):
        return self.get_edit_url(instance) or self.get_inspect_url(instance)

    def get_table(self, object_list):
        self._listed_pks = [row.pk for row in object_list]
        self._allowed_pks: dict[str, set] = {}
        return super().get_table(object_list)

    def may_act_on(self, action: str, instance) -> bool:
        listed = getattr(self, "_listed_pks", [])
        if instance.pk not in listed:
            return can_access(self.request.user, instance, perm=view_perm(self, self.model, action))
        if action not in self._allowed_pks:
            rows = self.model._default_manager.filter(pk__in=listed)
            allowed = scope_rows(rows, self.request.user, perm=view_perm(self, self.model, action))
            self._allowed_pks[action] = set(allowed.values_list("pk", flat=True))
        return instance.pk in self._allowed_pks[action]

    def get_edit_url(self, instance):
        url = super().get_edit_url(instance)
        return url if url and self.may_act_on("change", instance) else None

    def get_copy_url(self, instance):
        url = super().get_copy_url(instance)
        return url if url and self.may_act_on("add", instance) else None

    def get_delete_url(self, instance):
        url = super().get_delete_url(instance)
        return url if url and self.may_act_on("delete", instance) else None


class ScopedObject:
    """Object views: 404 outside the reading scope, 403 where the user lacks the view's
    permission (change, delete) on the row's unit."""

    write_access = False

    def get_object(self, *args, **kwargs):
        obj = super().get_object(*args, **kwargs)
        if obj is None:
            return obj
        if not can_access(self.request.user, obj):
            raise Http404
        if self.write_access and not can_access(self.request.user, obj, perm=self.scope_perm(type(obj))):
            raise PermissionDenied
        return obj

    def scope_perm(self, model) -> str:
        return view_perm(self, model, getattr(self, "permission_required", None) or "change")


class ScopedInspect(ScopedObject):
    """Detail pages: an empty value reads as a dash, not "None"; yes/no as "Có"/"Không"."""

    def get_field_display_value(self, field_name, field):
        value = super().get_field_display_value(field_name, field)
        if isinstance(value, bool):
            return _("Yes") if value else _("No")
        return "—" if value is None or value == "" else value

    # "Edit" and "Delete" show only where the user may do them on this row's unit.
    def get_edit_url(self):
        if self.user_has_permission_for_instance("change", self.object):
            return super().get_edit_url()
        return None

    def get_delete_url(self):
        if self.user_has_permission_for_instance("delete", self.object):
            return super().get_delete_url()
        return None


class ScopedWriteObject(ScopedObject):
    write_access = True


class FoldedSearchFilterForm(BaseFilterForm):
    q = forms.CharField(label=_("Search term"), required=False)

    def filter(self, objects):
        objects = super().filter(objects)
        query = self.cleaned_data.get("q")
        if query:
            objects = filter_folded(objects, query, objects.model.FOLDED_SEARCH)
            self.is_searching, self.search_query = True, query
        return objects


class ScopedChoose:
    def get_object_list(self, *args, **kwargs):
        return scope_rows(super().get_object_list(*args, **kwargs), self.request.user)

    def get_filter_form_class(self):
        if getattr(self.model_class, "FOLDED_SEARCH", None):
            return FoldedSearchFilterForm
        return super().get_filter_form_class()


class ScopedChosenMultiple:
    def get_objects(self, pks):
        return scope_rows(super().get_objects(pks), self.request.user)


class ActionFormMixin:
    """Create and edit views whose save goes through a domain action.

    `perform_action(form)` returns the saved object; a ValidationError it raises is shown
    on the form (nothing typed is lost). Create forms too say "Lưu", not "Tạo".
    """

    submit_button_label = _("Save")
    submit_button_active_label = _("Saving…")

    def perform_action(self, form):
        raise NotImplementedError

    def form_valid(self, form):
        self.form = form
        try:
            self.object = self.perform_action(form)
        except ValidationError as error:
            # An error about a field the form does not show goes on top of the form.
            if hasattr(error, "error_dict") and not set(error.error_dict) <= set(form.fields):
                error = ValidationError(error.messages)
            form.add_error(None, error)
            # Wagtail's form_invalid reads what its is_valid() sets when validation fails.
            self.produced_error_code = "validation_error"
            self.produced_error_message = self.get_error_message()
            return self.form_invalid(form)
        return self.save_action()


def mix(mixin, view):
    return type(view.__name__, (mixin, view), {})


class ScopedModelViewSet(ModelViewSet):
    index_view_class = mix(ScopedIndex, generic.IndexView)
    edit_view_class = mix(ScopedWriteObject, generic.EditView)
    delete_view_class = mix(ScopedWriteObject, generic.DeleteView)
    inspect_view_class = mix(ScopedInspect, generic.InspectView)
    copy_view_class = mix(ScopedObject, generic.CopyView)
    history_view_class = mix(ScopedObject, HistoryView)
    usage_view_class = mix(ScopedObject, UsageView)


class ScopedChooserViewSet(ChooserViewSet):
    choose_view_class = mix(ScopedChoose, chooser_views.ChooseView)
    choose_results_view_class = mix(ScopedChoose, chooser_views.ChooseResultsView)
    chosen_view_class = mix(ScopedObject, chooser_views.ChosenView)
    chosen_multiple_view_class = mix(ScopedChosenMultiple, chooser_views.ChosenMultipleView)


# --- Wagtail's audit log ("Site history" report)
#
# Wagtail shows a user every log entry of every model they hold any permission on, so an
# officer with `channels.view_channel` would read every unit's channel history. Entries about
# a scoped model are kept only when their object is readable (entries about deleted rows,
# whose unit is no longer known, are shown to superusers only).

LOG_SCOPES: dict[type, Callable] = {}


def register_log_scope(model, rows: Callable) -> None:
    """`rows(queryset, user)` narrows `queryset` of `model` to what `user` may read."""
    LOG_SCOPES[model] = rows


def scope_log_entries(entries, user):
    if scope.scope_for(user).everything:
        return entries
    for model, rows in LOG_SCOPES.items():
        readable = rows(model._default_manager.all(), user).annotate(_log_object_id=Cast("pk", CharField()))
        content_type = ContentType.objects.get_for_model(model)
        entries = entries.filter(~Q(content_type=content_type) | Q(object_id__in=readable.values("_log_object_id")))
    return entries


def install_log_entry_scope() -> None:
    """Route Wagtail's `viewable_by_user` (the site history report and its filters) through the scope."""
    original = ModelLogEntryManager.viewable_by_user
    if getattr(original, "lantoa_scoped", False):
        return

    def viewable_by_user(self, user):
        return scope_log_entries(original(self, user), user)

    viewable_by_user.lantoa_scoped = True
    ModelLogEntryManager.viewable_by_user = viewable_by_user


# --- Wagtail's admin API (/admin/api/main/images/, /documents/)
#
# Wagtail's endpoints list every image and document outside private collections; these
# subclasses keep the ones the user may choose or edit, like Wagtail's own screens do.

MEDIA_ACTIONS = ["add", "change", "delete", "choose"]


def media_rows(queryset, user):
    """Images or documents in the collections where the user may add, change or choose them."""
    policy = policy_registry.get_by_type(queryset.model)
    allowed = policy.instances_user_has_any_permission_for(user, MEDIA_ACTIONS)
    return queryset.filter(pk__in=allowed.values("pk"))


def scoped_media_endpoint(endpoint_class):
    class ScopedMediaEndpoint(endpoint_class):
        def get_queryset(self):
            return media_rows(super().get_queryset(), self.request.user)

    ScopedMediaEndpoint.__name__ = f"Scoped{endpoint_class.__name__}"
    return ScopedMediaEndpoint


# --- Wagtail's bulk actions (/admin/bulk/<app>/<model>/<action>/?id=…)
#
# Wagtail fetches every id in the request and lists the ones the user may not act on by
# name ("You don't have permission to delete: …"); user actions check only the model
# permission. A scoped action never fetches an object outside `rows` (404 when none is left).


def scoped_bulk_action(action_class, rows: Callable):
    class ScopedBulkAction(action_class):
        def get_queryset(self, model, object_ids):
            kept = rows(model._default_manager.filter(pk__in=object_ids), self.request.user)
            return super().get_queryset(model, kept.values("pk"))

    ScopedBulkAction.__name__ = ScopedBulkAction.__qualname__ = f"Scoped{action_class.__name__}"
    return ScopedBulkAction

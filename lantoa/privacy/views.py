"""The access record listing, the breach register and a person's data page (export, erasure)."""

from __future__ import annotations

import django_filters
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy

from lantoa.org import scope
from lantoa.org.admin_scope import ActionFormMixin, ScopedModelViewSet, ScopedPermissionPolicy, ScopedWriteObject
from lantoa.org.roles import ADMINISTER
from lantoa.reports.downloads import XLSX_CONTENT_TYPE, attachment
from lantoa.vi.columns import CapitalisedHeaders

from . import actions, exports
from .forms import BreachForm, EraseForm
from .models import AccessAction, AccessRecord, Breach
from .queries import access_person, may_oversee, visible_access_records
from .registry import sources_for

OVERSIGHT_ACTIONS = {"view", "add", "change"}


def _local(value) -> str:
    return date_format(timezone.localtime(value), "d/m/Y H:i") if value else ""


# --- Permission policies: superusers and federation administrators only


class AccessRecordPolicy(ModelPermissionPolicy):
    """Access records are only ever listed: nobody adds, changes or deletes one by hand.
    Not a ScopedPermissionPolicy: a record belongs to several units (`visible_access_records`)."""

    def user_has_permission(self, user, action):
        return action == "view" and may_oversee(user)

    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_permission(user, action) and visible_access_records(user).filter(pk=instance.pk).exists()

    def instances_user_has_any_permission_for(self, user, actions_):
        return visible_access_records(user) if "view" in actions_ else AccessRecord.objects.none()


class BreachPolicy(ScopedPermissionPolicy):
    """The register keeps every breach: no one deletes an entry."""

    unit_permission = ADMINISTER

    def user_has_permission(self, user, action):
        return action in OVERSIGHT_ACTIONS and may_oversee(user)

    def instances_user_has_any_permission_for(self, user, actions_):
        if not any(self.user_has_permission(user, action) for action in actions_):
            return Breach.objects.none()
        return scope.scope_queryset(
            Breach.objects.all(), user, perm=ADMINISTER if set(actions_) <= {"add", "change"} else None
        )


# --- Access records


def _actors(request):
    accounts = get_user_model().objects.order_by("sort_name")
    if request is None:
        return accounts.none()
    return scope.visible_user_accounts(accounts, request.user)


class BoundedDateRangeField(django_filters.fields.DateRangeField):
    """A date range whose ends stay where time zones can convert them (01/01/0001 cannot)."""

    FIRST_YEAR, LAST_YEAR = 1900, 9998

    def compress(self, data_list):
        if data_list and any(day and not self.FIRST_YEAR <= day.year <= self.LAST_YEAR for day in data_list):
            raise ValidationError(
                _("Enter a date between %(first)s and %(last)s.") % {"first": self.FIRST_YEAR, "last": self.LAST_YEAR}
            )
        return super().compress(data_list)


class BoundedDateRangeFilter(django_filters.DateFromToRangeFilter):
    field_class = BoundedDateRangeField


class AccessRecordFilterSet(WagtailFilterSet):
    at = BoundedDateRangeFilter(label=gettext_lazy("time"), widget=DateRangePickerWidget)
    actor = django_filters.ModelChoiceFilter(label=gettext_lazy("user"), queryset=_actors)
    action = django_filters.ChoiceFilter(label=gettext_lazy("action"), choices=AccessAction.choices)

    class Meta:
        model = AccessRecord
        fields = ["at", "actor", "action"]


class AccessRecordIndexView(CapitalisedHeaders, generic.IndexView):
    def get_base_queryset(self):
        return visible_access_records(self.request.user).prefetch_related("units")


def _units_text(record) -> str:
    return ", ".join(sorted(unit.name for unit in record.units.all()))


class AccessRecordViewSet(ModelViewSet):
    model = AccessRecord
    icon = "view"
    menu_label = gettext_lazy("Personal-data access record")
    index_view_class = AccessRecordIndexView
    filterset_class = AccessRecordFilterSet
    list_display = [
        Column("at", label=gettext_lazy("time"), accessor=lambda r: _local(r.at), sort_key="at"),
        Column("actor_label", label=gettext_lazy("user")),
        Column("get_action_display", label=gettext_lazy("action")),
        Column("subject_label", label=gettext_lazy("about")),
        Column("description", label=gettext_lazy("what")),
        Column("units", label=gettext_lazy("units"), accessor=_units_text),
        Column("ip", label=gettext_lazy("IP address")),
    ]
    ordering = ["-at", "-id"]
    copy_view_enabled = False
    form_fields = ["description"]  # required by ModelViewSet; no add or edit view is routed

    def get_urlpatterns(self):
        # A record is never edited, copied or deleted: only the listing exists.
        return [pattern for pattern in super().get_urlpatterns() if pattern.name in ("index", "index_results")]


# --- The breach register


def _breach_fields(form) -> dict:
    return dict(form.cleaned_data)


class BreachCreateView(ActionFormMixin, generic.CreateView):
    def perform_action(self, form):
        return actions.do_save_breach(Breach(), actor=self.request.user, **_breach_fields(form))


class BreachEditView(ActionFormMixin, ScopedWriteObject, generic.EditView):
    def perform_action(self, form):
        breach = Breach.objects.get(pk=self.object.pk)
        return actions.do_save_breach(breach, actor=self.request.user, **_breach_fields(form))


def _deadline_text(breach: Breach) -> str:
    text = _local(breach.authority_deadline)
    if breach.authority_notified_late():
        return _("%(deadline)s (late)") % {"deadline": text}
    return text


class BreachViewSet(ScopedModelViewSet):
    model = Breach
    icon = "warning"
    menu_label = gettext_lazy("Personal-data breaches")
    add_view_class = BreachCreateView
    edit_view_class = BreachEditView
    list_display = [
        TitleColumn("title", label=gettext_lazy("what happened"), url_name="privacy_breach:edit"),
        Column("unit", label=gettext_lazy("responsible unit")),
        Column("discovered_at", label=gettext_lazy("discovered at"), accessor=lambda b: _local(b.discovered_at)),
        Column("people_affected", label=gettext_lazy("people affected")),
        Column("deadline", label=gettext_lazy("authority to be told by"), accessor=_deadline_text),
        Column(
            "authority_notified_at",
            label=gettext_lazy("authority notified at"),
            accessor=lambda b: _local(b.authority_notified_at),
        ),
    ]
    list_filter = ["unit"]
    search_fields = ["title", "description", "data_affected"]
    ordering = ["-discovered_at"]
    copy_view_enabled = False
    inspect_view_enabled = True

    def get_form_class(self, for_update=False):
        return BreachForm


# --- A person's data: page, export, erasure


@require_GET
def person_page(request, pk):
    person = access_person(request.user, pk)
    sources = [
        {"label": source.label, "rows": sum(len(table.rows) for table in source.exporter(person))}
        for source in sources_for(person)
    ]
    return render(request, "privacy/person.html", _page_context(person, _("Personal data"), sources=sources))


def _page_context(person, title, **extra) -> dict:
    return {
        "person": person,
        "page_title": title,
        "page_subtitle": person.get_full_name() or person.get_username(),
        "header_icon": "user",
        "breadcrumbs_items": [
            {"url": reverse("wagtailadmin_home"), "label": _("Home")},
            {"url": reverse("wagtailusers_users:index"), "label": _("Users")},
            {"url": "", "label": title},
        ],
        **extra,
    }


def _export(request, pk):
    person = access_person(request.user, pk)
    return person, actions.do_export_person(person, actor=request.user, request=request)


def _export_filename(person, extension: str) -> str:
    return f"du-lieu-ca-nhan-{person.pk}-{timezone.localdate():%d-%m-%Y}.{extension}"


@require_GET
def person_export_json(request, pk):
    person, export = _export(request, pk)
    return attachment(
        exports.export_json(export), filename=_export_filename(person, "json"), content_type="application/json"
    )


@require_GET
def person_export_xlsx(request, pk):
    person, export = _export(request, pk)
    return attachment(
        exports.export_xlsx(export), filename=_export_filename(person, "xlsx"), content_type=XLSX_CONTENT_TYPE
    )


@require_http_methods(["GET", "POST"])
def person_erase(request, pk):
    person = access_person(request.user, pk)
    form = EraseForm(request.POST or None, person=person)
    if request.method == "POST" and form.is_valid():
        try:
            actions.do_erase_person(person, actor=request.user, request=request)
        except ValidationError as error:
            form.add_error(None, error)
        except PermissionDenied:
            raise
        else:
            messages.success(request, _("The account's personal data was erased."))
            return redirect("wagtailusers_users:index")
    return render(request, "privacy/erase.html", _page_context(person, _("Erase personal data"), form=form))


def admin_urls() -> list:
    return [
        path("privacy/people/<int:pk>/", person_page, name="privacy_person"),
        path("privacy/people/<int:pk>/export.json", person_export_json, name="privacy_person_export_json"),
        path("privacy/people/<int:pk>/export.xlsx", person_export_xlsx, name="privacy_person_export_xlsx"),
        path("privacy/people/<int:pk>/erase/", person_erase, name="privacy_person_erase"),
    ]

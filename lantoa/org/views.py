"""Staff screens of the union tree: unit and role viewsets, the tree, reorganisation."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView, TemplateView
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views import generic
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.widgets import HeaderButton

from lantoa.lib.query_params import object_id
from lantoa.vi.search import MAX_QUERY_LENGTH, MAX_TERMS, is_cut

from . import actions, queries, scope
from .admin_scope import ActionFormMixin, ScopedChooserViewSet, ScopedModelViewSet, ScopedWriteObject
from .forms import ReorganiseForm, RoleForm, UnitForm
from .models import Reorganisation, Role, Unit
from .roles import ADMINISTER


def parse_day(value: str | None) -> datetime.date:
    """A dd/mm/yyyy (or ISO) query parameter, today when absent or invalid."""
    for fmt in ("%d/%m/%Y", "%Y-%m-%d"):
        try:
            return datetime.datetime.strptime(value or "", fmt).date()
        except ValueError:
            continue
    return timezone.localdate()


# --- Units


class UnitIndexView(ScopedModelViewSet.index_view_class):
    def get_base_queryset(self):
        return super().get_base_queryset().select_related("parent")


class UnitCreateView(ActionFormMixin, generic.CreateView):
    def perform_action(self, form):
        data = {k: v for k, v in form.cleaned_data.items() if v is not None}
        return actions.do_create_unit(actor=self.request.user, **data)


class UnitEditView(ActionFormMixin, ScopedWriteObject, generic.EditView):
    def perform_action(self, form):
        unit = Unit.objects.get(pk=self.object.pk)
        data = form.cleaned_data
        on_date = data["effective_date"]
        user = self.request.user
        if (data["name"], data["short_name"]) != (unit.name, unit.short_name):
            unit = actions.do_rename_unit(
                unit, name=data["name"], short_name=data["short_name"], on_date=on_date, actor=user
            )
        counts = {f: data[f] or 0 for f in ("member_count", "worker_count", "female_member_count")}
        if any(getattr(unit, f) != v for f, v in counts.items()):
            unit = actions.do_update_counts(unit, on_date=on_date, actor=user, **counts)
        details = {f: data.get(f) for f in actions.DETAIL_FIELDS}
        details = {k: ("" if v is None and k not in ("province_code", "ward_code") else v) for k, v in details.items()}
        return actions.do_update_unit_details(unit, actor=user, **details)

    def get_header_buttons(self):
        buttons = super().get_header_buttons()
        if scope.has_perm(self.request.user, ADMINISTER, self.object.pk):
            buttons.append(
                HeaderButton(
                    _("Reorganise"), url=reverse("org_reorganise", args=[self.object.pk]), icon_name="resubmit"
                )
            )
        return buttons


class UnitViewSet(ScopedModelViewSet):
    model = Unit
    icon = "group"
    menu_label = _("Union units")
    index_view_class = UnitIndexView
    add_to_admin_menu = False
    add_view_class = UnitCreateView
    edit_view_class = UnitEditView
    list_display = [
        TitleColumn("name", label=_("name"), url_name="unit:edit", sort_key="sort_name"),
        Column("code", label=_("code")),
        Column("get_kind_display", label=_("kind")),
        Column("parent", label=_("parent unit")),
        Column("member_count", label=_("members")),
        Column(
            "valid_to",
            label=_("valid to"),
            accessor=lambda unit: date_format(unit.valid_to, "d/m/Y") if unit.valid_to else "",
        ),
    ]
    list_filter = ["kind", "valid_to"]
    search_fields = ["name", "code", "short_name"]
    list_export = ["code", "name", "kind", "parent", "member_count", "worker_count", "female_member_count"]
    export_filename = "don-vi"
    ordering = ["sort_name"]
    inspect_view_enabled = True
    inspect_view_fields = [
        "code",
        "kind",
        "name",
        "short_name",
        "parent",
        "old_province",
        "old_district",
        "address",
        "employer",
        "sector",
        "member_count",
        "worker_count",
        "female_member_count",
        "counted_on",
        "valid_from",
        "valid_to",
    ]
    copy_view_enabled = False

    def get_form_class(self, for_update=False):
        return UnitForm


class UnitChooserViewSet(ScopedChooserViewSet):
    model = Unit
    icon = "group"
    choose_one_text = _("Choose a unit")
    choose_another_text = _("Choose another unit")


# --- Roles ("people")


def person_label(role) -> str:
    full_name = role.user.get_full_name()
    return f"{full_name} ({role.user.username})" if full_name else role.user.username


class RoleCreateView(ActionFormMixin, generic.CreateView):
    def perform_action(self, form):
        data = form.cleaned_data
        return actions.do_assign_role(
            user=data["user"],
            unit=data["unit"],
            kind=data["kind"],
            title=data.get("title", ""),
            actor=self.request.user,
        )


class RoleEditView(ActionFormMixin, ScopedWriteObject, generic.EditView):
    def perform_action(self, form):
        data = form.cleaned_data
        return actions.do_change_role(
            self.object,
            user=data["user"],
            unit=data["unit"],
            kind=data["kind"],
            title=data.get("title", ""),
            actor=self.request.user,
        )


class RoleDeleteView(ScopedWriteObject, generic.DeleteView):
    def delete_action(self):
        actions.do_remove_role(self.object, actor=self.request.user)


class RoleViewSet(ScopedModelViewSet):
    model = Role
    icon = "user"
    menu_label = _("People and roles")
    add_view_class = RoleCreateView
    edit_view_class = RoleEditView
    delete_view_class = RoleDeleteView
    form_fields = ["user", "unit", "kind", "title"]
    list_display = [
        Column(
            "user",
            label=_("user"),
            sort_key="user__sort_name",
            accessor=person_label,
        ),
        Column("get_kind_display", label=_("role"), sort_key="kind"),
        Column("title", label=_("position")),
        Column("unit", label=_("unit"), sort_key="unit__sort_name"),
    ]
    ordering = ["user__sort_name"]
    list_filter = ["kind"]
    search_fields = ["user__username", "user__first_name", "user__last_name", "unit__name"]
    list_export = ["user", "kind", "title", "unit"]
    copy_view_enabled = False

    def get_form_class(self, for_update=False):
        return RoleForm


# --- The reorganisation audit trail (read only)


class ReorganisationViewSet(ScopedModelViewSet):
    model = Reorganisation
    icon = "history"
    menu_label = _("Reorganisations")
    add_view_enabled = False
    edit_view_enabled = False
    exclude_form_fields = []
    delete_view_enabled = False
    copy_view_enabled = False
    inspect_view_enabled = True
    list_display = ["on_date", "kind", "unit", "target", "decision", "actor"]
    list_filter = ["kind"]
    search_fields = ["unit__name"]
    list_export = ["on_date", "kind", "unit", "target", "decision", "actor"]


# --- Tree and reorganisation screens


class TitledAdminView(WagtailAdminTemplateMixin):
    """A plain admin screen whose header shows its own title."""

    def get_breadcrumbs_items(self):
        return [{"url": reverse("wagtailadmin_home"), "label": _("Home")}, {"url": "", "label": self.get_page_title()}]


def search_cut_message() -> str:
    return _("Only the first %(length)s characters and %(terms)s words of the search were used.") % {
        "length": MAX_QUERY_LENGTH,
        "terms": MAX_TERMS,
    }


class TreeView(TitledAdminView, TemplateView):
    template_name = "org/tree.html"
    page_title = _("Union tree")
    header_icon = "list-ul"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user, day = self.request.user, parse_day(self.request.GET.get("ngay"))
        root_id, query = self.request.GET.get("don_vi", "").strip(), self.request.GET.get("q", "").strip()
        if is_cut(query):
            messages.warning(self.request, search_cut_message())
            query = query[:MAX_QUERY_LENGTH]
        context.update(query=query, found=queries.find_on(user, query, day) if query else None)
        if root_id:
            unit_id = object_id(root_id)
            root = queries.state_on(user, unit_id, day) if unit_id else None
            if root is None:
                raise Http404
            roots, ancestors = [root], queries.ancestors_on(user, root, day)
        else:
            roots, ancestors = queries.top_states(user, day), []
        context.update(
            day=day,
            is_today=day == timezone.localdate(),
            ancestors=ancestors,
            branches=[
                {
                    "root": r,
                    "totals": queries.subtree_totals(r.path, day),
                    "rows": queries.children_with_totals(user, r, day),
                }
                for r in roots
            ],
        )
        return context


class ReorganiseView(TitledAdminView, FormView):
    template_name = "org/reorganise.html"
    form_class = ReorganiseForm
    page_title = _("Reorganise")
    header_icon = "resubmit"

    def dispatch(self, request, *args, **kwargs):
        self.unit = scope.access_unit(request.user, kwargs["pk"], perm=ADMINISTER)
        return super().dispatch(request, *args, **kwargs)

    def get_page_subtitle(self):
        return self.unit.name

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["units"] = scope.units_with_perm(self.request.user, ADMINISTER).exclude(pk=self.unit.pk)
        return kwargs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["unit"] = self.unit
        context["history"] = Reorganisation.objects.filter(unit=self.unit)[:20]
        return context

    def form_valid(self, form):
        data, user = form.cleaned_data, self.request.user
        common = {"on_date": data["on_date"], "actor": user, "decision": data["decision"]}
        try:
            if data["operation"] == "move":
                actions.do_move_unit(self.unit, new_parent=data["target"], **common)
            elif data["operation"] == "merge":
                actions.do_merge_units(self.unit, target=data["target"], **common)
            elif data["operation"] == "rename":
                actions.do_rename_unit(self.unit, name=data["new_name"], short_name=data["new_short_name"], **common)
            else:
                actions.do_close_unit(self.unit, **common)
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(self.request, _("The reorganisation has been recorded."))
        return redirect(reverse("org_tree") + f"?don_vi={self.unit.pk}&ngay={data['on_date']:%d/%m/%Y}")


def admin_urls():
    return [
        path("org/tree/", TreeView.as_view(), name="org_tree"),
        path("org/units/<int:pk>/reorganise/", ReorganiseView.as_view(), name="org_reorganise"),
    ]

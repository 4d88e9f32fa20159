"""Staff screens of plans: viewsets for plans, targets, campaigns and assignments, and
the small forms behind the actions that have no Wagtail screen (close a campaign, enter a
figure with evidence, hand a responsibility to units)."""

from __future__ import annotations

import uuid

import django_filters
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, resolve, reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView
from modelcluster.models import get_all_child_relations
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel, ObjectList
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.widgets.button import Button
from wagtail.snippets.views import chooser as snippet_chooser
from wagtail.snippets.views import snippets as snippet_views
from wagtail.snippets.views.chooser import SnippetChooserViewSet
from wagtail.snippets.views.snippets import SnippetViewSet

from lantoa.core.concurrency import CheckedRevisionEdit
from lantoa.lib.query_params import object_id
from lantoa.org import scope
from lantoa.org.admin_scope import (
    ActionFormMixin,
    ScopedChoose,
    ScopedChosenMultiple,
    ScopedIndex,
    ScopedInspect,
    ScopedModelViewSet,
    ScopedObject,
    ScopedWriteObject,
    mix,
)
from lantoa.org.views import TitledAdminView
from lantoa.vi.columns import DayColumn, NumberColumn

from . import actions
from .forms import (
    AdoptPlanForm,
    AssignResponsibilityForm,
    CampaignForm,
    CloseCampaignForm,
    ManualValueForm,
    PlanForm,
    TargetForm,
)
from .models import Campaign, Plan, Responsibility, Target
from .queries import access_plan, received_plans, visible_campaigns, visible_plans

CREATION_TOKEN = "creation_token"  # noqa: S105 - a form field name
REPLACING_CHILDREN = "_lantoa_replacing_children"

# --- Listing filters: the plan choices come from the plans the user may see


def _user_plans(request):
    return visible_plans(request.user) if request is not None else Plan.objects.none()


def plan_filterset(model, *extra: str):
    """A filter set with a plan filter limited to the user's plans, plus `extra` fields."""

    class Meta:
        fields = [*extra]

    Meta.model = model
    attrs = {
        "plan": django_filters.ModelChoiceFilter(label=_("plan"), queryset=_user_plans),
        "Meta": Meta,
    }
    return type(f"{model.__name__}FilterSet", (WagtailFilterSet,), attrs)


# --- Plans


class PlanCreateView(ActionFormMixin, ScopedModelViewSet.add_view_class):
    def perform_action(self, form):
        return actions.do_save_plan(form.save(commit=False), actor=self.request.user)


class PlanEditView(ActionFormMixin, ScopedModelViewSet.edit_view_class):
    def perform_action(self, form):
        return actions.do_save_plan(form.save(commit=False), actor=self.request.user)

    @cached_property
    def header_more_buttons(self):
        buttons = [*super().header_more_buttons]
        buttons.append(
            Button(_("Progress dashboard"), reverse("plans_dashboard", args=[self.object.pk]), icon_name="table")
        )
        return buttons


class PlanIndexView(ScopedModelViewSet.index_view_class):
    """Plans of the user's units and, read-only, those received from the units above."""

    def get_base_queryset(self):
        received = received_plans(self.request.user).values("pk")
        return super().get_base_queryset() | self.model.objects.filter(pk__in=received)


class PlanViewSet(ScopedModelViewSet):
    model = Plan
    index_view_class = PlanIndexView
    icon = "doc-full"
    menu_label = _("Plans")
    add_view_class = PlanCreateView
    edit_view_class = PlanEditView
    list_display = [
        TitleColumn("title", label=_("title"), url_name="plans_dashboard", sort_key="sort_name"),
        Column("reference", label=_("number and symbol")),
        Column("issuing_unit", label=_("issuing unit")),
        DayColumn("issued_on", label=_("issued on")),
        Column("get_status_display", label=_("status")),
    ]
    list_filter = ["status", "doc_type"]
    ordering = ["-issued_on"]
    copy_view_enabled = False
    inspect_view_enabled = True
    inspect_view_fields_exclude = ["sort_name", "search_text"]
    edit_handler = ObjectList(
        [
            MultiFieldPanel(
                [
                    FieldPanel("issuing_unit"),
                    FieldPanel("parent_unit_name"),
                    FieldRowPanel([FieldPanel("doc_type"), FieldPanel("number"), FieldPanel("symbol")]),
                    FieldRowPanel([FieldPanel("place"), FieldPanel("issued_on")]),
                    FieldPanel("title"),
                    FieldPanel("basis"),
                    FieldRowPanel([FieldPanel("period_start"), FieldPanel("period_end")]),
                    FieldPanel("status"),
                    FieldPanel("adopted_from"),
                ],
                heading=_("Document"),
            ),
            InlinePanel("sections", heading=_("Sections"), label=_("section")),
            InlinePanel("key_messages", heading=_("Key messages"), label=_("key message")),
            InlinePanel("themes", heading=_("Campaign themes"), label=_("theme")),
            InlinePanel("responsibilities", heading=_("Responsibilities"), label=_("responsibility")),
            MultiFieldPanel(
                [
                    FieldPanel("recipients"),
                    FieldPanel("archive"),
                    FieldRowPanel([FieldPanel("signer_capacity"), FieldPanel("signer_title")]),
                    FieldPanel("signer_name"),
                ],
                heading=_("Recipients and signature"),
            ),
        ],
        base_form_class=PlanForm,
    )


# --- Targets


class TargetCreateView(ActionFormMixin, ScopedModelViewSet.add_view_class):
    def perform_action(self, form):
        return actions.do_save_target(form.save(commit=False), actor=self.request.user)


class TargetEditView(ActionFormMixin, ScopedModelViewSet.edit_view_class):
    def perform_action(self, form):
        return actions.do_save_target(form.save(commit=False), actor=self.request.user)


class TargetViewSet(ScopedModelViewSet):
    model = Target
    icon = "crosshairs"
    menu_label = _("Targets")
    add_view_class = TargetCreateView
    edit_view_class = TargetEditView
    list_display = [
        TitleColumn("title", label=_("target"), url_name="target:edit"),
        Column("plan", label=_("plan")),
        NumberColumn("target_value", label=_("target value")),
        DayColumn("deadline", label=_("deadline")),
    ]
    filterset_class = plan_filterset(Target)
    copy_view_enabled = False
    edit_handler = ObjectList(
        [
            FieldPanel("plan"),
            FieldPanel("title"),
            FieldRowPanel([FieldPanel("indicator"), FieldPanel("unit")]),
            FieldPanel("unit_kinds"),
            FieldPanel("setting"),
            FieldRowPanel([FieldPanel("target_value"), FieldPanel("deadline"), FieldPanel("baseline_on")]),
            FieldPanel("check_dates"),
            FieldPanel("order"),
        ],
        base_form_class=TargetForm,
    )


# --- Campaigns: a snippet under the approvers' workflow (`lantoa.org.approval`)


def _scoped_snippet_views() -> dict:
    """Every snippet view that fetches one campaign reads it through the scope."""
    reading = {
        "inspect_view_class": "InspectView",
        "history_view_class": "HistoryView",
        "usage_view_class": "UsageView",
        "revisions_compare_view_class": "RevisionsCompareView",
        "workflow_action_view_class": "WorkflowActionView",
        "collect_workflow_action_data_view_class": "CollectWorkflowActionDataView",
        "workflow_history_view_class": "WorkflowHistoryView",
        "workflow_history_detail_view_class": "WorkflowHistoryDetailView",
        "workflow_preview_view_class": "WorkflowPreviewView",
        "confirm_workflow_cancellation_view_class": "ConfirmWorkflowCancellationView",
        "lock_view_class": "LockView",
        "unlock_view_class": "UnlockView",
    }
    writing = {
        "delete_view_class": "DeleteView",
        "unpublish_view_class": "UnpublishView",
        "revisions_unschedule_view_class": "RevisionsUnscheduleView",
    }
    views = {attr: mix(ScopedObject, getattr(snippet_views, name)) for attr, name in reading.items()}
    views["inspect_view_class"] = mix(ScopedInspect, snippet_views.InspectView)
    views.update({attr: mix(ScopedWriteObject, getattr(snippet_views, name)) for attr, name in writing.items()})
    return views


class CampaignCreateView(snippet_views.CreateView):
    """The create form carries a token made when it opens. Its autosave and its "Gửi
    duyệt" can reach the server together, both posted to this URL: the first creates the
    campaign with the token, the second finds it and goes on as an edit of it (or, when
    the campaign is already submitted, writes nothing), so one click makes one campaign."""

    @cached_property
    def creation_token(self) -> uuid.UUID | None:
        try:
            return uuid.UUID(self.request.POST.get(CREATION_TOKEN, ""))
        except ValueError:
            return None

    def get_initial_form_instance(self):
        return Campaign(creation_token=self.creation_token) if self.creation_token else None

    def post(self, request, *args, **kwargs):
        if self.creation_token is None:
            return super().post(request, *args, **kwargs)
        with transaction.atomic():
            # Serialise this user's creates: the second waits until the first is committed.
            get_user_model().objects.select_for_update().filter(pk=request.user.pk).first()
            existing = Campaign.objects.filter(creation_token=self.creation_token).first()
            if existing is None:
                return super().post(request, *args, **kwargs)
            return self.continue_with(existing)

    def continue_with(self, campaign: Campaign):
        if not campaign.revisions.filter(user=self.request.user).exists():
            raise PermissionDenied
        if self.expects_json_response:
            # A late autosave carries older data than the click that created the campaign.
            return self.json_error_response("invalid_revision", _("This campaign has just been saved from this form."))
        if campaign.workflow_in_progress:
            messages.info(self.request, _("This campaign is already submitted for approval."))
            return redirect(self.get_success_url())
        match = resolve(reverse(self.edit_url_name, args=[campaign.pk]))
        setattr(self.request, REPLACING_CHILDREN, True)
        return match.func(self.request, *match.args, **match.kwargs)

    def get_context_data(self, **kwargs):
        token = self.creation_token or uuid.uuid4()
        return {**super().get_context_data(**kwargs), "creation_token": token, "creation_token_name": CREATION_TOKEN}

    def get_initial(self):
        """ "Propose a campaign" from a theme: ?theme=<id> fills plan, theme, title and unit."""
        initial = super().get_initial()
        theme_id = object_id(self.request.GET.get("theme"))
        if theme_id is not None:
            from .models import Theme

            theme = Theme.objects.filter(pk=theme_id, plan__in=visible_plans(self.request.user)).first()
            if theme is not None:
                initial.update(plan=theme.plan_id, theme=theme.pk, title=theme.title, unit=theme.plan.issuing_unit_id)
                message = theme.plan.key_message_on(timezone.localdate())
                if message:
                    initial["key_message"] = message.text
        return initial


class CampaignEditView(CheckedRevisionEdit, ScopedWriteObject, snippet_views.EditView):
    def get_object(self, queryset=None):
        campaign = super().get_object(queryset)
        if getattr(self.request, REPLACING_CHILDREN, False):
            # The create form that made this campaign moments ago posts every child anew.
            for relation in get_all_child_relations(campaign):
                setattr(campaign, relation.get_accessor_name(), [])
        return campaign

    @cached_property
    def header_more_buttons(self):
        buttons = [*super().header_more_buttons]
        if self.object.live and not self.object.closed_on:
            buttons.append(
                Button(
                    _("Close and record results"),
                    reverse("plans_close_campaign", args=[self.object.pk]),
                    icon_name="check",
                )
            )
        return buttons


class CampaignIndexView(ScopedIndex, snippet_views.IndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().with_review_status()

    @cached_property
    def columns(self):
        # The title column carries the row's buttons: "Xem và duyệt" (`review_hooks`).
        columns = list(super().columns)
        index, title = next((i, c) for i, c in enumerate(columns) if isinstance(c, TitleColumn))
        columns[index] = self._get_title_column(title.name)
        columns[index].label, columns[index].sort_key = title.label, title.sort_key
        return columns


class CampaignChooserViewSet(SnippetChooserViewSet):
    choose_view_class = mix(ScopedChoose, snippet_chooser.ChooseView)
    choose_results_view_class = mix(ScopedChoose, snippet_chooser.ChooseResultsView)
    chosen_view_class = mix(ScopedObject, snippet_chooser.SnippetChosenView)
    chosen_multiple_view_class = mix(ScopedChosenMultiple, snippet_chooser.SnippetChosenMultipleView)


class CampaignViewSet(SnippetViewSet):
    model = Campaign
    icon = "rocket"
    menu_label = _("Campaigns")
    add_to_admin_menu = True
    menu_order = 160
    index_view_class = CampaignIndexView
    chooser_viewset_class = CampaignChooserViewSet
    add_view_class = CampaignCreateView
    create_template_name = "plans/campaign_create.html"
    edit_view_class = CampaignEditView
    list_display = [
        TitleColumn("title", label=_("title"), url_name="wagtailsnippets_plans_campaign:edit", sort_key="sort_name"),
        Column("unit", label=_("organising unit")),
        Column("theme", label=_("theme")),
        DayColumn("start_date", label=_("start date")),
        DayColumn("end_date", label=_("end date")),
        Column("get_state_display", label=_("state")),
    ]
    filterset_class = plan_filterset(Campaign)
    ordering = ["-start_date"]
    copy_view_enabled = False
    inspect_view_enabled = True
    # Wagtail's bookkeeping (revisions, locks, expiry, translation keys) is not the campaign's.
    inspect_view_fields_exclude = [
        "sort_name", "search_text", "latest_revision", "live_revision", "has_unpublished_changes",
        "first_published_at", "last_published_at", "go_live_at", "expire_at", "expired", "locked",
        "locked_at", "locked_by", "creation_token",
    ]  # fmt: skip
    edit_handler = ObjectList(
        [
            MultiFieldPanel(
                [FieldPanel("plan"), FieldPanel("theme"), FieldPanel("unit"), FieldPanel("title")],
                heading=_("Campaign"),
            ),
            MultiFieldPanel(
                [
                    FieldRowPanel([FieldPanel("decided_by"), FieldPanel("decided_on")]),
                    FieldPanel("decision_reference"),
                    FieldPanel("decision_document"),
                ],
                heading=_("The Standing Committee's choice of theme"),
            ),
            FieldPanel("key_message"),
            FieldPanel("objectives"),
            FieldPanel("audiences"),
            FieldPanel("channel_kinds"),
            FieldPanel("channels"),
            FieldRowPanel([FieldPanel("start_date"), FieldPanel("end_date")]),
            FieldPanel("participants"),
            InlinePanel("budget_lines", heading=_("Budget"), label=_("budget line")),
        ],
        base_form_class=CampaignForm,
    )


for _attr, _view in _scoped_snippet_views().items():
    setattr(CampaignViewSet, _attr, _view)


# --- Forms behind actions


class ActionView(TitledAdminView, FormView):
    """A small form that calls one action on one object fetched through the scope
    (`get_object`: 404 outside the reading scope); the user must hold `permission` on
    the unit the action writes (`acting_unit_ids`), else 403, before any form shows."""

    template_name = "plans/action_form.html"
    header_icon = "edit"
    permission = ""

    def get_object(self):
        raise NotImplementedError

    def acting_unit_ids(self) -> list[int]:
        return [self.object.unit_id]

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(self.permission):
            raise PermissionDenied
        self.object = self.get_object()
        if not any(scope.has_perm(request.user, self.permission, pk) for pk in self.acting_unit_ids()):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_page_subtitle(self):
        return str(self.object)

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "object": self.object}

    def form_valid(self, form):
        try:
            self.act(form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(self.request, self.success_message)
        return redirect(self.get_success_url())


class CloseCampaignView(ActionView):
    form_class = CloseCampaignForm
    page_title = _("Close the campaign")
    permission = "plans.change_campaign"
    success_message = _("The campaign is closed and its results are recorded.")

    def get_object(self):
        return get_object_or_404(visible_campaigns(self.request.user), pk=self.kwargs["pk"])

    def get_initial(self):
        return {"closed_on": min(timezone.localdate(), self.object.end_date)}

    def act(self, data):
        actions.do_close_campaign(self.object, actor=self.request.user, **data)

    def get_success_url(self):
        return reverse("wagtailsnippets_plans_campaign:edit", args=[self.object.pk])


class ManualValueView(ActionView):
    form_class = ManualValueForm
    page_title = _("Enter a figure with evidence")
    permission = "plans.add_manualvalue"
    success_message = _("The figure is recorded.")

    def get_object(self):
        target = get_object_or_404(Target.objects.select_related("plan"), pk=self.kwargs["pk"])
        if not scope.can_read_unit(self.request.user, target.plan.issuing_unit_id):
            raise Http404
        return target

    def acting_unit_ids(self) -> list[int]:
        return [self.object.plan.issuing_unit_id]

    def get_initial(self):
        return {"on_date": timezone.localdate()}

    def act(self, data):
        actions.do_record_manual_value(self.object, actor=self.request.user, **data)

    def get_success_url(self):
        return reverse("plans_dashboard", args=[self.object.plan_id])


class AssignResponsibilityView(ActionView):
    """Hand one responsibility of a plan to its board or to every upper-level union below
    the plan's unit, as the plan's duty: tasks of the cascade (their officers mark them
    done on their work pages, `/viec/`)."""

    form_class = AssignResponsibilityForm
    page_title = _("Assign the responsibility")
    permission = actions.ASSIGN
    success_message = _("The duty is handed to the units.")

    def get_object(self):
        responsibility = get_object_or_404(Responsibility.objects.select_related("plan", "unit"), pk=self.kwargs["pk"])
        access_plan(self.request.user, responsibility.plan_id)
        return responsibility

    def acting_unit_ids(self) -> list[int]:
        return [self.object.plan.issuing_unit_id]

    def get_initial(self):
        from .calendar import add_working_days

        return {"title": self.object.heading, "due_on": add_working_days(timezone.localdate(), 10)}

    def get_context_data(self, **kwargs):
        units = actions.responsible_units(self.object, timezone.localdate())
        return {**super().get_context_data(**kwargs), "units": units}

    def act(self, data):
        self.created = actions.do_assign_responsibility(self.object, actor=self.request.user, **data)

    def get_success_url(self):
        return reverse("plans_dashboard", args=[self.object.plan_id])


class AdoptPlanView(ActionView):
    """A lower unit adopts the plan into its own draft plan ("cụ thể hóa", R20)."""

    form_class = AdoptPlanForm
    page_title = _("Adopt into our own plan")
    permission = "plans.add_plan"
    success_message = _("Your unit's plan is drafted from this one: adapt it and issue it.")

    def get_object(self):
        return access_plan(self.request.user, self.kwargs["pk"], received=True)

    def adopting_units(self):
        """Units below the plan's where the user drafts plans: a plan is adopted from above."""
        issuing = self.object.issuing_unit
        units = scope.units_with_perm(self.request.user, "plans.add_plan").in_subtree(issuing.path)
        return units.exclude(pk=issuing.pk)

    def acting_unit_ids(self) -> list[int]:
        return list(self.adopting_units().values_list("pk", flat=True)[:1])

    template_name = "plans/adopt_plan.html"

    @cached_property
    def units(self):
        return list(self.adopting_units().order_by("depth", "sort_name"))

    def get_form_kwargs(self):
        units = self.adopting_units().order_by("depth", "sort_name")
        return {**super().get_form_kwargs(), "units": units, "targets": self.object.targets.order_by("order", "pk")}

    def get_initial(self):
        """My unit preselected (the only one where I draft plans, else the first), a title
        and the next number of its register proposed."""
        today = timezone.localdate()
        initial = {"issued_on": today, "symbol": self.object.symbol}
        if self.units:
            unit = self.units[0]
            initial.update(
                unit=unit.pk,
                title=actions.proposed_adoption_title(self.object, unit),
                number=actions.suggest_number(unit.pk, self.object.doc_type, today.year),
            )
        return initial

    def form_valid(self, form):
        try:
            self.adopted = actions.do_adopt_plan(self.object, actor=self.request.user, **form.action_data())
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(self.request, self.success_message)
        return redirect(self.get_success_url())

    def get_success_url(self):
        return reverse("plan:edit", args=[self.adopted.pk])


class PlansGroup(ViewSetGroup):
    menu_label = _("Plans and campaigns")
    menu_icon = "doc-full-inverse"
    menu_order = 150
    items = (
        PlanViewSet("plan", url_prefix="plans/list"),
        TargetViewSet("target", url_prefix="plans/targets"),
    )


def admin_urls():
    return [
        path("plans/campaigns/<int:pk>/close/", CloseCampaignView.as_view(), name="plans_close_campaign"),
        path("plans/targets/<int:pk>/figure/", ManualValueView.as_view(), name="plans_manual_value"),
        path("plans/responsibilities/<int:pk>/assign/", AssignResponsibilityView.as_view(), name="plans_assign"),
        path("plans/<int:pk>/adopt/", AdoptPlanView.as_view(), name="plans_adopt"),
    ]

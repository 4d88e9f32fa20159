"""The cascade's staff screens in the Wagtail admin: "Gửi xuống cơ sở" (the dispatch form,
from a live article or an approved campaign), a dispatch's page (the fan-out's progress,
then compliance per unit with a ranking, a completion chart and an .xlsx export), the
list "Việc đã gửi xuống", and a hub's "Chuyển tiếp xuống cơ sở".

Reading a dispatch: whoever reads its sending unit, or a unit it reached (a grassroots
union sees the dispatch it received, with its own figures only): 404 otherwise. The
figures shown are of one unit's subtree (`?don_vi=`), a unit the viewer reads. Sending and
relaying: `cascade.add_dispatch` on the sending (relaying) unit.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.db.models.functions import Length
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils import formats, timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView, TemplateView

from lantoa.content.models import ArticlePage
from lantoa.lib.query_params import object_id
from lantoa.org import scope
from lantoa.org.models import Unit
from lantoa.org.views import TitledAdminView, parse_day
from lantoa.plans.models import Campaign
from lantoa.vi.formats import date as vi_date
from lantoa.vi.formats import number as vi_number

from . import actions, compliance, xlsx
from .forms import ADD, DispatchForm, RelayForm
from .models import Action, Dispatch, DispatchStatus, UnitTask
from .reports import completion_chart, figures_on, ranking, reception, unit_rows

PAGE_SIZE = 50


# --- Formatting


def vi_percent(value: float) -> str:
    return f"{vi_number(value, 1)} %"


# --- Who sees what


def visible_dispatches(user):
    """Dispatches sent by a unit the user reads, or reaching one (newest first)."""
    if scope.scope_for(user).everything:
        return Dispatch.objects.all()
    units = scope.visible_units(user)
    reached = UnitTask.objects.filter(unit__in=units).values("dispatch_id")
    return Dispatch.objects.filter(Q(sender_unit__in=units) | Q(pk__in=reached))


def access_dispatch(user, pk) -> Dispatch:
    dispatch = visible_dispatches(user).select_related("sender_unit", "parent", "article", "campaign").filter(pk=pk)
    found = dispatch.first()
    if found is None:
        raise Http404
    return found


def viewing_unit(user, dispatch: Dispatch, requested: str | None) -> Unit:
    """The unit whose subtree's figures are shown: the one asked for (a unit the user reads),
    else the sending unit when the user reads it, else the highest unit the user reads that
    the dispatch reached."""
    if requested:
        unit_id = object_id(requested)
        unit = scope.visible_units(user).filter(pk=unit_id).first() if unit_id else None
        if unit is None:
            raise Http404
        return unit
    if scope.can_read_unit(user, dispatch.sender_unit_id):
        return dispatch.sender_unit
    reached = UnitTask.objects.filter(root_id=dispatch.root_id, unit__in=scope.visible_units(user))
    top = Unit.objects.filter(pk__in=reached.values("unit_id")).order_by(Length("path"), "path").first()
    if top is None:
        raise Http404
    return top


# --- "Gửi xuống cơ sở"


def live_article(user, pk) -> ArticlePage:
    article = ArticlePage.objects.live().filter(pk=pk).first()
    if article is None:
        raise Http404
    if not (scope.can_read_unit(user, article.unit_id) or article.permissions_for_user(user).can_edit()):
        raise Http404
    return article


def approved_campaign(user, pk) -> Campaign:
    campaign = Campaign.objects.filter(pk=pk, live=True).first()
    if campaign is None or not scope.can_read_unit(user, campaign.unit_id):
        raise Http404
    return campaign


class DispatchFormView(TitledAdminView, FormView):
    template_name = "cascade/admin/dispatch_form.html"
    form_class = DispatchForm
    page_title = gettext_lazy("Send down to the units")
    header_icon = "mail"
    article: ArticlePage | None = None
    campaign: Campaign | None = None

    def dispatch(self, request, *args, **kwargs):
        if "article" in kwargs:
            self.article = live_article(request.user, kwargs["article"])
            self.source_unit_id = self.article.unit_id
        else:
            self.campaign = approved_campaign(request.user, kwargs["campaign"])
            self.source_unit_id = self.campaign.unit_id
        if not scope.units_with_perm(request.user, ADD).exists():
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def source(self):
        return self.article or self.campaign

    def get_page_subtitle(self):
        return self.source().title

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        default = Unit.objects.filter(pk=self.source_unit_id).first()
        kwargs.update(user=self.request.user, default_sender=default)
        return kwargs

    def get_initial(self):
        return {"title": self.source().title}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = context["form"]
        source = self.source()
        context.update(
            source=source,
            source_kind=_("article") if self.article else _("campaign"),
            due_text=vi_date(form.due_on()),
            earlier=Dispatch.objects.filter(
                Q(article_id=source.pk) if self.article else Q(campaign_id=source.pk), parent__isnull=True
            ).filter(pk__in=visible_dispatches(self.request.user).values("pk"))[:10],
        )
        return context

    def form_valid(self, form):
        data = form.cleaned_data
        sender = data["sender"]
        if not scope.has_perm(self.request.user, ADD, sender.pk):
            raise Http404
        try:
            dispatch, new = actions.do_dispatch(
                sender=sender, actor=self.request.user, title=data["title"], actions=data["actions"],
                due_on=form.due_on(), targets=data["targets"], note=data["note"],
                article=self.article, campaign=self.campaign,
            )  # fmt: skip
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        url = reverse("cascade_dispatch", args=[dispatch.pk])
        if new:
            messages.success(self.request, _("Sent: the units receive it as the sending goes on."))
        else:
            messages.warning(
                self.request,
                format_html(
                    '{} <a href="{}">{}</a>',
                    _("This was already sent on %(day)s; nothing was sent again.")
                    % {"day": vi_date(timezone.localtime(dispatch.created_at).date())},
                    url,
                    _("Open the dispatch"),
                ),
            )
        return redirect(url)

    def form_invalid(self, form):
        messages.error(self.request, _("Not sent: correct what is marked below."))
        return super().form_invalid(form)


# --- A dispatch's page


def relay_hubs(user, dispatch: Dispatch):
    """The units where the user may send that received this dispatch's tasks and have
    units below them: they may relay it."""
    received = UnitTask.objects.filter(dispatch=dispatch).values("unit_id")
    return scope.units_with_perm(user, ADD).filter(pk__in=received).exclude(kind="grassroots").order_by("path")


class DispatchView(TitledAdminView, TemplateView):
    template_name = "cascade/admin/dispatch.html"
    page_title = gettext_lazy("Dispatch to the units")
    header_icon = "mail"
    relay_form: RelayForm | None = None

    def get_page_subtitle(self):
        return self.dispatch_obj.title

    def get(self, request, *args, **kwargs):
        self.dispatch_obj = access_dispatch(request.user, kwargs["pk"])
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user, dispatch = self.request.user, self.dispatch_obj
        sending = dispatch.status in (DispatchStatus.QUEUED, DispatchStatus.SENDING)
        context.update(dispatch=dispatch, sending=sending, target_text=vi_number(dispatch.target_count),
                       sent_text=vi_number(dispatch.sent_count), due_text=vi_date(dispatch.due_on),
                       sent_day=formats.date_format(timezone.localtime(dispatch.created_at), "d/m/Y H:i"))  # fmt: skip
        context["action_labels"] = [Action(a).label for a in dispatch.actions if a in Action.values]
        context["parent_visible"] = (
            bool(dispatch.parent_id) and visible_dispatches(user).filter(pk=dispatch.parent_id).exists()
        )
        context["relays"] = visible_dispatches(user).filter(parent=dispatch).select_related("sender_unit")
        if dispatch.status == DispatchStatus.SENT:
            context.update(self.compliance_context(dispatch))
        hubs = relay_hubs(user, dispatch)
        if hubs.exists():
            context["relay_form"] = self.relay_form or RelayForm(hubs=hubs)
            context["relay_due_text"] = vi_date(context["relay_form"].due_on())
            # The sender's staff may act for a unit without an officer: offered, folded away.
            context["relay_on_behalf"] = scope.has_perm(user, ADD, dispatch.sender_unit_id)
        return context

    def compliance_context(self, dispatch: Dispatch) -> dict:
        user = self.request.user
        root = dispatch.root or dispatch
        day = min(parse_day(self.request.GET.get("ngay")), timezone.localdate())
        unit = viewing_unit(user, dispatch, self.request.GET.get("don_vi"))
        figures, children = figures_on(root, unit, day)
        rows = unit_rows(children)
        up = None
        if unit.parent_id and unit.pk != dispatch.sender_unit_id and unit.path.startswith(dispatch.sender_unit.path):
            if scope.can_read_unit(user, unit.parent_id):
                up = unit.parent
        return {
            "day": day,
            "day_text": vi_date(day),
            "is_today": day == timezone.localdate(),
            "unit": unit,
            "up": up,
            "figures": figures,
            "figure_cells": figure_cells(figures),
            "rows": [(row, figure_cells(row.figures)) for row in rows],
            "ranking": ranking(rows),
            "chart": completion_chart(root, dispatch, unit, day, figures.total),
            "reception": {name: vi_number(value) for name, value in reception(root, unit, day).items()},
        }


def figure_cells(figures: compliance.Compliance) -> dict[str, str]:
    total = figures.total

    def share(n):
        return vi_percent(100.0 * n / total) if total else "—"

    return {
        "total": vi_number(total),
        "done": vi_number(figures.done),
        "done_share": share(figures.done),
        "done_late": vi_number(figures.done_late),
        "late": vi_number(figures.late),
        "late_share": share(figures.late),
        "pending": vi_number(figures.pending),
        "pending_share": share(figures.pending),
        "not_applicable": vi_number(figures.not_applicable),
        "na_share": share(figures.not_applicable),
        "settled": vi_percent(figures.done_percent),
        "settled_value": f"{figures.done_percent:.1f}",
    }


def export_xlsx(request, pk):
    dispatch = access_dispatch(request.user, pk)
    unit = viewing_unit(request.user, dispatch, request.GET.get("don_vi"))
    day = min(parse_day(request.GET.get("ngay")), timezone.localdate())
    content = xlsx.export_tasks(dispatch.root or dispatch, unit.path, day)
    response = HttpResponse(content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="viec-gui-xuong-{dispatch.pk}-{unit.code}.xlsx"'
    return response


def relay(request, pk):
    if request.method != "POST":
        return HttpResponse(status=405, headers={"Allow": "POST"})
    dispatch = access_dispatch(request.user, pk)
    hubs = relay_hubs(request.user, dispatch)
    if not hubs.exists():
        raise Http404
    form = RelayForm(request.POST, hubs=hubs)
    if form.is_valid():
        try:
            relayed, new = actions.do_relay(
                form.cleaned_data["hub"], dispatch, actor=request.user, due_on=form.due_on(),
                note=form.cleaned_data["note"],
            )  # fmt: skip
        except PermissionDenied:
            raise Http404 from None
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if new:
                messages.success(request, _("Relayed to the units below."))
            else:
                messages.warning(request, _("This unit already relayed this dispatch; nothing was sent again."))
            return redirect("cascade_dispatch", relayed.pk)
    messages.error(request, _("Not relayed: correct what is marked below."))
    view = DispatchView(relay_form=form)
    view.setup(request, pk=pk)
    return view.get(request, pk=pk)


# --- "Việc đã gửi xuống"


class DispatchListView(TitledAdminView, TemplateView):
    template_name = "cascade/admin/dispatch_list.html"
    page_title = gettext_lazy("Work sent down")
    header_icon = "mail"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        dispatches = visible_dispatches(user).select_related("sender_unit").order_by("-created_at", "-pk")
        page = Paginator(dispatches, PAGE_SIZE).get_page(self.request.GET.get("p"))
        readable = set(scope.visible_units(user).filter(
            pk__in={d.sender_unit_id for d in page.object_list}).values_list("pk", flat=True))  # fmt: skip
        context.update(
            page_obj=page,
            rows=[
                {
                    "dispatch": d,
                    "sent": d.sender_unit_id in readable,
                    "targets": vi_number(d.target_count),
                    "due": vi_date(d.due_on),
                    "day": vi_date(timezone.localtime(d.created_at).date()),
                }
                for d in page.object_list
            ],
        )
        return context


urlpatterns = [
    path("cascade/dispatches/", DispatchListView.as_view(), name="cascade_dispatches"),
    path("cascade/articles/<int:article>/dispatch/", DispatchFormView.as_view(), name="cascade_dispatch_article"),
    path("cascade/campaigns/<int:campaign>/dispatch/", DispatchFormView.as_view(), name="cascade_dispatch_campaign"),
    path("cascade/dispatches/<int:pk>/", DispatchView.as_view(), name="cascade_dispatch"),
    path("cascade/dispatches/<int:pk>/xlsx/", export_xlsx, name="cascade_dispatch_xlsx"),
    path("cascade/dispatches/<int:pk>/relay/", relay, name="cascade_dispatch_relay"),
]

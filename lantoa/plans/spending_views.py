"""Finance records what an approved campaign really spent, line by line ("Ghi chi tiêu").

The campaign stays approved: spending goes through `actions.do_record_spending`, which
writes the budget line and keeps the campaign's revisions in step, so nothing is sent
back through the Standing Committee's workflow."""

from __future__ import annotations

import re
from decimal import Decimal

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from lantoa.org import scope
from lantoa.org.views import TitledAdminView
from lantoa.vi import formats
from lantoa.vi.forms import NamedErrorsMixin

from . import actions
from .models import BudgetLine, Campaign
from .queries import visible_campaigns

PERMISSION = "plans.record_spending"
# 18500000, 18.500.000 or 18 500 000, with or without "đ"; whole đồng only.
AMOUNT = re.compile(r"\d+|\d{1,3}(?:[.\s]\d{3})+")
MAX_AMOUNT = Decimal(10) ** BudgetLine._meta.get_field("actual").max_digits - 1


class AmountField(forms.CharField):
    """An amount in đồng as Vietnamese write it: "18.500.000" or "18500000"."""

    def to_python(self, value):
        text = (super().to_python(value) or "").replace("\u00a0", " ").strip()
        text = re.sub(r"\s*(đ|đồng|vnđ|vnd)$", "", text, flags=re.IGNORECASE).strip()
        if text in self.empty_values:
            return None
        if not AMOUNT.fullmatch(text):
            raise ValidationError(
                _("“%(value)s” is not an amount in đồng: write it like 18.500.000 or 18500000."),
                params={"value": value.strip()},
            )
        amount = Decimal(re.sub(r"\D", "", text))
        if amount > MAX_AMOUNT:
            raise ValidationError(_("This amount is too large."))
        return amount

    def prepare_value(self, value):
        return formats.number(value) if isinstance(value, Decimal | int) else value


class SpendingForm(NamedErrorsMixin, forms.Form):
    actual = AmountField(label=_("amount spent (đồng)"), widget=forms.TextInput(attrs={"inputmode": "numeric"}))
    spent_on = forms.DateField(label=_("spent on"), help_text=_("dd/mm/yyyy"))


def access_campaign_for_spending(user, pk) -> Campaign:
    """404 outside the reading scope, 403 without the right to record spending there."""
    campaign = get_object_or_404(visible_campaigns(user).select_related("unit", "plan"), pk=pk)
    if not scope.has_perm(user, PERMISSION, campaign.unit_id):
        raise PermissionDenied
    return campaign


class RecordSpendingView(TitledAdminView, TemplateView):
    """Each budget line with its estimate and a form for what was spent and when."""

    template_name = "plans/record_spending.html"
    page_title = _("Record spending")
    header_icon = "form"

    def dispatch(self, request, *args, **kwargs):
        self.campaign = access_campaign_for_spending(request.user, kwargs["pk"])
        self.lines = list(self.campaign.budget_lines.order_by("sort_order", "pk"))
        self.bound: dict[int, SpendingForm] = {}
        return super().dispatch(request, *args, **kwargs)

    def get_page_subtitle(self):
        return str(self.campaign)

    def form_for(self, line: BudgetLine) -> SpendingForm:
        if line.pk in self.bound:
            return self.bound[line.pk]
        initial = {"actual": line.actual, "spent_on": line.spent_on or timezone.localdate()}
        return SpendingForm(prefix=f"line-{line.pk}", initial=initial)

    def get_context_data(self, **kwargs):
        rows = [
            {"line": line, "form": self.form_for(line), "estimate": formats.money(line.estimate),
             "actual": formats.money(line.actual), "spent_on": formats.date(line.spent_on)}
            for line in self.lines
        ]  # fmt: skip
        totals = self.campaign.budget_totals()
        return {
            **super().get_context_data(**kwargs),
            "campaign": self.campaign,
            "rows": rows,
            "approved": self.campaign.live,
            "estimate": formats.money(totals["estimate"]),
            "spent": formats.money(totals["actual"]),
        }

    def post(self, request, *args, **kwargs):
        line = next((line for line in self.lines if str(line.pk) == request.POST.get("line")), None)
        if line is None:
            raise Http404
        form = SpendingForm(request.POST, prefix=f"line-{line.pk}")
        self.bound[line.pk] = form
        if form.is_valid():
            try:
                actions.do_record_spending(line, actor=request.user, **form.cleaned_data)
            except ValidationError as error:
                form.add_error(None, error.messages)
            else:
                messages.success(request, _recorded_message(line))
                return redirect(reverse("plans_record_spending", args=[self.campaign.pk]))
        return self.render_to_response(self.get_context_data())


def _recorded_message(line: BudgetLine) -> str:
    return gettext("Spending recorded for “%(item)s”: %(amount)s on %(day)s.") % {
        "item": line.item,
        "amount": formats.money(line.actual),
        "day": formats.date(line.spent_on),
    }


def may_record_spending(user, campaign: Campaign) -> bool:
    """Whether to offer "Record spending" on a campaign: approved, and the user holds the right there."""
    return campaign.live and user.has_perm(PERMISSION) and scope.has_perm(user, PERMISSION, campaign.unit_id)


class SpendingIndexView(TitledAdminView, TemplateView):
    """Finance's way in: the approved campaigns where the user records spending, latest first."""

    template_name = "plans/record_spending.html"
    page_title = _("Campaign spending")
    header_icon = "form"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(PERMISSION):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        campaigns = scope.scope_queryset(Campaign.objects.filter(live=True), self.request.user, perm=PERMISSION)
        campaigns = campaigns.select_related("unit").prefetch_related("budget_lines").order_by("-start_date", "pk")
        page = Paginator(campaigns, 30).get_page(self.request.GET.get("p"))
        rows = [(c, {key: formats.money(value) for key, value in c.budget_totals().items()}) for c in page]
        return {**super().get_context_data(**kwargs), "campaign_rows": rows, "page_obj": page}


urlpatterns = [
    path("plans/spending/", SpendingIndexView.as_view(), name="plans_spending_index"),
    path("plans/campaigns/<int:pk>/spending/", RecordSpendingView.as_view(), name="plans_record_spending"),
]

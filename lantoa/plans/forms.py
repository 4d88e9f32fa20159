from __future__ import annotations

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lantoa.channels.chooser import channel_checklist_like
from lantoa.channels.models import Channel, ChannelKind
from lantoa.core.concurrency import VersionedForm
from lantoa.org import scope
from lantoa.org.admin_scope import ScopedForm
from lantoa.vi import formats

from . import indicators
from .actions import suggest_number
from .models import AudienceKind, DocumentType, Plan, PlanStatus, Theme
from .queries import visible_plans

CAMPAIGN_PERMISSION = "plans.change_campaign"


class PlanForm(ScopedForm):
    """The plan's own fields; a new plan is offered the register's next number."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is None and self.for_user is not None and "number" in self.fields:
            unit = scope.units_with_perm(self.for_user, "plans.add_plan").order_by("depth", "path").first()
            if unit is not None:
                year = timezone.localdate().year
                self.fields["number"].help_text = _(
                    "Next free number in %(unit)s's register of plans for %(year)s: %(number)s."
                ) % {"unit": unit.name, "year": year, "number": suggest_number(unit.pk, DocumentType.PLAN, year)}
        if "adopted_from" in self.fields and self.for_user is not None:
            self.fields["adopted_from"].queryset = visible_plans(self.for_user)


class DateListField(forms.CharField):
    """Dates typed as "31/03/2021, 31/12/2021", stored as ISO strings."""

    def to_python(self, value):
        text = super().to_python(value) or ""
        days = []
        for part in [p.strip() for p in text.replace(";", ",").split(",") if p.strip()]:
            try:
                days.append(datetime.datetime.strptime(part, "%d/%m/%Y").date())
            except ValueError:
                raise ValidationError(
                    _("“%(value)s” is not a date: write dd/mm/yyyy, separated by commas."), params={"value": part}
                ) from None
        return sorted({d.isoformat() for d in days})

    def prepare_value(self, value):
        if isinstance(value, list):
            return ", ".join(datetime.date.fromisoformat(d).strftime("%d/%m/%Y") for d in value)
        return value


UNIT_KIND_PARAM = "unit_kinds"


class TargetForm(ScopedForm):
    indicator = forms.ChoiceField(label=_("indicator"), choices=())
    check_dates = DateListField(label=_("check dates"), required=False, help_text=_("dd/mm/yyyy, separated by commas."))
    unit_kinds = forms.MultipleChoiceField(
        label=_("unit kinds counted"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("For “units running social-media groups”: which units must run the groups."),
    )
    setting = forms.ChoiceField(
        label=_("indicator setting"),
        required=False,
        help_text=_("For indicators that count one content group, one channel or one campaign: which one."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from lantoa.org.models import UnitKind

        self.fields["indicator"].choices = indicators.choices()
        self.fields["unit_kinds"].choices = UnitKind.choices
        self.fields["unit_kinds"].initial = (self.instance.params or {}).get(UNIT_KIND_PARAM, [])
        if self.for_user is not None:
            self.fields["plan"].queryset = visible_plans(self.for_user).filter(
                issuing_unit__in=scope.units_with_perm(self.for_user, "plans.add_campaign")
            )
        # Settings naming rows of a plan (a campaign) are offered for the plans offered.
        plans = self.fields["plan"].queryset if "plan" in self.fields else None
        self.fields["setting"].choices = [("", "---------"), *indicators.setting_choices(plans)]
        self.fields["setting"].initial = self.current_setting()

    def current_setting(self) -> str:
        """The stored listed setting of the target's kind, as "name=value" ("" when none)."""
        kind = indicators.REGISTRY.get(self.instance.indicator or "")
        params = self.instance.params or {}
        for name in kind.param_choices if kind else ():
            if name in params:
                return f"{name}{indicators.SETTING_SEPARATOR}{params[name]}"
        return ""

    def clean(self):
        data = super().clean()
        if data.get("indicator") == "units_with_groups" and not data.get("unit_kinds"):
            self.add_error("unit_kinds", _("Choose the unit kinds that must run the groups."))
        kind = indicators.REGISTRY.get(data.get("indicator") or "")
        if kind and kind.param_choices:
            name, _sep, value = (data.get("setting") or "").partition(indicators.SETTING_SEPARATOR)
            if name not in kind.param_choices:
                self.add_error("setting", _("This indicator needs a setting: choose one from the list."))
            elif callable(kind.param_choices[name]) and data.get("plan") is not None:
                own = indicators.options_of(kind, name, Plan.objects.filter(pk=data["plan"].pk))
                if value not in {option for option, _shown in own}:
                    self.add_error("setting", _("Choose a setting that belongs to the target's plan."))
        return data

    def save(self, commit=True):
        params = dict(self.instance.params or {})
        for kind in indicators.REGISTRY.values():  # the listed settings of any other kind go
            for name in kind.param_choices:
                params.pop(name, None)
        kind = indicators.REGISTRY.get(self.cleaned_data.get("indicator") or "")
        name, _sep, value = (self.cleaned_data.get("setting") or "").partition(indicators.SETTING_SEPARATOR)
        if kind and name in kind.param_choices:
            params[name] = value
        kinds = self.cleaned_data.get("unit_kinds")
        if self.cleaned_data.get("indicator") == "units_with_groups":
            params[UNIT_KIND_PARAM] = list(kinds)
        else:
            params.pop(UNIT_KIND_PARAM, None)
        self.instance.params = params
        return super().save(commit=commit)


class CampaignForm(VersionedForm, ScopedForm):
    audiences = forms.MultipleChoiceField(
        label=_("audiences"), required=False, choices=AudienceKind.choices, widget=forms.CheckboxSelectMultiple
    )
    channel_kinds = forms.MultipleChoiceField(
        label=_("channel kinds"), required=False, choices=ChannelKind.choices, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.for_user is None:
            return
        plans = visible_plans(self.for_user)
        self.fields["plan"].queryset = plans
        self.fields["theme"].queryset = (
            Theme.objects.filter(plan__in=plans).filter(self.offered_themes_q()).select_related("plan")
        )
        self.fields["theme"].label_from_instance = lambda theme: f"{theme.plan.reference}: {theme.title}"
        if "channels" in self.fields:
            self.fields["channels"] = channel_checklist_like(self.fields["channels"], self.offered_channels())

    def offered_channels(self):
        """Channels of the units where the user organises campaigns and of the units right
        below them (further down, content reaches units through the cascade), plus those the
        campaign already names: a province's form lists hundreds of channels, not the tens
        of thousands of its whole subtree. Superusers are offered every channel."""
        units = scope.units_with_perm(self.for_user, CAMPAIGN_PERMISSION)
        found = scope.scope_for(self.for_user)
        near = Q()
        if not found.everything:
            prefixes = found.perm_prefixes.get(CAMPAIGN_PERMISSION, ())
            near = Q(unit__path__in=prefixes) | Q(unit__parent__path__in=prefixes)
            if self.instance.pk:
                named = type(self.instance).channels.through.objects.filter(campaign_id=self.instance.pk)
                near |= Q(pk__in=named.values("channel_id"))
        return Channel.objects.filter(near, unit__in=units)

    def offered_themes_q(self) -> Q:
        """Themes of plans in force: issued (or adopted and issued), their period covering
        today or, for a campaign dated in the past, its start; the campaign's own theme and
        the one its "Đề xuất chiến dịch" link names stay offered."""
        days = {timezone.localdate()}
        start = self.instance.start_date
        if self.is_bound and "start_date" in self.fields:
            try:
                start = self.fields["start_date"].clean(self.data.get(self.add_prefix("start_date")))
            except ValidationError:
                start = None
        if isinstance(start, datetime.date):
            days.add(start)
        offered = Q(pk__in=[])
        for day in days:
            offered |= Q(plan__status=PlanStatus.ISSUED, plan__period_start__lte=day, plan__period_end__gte=day)
        kept = [pk for pk in (self.instance.theme_id, self.initial.get("theme")) if pk]
        return offered | Q(pk__in=kept) if kept else offered


class CloseCampaignForm(forms.Form):
    closed_on = forms.DateField(label=_("closed on"))
    people_reached = forms.IntegerField(label=_("people reached"), min_value=0)
    results = forms.CharField(label=_("results"), widget=forms.Textarea(attrs={"rows": 5}))


class ManualValueForm(forms.Form):
    on_date = forms.DateField(label=_("as of"))
    value = forms.DecimalField(label=_("value"), max_digits=16, decimal_places=2)
    evidence = forms.CharField(label=_("evidence"), widget=forms.Textarea(attrs={"rows": 4}))


class AssignResponsibilityForm(forms.Form):
    title = forms.CharField(label=_("task"), max_length=300)
    due_on = forms.DateField(label=_("due on"))


class AdoptPlanForm(forms.Form):
    """A lower unit's own version of an upper plan (R20): its unit, title and number come
    proposed, and each target of the upper plan comes with its value to adjust."""

    TARGET_PREFIX = "target_"

    unit = forms.ModelChoiceField(label=_("unit"), queryset=None)
    title = forms.CharField(label=_("title"), max_length=300, required=False)
    number = forms.IntegerField(
        label=_("number"),
        required=False,
        min_value=1,
        help_text=_("Leave empty to number the plan when it is issued."),
    )
    symbol = forms.CharField(label=_("symbol"), max_length=40, help_text=_("For example KH-LĐLĐ."))
    place = forms.CharField(label=_("place"), max_length=80)
    issued_on = forms.DateField(label=_("issued on"))

    def __init__(self, *args, units, targets=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.parent_targets = list(targets)
        for target in self.parent_targets:
            value = target.target_value
            self.fields[f"{self.TARGET_PREFIX}{target.pk}"] = forms.DecimalField(
                label=target.title,
                required=False,
                min_value=0,
                max_digits=16,
                decimal_places=2,
                initial=int(value) if value == int(value) else value,
                help_text=_("Upper level's value: %(value)s, by %(deadline)s. Leave empty to leave it out.")
                % {
                    "value": formats.number(value, 0 if value == int(value) else 2),
                    "deadline": formats.date(target.deadline),
                },
            )

    def target_fields(self):
        return [self[f"{self.TARGET_PREFIX}{target.pk}"] for target in self.parent_targets]

    def own_fields(self):
        return [field for field in self if not field.name.startswith(self.TARGET_PREFIX)]

    def action_data(self) -> dict:
        """The keyword arguments of `do_adopt_plan`: the targets as {upper target id: value}."""
        data = {k: v for k, v in self.cleaned_data.items() if not k.startswith(self.TARGET_PREFIX)}
        data["targets"] = {
            target.pk: self.cleaned_data[f"{self.TARGET_PREFIX}{target.pk}"]
            for target in self.parent_targets
            if self.cleaned_data.get(f"{self.TARGET_PREFIX}{target.pk}") is not None
        }
        return data

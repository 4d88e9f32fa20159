"""The staff's forms of the cascade: "Gửi xuống cơ sở" (a dispatch: sender, targets,
actions, due day in working days, note) and "Chuyển tiếp xuống cơ sở" (a hub's relay).

The targets are a spec for `targets.target_units` (keys `under`, `kinds`, `sector`,
`codes`), built in a canonical order so the same choice gives the same idempotency key."""

from __future__ import annotations

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lantoa.org import scope
from lantoa.org.models import Unit, UnitKind
from lantoa.plans.calendar import add_working_days

from . import xlsx
from .models import Action
from .targets import target_units

ADD = "cascade.add_dispatch"
DEFAULT_DAYS = 5
MAX_DAYS = 90
MAX_PASTED = 20_000
UNKNOWN_SHOWN = 20
TITLE_MAX = 300
NOTE_MAX = 2000


def due_day(days: int, start: datetime.date | None = None) -> datetime.date:
    return add_working_days(start or timezone.localdate(), days)


def sender_units(user):
    """Units from which `user` may send: those where a role grants `add_dispatch`, that have
    units below them (a grassroots union sends to nobody)."""
    return scope.units_with_perm(user, ADD).exclude(kind=UnitKind.GRASSROOTS).select_related("parent").order_by("path")


class UnitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Unit) -> str:
        return obj.name


def listed_unknown(codes: list[str]) -> str:
    shown = ", ".join(codes[:UNKNOWN_SHOWN])
    more = len(codes) - UNKNOWN_SHOWN
    if more > 0:
        return _("%(codes)s and %(count)s more") % {"codes": shown, "count": more}
    return shown


class DueDaysMixin(forms.Form):
    due_days = forms.IntegerField(
        label=gettext_lazy("due in working days"), min_value=1, max_value=MAX_DAYS, initial=DEFAULT_DAYS,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "class": "lantoa-cascade-days"}),
        error_messages={
            "required": gettext_lazy("Enter the number of working days the units have."),
            "invalid": gettext_lazy("Enter the number of working days as a whole number, e.g. 5."),
            "min_value": gettext_lazy("The units need at least one working day."),
            "max_value": gettext_lazy("At most %(limit_value)s working days."),
        },
    )  # fmt: skip
    note = forms.CharField(
        label=gettext_lazy("note to the units"), required=False, max_length=NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"max_length": gettext_lazy("The note is too long (at most %(limit_value)d characters).")},
    )  # fmt: skip

    def due_on(self) -> datetime.date:
        """The due day the form shows: of the days entered when valid, else the default."""
        days = self.cleaned_data.get("due_days") if hasattr(self, "cleaned_data") else None
        if days is None and not self.is_bound:
            days = DEFAULT_DAYS
        if days is None:
            raw = self.data.get(self.add_prefix("due_days"), "")
            days = int(raw) if str(raw).strip().isdigit() and 1 <= int(raw) <= MAX_DAYS else DEFAULT_DAYS
        return due_day(days)


class DispatchForm(DueDaysMixin):
    sender = UnitChoiceField(
        label=gettext_lazy("sending unit"), queryset=Unit.objects.none(), empty_label=None,
        error_messages={"invalid_choice": gettext_lazy("You cannot send from this unit.")},
    )  # fmt: skip
    title = forms.CharField(
        label=gettext_lazy("title of the dispatch"), max_length=TITLE_MAX,
        error_messages={"required": gettext_lazy("Enter the title the units will see.")},
    )  # fmt: skip
    under = UnitChoiceField(
        label=gettext_lazy("only the units below"), queryset=Unit.objects.none(), required=False,
        empty_label=gettext_lazy("— every unit below the sending unit —"),
        error_messages={"invalid_choice": gettext_lazy("Choose a unit you may send to.")},
    )  # fmt: skip
    kinds = forms.MultipleChoiceField(
        label=gettext_lazy("only units of these kinds"), required=False,
        choices=[c for c in UnitKind.choices if c[0] != UnitKind.CONFEDERATION],
        widget=forms.CheckboxSelectMultiple,
    )  # fmt: skip
    sector = forms.CharField(label=gettext_lazy("only units of this sector"), required=False, max_length=120)
    codes = forms.CharField(
        label=gettext_lazy("only these unit codes"), required=False,
        widget=forms.Textarea(attrs={"rows": 3, "spellcheck": "false", "autocomplete": "off"}),
        help_text=gettext_lazy("One code a line, or separated by commas."),
    )  # fmt: skip
    codes_file = forms.FileField(
        label=gettext_lazy("or an Excel file of unit codes"), required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}),
        help_text=gettext_lazy("The codes in the first column of the first sheet (.xlsx, up to 5 MB)."),
        error_messages={"empty": gettext_lazy("The file is empty.")},
    )  # fmt: skip
    actions = forms.MultipleChoiceField(
        label=gettext_lazy("actions asked of the units"), choices=Action.choices, widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": gettext_lazy("Choose at least one action for the units."),
            "invalid_choice": gettext_lazy("Choose among the actions listed."),
        },
    )  # fmt: skip

    field_order = ["sender", "title", "under", "kinds", "sector", "codes", "codes_file", "actions", "due_days", "note"]

    def __init__(self, *args, user, default_sender=None, **kwargs):
        super().__init__(*args, **kwargs)
        units = sender_units(user)
        self.fields["sender"].queryset = units
        self.fields["under"].queryset = units
        if default_sender is not None and not self.is_bound:
            self.initial.setdefault("sender", default_sender.pk)

    def clean_codes(self) -> list[str] | None:
        codes = xlsx.split_codes(self.cleaned_data.get("codes", ""))
        if len(codes) > MAX_PASTED:
            limit = f"{MAX_PASTED:,}".replace(",", ".")
            raise ValidationError(_("Paste at most %(count)s codes; upload an Excel file for more.") % {"count": limit})
        return codes or None

    def clean_codes_file(self) -> list[str] | None:
        upload = self.cleaned_data.get("codes_file")
        if not upload:
            return None
        if not upload.name.lower().endswith(".xlsx"):
            raise ValidationError(_("The file is not an Excel workbook (.xlsx)."))
        codes = xlsx.read_codes(upload)
        if not codes:
            raise ValidationError(_("The file has no unit code in its first column."))
        return codes

    def clean(self):
        data = super().clean()
        sender, under = data.get("sender"), data.get("under")
        if sender is None:
            return data
        if under is not None and under.pk == sender.pk:
            data["under"] = under = None
        if under is not None and not under.path.startswith(sender.path):
            self.add_error("under", _("“%(unit)s” is not below the sending unit.") % {"unit": under.name})
            return data
        if data.get("codes") and data.get("codes_file"):
            self.add_error("codes_file", _("Paste codes or upload a file, not both."))
            return data
        codes = data.get("codes_file") or data.get("codes")
        spec = self.spec(data, codes)
        if codes is not None:
            known = set(
                target_units(sender, {k: v for k, v in spec.items() if k != "codes"})
                .filter(code__in=codes)
                .values_list("code", flat=True)
            ) if len(codes) <= 50_000 else self._known_in_chunks(sender, spec, codes)  # fmt: skip
            unknown = sorted(set(codes) - known)
            if unknown:
                field = "codes_file" if data.get("codes_file") else "codes"
                message = _("Not found below the sending unit (with the other choices): %(codes)s.") % {
                    "codes": listed_unknown(unknown)
                }
                if field == "codes_file":
                    self._keep_file_codes(codes)
                self.add_error(field, message)
                return data
        if self.errors:
            return data
        if not target_units(sender, spec).exists():
            raise ValidationError(_("No unit matches these choices below the sending unit."))
        data["targets"] = spec
        return data

    def _known_in_chunks(self, sender, spec, codes) -> set[str]:
        base = target_units(sender, {k: v for k, v in spec.items() if k != "codes"})
        known: set[str] = set()
        for start in range(0, len(codes), 5000):
            known |= set(base.filter(code__in=codes[start : start + 5000]).values_list("code", flat=True))
        return known

    def _keep_file_codes(self, codes: list[str]) -> None:
        """The browser forgets an uploaded file after a mistake: its codes are put in the
        list field, so the sender corrects them there."""
        if len(codes) <= MAX_PASTED:
            data = self.data.copy()
            data[self.add_prefix("codes")] = "\n".join(codes)
            self.data = data

    @staticmethod
    def spec(data, codes) -> dict:
        spec: dict = {}
        if data.get("under") is not None:
            spec["under"] = data["under"].pk
        if data.get("kinds"):
            spec["kinds"] = sorted(data["kinds"])
        if (data.get("sector") or "").strip():
            spec["sector"] = data["sector"].strip()
        if codes is not None:
            spec["codes"] = sorted(set(codes))
        return spec


class RelayForm(DueDaysMixin):
    hub = UnitChoiceField(
        label=gettext_lazy("relaying unit"), queryset=Unit.objects.none(), empty_label=None,
        error_messages={"invalid_choice": gettext_lazy("This unit cannot relay this dispatch.")},
    )  # fmt: skip

    field_order = ["hub", "note", "due_days"]

    def __init__(self, *args, hubs, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["hub"].queryset = hubs
        if hubs.count() == 1:
            self.fields["hub"].widget = forms.HiddenInput()
            self.initial.setdefault("hub", hubs.first().pk)

from __future__ import annotations

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lantoa.vi.forms import NamedErrorsMixin

from .admin_scope import ScopedForm
from .models import Role, Unit
from .places import province_choices, ward_choices, ward_in_province
from .scope import assignable_users

EFFECTIVE_DATE_HELP = _("The day the change takes effect (dd/mm/yyyy). Earlier days keep the old values.")


def _grouped_ward_choices():
    grouped = [("", "---------")]
    for code, name in province_choices():
        grouped.append((name, ward_choices(code)))
    return grouped


class UnitForm(ScopedForm):
    effective_date = forms.DateField(label=_("effective date"), help_text=EFFECTIVE_DATE_HELP, required=False)

    class Meta:
        model = Unit
        fields = [
            "code",
            "kind",
            "name",
            "short_name",
            "parent",
            "province_code",
            "ward_code",
            "old_province",
            "old_district",
            "address",
            "employer",
            "sector",
            "member_count",
            "worker_count",
            "female_member_count",
            "valid_from",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["province_code"] = forms.TypedChoiceField(
            label=_("province"),
            choices=[("", "---------"), *province_choices()],
            coerce=int,
            required=False,
            empty_value=None,
        )
        self.fields["ward_code"] = forms.TypedChoiceField(
            label=_("commune or ward"), choices=_grouped_ward_choices(), coerce=int, required=False, empty_value=None
        )
        self.fields["valid_from"].initial = timezone.localdate()
        if self.instance.pk:
            # History-bearing facts change through dated actions, not by editing the row.
            for name in ("code", "kind", "parent", "valid_from"):
                self.fields[name].disabled = True
            self.fields["effective_date"].initial = timezone.localdate()
        else:
            del self.fields["effective_date"]

    def clean(self):
        data = super().clean()
        province, ward = data.get("province_code"), data.get("ward_code")
        if ward and not province:
            self.add_error("province_code", _("Choose the province of this commune or ward."))
        elif ward and province and not ward_in_province(ward, province):
            self.add_error("ward_code", _("This commune or ward is not in the chosen province."))
        members, female = data.get("member_count") or 0, data.get("female_member_count") or 0
        if female > members:
            self.add_error("female_member_count", _("Female members cannot exceed members."))
        if self.instance.pk and not data.get("effective_date"):
            data["effective_date"] = timezone.localdate()
        return data


class ReorganiseForm(NamedErrorsMixin, forms.Form):
    OPERATIONS = [
        ("move", _("Move under another unit")),
        ("merge", _("Merge into another unit")),
        ("rename", _("Rename")),
        ("close", _("Close (dissolve)")),
    ]
    operation = forms.ChoiceField(label=_("operation"), choices=OPERATIONS)
    target = forms.ModelChoiceField(label=_("target unit"), queryset=Unit.objects.none(), required=False)
    new_name = forms.CharField(label=_("new name"), max_length=255, required=False)
    new_short_name = forms.CharField(label=_("new short name"), max_length=80, required=False)
    on_date = forms.DateField(label=_("effective date"), initial=datetime.date.today)
    decision = forms.CharField(
        label=_("decision"), max_length=255, required=False, help_text=_("Number and date of the decision, if any.")
    )

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        if units is not None:
            self.fields["target"].queryset = units

    def clean(self):
        data = super().clean()
        operation = data.get("operation")
        if operation in {"move", "merge"} and not data.get("target"):
            self.add_error("target", _("Choose the target unit."))
        if operation == "rename" and not data.get("new_name"):
            self.add_error("new_name", _("Enter the new name."))
        return data


class RoleForm(ScopedForm):
    class Meta:
        model = Role
        fields = ["user", "unit", "kind", "title"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.for_user is not None:
            self.fields["user"].queryset = assignable_users(self.for_user).order_by("username")

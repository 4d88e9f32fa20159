"""Wagtail's user create and edit forms with the person's mobile number (for signing in by code).

The number is optional, written any usual Vietnamese way, stored in its one form (+84…) and
held by one account at most."""

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _
from wagtail.users.forms import UserCreationForm, UserEditForm

from .phones import normalize_phone

PHONE_TAKEN = _("This mobile number belongs to another account.")


class TelInput(forms.TextInput):
    input_type = "tel"


def phone_field():
    # Wider than the stored 12 characters: "(+84) 912-345-678" is a usual spelling.
    return forms.CharField(
        label=_("Mobile phone number"),
        required=False,
        help_text=_("Optional. This person can then sign in with a code sent to this number."),
        widget=TelInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
    )


def phone_taken(phone, instance) -> bool:
    """Whether another account than `instance` already holds `phone`."""
    others = get_user_model().objects.filter(phone=phone)
    if instance.pk is not None:
        others = others.exclude(pk=instance.pk)
    return others.exists()


class PhoneFieldMixin:
    def clean_phone(self):
        raw = self.cleaned_data.get("phone", "")
        if not raw:
            return ""
        phone = normalize_phone(raw)
        if phone_taken(phone, self.instance):
            raise forms.ValidationError(PHONE_TAKEN, code="phone_taken")
        return phone


class UserCreationWithPhoneForm(PhoneFieldMixin, UserCreationForm):
    phone = phone_field()

    class Meta(UserCreationForm.Meta):
        fields = UserCreationForm.Meta.fields | {"phone"}


class UserEditWithPhoneForm(PhoneFieldMixin, UserEditForm):
    phone = phone_field()

    class Meta(UserEditForm.Meta):
        fields = UserEditForm.Meta.fields | {"phone"}

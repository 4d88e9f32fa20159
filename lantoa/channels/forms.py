from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from lantoa.core.concurrency import VersionedForm
from lantoa.org.admin_scope import ScopedForm

from .models import PHYSICAL_KINDS, Channel
from .validation import validate_channel_address


class ChannelForm(VersionedForm, ScopedForm):
    """The unit's own register entry. Verification is not here: the union above verifies
    (`views.VerificationQueueView`), so a forged "verified" field is no form field and is
    dropped."""

    class Meta:
        model = Channel
        fields = [
            "unit",
            "kind",
            "name",
            "address",
            "purpose",
            "admins",
            "audience_count",
            "audience_counted_on",
            "location",
            "funding_source",
            "cost",
            "active_from",
            "active_to",
        ]

    def clean(self):
        data = super().clean()
        kind = data.get("kind")
        if kind:
            try:
                data["address"] = validate_channel_address(kind, data.get("address", ""))
            except ValidationError as error:
                self.add_error("address", error)
            if kind in PHYSICAL_KINDS and not data.get("location"):
                self.add_error("location", _("Enter where this channel is."))
        if data.get("audience_count") is not None and not data.get("audience_counted_on"):
            self.add_error("audience_counted_on", _("Enter the day the members or followers were counted."))
        return data


class RefuseChannelForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for refusing"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Give the reason the channel is not verified.")},
        help_text=_("The unit reads it with the channel, to correct what is wrong."),
    )

"""The signer of a document, asked when the document is made (Decree 30/2020, boxes 7a–7c)."""

from __future__ import annotations

import re

from django import forms
from django.utils.translation import gettext_lazy as _

# Decree 30/2020, Phụ lục I: on behalf of a collective, acting, deputy, by order, by authorisation.
AUTHORITY_PREFIXES = ("TM.", "Q.", "KT.", "TL.", "TUQ.")
AUTHORITY_EXAMPLES = (
    "TM. BAN THƯỜNG VỤ",
    "TM. BAN CHẤP HÀNH",
    "TM. ĐOÀN CHỦ TỊCH",
    "KT. CHỦ TỊCH",
    "TL. CHỦ TỊCH",
    "TUQ. CHỦ TỊCH",
)
# Academic titles and degrees the Decree keeps out of the signature block.
TITLES = re.compile(r"^(?:GS|PGS|TS|TSKH|ThS|CN|KS|BS|Ths)\.?\s", re.IGNORECASE)


class SignerForm(forms.Form):
    authority = forms.CharField(
        label=_("Signing authority"),
        max_length=120,
        required=False,
        help_text=_("For example TM. BAN THƯỜNG VỤ or KT. CHỦ TỊCH; leave empty when the head signs in person."),
    )
    position = forms.CharField(
        label=_("Signer's position"),
        max_length=120,
        help_text=_("For example CHỦ TỊCH or PHÓ CHỦ TỊCH."),
        error_messages={"required": _("Enter the signer's position, for example PHÓ CHỦ TỊCH.")},
    )
    name = forms.CharField(
        label=_("Signer's full name"),
        max_length=120,
        error_messages={"required": _("Enter the full name of the person who signs the report.")},
    )
    place = forms.CharField(
        label=_("Place"),
        max_length=80,
        help_text=_("Where the unit has its seat, as the date line writes it: “Vĩnh Long, ngày …”."),
        error_messages={"required": _("Enter the place the report is dated at, for example Vĩnh Long.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["authority"].widget.attrs["list"] = "lantoa-authorities"
        for field in self.fields.values():
            field.widget.attrs.setdefault("autocomplete", "off")

    def clean_authority(self) -> str:
        authority = " ".join(self.cleaned_data["authority"].split())
        if not authority:
            return ""
        prefix, _space, rest = authority.partition(" ")
        if prefix.upper() not in AUTHORITY_PREFIXES or not rest:
            raise forms.ValidationError(
                _(
                    "Start with TM., KT., Q., TL. or TUQ. and then the collective or the head signed for, "
                    "for example “TM. BAN THƯỜNG VỤ” or “KT. CHỦ TỊCH”."
                )
            )
        return f"{prefix.upper()} {rest}"

    def clean_position(self) -> str:
        position = " ".join(self.cleaned_data["position"].split())
        if any(char.isdigit() for char in position):
            raise forms.ValidationError(_("A position has no digits: for example PHÓ CHỦ TỊCH."))
        return position

    def clean_name(self) -> str:
        name = " ".join(self.cleaned_data["name"].split())
        if TITLES.match(name):
            raise forms.ValidationError(
                _("Write the name without academic titles or degrees (Decree 30/2020): “Nguyễn Thị Kim Dung”.")
            )
        if any(char.isdigit() for char in name) or len(name.split()) < 2:
            raise forms.ValidationError(_("Enter the family name and the given name, for example Nguyễn Thị Kim Dung."))
        return name

    def clean_place(self) -> str:
        return " ".join(self.cleaned_data["place"].split())

    def clean(self):
        data = super().clean()
        authority, position = data.get("authority", ""), data.get("position", "")
        if authority.startswith("KT. ") and position and position.upper() == authority[4:].upper():
            self.add_error(
                "position",
                _("Signing for the head (KT.) is the deputy: write PHÓ %(head)s, or leave the authority empty.")
                % {"head": authority[4:].upper()},
            )
        return data

"""The workers' form on the public portal (`/gop-y/`): what happened, who they work for,
how to reach them (all optional: anonymous is allowed), attachments and consent.

`WorkerMessageForm.payload()` is what `RawEvent.payload` keeps and `events.read_form`
reads; attachments are checked by their first bytes (a renamed text file is no picture),
stored under MEDIA_ROOT/inbox/ with random names and listed in the payload.
"""

from __future__ import annotations

import os
import re
import secrets

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lantoa.org.phones import normalize_phone
from lantoa.vi.text import strip_controls

from .intake import CODE_ALPHABET

MAX_TEXT = 5_000
MAX_FILES = 3
MAX_FILE_BYTES = 5 * 1024 * 1024
TOKEN_PATTERN = re.compile(r"^[A-Za-z0-9_-]{16,64}$")
# The first bytes of each accepted type, and the extension the stored copy gets.
SIGNATURES = (
    (b"\xff\xd8\xff", "image/jpeg", ".jpg"),
    (b"\x89PNG\r\n\x1a\n", "image/png", ".png"),
    (b"%PDF-", "application/pdf", ".pdf"),
)
ATTACHMENT_DIR = "inbox"


def new_token() -> str:
    """The form's submission token: a double submit of one form is one case."""
    return secrets.token_urlsafe(24)


def sniff_type(upload) -> tuple[str, str] | None:
    """(content type, extension) read from the file's first bytes, not from its name or
    the browser's word; None for anything but JPEG, PNG or PDF."""
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    for signature, content_type, extension in SIGNATURES:
        if head.startswith(signature):
            return content_type, extension
    return None


class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files under one name; cleans to a list (empty when none was chosen)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ".jpg,.jpeg,.png,.pdf"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        uploads = [item for item in (data if isinstance(data, (list, tuple)) else [data]) if item]
        return [super(MultipleFileField, self).clean(item, initial) for item in uploads]


class WorkerMessageForm(forms.Form):
    text = forms.CharField(
        label=_("What happened?"),
        max_length=MAX_TEXT,
        help_text=_("Tell us what happened, when and where, and how many people it affects."),
        widget=forms.Textarea(attrs={"rows": 8, "maxlength": MAX_TEXT}),
        error_messages={"required": _("Please tell us what happened.")},
    )
    employer = forms.CharField(
        label=_("Company or workplace"),
        max_length=255,
        required=False,
        help_text=_("The name of the company where you work, e.g. Công ty TNHH May Sông Tiền."),
        widget=forms.TextInput(attrs={"autocomplete": "organization"}),
    )
    to_upper_level = forms.BooleanField(
        label=_("Send it to the upper-level union instead of the grassroots union where I work"),
        required=False,
        help_text=_(
            "Choose this if you fear being treated badly at work for speaking up: "
            "the union of your workplace will not see what you sent."
        ),
    )
    name = forms.CharField(
        label=_("Your name"), max_length=200, required=False, widget=forms.TextInput(attrs={"autocomplete": "name"})
    )
    phone = forms.CharField(
        label=_("Mobile phone"),
        max_length=30,
        required=False,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel", "inputmode": "tel"}),
    )
    zalo = forms.CharField(label=_("Zalo (number or name)"), max_length=50, required=False)
    email = forms.EmailField(
        label=_("E-mail"), max_length=254, required=False, widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )
    attachments = MultipleFileField(
        label=_("Photos or documents"),
        required=False,
        help_text=_("Up to 3 files, JPEG, PNG or PDF, 5 MB each at most."),
    )
    consent = forms.BooleanField(
        label=_(
            "I agree that the trade union processes the information I send, under Law No. 91/2025/QH15 "
            "on personal data protection and Decree No. 356/2025/NĐ-CP."
        ),
        required=True,
        error_messages={"required": _("Please tick this box: without your agreement we cannot receive your message.")},
    )
    publish_consent = forms.BooleanField(
        label=_("Allow my question and the answer, anonymised, to be published in the Questions and answers section"),
        required=False,
    )
    token = forms.CharField(widget=forms.HiddenInput, max_length=64)
    # The spam trap: hidden from people (CSS and aria-hidden), filled by robots.
    website = forms.CharField(label=_("Leave this field empty"), required=False, max_length=200)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("token", new_token())
        self.fields["website"].widget.attrs.update({"tabindex": "-1", "autocomplete": "off"})

    @property
    def is_trap_filled(self) -> bool:
        """Whether the hidden field a person never sees was filled (a robot)."""
        return bool(self.data.get("website", "").strip()) if self.is_bound else False

    def clean_text(self) -> str:
        text = strip_controls(self.cleaned_data["text"]).strip()
        if not text:
            raise ValidationError(self.fields["text"].error_messages["required"], code="required")
        return text

    def clean_phone(self) -> str:
        phone = self.cleaned_data["phone"].strip()
        return normalize_phone(phone) if phone else ""

    def clean_zalo(self) -> str:
        return strip_controls(self.cleaned_data["zalo"]).strip()

    def clean_token(self) -> str:
        token = self.cleaned_data["token"]
        if not TOKEN_PATTERN.match(token):
            raise ValidationError(_("This form is no longer valid: please send it again."), code="token")
        return token

    def clean_attachments(self) -> list:
        uploads = self.cleaned_data["attachments"]
        if len(uploads) > MAX_FILES:
            raise ValidationError(_("Choose at most 3 files."), code="too_many")
        for upload in uploads:
            if upload.size > MAX_FILE_BYTES:
                raise ValidationError(
                    _("“%(name)s” is larger than 5 MB."), code="too_large", params={"name": upload.name[:100]}
                )
            if sniff_type(upload) is None:
                raise ValidationError(
                    _("“%(name)s” is not a JPEG or PNG picture or a PDF document."),
                    code="file_type",
                    params={"name": upload.name[:100]},
                )
        return uploads

    @property
    def key(self) -> str:
        """The `RawEvent` key of this submission."""
        return f"portal:{self.cleaned_data['token']}"

    def save_attachments(self) -> list[dict]:
        """Store the checked files under random names; what the payload lists of them."""
        saved = []
        for upload in self.cleaned_data["attachments"]:
            content_type, extension = sniff_type(upload)
            path = default_storage.save(os.path.join(ATTACHMENT_DIR, secrets.token_urlsafe(18) + extension), upload)
            saved.append({"name": os.path.basename(upload.name)[:255], "size": upload.size,
                          "content_type": content_type, "path": path})  # fmt: skip
        return saved

    def payload(self, attachments: list[dict]) -> dict:
        """What `RawEvent.payload` keeps (read by `events.read_form`)."""
        data = self.cleaned_data
        return {
            "text": data["text"],
            "name": data["name"].strip(),
            "phone": data["phone"],
            "zalo": data["zalo"],
            "email": data["email"],
            "employer": data["employer"].strip(),
            "to_upper_level": data["to_upper_level"],
            "consent": data["consent"],
            "publish_consent": data["publish_consent"],
            "sent_at": timezone.now().isoformat(),
            "attachments": attachments,
        }


def delete_attachments(attachments: list[dict]) -> None:
    """Remove files saved for a submission that turned out to be a repeat."""
    for attachment in attachments:
        default_storage.delete(attachment["path"])


_CODE_NOISE = re.compile(r"[\s\-–—_.]")


def normalize_code(raw: str) -> str | None:
    """A tracking code as stored ("LT-XXXXX-XXXXX") from what a worker typed: any case,
    with or without dashes, spaces or the "LT" prefix; None when it cannot be one."""
    letters = _CODE_NOISE.sub("", str(raw or "")).upper()
    if len(letters) == 12 and letters.startswith("LT"):
        letters = letters[2:]
    if len(letters) != 10 or any(letter not in CODE_ALPHABET for letter in letters):
        return None
    return f"LT-{letters[:5]}-{letters[5:]}"


class CodeForm(forms.Form):
    ma = forms.CharField(
        label=_("Tracking code"),
        max_length=40,
        help_text=_("e.g. LT-ABCDE-23456; small letters and no dashes are fine."),
        widget=forms.TextInput(attrs={"autocapitalize": "characters", "autocomplete": "off", "spellcheck": "false"}),
        error_messages={"required": _("Enter the tracking code you received.")},
    )

    def clean_ma(self) -> str:
        code = normalize_code(self.cleaned_data["ma"])
        if code is None:
            raise ValidationError(_("This is not a tracking code: it looks like LT-ABCDE-23456."), code="invalid")
        return code


class EraseForm(forms.Form):
    """The worker's confirmation that their personal data may be deleted for good."""

    confirm = forms.BooleanField(
        label=_("I understand: my messages and contact details are deleted for good and cannot be brought back."),
        required=True,
        error_messages={"required": _("Tick the box to confirm the deletion.")},
    )

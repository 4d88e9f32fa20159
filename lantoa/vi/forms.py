"""Form errors that name their field, in Vietnamese: «Tên kênh»: Trường này là bắt buộc."""

from __future__ import annotations

from django.core.exceptions import NON_FIELD_ERRORS
from django.forms.utils import ErrorList
from django.utils.text import capfirst


def field_message(label: str, message: str) -> str:
    label = capfirst(str(label))
    return message if f"«{label}»" in message else f"«{label}»: {message}"


class NamedErrorsMixin:
    """After validation, prefix each field's messages with the field's label, so the error
    summary, screen readers and API answers all say which field is wrong."""

    def full_clean(self):
        super().full_clean()
        for name, errors in list(self._errors.items()):
            if name == NON_FIELD_ERRORS or name not in self.fields:
                continue
            label = self.fields[name].label or name
            self._errors[name] = ErrorList(
                [field_message(label, str(message)) for message in errors], error_class=errors.error_class
            )

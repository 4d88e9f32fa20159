"""Vietnamese mobile numbers: one stored form, +84 followed by nine digits.

People write "0912 345 678", "0912.345.678", "(+84) 912-345-678" or "84912345678"; all are
the same number, stored as "+84912345678". Mobile numbers (since the 2018 renumbering)
start with 3, 5, 7, 8 or 9 after the country code or the leading 0."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

COUNTRY_PREFIX = "+84"
MOBILE_FIRST_DIGITS = "35789"
_SEPARATORS = re.compile(r"[\s.\-()/]")
_NATIONAL = re.compile(r"^[35789]\d{8}$")
INVALID_PHONE = _("Enter a Vietnamese mobile number, such as 0912 345 678.")


def normalize_phone(raw: str) -> str:
    """The stored form of a mobile number written any usual way; ValidationError otherwise."""
    digits = _SEPARATORS.sub("", str(raw or ""))
    national = _national_part(digits)
    if national is None or not _NATIONAL.match(national):
        raise ValidationError(INVALID_PHONE, code="invalid_phone")
    return COUNTRY_PREFIX + national


def _national_part(digits: str) -> str | None:
    """The nine digits after the country code or the trunk 0, when written in one of the usual ways."""
    for prefix in ("+84", "0084", "84", "0"):
        if digits.startswith(prefix) and len(digits) == len(prefix) + 9:
            return digits[len(prefix) :]
    return None


def validate_stored_phone(value: str) -> None:
    """A model field's validator: only the normalised form is stored."""
    if value and normalize_phone(value) != value:
        raise ValidationError(INVALID_PHONE, code="invalid_phone")

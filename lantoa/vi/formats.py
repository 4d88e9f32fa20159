"""Numbers, money and dates as Vietnamese write them: 1.234.567 · 1.234.567 đ · 28/11/2026."""

from __future__ import annotations

import datetime
from decimal import ROUND_HALF_UP, Decimal

WEEKDAYS = ["Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ Nhật"]


def number(value: int | float | Decimal | None, decimals: int = 0) -> str:
    """1234567 → "1.234.567"; 1234.5 with decimals=1 → "1.234,5"."""
    if value is None:
        return ""
    quantum = Decimal(1).scaleb(-decimals)
    rounded = Decimal(str(value)).quantize(quantum, rounding=ROUND_HALF_UP)
    sign = "-" if rounded < 0 else ""
    whole, _, fraction = f"{abs(rounded):f}".partition(".")
    groups = []
    while whole:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    text = ".".join(groups) or "0"
    return f"{sign}{text},{fraction}" if fraction else f"{sign}{text}"


def money(value: int | float | Decimal | None) -> str:
    """1234567 → "1.234.567 đ" (non-breaking space before đ)."""
    return "" if value is None else f"{number(value)}\u00a0đ"


def date(value: datetime.date | None, *, weekday: bool = False) -> str:
    """dd/mm/yyyy, optionally "Thứ Bảy, 28/11/2026"."""
    if value is None:
        return ""
    text = value.strftime("%d/%m/%Y")
    return f"{WEEKDAYS[value.weekday()]}, {text}" if weekday else text


def datetime_(value: datetime.datetime | None) -> str:
    """dd/mm/yyyy HH:MM in local time."""
    if value is None:
        return ""
    from django.utils import timezone

    if timezone.is_aware(value):
        value = timezone.localtime(value)
    return value.strftime("%d/%m/%Y %H:%M")


def month(value: datetime.date) -> str:
    """ "tháng 11 năm 2026"."""
    return f"tháng {value.month} năm {value.year}"

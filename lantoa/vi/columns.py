"""Listing columns that write dates and numbers as Vietnamese do: 28/11/2028, 60.000.

Wagtail's `DateColumn` humanises ("Vừa xong", "3 ngày trước"), which misreads a
deadline, and a plain `Column` shows a decimal as 60000,00."""

from __future__ import annotations

from decimal import Decimal

from wagtail.admin.ui.tables import Column

from . import formats


class DayColumn(Column):
    """A date as dd/mm/yyyy."""

    def get_value(self, instance):
        return formats.date(super().get_value(instance))


class NumberColumn(Column):
    """A count or an amount grouped by thousands, with the decimals it really has:
    60000.00 → "60.000", 1234.50 → "1.234,5"."""

    def get_value(self, instance):
        value = super().get_value(instance)
        if value is None or value == "":
            return ""
        exponent = Decimal(str(value)).normalize().as_tuple().exponent
        return formats.number(value, max(0, -exponent) if isinstance(exponent, int) else 0)

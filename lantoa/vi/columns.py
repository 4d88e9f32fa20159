"""Listing columns that write dates and numbers as Vietnamese do: 28/11/2028, 60.000.

Wagtail's `DateColumn` humanises ("Vừa xong", "3 ngày trước"), which misreads a
deadline, and a plain `Column` shows a decimal as 60000,00."""

from __future__ import annotations

from decimal import Decimal

from django.utils.functional import cached_property
from django.utils.text import capfirst
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


def capitalised_columns(columns):
    """The columns with headers that start with a capital letter: labels made from a
    field's verbose name ("đơn vị tổ chức") read "Đơn vị tổ chức"."""
    result = []
    for column in columns:
        label = getattr(column, "label", None)
        if label and str(label) != capfirst(str(label)):
            original = column
            column = object.__new__(type(original))
            column.__dict__.update(original.__dict__)
            column.label = capfirst(label)
            column.header = type(original).Header(column)  # the header renders its own column
        result.append(column)
    return result


class CapitalisedHeaders:
    """An index view mixin: `capitalised_columns` over the view's columns."""

    @cached_property
    def columns(self):
        return capitalised_columns(super().columns)

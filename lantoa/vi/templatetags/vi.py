"""Template filters for Vietnamese formats: {{ n|so }}, {{ amount|tien }}, {{ day|ngay }}."""

from django import template

from lantoa.vi import formats

register = template.Library()


@register.filter(name="so")
def number_filter(value, decimals=0):
    return formats.number(value, int(decimals))


@register.filter(name="tien")
def money_filter(value):
    return formats.money(value)


@register.filter(name="ngay")
def date_filter(value, style=""):
    return formats.date(value, weekday=style == "thu")

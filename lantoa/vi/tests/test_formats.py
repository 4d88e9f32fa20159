import datetime
from decimal import Decimal

from django import forms
from django.template import Context, Template
from django.utils import translation

from lantoa.vi import formats
from lantoa.vi.forms import NamedErrorsMixin


def test_numbers_group_thousands_with_dots_and_decimals_with_a_comma():
    assert formats.number(1234567) == "1.234.567"
    assert formats.number(0) == "0"
    assert formats.number(-45000) == "-45.000"
    assert formats.number(Decimal("1234.56"), 1) == "1.234,6"


def test_money_is_written_in_dong():
    assert formats.money(1234567) == "1.234.567\u00a0đ"
    assert formats.money(None) == ""


def test_dates_are_day_month_year_with_vietnamese_weekdays():
    day = datetime.date(2026, 11, 28)
    assert formats.date(day) == "28/11/2026"
    assert formats.date(day, weekday=True) == "Thứ Bảy, 28/11/2026"
    assert formats.date(datetime.date(2025, 7, 1), weekday=True) == "Thứ Ba, 01/07/2025"
    assert formats.month(day) == "tháng 11 năm 2026"


def test_template_filters_and_django_date_format_are_vietnamese():
    rendered = Template(
        "{% load vi %}{{ n|so }} · {{ m|tien }} · {{ d|ngay:'thu' }} · {{ d|date:'SHORT_DATE_FORMAT' }}"
    )
    with translation.override("vi"):
        text = rendered.render(Context({"n": 172000, "m": 2500000, "d": datetime.date(2025, 1, 29)}))
    assert text == "172.000 · 2.500.000\u00a0đ · Thứ Tư, 29/01/2025 · 29/01/2025"


def test_django_month_names_are_vietnamese():
    with translation.override("vi"):
        rendered = Template("{{ d|date:'F Y' }}").render(Context({"d": datetime.date(2026, 5, 1)}))
    assert rendered.lower().startswith("tháng")


class ChannelCountForm(NamedErrorsMixin, forms.Form):
    name = forms.CharField(label="tên kênh")
    audience = forms.IntegerField(label="số người theo dõi")


def test_form_errors_name_their_field_in_vietnamese():
    with translation.override("vi"):
        form = ChannelCountForm(data={"name": "", "audience": "nhiều"})
        assert not form.is_valid()
        assert form.errors["name"] == ["«Tên kênh»: Trường này là bắt buộc."]
        assert form.errors["audience"][0].startswith("«Số người theo dõi»: ")
        assert "số" in form.errors["audience"][0].split(": ", 1)[1].lower()

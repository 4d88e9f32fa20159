"""Choosing channels in a form: a checklist grouped by unit, each channel with its kind,
and a filter box that narrows it as one types, with or without diacritics.

Without JavaScript the checklist is still complete and usable (the filter box stays
hidden); the choices themselves are the field's queryset, so what a form may accept is
decided on the server as before."""

from __future__ import annotations

from itertools import groupby

from django import forms
from django.forms.models import ModelChoiceIterator

from lantoa.vi.text import fold

from .models import Channel


def channel_label(channel: Channel) -> str:
    """ "Bảng tin công đoàn (Bảng tin) – Nhà văn hóa ấp 3": name, kind and, when known, where."""
    label = str(channel)
    return f"{label} – {channel.location}" if channel.location else label


class UnitGroupedChoices(ModelChoiceIterator):
    """The field's channels as (unit name, [choices]) groups, in the tree's order, each
    unit's channels by kind then name."""

    def __iter__(self):
        queryset = self.queryset.select_related("unit").order_by("unit__path", "unit_id", "kind", "sort_name", "pk")
        for _unit_id, rows in groupby(queryset, key=lambda channel: channel.unit_id):
            rows = list(rows)
            yield (rows[0].unit.name, [self.choice(channel) for channel in rows])

    def __len__(self):
        return self.queryset.values("unit_id").distinct().count()


class ChannelChecklist(forms.CheckboxSelectMultiple):
    template_name = "channels/chooser/checklist.html"

    class Media:
        js = ["channels/channel_checklist.js"]
        css = {"all": ["channels/channel_checklist.css"]}

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex=subindex, attrs=attrs)
        channel = getattr(value, "instance", None)
        if channel is not None:
            option["attrs"]["data-search"] = fold(
                f"{channel.unit.name} {channel.name} {channel.get_kind_display()} {channel.location} {channel.address}"
            )
        return option

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["chosen_count"] = sum(
            1 for _group, options, _index in context["widget"]["optgroups"] for option in options if option["selected"]
        )
        return context


class ChannelChoiceField(forms.ModelMultipleChoiceField):
    """Channels offered grouped by unit (`ChannelChecklist`)."""

    iterator = UnitGroupedChoices
    widget = ChannelChecklist

    def label_from_instance(self, obj):
        return channel_label(obj)


def channel_checklist_like(field: forms.Field, queryset) -> ChannelChoiceField:
    """A grouped checklist over `queryset` in place of a form's plain channels field."""
    return ChannelChoiceField(queryset=queryset, required=field.required, label=field.label, help_text=field.help_text)

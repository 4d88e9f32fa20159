"""The channel checklist (`lantoa.channels.chooser`): channels grouped by unit in the
tree's order, labelled with their kind and place, each carrying its folded text for the
filter box, and the count of those already chosen."""

from __future__ import annotations

import pytest
from django import forms

from lantoa.channels.actions import do_save_channel
from lantoa.channels.chooser import ChannelChoiceField
from lantoa.channels.models import Channel
from lantoa.org.tests.factories import D, make_unit

pytestmark = pytest.mark.django_db


@pytest.fixture
def channels():
    province = make_unit(None, "provincial", "Liên đoàn Lao động tỉnh Vĩnh Long", valid_from=D(1976, 1, 1))
    commune = make_unit(province, "commune", "Công đoàn xã Giao Long")
    school = make_unit(commune, "grassroots", "Công đoàn cơ sở Trường Tiểu học Giao Long")

    def add(unit, kind, name, **fields):
        return do_save_channel(Channel(), actor=None, unit=unit, kind=kind, name=name, **fields)

    return {
        "school_board": add(school, "bulletin_board", "Bảng tin công đoàn", location="Cổng trường"),
        "commune_board": add(commune, "bulletin_board", "Bảng tin công đoàn"),
        "commune_zalo": add(commune, "zalo_group", "Nhóm Zalo đoàn viên", address="https://zalo.me/g/giaolong"),
    }


class ChannelsForm(forms.Form):
    channels = ChannelChoiceField(queryset=Channel.objects.all(), required=False)


def test_choices_come_grouped_by_unit_in_the_trees_order(channels):
    groups = list(ChannelsForm().fields["channels"].choices)
    assert [name for name, _choices in groups] == [
        "Công đoàn xã Giao Long",
        "Công đoàn cơ sở Trường Tiểu học Giao Long",
    ]
    commune_labels = [label for _value, label in groups[0][1]]
    assert commune_labels == ["Bảng tin công đoàn (Bảng tin)", "Nhóm Zalo đoàn viên (Nhóm Zalo)"]
    assert [label for _value, label in groups[1][1]] == ["Bảng tin công đoàn (Bảng tin) – Cổng trường"]


def test_each_checkbox_carries_its_folded_text_for_the_filter(channels):
    html = str(ChannelsForm()["channels"])
    assert 'data-search="cong doan co so truong tieu hoc giao long bang tin cong doan bang tin cong truong' in html


def test_the_count_of_chosen_channels_is_shown(channels):
    form = ChannelsForm(initial={"channels": [channels["school_board"].pk, channels["commune_zalo"].pk]})
    html = str(form["channels"])
    assert "<strong data-checklist-count>2</strong>" in html
    assert html.count("checked") == 2


def test_a_form_with_no_channel_says_so():
    html = str(ChannelsForm()["channels"])
    assert "Chưa có kênh nào của đơn vị bạn được đăng ký." in html


def test_the_field_accepts_only_its_queryset(channels):
    form = ChannelsForm({"channels": [channels["school_board"].pk]})
    form.fields["channels"].queryset = Channel.objects.filter(unit__kind="commune")
    assert not form.is_valid()
    assert form.errors["channels"]

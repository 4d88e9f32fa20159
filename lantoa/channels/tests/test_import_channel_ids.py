"""A «Mã kênh» names a channel the importer may change, or the row is refused.

Before, an ID outside the importer's write scope (or of no channel at all) was quietly
ignored and the row became a new channel: a sibling's channel copied into one's own unit,
or a deleted channel brought back under a new ID.
"""

from lantoa.channels import xlsx
from lantoa.channels.models import Channel

from .sheets import HEADERS, make_xlsx, messages_for, row

WITH_ID = [*HEADERS, "Mã kênh"]


def _own_unit_row(channel_id):
    return [
        *row(unit="CDCS-A", kind="Trang Facebook", name="Trang mới", address="https://facebook.com/trangmoi"),
        channel_id,
    ]


def test_a_channel_id_outside_the_write_scope_is_a_row_error(tree, officer, channels):
    before = Channel.objects.count()
    result = xlsx.import_channels(make_xlsx([_own_unit_row(channels["other"].pk)], headers=WITH_ID), actor=officer)
    assert result.created == [] and result.updated == []
    assert messages_for(result, 2) == [
        f"Dòng 2, cột «Mã kênh»: không tìm thấy kênh có mã {channels['other'].pk} trong phạm vi bạn được quyền "
        "cập nhật; muốn thêm kênh mới thì để trống «Mã kênh»."
    ]
    assert Channel.objects.count() == before
    assert Channel.objects.get(pk=channels["other"].pk).name == "Trang Facebook CĐCS B"


def test_a_channel_id_of_no_channel_reads_the_same(tree, officer, channels):
    missing = Channel.objects.order_by("-pk").first().pk + 1000
    result = xlsx.import_channels(make_xlsx([_own_unit_row(missing)], headers=WITH_ID), actor=officer)
    assert messages_for(result, 2) == [
        f"Dòng 2, cột «Mã kênh»: không tìm thấy kênh có mã {missing} trong phạm vi bạn được quyền "
        "cập nhật; muốn thêm kênh mới thì để trống «Mã kênh»."
    ]
    assert not Channel.objects.filter(name="Trang mới").exists()


def test_a_row_without_channel_id_still_adds_a_channel(tree, officer, channels):
    result = xlsx.import_channels(make_xlsx([_own_unit_row(None)], headers=WITH_ID), actor=officer)
    assert result.errors == [] and [s.row for s in result.created] == [2]

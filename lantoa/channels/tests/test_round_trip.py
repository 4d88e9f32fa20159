"""The Excel round trip: the register exported and imported back changes nothing.

The province is read by a commune-level editor who is also a viewer of the province, as
in the demo: the export holds the province's channels, a sibling's, and those of a unit
merged away in 2024, none of which the editor may change. Before, importing that file
back gave one error per such row (68 on the demo).
"""

import datetime
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from lantoa.channels import xlsx
from lantoa.channels.actions import do_save_channel
from lantoa.channels.models import Channel, ChannelKind
from lantoa.org import scope
from lantoa.org.actions import do_assign_role, do_create_unit, do_merge_units
from lantoa.org.models import RoleKind, UnitKind
from lantoa.org.tests.factories import make_user

from .sheets import (
    make_xlsx,
    messages_for,
    private_dir,  # noqa: F401
    row,
)

pytestmark = pytest.mark.usefixtures("private_dir")


def _channel(unit, kind, name, **fields):
    return do_save_channel(Channel(), actor=None, unit=unit, kind=kind, name=name, **fields)


@pytest.fixture
def register(tree):
    """Channels on every kind of unit the editor reads: its own, above, beside, ended."""
    ended = do_create_unit(
        code="CDCS-C", kind=UnitKind.GRASSROOTS, name="CĐCS Công ty C (đã sáp nhập)", parent=tree["province"],
        valid_from=datetime.date(2020, 1, 1),
    )  # fmt: skip
    own = [
        _channel(
            tree["a"],
            ChannelKind.ZALO_GROUP,
            "Nhóm Zalo CĐCS A",
            address="https://zalo.me/g/abcxyz",
            audience_count=120,
            audience_counted_on=datetime.date(2025, 3, 5),
        ),  # fmt: skip
        _channel(tree["a"], ChannelKind.BULLETIN_BOARD, "Bảng tin nhà ăn", location="Nhà ăn ca"),
        _channel(tree["a"], ChannelKind.BULLETIN_BOARD, "Bảng tin cổng", location="Cổng chính"),
    ]
    others = [
        _channel(tree["province"], ChannelKind.PORTAL, "Cổng thông tin LĐLĐ", address="https://ldld.example.vn"),
        _channel(tree["b"], ChannelKind.FACEBOOK_PAGE, "Trang CĐCS B", address="https://www.facebook.com/cdcsb"),
        _channel(ended, ChannelKind.ZALO_GROUP, "Nhóm Zalo CĐCS C", address="https://zalo.me/g/cdcsc"),
        _channel(ended, ChannelKind.LOUDSPEAKER, "Loa xưởng C", location="Xưởng 1"),
    ]
    do_merge_units(ended, target=tree["b"], on_date=datetime.date(2024, 1, 1), actor=None)
    editor = make_user("xa.bientap")
    do_assign_role(user=editor, unit=tree["a"], kind=RoleKind.EDITOR, actor=None)
    do_assign_role(user=editor, unit=tree["province"], kind=RoleKind.VIEWER, actor=None)
    return {"editor": editor, "own": own, "others": others, "ended": ended}


def _export(client, user) -> bytes:
    client.force_login(user)
    response = client.get(reverse("channels_xlsx_export"))
    assert response.status_code == 200
    return response.content


def _without_channel_ids(data: bytes) -> bytes:
    workbook = load_workbook(io.BytesIO(data))
    sheet = workbook[xlsx.SHEET_TITLE]
    id_column = [key for key, _header in xlsx.COLUMNS].index("id") + 1
    for number in range(2, sheet.max_row + 1):
        sheet.cell(row=number, column=id_column, value=None)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_the_exported_register_imported_unchanged_gives_no_error_and_no_new_row(client, register):
    data = _export(client, register["editor"])
    assert load_workbook(io.BytesIO(data))[xlsx.SHEET_TITLE].max_row == 1 + 7
    before = Channel.objects.count()

    preview = xlsx.preview_channels(data, actor=register["editor"])
    assert preview.file_error == "" and preview.errors == []
    assert preview.counts() == {"add": 0, "change": 0, "unchanged": 3, "read_only": 4, "refused": 0}

    result = xlsx.import_channels(data, actor=register["editor"])
    assert result.errors == [] and result.conflicts == []
    assert result.created == [] and result.updated == []
    assert Channel.objects.count() == before


def test_rows_without_channel_id_are_matched_on_unit_kind_and_address(client, register):
    data = _without_channel_ids(_export(client, register["editor"]))
    preview = xlsx.preview_channels(data, actor=register["editor"])
    assert preview.errors == []
    assert preview.counts()["add"] == 0 and preview.counts()["unchanged"] == 3
    assert xlsx.import_channels(data, actor=register["editor"]).created == []


def test_importing_the_same_new_rows_twice_never_duplicates(tree, register):
    data = make_xlsx(
        [
            row(unit="CDCS-A", kind="Nhóm Zalo", name="Nhóm Zalo tổ 2", address="https://zalo.me/g/to2"),
            row(unit="CDCS-A", kind="Bảng tin", name="Bảng tin xưởng 2", location="Xưởng 2"),
        ]
    )
    first = xlsx.import_channels(data, actor=register["editor"])
    assert [s.row for s in first.created] == [2, 3]
    again = xlsx.import_channels(data, actor=register["editor"])
    assert again.created == [] and again.errors == [] and len(again.unchanged) == 2
    # The same address written another way is the same channel.
    written_otherwise = make_xlsx(
        [row(unit="cdcs-a", kind="zalo_group", name="Nhóm Zalo tổ 2", address="HTTPS://www.Zalo.me/g/to2/")]
    )
    third = xlsx.preview_channels(written_otherwise, actor=register["editor"])
    assert third.counts()["add"] == 0
    assert Channel.objects.filter(name="Nhóm Zalo tổ 2").count() == 1


def test_two_rows_of_one_new_channel_in_a_file_are_refused_not_added_twice(tree, register):
    same = row(unit="CDCS-A", kind="Nhóm Zalo", name="Nhóm mới", address="https://zalo.me/g/moi")
    result = xlsx.import_channels(make_xlsx([same, same]), actor=register["editor"])
    assert [s.row for s in result.created] == [2]
    assert messages_for(result, 3) == ["Dòng 3: đây là cùng một kênh với dòng 2 (cùng đơn vị, loại kênh và địa chỉ)."]


def test_a_changed_row_of_an_ended_unit_is_refused_with_the_reason_per_cell(client, register):
    data = _export(client, register["editor"])
    workbook = load_workbook(io.BytesIO(data))
    sheet = workbook[xlsx.SHEET_TITLE]
    names = [cell.value for cell in sheet["C"]]
    number = names.index("Nhóm Zalo CĐCS C") + 1
    sheet.cell(row=number, column=3, value="Nhóm Zalo CĐCS C (sửa)")
    buffer = io.BytesIO()
    workbook.save(buffer)

    preview = xlsx.preview_channels(buffer.getvalue(), actor=register["editor"])
    assert preview.counts()["refused"] == 1 and preview.counts()["read_only"] == 3
    [error] = preview.errors
    assert (error.row, error.column) == (number, "Tên kênh")
    assert str(error) == (
        f"Dòng {number}, cột «Tên kênh»: đơn vị «CĐCS Công ty C (đã sáp nhập)» đã kết thúc hoạt động ngày "
        "01/01/2024: các kênh của đơn vị được lưu làm lịch sử, không sửa được "
        "(trong tệp «Nhóm Zalo CĐCS C (sửa)», trong sổ «Nhóm Zalo CĐCS C»)."
    )
    assert not Channel.objects.filter(name__endswith="(sửa)").exists()


def test_a_new_row_for_a_unit_above_is_refused_naming_the_unit(register):
    data = make_xlsx([row(unit="LDLD-HN", kind="Bảng tin", name="Bảng tin tỉnh", location="Trụ sở")])
    result = xlsx.import_channels(data, actor=register["editor"])
    assert messages_for(result, 2) == ["Dòng 2, cột «Mã đơn vị»: bạn không được thêm kênh cho «LĐLĐ Hà Nội»."]


def test_the_verified_column_is_export_only(client, register):
    data = _export(client, register["editor"])
    workbook = load_workbook(io.BytesIO(data))
    sheet = workbook[xlsx.SHEET_TITLE]
    verified = [key for key, _header in xlsx.COLUMNS].index("verified") + 1
    for number in range(2, sheet.max_row + 1):
        sheet.cell(row=number, column=verified, value="Có")
    buffer = io.BytesIO()
    workbook.save(buffer)
    result = xlsx.import_channels(buffer.getvalue(), actor=register["editor"])
    assert result.errors == [] and result.updated == []
    assert not Channel.objects.filter(verified=True).exists()


def test_the_export_lists_the_units_the_user_may_write(client, register):
    workbook = load_workbook(io.BytesIO(_export(client, register["editor"])))
    assert workbook.sheetnames == [xlsx.SHEET_TITLE, xlsx.UNITS_SHEET_TITLE]
    units = list(workbook[xlsx.UNITS_SHEET_TITLE].iter_rows(values_only=True))
    assert units == [xlsx.UNITS_HEADERS, ("CDCS-A", "CĐCS Công ty A")]
    writable = scope.units_with_perm(register["editor"], "channels.add_channel")
    assert [u.code for u in writable] == ["CDCS-A"]


def test_an_export_over_the_import_limits_offers_one_file_per_unit_below(client, register, monkeypatch):
    monkeypatch.setattr(xlsx, "MAX_ROWS", 3)
    client.force_login(register["editor"])
    response = client.get(reverse("channels_xlsx_export"))
    assert not response.has_header("Content-Disposition")
    html = response.content.decode()
    assert "Phần sổ kênh này có 7 kênh, nhiều hơn mức một lần nhập cho phép (3 dòng, 5 MB)" in html
    assert f'?unit={register["ended"].pk}"' in html  # an ended unit's channels too
    a_link = f"{reverse('channels_xlsx_export')}?unit={register['own'][0].unit_id}"
    assert f'href="{a_link}"' in html
    own_link = f"?unit={register['others'][0].unit_id}&amp;own=1"
    assert own_link in html  # the province's own channels

    response = client.get(a_link)
    assert response["Content-Disposition"].startswith('attachment; filename="kenh-truyen-thong-CDCS-A-')
    assert load_workbook(io.BytesIO(response.content))[xlsx.SHEET_TITLE].max_row == 1 + 3

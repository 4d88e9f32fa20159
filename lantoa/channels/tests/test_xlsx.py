import datetime
import io

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from lantoa.channels import xlsx
from lantoa.channels.models import Channel, ChannelKind, FundingSource, Purpose

from .sheets import (  # noqa: F401
    HEADERS,
    make_xlsx,
    messages_for,
    private_dir,  # noqa: F401
    row,
    upload,
)

pytestmark = pytest.mark.usefixtures("private_dir")


def test_good_rows_saved_and_bad_rows_reported(tree, officer):
    rows = [
        # 2: good, every column filled, labels in Vietnamese
        row(
            unit="CDCS-A",
            kind="Nhóm Zalo",
            name="Nhóm Zalo tổ 1",
            address="https://zalo.me/g/to1abc",
            purpose="Tiếp nhận ý kiến",
            admins="Nguyễn Văn An\nLê Văn Cường",
            audience_count="1.250",
            audience_counted_on="05/03/2025",
            verified="Có",
            funding_source="Ngân sách công đoàn",
            cost="1.500.000",
        ),
        # 3: bad kind
        row(unit="CDCS-A", kind="Nhóm Zallo", name="Sai loại", address="https://zalo.me/g/x1"),
        # 4: a Facebook group link that is not a group
        row(unit="CDCS-A", kind="Nhóm Facebook", name="Nhóm FB", address="https://www.facebook.com/congdoana"),
        # 5: unknown unit code
        row(unit="KHONG-CO", kind="Trang Facebook", name="Trang X", address="https://facebook.com/trangx"),
        # 6: sibling unit B (exists, out of scope)
        row(unit="CDCS-B", kind="Trang Facebook", name="Trang B", address="https://facebook.com/trangb"),
        # 7: bulletin board without location
        row(unit="CDCS-A", kind="Bảng tin", name="Bảng tin cổng"),
        # 8: bad date
        row(
            unit="CDCS-A",
            kind="zalo_group",
            name="Nhóm ngày sai",
            address="https://zalo.me/g/ngaysai",
            audience_count=10,
            audience_counted_on="31/02/2025",
        ),
        # 9: bad number
        row(unit="CDCS-A", kind="youtube", name="Kênh YT", address="@congdoana", audience_count="nhiều"),
        # 10: empty row, skipped
        row(),
        # 11: good, kind by code, real date cell and numeric cost
        row(
            unit="CDCS-A",
            kind="bulletin_board",
            name="Bảng tin xưởng 3",
            purpose="Tuyên truyền",
            audience_count=300,
            audience_counted_on=datetime.date(2025, 4, 1),
            verified="Không",
            location="Cổng xưởng 3",
            funding_source="Doanh nghiệp",
            cost=2000000,
        ),
    ]
    result = xlsx.import_channels(make_xlsx(rows), actor=officer)

    assert result.file_error == ""
    assert [saved.row for saved in result.created] == [2, 11]
    assert result.updated == []
    assert result.error_rows == 7
    assert {e.row for e in result.errors} == {3, 4, 5, 6, 7, 8, 9}

    assert messages_for(result, 3) == ["Dòng 3, cột «Loại kênh»: «Nhóm Zallo» không phải loại kênh hợp lệ."]
    assert [e.column for e in result.errors if e.row == 4] == ["Địa chỉ/đường dẫn"]
    assert messages_for(result, 4)[0].startswith("Dòng 4, cột «Địa chỉ/đường dẫn»: ")
    unknown = messages_for(result, 5)
    sibling = messages_for(result, 6)
    assert unknown == [
        "Dòng 5, cột «Mã đơn vị»: không tìm thấy đơn vị có mã «KHONG-CO» trong phạm vi bạn được quyền cập nhật."
    ]
    # Out-of-scope and unknown codes read the same: nothing tells that B exists.
    assert sibling == [unknown[0].replace("Dòng 5", "Dòng 6").replace("KHONG-CO", "CDCS-B")]
    assert [e.column for e in result.errors if e.row == 7] == ["Vị trí"]
    assert messages_for(result, 8) == [
        "Dòng 8, cột «Ngày đếm»: «31/02/2025» không phải ngày hợp lệ (ghi theo dạng dd/mm/yyyy, ví dụ 05/03/2025)."
    ]
    assert [e.column for e in result.errors if e.row == 9] == ["Số thành viên/người theo dõi"]
    assert messages_for(result, 9)[0].startswith("Dòng 9, cột «Số thành viên/người theo dõi»: «nhiều»")
    assert result.summary == "Đã thêm 2 kênh, cập nhật 0 kênh, 7 dòng lỗi."

    assert Channel.objects.count() == 2
    zalo = Channel.objects.get(name="Nhóm Zalo tổ 1")
    assert zalo.unit == tree["a"]
    assert zalo.kind == ChannelKind.ZALO_GROUP
    assert zalo.purpose == Purpose.FEEDBACK
    assert zalo.admins == "Nguyễn Văn An\nLê Văn Cường"
    assert zalo.audience_count == 1250
    assert zalo.audience_counted_on == datetime.date(2025, 3, 5)
    assert not zalo.verified  # «Đã xác minh» is export-only: the level above verifies
    assert zalo.funding_source == FundingSource.BUDGET
    assert zalo.cost == 1500000
    board = Channel.objects.get(name="Bảng tin xưởng 3")
    assert board.kind == ChannelKind.BULLETIN_BOARD
    assert board.location == "Cổng xưởng 3"
    assert board.audience_counted_on == datetime.date(2025, 4, 1)
    assert not board.verified
    assert board.funding_source == FundingSource.EMPLOYER
    assert board.cost == 2000000


def test_round_trip_updates_instead_of_duplicating(tree, officer, channels):
    from lantoa.org import scope

    data = xlsx.export_channels(scope.scope_queryset(Channel.objects.all(), officer))
    sheet = load_workbook(io.BytesIO(data)).active
    assert [c.value for c in sheet[1]] == [header for _key, header in xlsx.COLUMNS]
    assert sheet.max_row == 3  # header + A's two channels

    # Unchanged file: nothing is created or rewritten.
    result = xlsx.import_channels(data, actor=officer)
    assert result.file_error == "" and result.errors == []
    assert result.created == [] and result.updated == []
    assert {saved.channel.pk for saved in result.unchanged} == {channels["zalo"].pk, channels["board"].pk}
    assert Channel.objects.count() == 3

    # Edit one row and add a new one: one update, one creation, no duplicate.
    workbook = load_workbook(io.BytesIO(data))
    sheet = workbook.active
    names = [c.value for c in sheet["C"]]
    zalo_row = names.index("Nhóm Zalo CĐCS A") + 1
    sheet.cell(row=zalo_row, column=3, value="Nhóm Zalo CĐCS A (mới)")
    sheet.cell(row=zalo_row, column=7, value=1300)
    sheet.append(row(unit="CDCS-A", kind="TikTok", name="TikTok CĐCS A", address="@congdoana"))
    buffer = io.BytesIO()
    workbook.save(buffer)
    result = xlsx.import_channels(buffer.getvalue(), actor=officer)
    assert result.errors == []
    assert [saved.channel.pk for saved in result.updated] == [channels["zalo"].pk]
    assert [saved.row for saved in result.created] == [4]
    assert Channel.objects.count() == 4

    zalo = Channel.objects.get(pk=channels["zalo"].pk)
    assert zalo.name == "Nhóm Zalo CĐCS A (mới)"
    assert zalo.audience_count == 1300
    # Everything else survived the trip unchanged.
    assert zalo.address == "https://zalo.me/g/abcxyz"
    assert zalo.purpose == Purpose.FEEDBACK
    assert zalo.admins == "Nguyễn Văn An\nTrần Thị Bình"
    assert zalo.audience_counted_on == datetime.date(2025, 3, 5)
    assert zalo.verified
    assert zalo.funding_source == FundingSource.BUDGET
    assert zalo.cost == 1500000


def test_channel_id_outside_scope_is_not_updated(tree, officer, admin_user, channels):
    """The superuser's export names B's channel; the A officer cannot touch it."""
    data = xlsx.export_channels(Channel.objects.all())
    result = xlsx.import_channels(data, actor=officer)
    # B's row, sorted after A's: neither its unit nor its channel may be changed.
    assert [(e.row, e.column) for e in result.errors] == [(4, "Mã đơn vị"), (4, "Mã kênh")]
    assert Channel.objects.get(pk=channels["other"].pk).name == "Trang Facebook CĐCS B"
    # The same file imported by the superuser changes nothing.
    result = xlsx.import_channels(data, actor=admin_user)
    assert result.errors == [] and len(result.unchanged) == 3 and result.created == []


@pytest.mark.parametrize(
    "content",
    [
        b"Ma don vi,Loai kenh,Ten kenh\nCDCS-A,zalo_group,Nhom\n",
        b"PK\x03\x04 this is not really a zip archive",
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1 old excel",
        b"",
    ],
)
def test_not_an_xlsx_saves_nothing(tree, officer, content):
    result = xlsx.import_channels(SimpleUploadedFile("kenh.xlsx", content), actor=officer)
    assert result.file_error
    assert result.created == [] and result.errors == []
    assert Channel.objects.count() == 0


def test_missing_required_header_saves_nothing(tree, officer):
    headers = [h for h in HEADERS if h != "Loại kênh"]
    data = make_xlsx([["CDCS-A", "Bảng tin", "", "", "", "", "", "", "Cổng"]], headers=headers)
    result = xlsx.import_channels(data, actor=officer)
    assert "thiếu cột «Loại kênh»" in result.file_error
    assert Channel.objects.count() == 0


def test_limits(tree, officer, monkeypatch):
    good = row(unit="CDCS-A", kind="Bảng tin", name="Bảng tin", location="Cổng")
    monkeypatch.setattr(xlsx, "MAX_ROWS", 2)
    result = xlsx.import_channels(make_xlsx([good, good, good]), actor=officer)
    assert "quá nhiều dòng" in result.file_error
    assert Channel.objects.count() == 0

    monkeypatch.setattr(xlsx, "MAX_FILE_BYTES", 100)
    result = xlsx.import_channels(make_xlsx([good]), actor=officer)
    assert result.file_error.startswith("Tệp quá lớn")
    assert Channel.objects.count() == 0


def test_values_and_headers_are_read_leniently(tree, officer):
    headers = ["  mã ĐƠN vị ", "LOẠI KÊNH", "Tên kênh", "Vị trí", "Chi phí (đ)", "Ghi chú riêng"]
    rows = [
        ["cdcs-a", "hệ thống loa", "Loa xưởng 1", "Xưởng 1", "1,200,000 đ", "bỏ qua"],
        ["CDCS-A", "loudspeaker", "Loa xưởng 2", "Xưởng 2", "1,5", ""],
        ["CDCS-A", "Loudspeaker system", "Loa xưởng 3", "Xưởng 3", -5, ""],
    ]
    result = xlsx.import_channels(make_xlsx(rows, headers=headers), actor=officer)
    assert [s.row for s in result.created] == [2]
    loudspeaker = Channel.objects.get()
    assert loudspeaker.cost == 1200000 and loudspeaker.unit == tree["a"]
    assert [(e.row, e.column) for e in result.errors] == [(3, "Chi phí (đ)"), (4, "Chi phí (đ)")]


def test_repeated_channel_id_and_missing_required_cells(tree, officer, channels):
    zalo = channels["zalo"]
    headers = [*HEADERS, "Mã kênh"]
    base = row(unit="CDCS-A", kind="Nhóm Zalo", name="Đổi tên", address="https://zalo.me/g/abcxyz")
    rows = [
        [*base, zalo.pk],
        [*base, zalo.pk],
        [*row(unit="", kind="", name=""), "abc"],
    ]
    result = xlsx.import_channels(make_xlsx(rows, headers=headers), actor=officer)
    assert [s.row for s in result.updated] == [2]
    assert messages_for(result, 3) == [f"Dòng 3, cột «Mã kênh»: mã kênh {zalo.pk} đã có ở dòng 2."]
    assert {e.column for e in result.errors if e.row == 4} == {"Mã đơn vị", "Loại kênh", "Tên kênh", "Mã kênh"}


# --- Admin views


def test_import_view_previews_then_saves_on_confirmation(client, tree, officer):
    client.force_login(officer)
    url = reverse("channels_xlsx_import")
    response = client.get(url)
    assert response.status_code == 200
    assert "Nhập sổ kênh từ Excel" in response.content.decode()

    data = make_xlsx(
        [
            row(unit="CDCS-A", kind="Bảng tin", name="Bảng tin cổng", location="Cổng chính"),
            row(unit="CDCS-A", kind="Nhóm Zallo", name="Sai"),
        ]
    )
    response = client.post(url, {"file": upload(data)}, follow=True)
    html = response.content.decode()
    assert "1 kênh thêm mới, 0 kênh thay đổi, 0 không đổi, 0 không đổi và chỉ đọc, 1 dòng bị từ chối." in html
    assert "Dòng 3, cột «Loại kênh»: «Nhóm Zallo» không phải loại kênh hợp lệ." in html
    assert "Bảng tin cổng" in html
    assert not Channel.objects.filter(name="Bảng tin cổng").exists()  # a preview writes nothing

    confirm = reverse("channels_xlsx_import_confirm", args=[response.context["pending"].token])
    html = client.post(confirm, follow=True).content.decode()
    assert "Đã thêm 1 kênh, cập nhật 0 kênh, 0 dòng lỗi" in html
    assert Channel.objects.filter(name="Bảng tin cổng").count() == 1


def test_import_view_reports_bad_file(client, tree, officer):
    client.force_login(officer)
    response = client.post(reverse("channels_xlsx_import"), {"file": upload(b"not a workbook", "kenh.csv")})
    assert response.status_code == 200
    assert "không phải bảng tính Excel (.xlsx) hợp lệ" in response.content.decode()
    assert Channel.objects.count() == 0


def test_import_view_requires_add_permission(client, tree, viewer):
    client.force_login(viewer)
    response = client.get(reverse("channels_xlsx_import"))
    # Wagtail turns PermissionDenied in admin views into a redirect home with a message.
    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailadmin_home")
    response = client.post(reverse("channels_xlsx_import"), {"file": upload(make_xlsx([]))})
    assert response.status_code == 302
    assert Channel.objects.count() == 0


def test_export_view_is_scoped(client, tree, officer, channels):
    client.force_login(officer)
    response = client.get(reverse("channels_xlsx_export"))
    assert response.status_code == 200
    assert response["Content-Type"] == xlsx.XLSX_CONTENT_TYPE
    filename = f"kenh-truyen-thong-{timezone.localdate():%d-%m-%Y}.xlsx"
    assert response["Content-Disposition"] == f'attachment; filename="{filename}"'
    sheet = load_workbook(io.BytesIO(response.content)).active
    names = {c.value for c in sheet["C"][1:]}
    assert names == {"Nhóm Zalo CĐCS A", "Bảng tin nhà ăn"}
    rows = {r[2]: r for r in sheet.iter_rows(min_row=2, values_only=True)}
    zalo = rows["Nhóm Zalo CĐCS A"]
    assert zalo[:5] == ("CDCS-A", "Nhóm Zalo", "Nhóm Zalo CĐCS A", "https://zalo.me/g/abcxyz", "Tiếp nhận ý kiến")
    assert zalo[7].date() == datetime.date(2025, 3, 5)
    assert zalo[8] == "Có" and zalo[10] == "Ngân sách công đoàn" and zalo[11] == 1500000
    assert zalo[12] == channels["zalo"].pk


def test_export_view_requires_channel_permission(client, tree, admin_user):
    user = get_user_model().objects.create_user(username="nobody")
    client.force_login(user)
    response = client.get(reverse("channels_xlsx_export"))
    assert response.status_code == 302  # no admin access at all: sent to the login page
    assert not response.has_header("Content-Disposition")


def test_channel_index_links_to_import_and_export(client, tree, officer):
    client.force_login(officer)
    html = client.get(reverse("channel:index")).content.decode()
    assert reverse("channels_xlsx_import") in html
    assert reverse("channels_xlsx_export") in html

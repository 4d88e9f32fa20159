"""An import's work and its report stay bounded whatever the file holds.

A 28 KB file whose one long cell was repeated on every row produced an 80 MB error page,
a 123 KB one drove the server to 15.8 GB: cells are capped, echoed text is cut to about
80 characters, the report lists at most `MAX_LISTED_ERRORS` errors, and a zip bomb is
refused for what it is.
"""

import io
import re
import zipfile

import pytest
from django.urls import reverse

from lantoa.channels import xlsx
from lantoa.channels.models import Channel

from .sheets import (  # noqa: F401
    HEADERS,
    make_xlsx,
    messages_for,
    private_dir,  # noqa: F401
    row,
    upload,
)

pytestmark = pytest.mark.usefixtures("private_dir")

LONG = "Nhóm Zalo " + "x" * 29_990  # 30,000 characters


def test_an_over_long_cell_is_refused_naming_its_row_column_and_the_limit(tree, officer):
    data = make_xlsx([row(unit="CDCS-A", kind="Bảng tin", name=LONG, location="Cổng")])
    result = xlsx.import_channels(data, actor=officer)
    assert Channel.objects.count() == 0
    [message] = messages_for(result, 2)
    assert message.startswith("Dòng 2, cột «Tên kênh»: ")
    assert "30.000 ký tự" in message and "1.000" in message
    assert "xxxxxxxxxx" not in message and len(message) < 200


def test_an_over_long_cell_is_one_error_not_a_cascade(tree, officer):
    data = make_xlsx([row(unit=LONG, kind=LONG, name=LONG, location=LONG)])
    result = xlsx.import_channels(data, actor=officer)
    columns = [e.column for e in result.errors]
    assert sorted(columns) == sorted(["Mã đơn vị", "Loại kênh", "Tên kênh", "Vị trí"])
    assert all("30.000 ký tự" in str(e) for e in result.errors)


def test_an_echoed_value_is_cut_to_about_80_characters(tree, officer):
    kind = "Nhóm Zallo " + "y" * 189  # 200 characters, under the cell cap
    result = xlsx.import_channels(make_xlsx([row(unit="CDCS-A", kind=kind, name="Sai")]), actor=officer)
    [message] = messages_for(result, 2)
    quoted = re.search(r"«Loại kênh»: «(.*?)»", message).group(1)
    assert quoted.endswith("…") and len(quoted) <= 81
    assert quoted.startswith("Nhóm Zallo yyy")
    assert kind not in message


def test_an_address_echoed_by_the_validator_is_cut_too(tree, officer):
    address = "khong-phai-lien-ket-" + "z" * 400
    data = make_xlsx([row(unit="CDCS-A", kind="Nhóm Zalo", name="Nhóm", address=address)])
    [message] = messages_for(xlsx.import_channels(data, actor=officer), 2)
    assert "…" in message and address not in message and len(message) < 300


def test_the_report_lists_the_first_hundred_errors_and_counts_the_others(client, tree, officer):
    rows = [row(unit="CDCS-A", kind="Không có loại này", name=f"Kênh {n}") for n in range(150)]
    client.force_login(officer)
    response = client.post(reverse("channels_xlsx_import"), {"file": upload(make_xlsx(rows))}, follow=True)
    html = response.content.decode()
    listed = re.search(r'<ul class="channel-import-errors">(.*?)</ul>', html, re.S).group(1)
    assert listed.count("<li>") == xlsx.MAX_LISTED_ERRORS == 100
    assert "Dòng 101, cột «Loại kênh»" in listed and "Dòng 102," not in listed
    assert "và 50 lỗi khác" in html
    assert "150 dòng bị từ chối" in html


def test_rows_sharing_one_long_invalid_cell_give_a_small_page(client, tree, officer):
    """The attack of the issue, at a size a test can afford: 300 rows share one 30,000-character cell."""
    data = make_xlsx([row(unit="CDCS-A", kind=LONG, name=f"Kênh {n}") for n in range(300)])
    assert len(data) < 40_000  # the shared string is stored once
    client.force_login(officer)
    response = client.post(reverse("channels_xlsx_import"), {"file": upload(data)}, follow=True)
    assert response.status_code == 200
    assert len(response.content) < 200_000
    assert "300 dòng bị từ chối" in response.content.decode()


def _zip_bomb() -> bytes:
    """A real workbook plus a member of zeros that unpacks to 30 MB (about 30 KB packed)."""
    good = make_xlsx([row(unit="CDCS-A", kind="Bảng tin", name="Bảng tin", location="Cổng")])
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(good)) as source, zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as bomb:
        for info in source.infolist():
            bomb.writestr(info, source.read(info))
        bomb.writestr("xl/media/zeros.bin", b"\0" * (30 * 1024 * 1024))
    return buffer.getvalue()


def test_a_zip_bomb_is_refused_for_what_it_unpacks_to(tree, officer):
    data = _zip_bomb()
    assert len(data) < xlsx.MAX_FILE_BYTES
    result = xlsx.import_channels(data, actor=officer)
    assert result.file_error == (
        "Tệp giải nén ra hơn 20 MB: bảng tính chỉ được chiếm tối đa 20 MB sau khi giải nén. "
        "Hãy xóa hình ảnh và các trang tính không cần thiết rồi thử lại."
    )
    assert Channel.objects.count() == 0


def test_a_full_file_of_five_thousand_rows_unpacks_well_under_the_cap():
    rows = [
        row(
            unit=f"CDCS-{n:05d}",
            kind="Nhóm Zalo",
            name=f"Nhóm Zalo tổ sản xuất số {n} Công ty TNHH Một thành viên",
            address=f"https://zalo.me/g/nhom{n:06d}abcdef",
            purpose="Tiếp nhận ý kiến",
            admins="Nguyễn Văn An\nTrần Thị Bình\nLê Văn Cường",
            audience_count=1250 + n,
            audience_counted_on="05/03/2025",
            verified="Có",
            location=f"Xưởng {n}, khu công nghiệp Giao Long, huyện Châu Thành",
            funding_source="Ngân sách công đoàn",
            cost=1_500_000,
        )
        for n in range(xlsx.MAX_ROWS)
    ]
    with zipfile.ZipFile(io.BytesIO(make_xlsx(rows, headers=[*HEADERS, "Mã kênh"]))) as archive:
        unpacked = sum(info.file_size for info in archive.infolist())
    assert unpacked * 2 < xlsx.MAX_UNPACKED_BYTES <= 20 * 1024 * 1024


def _with_part(data: bytes, name: str, content: bytes) -> bytes:
    """The workbook with one part replaced (or added)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            if info.filename != name:
                target.writestr(info, source.read(info))
        target.writestr(name, content)
    return buffer.getvalue()


def test_a_workbook_with_a_huge_styles_part_is_refused_before_it_is_read(tree, officer):
    """A 70 KB file whose 19 MB of cell formats cost openpyxl 420 MB to read."""
    good = make_xlsx([row(unit="CDCS-A", kind="Bảng tin", name="Bảng tin", location="Cổng")])
    with zipfile.ZipFile(io.BytesIO(good)) as archive:
        styles = archive.read("xl/styles.xml")
    xf = b'<xf numFmtId="0" fontId="0" fillId="0" borderId="0"/>'
    bloated = re.sub(rb'<cellXfs count="\d+">', b'<cellXfs count="60000">' + xf * 60_000, styles)
    result = xlsx.import_channels(_with_part(good, "xl/styles.xml", bloated), actor=officer)
    assert result.file_error == (
        "Không đọc được bảng tính: một phần không phải trang tính (định dạng ô, tên vùng, biểu đồ…) chiếm hơn "
        "2 MB. Hãy chép các dòng sang một bảng tính mới rồi thử lại."
    )
    assert Channel.objects.count() == 0


def test_a_large_sheet_is_read_as_a_stream(tree, officer):
    """Only the parts openpyxl reads whole are held to the small cap: a sheet of 5,000 rows passes."""
    rows = [row(unit="KHONG-CO", kind="Bảng tin", name=f"Bảng tin {n} " + "x" * 300, location="Cổng")
            for n in range(xlsx.MAX_ROWS)]  # fmt: skip
    data = make_xlsx(rows)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert archive.getinfo("xl/worksheets/sheet1.xml").file_size > xlsx.MAX_TREE_PART_BYTES
    result = xlsx.import_channels(data, actor=officer)
    assert result.file_error == "" and result.error_rows == xlsx.MAX_ROWS

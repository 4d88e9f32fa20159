"""Official documents in the Decree 30 layout, checked on plan 196/KH-LĐLĐ of LĐLĐ tỉnh Bến Tre.

The header, two of the sections, the recipients and the signature are copied from the plan
(shared/seed/000_e6902f2b670a6d18.txt); the .docx is read back with python-docx.
"""

import datetime as dt
import io
from dataclasses import replace

import docx
import pytest
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH

from lantoa.reports.official import (
    MOTTO,
    NATIONAL_NAME,
    OfficialDocument,
    Section,
    Signature,
    Table,
    number_line,
    numbered_sections,
    place_date_line,
    recipient_lines,
    render_docx,
    render_text,
    roman,
)

PLAN_196 = OfficialDocument(
    parent_body="TỔNG LIÊN ĐOÀN LAO ĐỘNG VIỆT NAM",
    issuing_body="LIÊN ĐOÀN LAO ĐỘNG TỈNH BẾN TRE",
    number=196,
    symbol="KH-LĐLĐ",
    place="Bến Tre",
    date=dt.date(2020, 10, 5),
    doc_type="KẾ HOẠCH",
    title="Truyền thông Công đoàn đến năm 2023",
    introduction=[
        "Căn cứ Chương trình số 01/CTr-BCH ngày 26/8/2020 của Tổng Liên đoàn Lao động Việt Nam về đẩy mạnh "
        "công tác truyền thông Công đoàn đến năm 2023. Liên đoàn Lao động (LĐLĐ) tỉnh xây dựng kế hoạch tổ chức "
        "các hoạt động truyền thông Công đoàn đến năm 2023 với nội dung cụ thể như sau:",
    ],
    sections=[
        Section(
            "MỤC TIÊU VÀ CHỈ TIÊU",
            subsections=[
                Section(
                    "Mục tiêu chung:",
                    [
                        "- Tập trung các nguồn lực đầu tư cho công tác truyền thông Công đoàn, ưu tiên các hoạt "
                        "động có tính lan tỏa rộng đến đoàn viên, NLĐ.",
                    ],
                ),
                Section(
                    "Chỉ tiêu:",
                    [
                        "Thực hiện chỉ tiêu do Tổng Liên đoàn giao, đến năm 2023 LĐLĐ tỉnh phấn đấu tổ chức ít "
                        "nhất 03 chiến dịch truyền thông về các hoạt động lớn của tổ chức Công đoàn.",
                    ],
                ),
            ],
        ),
        Section(
            "NỘI DUNG VÀ LỘ TRÌNH TRUYỀN THÔNG",
            subsections=[
                Section(
                    "Nội dung:",
                    subsections=[
                        Section(
                            "Nội dung chuyên sâu:",
                            ["- Truyền thông sâu về vị thế của giai cấp công nhân và công đoàn trong lịch sử."],
                        ),
                        Section(
                            "Nội dung phổ biến, cập nhật thường xuyên:",
                            ["- Các chương trình phúc lợi của tổ chức Công đoàn dành cho đoàn viên, NLĐ."],
                        ),
                    ],
                ),
            ],
        ),
    ],
    closing="Trên đây là kế hoạch truyền thông Công đoàn đến năm 2023, đề nghị các cấp công đoàn cụ thể hóa "
    "xây dựng kế hoạch triển khai thực hiện đạt kết quả tốt./.",
    recipients=[
        "TLĐ (qua Ban TG)",
        "BDV-TU",
        "BTG-TU",
        "UB MTTQ VN tỉnh",
        "TT và các ban LĐLĐ tỉnh",
        "Công đoàn cấp trên trực tiếp cơ sở",
    ],
    archive="VP, TG-NC",
    signature=Signature("TM. BAN THƯỜNG VỤ", "PHÓ CHỦ TỊCH", "Nguyễn Thị Kim Dung"),
)

EXPECTED_HEADINGS = [
    "I. MỤC TIÊU VÀ CHỈ TIÊU",
    "1. Mục tiêu chung:",
    "2. Chỉ tiêu:",
    "II. NỘI DUNG VÀ LỘ TRÌNH TRUYỀN THÔNG",
    "1. Nội dung:",
    "1.1. Nội dung chuyên sâu:",
    "1.2. Nội dung phổ biến, cập nhật thường xuyên:",
]


@pytest.fixture(scope="module")
def word():
    return docx.Document(io.BytesIO(render_docx(PLAN_196)))


def paragraph_with(word, text):
    return next(paragraph for paragraph in word.paragraphs if paragraph.text == text)


def cell_texts(table):
    return [[cell.text for cell in row.cells] for row in table.rows]


def all_runs(word):
    paragraphs = list(word.paragraphs)
    for table in word.tables:
        paragraphs += [paragraph for row in table.rows for cell in row.cells for paragraph in cell.paragraphs]
    paragraphs += word.sections[0].header.paragraphs
    return [run for paragraph in paragraphs for run in paragraph.runs]


# --- the fixed lines --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (dt.date(2020, 10, 5), "Bến Tre, ngày 05 tháng 10 năm 2020"),  # plan 196
        # Decree 30, Phụ lục I, box 4 (integration-facts §4.1): "days below 10 and months 1 and 2 get
        # a leading 0, e.g. 'Hà Nội, ngày 05 tháng 01 năm 2020'".
        (dt.date(2021, 1, 5), "Bến Tre, ngày 05 tháng 01 năm 2021"),
        (dt.date(2024, 2, 29), "Bến Tre, ngày 29 tháng 02 năm 2024"),
        # ... and months 3 to 9 keep one digit, as QĐ 933/QĐ-TLĐ's "ngày 14 tháng 5 năm 2024" (§4.2).
        (dt.date(2024, 5, 14), "Bến Tre, ngày 14 tháng 5 năm 2024"),
        (dt.date(2025, 9, 1), "Bến Tre, ngày 01 tháng 9 năm 2025"),
        (dt.date(2025, 12, 31), "Bến Tre, ngày 31 tháng 12 năm 2025"),
    ],
)
def test_place_date_pads_days_below_10_and_only_months_1_and_2(day, expected):
    assert place_date_line("Bến Tre", day) == expected


def test_number_line_pads_numbers_below_10_and_upper_cases_the_symbol():
    assert number_line(196, "KH-LĐLĐ") == "Số: 196/KH-LĐLĐ"
    assert number_line(5, "qđ-lđlđ") == "Số: 05/QĐ-LĐLĐ"


def test_roman_numerals_number_the_first_level():
    assert [roman(n) for n in (1, 2, 3, 4, 5, 9, 14, 40)] == ["I", "II", "III", "IV", "V", "IX", "XIV", "XL"]
    with pytest.raises(ValueError):
        roman(0)


def test_sections_are_numbered_roman_then_arabic_then_dotted():
    assert [numbered.heading for numbered in numbered_sections(PLAN_196.sections)] == EXPECTED_HEADINGS
    assert [numbered.level for numbered in numbered_sections(PLAN_196.sections)] == [1, 2, 2, 1, 2, 3, 3]


def test_recipient_lines_end_with_semicolons_and_the_archive_line_with_a_full_stop():
    assert recipient_lines(["TLĐ (qua Ban TG)", "- BTG-TU;"], "VT") == [
        "- TLĐ (qua Ban TG);",
        "- BTG-TU;",
        "- Lưu: VT.",
    ]


# --- the .docx ----------------------------------------------------------------------------------------


def test_header_table_holds_the_bodies_number_national_name_motto_and_place_date(word):
    header = word.tables[0]
    left = header.rows[0].cells[0].text.splitlines()
    right = header.rows[0].cells[1].text.splitlines()
    assert left[:2] == ["TỔNG LIÊN ĐOÀN LAO ĐỘNG VIỆT NAM", "LIÊN ĐOÀN LAO ĐỘNG TỈNH BẾN TRE"]
    assert right[:2] == [NATIONAL_NAME, MOTTO] == ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"]
    # Số and the place-date share a row, so they sit on the same line (§4.1 box 4).
    assert cell_texts(header)[1] == ["Số: 196/KH-LĐLĐ", "Bến Tre, ngày 05 tháng 10 năm 2020"]


def test_header_is_borderless_with_rules_under_the_issuing_body_and_the_motto(word):
    header = word.tables[0]
    borders = header._tbl.tblPr.find(docx.oxml.ns.qn("w:tblBorders"))
    assert {border.get(docx.oxml.ns.qn("w:val")) for border in borders} == {"nil"}
    for cell in header.rows[0].cells:
        rule = cell.paragraphs[-1]
        assert rule.text == ""
        assert rule._p.pPr.find(docx.oxml.ns.qn("w:pBdr")) is not None


def test_header_styles_follow_decree_30(word):
    left, right = word.tables[0].rows[0].cells
    date = word.tables[0].rows[1].cells[1].paragraphs[0]
    parent, issuing = left.paragraphs[0].runs[0], left.paragraphs[1].runs[0]
    national_name, motto = right.paragraphs[0].runs[0], right.paragraphs[1].runs[0]
    assert (parent.bold, parent.font.size.pt) == (False, 12)
    assert (issuing.bold, issuing.font.size.pt) == (True, 12)
    assert (national_name.bold, national_name.font.size.pt) == (True, 12)
    assert (motto.bold, motto.font.size.pt) == (True, 13)
    assert date.runs[0].italic and not date.runs[0].bold
    centred = [paragraph.alignment for cell in (left, right) for paragraph in cell.paragraphs if paragraph.text]
    assert set(centred) == {WD_ALIGN_PARAGRAPH.CENTER}


def test_doc_type_and_title_are_centred_and_bold(word):
    for text in ("KẾ HOẠCH", "Truyền thông Công đoàn đến năm 2023"):
        paragraph = paragraph_with(word, text)
        assert paragraph.alignment == WD_ALIGN_PARAGRAPH.CENTER
        assert all(run.bold for run in paragraph.runs)


def test_sections_appear_in_order_with_their_numbering(word):
    texts = [paragraph.text for paragraph in word.paragraphs]
    positions = [texts.index(heading) for heading in EXPECTED_HEADINGS]
    assert positions == sorted(positions)
    assert texts.index(PLAN_196.introduction[0]) < positions[0]
    assert texts.index(PLAN_196.closing) > positions[-1]


def test_body_is_justified_with_a_first_line_indent(word):
    for text in (PLAN_196.introduction[0], "2. Chỉ tiêu:", PLAN_196.closing):
        paragraph = paragraph_with(word, text)
        assert paragraph.alignment == WD_ALIGN_PARAGRAPH.JUSTIFY
        assert paragraph.paragraph_format.first_line_indent == docx.shared.Cm(1.27)
        assert paragraph.runs[0].font.size.pt == 14


def test_headings_are_bold_and_the_third_level_also_italic(word):
    first, second, third = (paragraph_with(word, EXPECTED_HEADINGS[i]).runs[0] for i in (0, 1, 5))
    assert (first.bold, first.italic) == (True, False)
    assert (second.bold, second.italic) == (True, False)
    assert (third.bold, third.italic) == (True, True)


def test_recipients_sit_at_the_left_of_the_closing_block(word):
    recipients = word.tables[-1].rows[0].cells[0]
    label, *lines = recipients.paragraphs
    assert label.text == "Nơi nhận:"
    assert label.runs[0].bold and label.runs[0].italic and label.runs[0].font.size.pt == 12
    assert [line.text for line in lines] == [
        "- TLĐ (qua Ban TG);",
        "- BDV-TU;",
        "- BTG-TU;",
        "- UB MTTQ VN tỉnh;",
        "- TT và các ban LĐLĐ tỉnh;",
        "- Công đoàn cấp trên trực tiếp cơ sở;",
        "- Lưu: VP, TG-NC.",
    ]
    assert {line.runs[0].font.size.pt for line in lines} == {11}


def test_signature_sits_at_the_right_of_the_closing_block(word):
    signature = word.tables[-1].rows[0].cells[1]
    assert [paragraph.text for paragraph in signature.paragraphs] == [
        "TM. BAN THƯỜNG VỤ",
        "PHÓ CHỦ TỊCH",
        "Nguyễn Thị Kim Dung",
    ]
    assert all(paragraph.runs[0].bold for paragraph in signature.paragraphs)
    assert signature.paragraphs[-1].paragraph_format.space_before > 0  # room to sign and seal


def test_page_is_a4_portrait_with_decree_30_margins(word):
    section = word.sections[0]
    mm = {name: getattr(section, name).mm for name in ("page_width", "page_height", "left_margin", "right_margin")}
    mm |= {name: getattr(section, name).mm for name in ("top_margin", "bottom_margin")}
    assert (mm["page_width"], mm["page_height"]) == (pytest.approx(210, abs=0.1), pytest.approx(297, abs=0.1))
    assert section.orientation == WD_ORIENT.PORTRAIT
    assert 30 <= round(mm["left_margin"], 1) <= 35
    assert 15 <= round(mm["right_margin"], 1) <= 20
    assert 20 <= round(mm["top_margin"], 1) <= 25 and 20 <= round(mm["bottom_margin"], 1) <= 25


def test_page_numbers_are_in_the_top_margin_but_not_on_the_first_page(word):
    section = word.sections[0]
    assert section.different_first_page_header_footer
    assert "PAGE" in section.header._element.xml
    assert "PAGE" not in section.first_page_header._element.xml


def test_every_run_is_times_new_roman(word):
    assert word.styles["Normal"].font.name == "Times New Roman"
    runs = all_runs(word)
    assert runs
    assert {run.font.name for run in runs} == {"Times New Roman"}


def test_upper_case_elements_are_upper_cased_whatever_the_input():
    document = OfficialDocument(
        parent_body="Tổng Liên đoàn Lao động Việt Nam",
        issuing_body="Liên đoàn Lao động tỉnh Vĩnh Long",
        number=7,
        symbol="bc-lđlđ",
        place="Vĩnh Long",
        date=dt.date(2026, 1, 9),
        doc_type="Báo cáo",
        title="Kết quả công tác truyền thông năm 2025",
        sections=[Section("Kết quả", ["Nội dung."])],
        recipients=["TLĐ"],
        signature=Signature("tm. ban thường vụ", "chủ tịch", "Nguyễn Văn A"),
    )
    text = render_text(document)
    for line in (
        "TỔNG LIÊN ĐOÀN LAO ĐỘNG VIỆT NAM",
        "LIÊN ĐOÀN LAO ĐỘNG TỈNH VĨNH LONG",
        "Số: 07/BC-LĐLĐ",
        "Vĩnh Long, ngày 09 tháng 01 năm 2026",
        "BÁO CÁO",
        "I. KẾT QUẢ",
        "TM. BAN THƯỜNG VỤ",
        "CHỦ TỊCH",
        "Nguyễn Văn A",
        "- Lưu: VT.",
    ):
        assert line in text.splitlines()


def test_progress_report_tables_render_as_grids_with_a_header_row():
    rows = [["STT", "Chỉ tiêu", "Kế hoạch", "Đạt"], ["1", "Chiến dịch truyền thông", "03", "02"]]
    report = replace(PLAN_196, doc_type="BÁO CÁO", tables=[Table(rows, caption="Kết quả thực hiện chỉ tiêu")])
    word = docx.Document(io.BytesIO(render_docx(report)))
    grid = word.tables[1]
    assert cell_texts(grid) == rows
    assert grid.style.name == "Table Grid"
    assert all(cell.paragraphs[0].runs[0].bold for cell in grid.rows[0].cells)
    assert "Kết quả thực hiện chỉ tiêu" in [paragraph.text for paragraph in word.paragraphs]
    assert "1 | Chiến dịch truyền thông | 03 | 02" in render_text(report)


# --- plain text ---------------------------------------------------------------------------------------


def test_plain_text_reads_like_the_plan():
    text = render_text(PLAN_196)
    assert text.startswith(
        "TỔNG LIÊN ĐOÀN LAO ĐỘNG VIỆT NAM\n"
        "LIÊN ĐOÀN LAO ĐỘNG TỈNH BẾN TRE\n"
        "Số: 196/KH-LĐLĐ\n"
        "\n"
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
        "Độc lập - Tự do - Hạnh phúc\n"
        "Bến Tre, ngày 05 tháng 10 năm 2020\n"
        "\n"
        "KẾ HOẠCH\n"
        "Truyền thông Công đoàn đến năm 2023\n"
        "\n"
        "Căn cứ Chương trình số 01/CTr-BCH"
    )
    assert text.endswith(
        "Nơi nhận:\n"
        "- TLĐ (qua Ban TG);\n"
        "- BDV-TU;\n"
        "- BTG-TU;\n"
        "- UB MTTQ VN tỉnh;\n"
        "- TT và các ban LĐLĐ tỉnh;\n"
        "- Công đoàn cấp trên trực tiếp cơ sở;\n"
        "- Lưu: VP, TG-NC.\n"
        "\n"
        "TM. BAN THƯỜNG VỤ\n"
        "PHÓ CHỦ TỊCH\n"
        "\n"
        "Nguyễn Thị Kim Dung\n"
    )
    lines = text.splitlines()
    assert [line for line in lines if line in EXPECTED_HEADINGS] == EXPECTED_HEADINGS

"""The header of an official document sets each line on one line, measured with the font.

Word sets Times New Roman; LibreOffice sets Liberation Serif, which has the same advance widths.
These tests read the .docx back (page, margins, the header table's indent, columns and cell
padding, each line's size and weight) and measure every line with Liberation Serif 2 (Debian's
fonts-liberation2: version 1 lacks the Vietnamese letters), read with fontTools. Without the font
or fontTools they are skipped, saying what to install.
"""

from __future__ import annotations

import datetime
import io
from functools import cache
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn

from lantoa.reports import official
from lantoa.reports.metrics import text_width_mm
from lantoa.reports.official import OfficialDocument, Section, Signature, Table, render_docx

ttLib = pytest.importorskip("fontTools.ttLib", reason="fontTools is not installed: pip install -r requirements-dev.txt")

FONT_DIRS = (Path("/usr/share/fonts/truetype/liberation2"), Path("/usr/share/fonts/truetype/liberation"))
STYLES = {(False, False): "Regular", (True, False): "Bold", (False, True): "Italic", (True, True): "BoldItalic"}
VIETNAMESE_PROBE = "ỘỰỨẾ"  # letters Liberation Serif 1 lacks


@cache
def font_file(style: str) -> Path | None:
    for folder in FONT_DIRS:
        path = folder / f"LiberationSerif-{style}.ttf"
        if path.exists() and all(ord(c) in ttLib.TTFont(path).getBestCmap() for c in VIETNAMESE_PROBE):
            return path
    return None


@pytest.fixture(autouse=True)
def liberation_serif():
    if font_file("Regular") is None:
        pytest.skip(
            "Liberation Serif 2 with Vietnamese letters is not installed "
            "(Debian: apt-get install fonts-liberation2; /usr/share/fonts/truetype/liberation2/)"
        )


@cache
def _font(style: str):
    font = ttLib.TTFont(font_file(style))
    return font.getBestCmap(), font["hmtx"], font["head"].unitsPerEm


def measured_mm(text: str, size: float, *, bold: bool = False, italic: bool = False) -> float:
    """The line's width set in Liberation Serif at `size` points: the sum of its advances."""
    cmap, metrics, units_per_em = _font(STYLES[(bold, italic)])
    missing = [char for char in text if ord(char) not in cmap]
    assert not missing, f"the font has no glyph for {missing}"
    return sum(metrics[cmap[ord(char)]][0] for char in text) / units_per_em * size * 25.4 / 72


def twips_mm(value) -> float:
    return int(value) / 1440 * 25.4


def document(issuing_body: str, parent_body: str = "Tổng Liên đoàn Lao động Việt Nam", place="Bến Tre"):
    return OfficialDocument(
        parent_body=parent_body,
        issuing_body=issuing_body,
        number=196,
        symbol="KH-LĐLĐ",
        place=place,
        date=datetime.date(2020, 10, 5),
        doc_type="Kế hoạch",
        title="Truyền thông Công đoàn đến năm 2023",
        sections=[Section("Mục tiêu", ["- Nâng cao nhận thức."])],
        recipients=["TLĐ (qua Ban TG)"],
        signature=Signature("TM. Ban Thường vụ", "Phó Chủ tịch", "Nguyễn Thị Kim Dung"),
        tables=[Table([["STT", "Chỉ tiêu", "Kết quả"], ["1", "Nhóm truyền thông", "50%"]], widths_mm=(15, 120, 30))],
    )


def read(issuing_body: str, **kwargs):
    return docx.Document(io.BytesIO(render_docx(document(issuing_body, **kwargs))))


def header_cells(word):
    """(paragraph, inner width in mm) for every line of the header's first row."""
    table = word.tables[0]
    properties = table._tbl.tblPr
    padding = sum(
        twips_mm(properties.find(qn("w:tblCellMar")).find(qn(f"w:{side}")).get(qn("w:w"))) for side in ("left", "right")
    )
    columns = [twips_mm(col.get(qn("w:w"))) for col in table._tbl.tblGrid.findall(qn("w:gridCol"))]
    for cell, width in zip(table.rows[0].cells, columns, strict=True):
        for paragraph in cell.paragraphs:
            if paragraph.text:
                yield paragraph, width - padding


def line_width(paragraph) -> float:
    run = paragraph.runs[0]
    return measured_mm(paragraph.text, run.font.size.pt, bold=bool(run.font.bold), italic=bool(run.font.italic))


BODIES = [
    "Liên đoàn Lao động tỉnh Bến Tre",
    "Liên đoàn Lao động tỉnh Vĩnh Long",
    "Liên đoàn Lao động Thành phố Hồ Chí Minh",
    "Công đoàn Khu công nghiệp tỉnh Vĩnh Long",
]


@pytest.mark.parametrize("issuing_body", BODIES)
def test_every_header_line_fits_its_column_as_the_font_sets_it(issuing_body):
    for paragraph, inner_mm in header_cells(read(issuing_body)):
        assert line_width(paragraph) <= inner_mm, f"“{paragraph.text}” wraps in a {inner_mm:.1f} mm column"


def test_the_national_title_and_the_bodies_of_ben_tre_are_one_line_each():
    lines = [paragraph.text for paragraph, _width in header_cells(read("Liên đoàn Lao động tỉnh Bến Tre"))]
    assert lines == [
        "TỔNG LIÊN ĐOÀN LAO ĐỘNG VIỆT NAM",
        "LIÊN ĐOÀN LAO ĐỘNG TỈNH BẾN TRE",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
    ]


def test_a_body_too_long_for_one_line_breaks_between_words_into_even_lines():
    lines = [p.text for p, _width in header_cells(read("Liên đoàn Lao động Thành phố Hồ Chí Minh"))]
    assert lines[1:3] == ["LIÊN ĐOÀN LAO ĐỘNG", "THÀNH PHỐ HỒ CHÍ MINH"]


def test_header_sizes_and_weights_are_within_decree_30s_ranges():
    by_text = {p.text: p.runs[0].font for p, _width in header_cells(read("Liên đoàn Lao động tỉnh Bến Tre"))}
    national, motto = by_text[official.NATIONAL_NAME], by_text[official.MOTTO]
    parent, issuing = by_text["TỔNG LIÊN ĐOÀN LAO ĐỘNG VIỆT NAM"], by_text["LIÊN ĐOÀN LAO ĐỘNG TỈNH BẾN TRE"]
    assert 12 <= national.size.pt <= 13 and national.bold
    assert 13 <= motto.size.pt <= 14 and motto.bold
    assert 12 <= parent.size.pt <= 13 and not parent.bold
    assert 12 <= issuing.size.pt <= 13 and issuing.bold


def test_the_page_is_a4_with_decree_30_margins_and_the_header_stays_on_it():
    word = read("Liên đoàn Lao động tỉnh Vĩnh Long")
    section = word.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert 20 <= round(section.top_margin.mm) <= 25 and 20 <= round(section.bottom_margin.mm) <= 25
    assert 30 <= round(section.left_margin.mm) <= 35 and 15 <= round(section.right_margin.mm) <= 20
    table = word.tables[0]._tbl
    indent = twips_mm(table.tblPr.find(qn("w:tblInd")).get(qn("w:w")))
    width = sum(twips_mm(col.get(qn("w:w"))) for col in table.tblGrid.findall(qn("w:gridCol")))
    left_edge = section.left_margin.mm + indent
    assert left_edge >= 15, "the header keeps clear of the page's edge"
    assert left_edge + width <= section.page_width.mm - section.right_margin.mm + 0.1


def test_the_line_under_the_motto_is_as_long_as_the_motto():
    right = read("Liên đoàn Lao động tỉnh Bến Tre").tables[0].rows[0].cells[1]
    rule = right.paragraphs[-1].paragraph_format
    inner = official.HEADER_RIGHT_MM - 2 * official.CELL_PADDING_MM
    length = inner - rule.left_indent.mm - rule.right_indent.mm
    assert length == pytest.approx(measured_mm(official.MOTTO, official.MOTTO_PT, bold=True), abs=0.2)


def test_the_place_and_date_line_fits_under_the_national_title():
    word = read("Liên đoàn Lao động tỉnh Vĩnh Long", place="Vĩnh Long")
    date_cell = word.tables[0].rows[1].cells[1]
    inner = official.HEADER_RIGHT_MM - 2 * official.CELL_PADDING_MM
    assert line_width(date_cell.paragraphs[0]) <= inner


def test_report_tables_give_the_names_their_widths():
    grid = docx.Document(io.BytesIO(render_docx(document("Liên đoàn Lao động tỉnh Bến Tre")))).tables[1]._tbl
    widths = [twips_mm(col.get(qn("w:w"))) for col in grid.tblGrid.findall(qn("w:gridCol"))]
    assert [round(w) for w in widths] == [15, 120, 30]
    assert grid.tblPr.find(qn("w:tblLayout")).get(qn("w:type")) == "fixed"


@pytest.mark.parametrize(
    ("text", "bold", "italic"),
    [
        (official.NATIONAL_NAME, True, False),
        ("TỔNG LIÊN ĐOÀN LAO ĐỘNG VIỆT NAM", False, False),
        ("LIÊN ĐOÀN LAO ĐỘNG TỈNH VĨNH LONG", True, False),
        ("Vĩnh Long, ngày 25 tháng 12 năm 2026", False, True),
        ("Ưu tiên những người lao động: Ứng, Ự, Đức", False, False),
    ],
)
def test_the_built_in_widths_are_the_fonts(text, bold, italic):
    """`lantoa.reports.metrics` lays out lines on the server without the font: same widths."""
    assert text_width_mm(text, 12, bold=bold, italic=italic) == pytest.approx(
        measured_mm(text, 12, bold=bold, italic=italic), abs=0.01
    )

"""Official documents in the layout of Decree 30/2020/NĐ-CP, Phụ lục I: plans, reports, decisions.

Plain Python, no models: a later step builds an ``OfficialDocument`` from a plan or a report.

    document = OfficialDocument(
        parent_body="Tổng Liên đoàn Lao động Việt Nam",
        issuing_body="Liên đoàn Lao động tỉnh Bến Tre",
        number=196, symbol="KH-LĐLĐ", place="Bến Tre", date=dt.date(2020, 10, 5),
        doc_type="Kế hoạch", title="Truyền thông Công đoàn đến năm 2023",
        sections=[Section("Mục tiêu và chỉ tiêu", subsections=[Section("Mục tiêu chung:", ["- ..."])])],
        recipients=["TLĐ (qua Ban TG)", "BTG-TU"], archive="VP, TG-NC",
        signature=Signature("TM. Ban Thường vụ", "Phó Chủ tịch", "Nguyễn Thị Kim Dung"),
    )
    render_docx(document)   # bytes of a .docx: A4, Times New Roman, the two-column header ...
    render_text(document)   # the same content as plain text, for previews

The rules (sizes, styles, lines, the padding of numbers and dates) are those of Phụ lục I as summarised
in integration-facts §4.1; the trade-union header and signature follow §4.2 and the union's own plans
(e.g. 196/KH-LĐLĐ of LĐLĐ tỉnh Bến Tre). What the Decree writes in upper case (the bodies, the document
type, the signer's authority and position, the first-level headings) is upper-cased here, so data
typed in any case renders correctly. The Vietnamese strings in this module are fixed by the Decree,
not interface text, so they are not in the translation catalog.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import NamedTuple

import docx
from docx.document import Document as WordDocument
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt
from docx.table import Table as WordTable
from docx.table import _Cell, _Row
from docx.text.paragraph import Paragraph
from docx.text.run import Run

from lantoa.vi.text import strip_controls

from .metrics import split_to_fit, text_width_mm

NATIONAL_NAME = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"
RECIPIENTS_LABEL = "Nơi nhận:"

FONT = "Times New Roman"

# Page (§4.1 general layout): A4 portrait; margins top/bottom 20–25, left 30–35, right 15–20 mm.
PAGE_WIDTH_MM, PAGE_HEIGHT_MM = 210, 297
MARGIN_TOP_MM, MARGIN_BOTTOM_MM, MARGIN_LEFT_MM, MARGIN_RIGHT_MM = 20, 20, 30, 15
TEXT_WIDTH_MM = PAGE_WIDTH_MM - MARGIN_LEFT_MM - MARGIN_RIGHT_MM  # 165

# The closing block is a two-column table the width of the text.
LEFT_COLUMN_MM, RIGHT_COLUMN_MM = 78, TEXT_WIDTH_MM - 78
CELL_PADDING_MM = 1

# The header (boxes 1–4) sets the Quốc hiệu and each line of the bodies on one line, as the union's
# own documents do (QĐ 933/QĐ-TLĐ: "TỔNG LIÊN ĐOÀN LAO ĐỘNG VIỆT NAM" beside the Quốc hiệu). In
# Times New Roman at the Decree's smallest size, 12 pt, the Quốc hiệu is 88.3 mm in bold and the
# parent body 80.4 mm: 169 mm with no padding, more than the 165 mm between the margins. So the
# header table reaches into the 30 mm binding margin, keeping 17 mm from the page's edge, and ends
# at the right margin; a body longer than its column is broken between words into even lines
# (Decree 30: a long name "có thể trình bày thành nhiều dòng"), never wrapped by the word processor.
HEADER_LEFT_MM, HEADER_RIGHT_MM = 86, 92
HEADER_INDENT_MM = TEXT_WIDTH_MM - HEADER_LEFT_MM - HEADER_RIGHT_MM  # -13: starts 17 mm from the edge

# Sizes in points, each inside the Decree's range (§4.1).
HEADER_BODY_PT = 12  # parent and issuing bodies, 12–13
NATIONAL_NAME_PT = 12  # 12–13
MOTTO_PT = 13  # 13–14
NUMBER_PT = 13  # 13
PLACE_DATE_PT = 14  # 13–14
TITLE_PT = 14  # document type and summary, 13–14
BODY_PT = 14  # 13–14
TABLE_PT = 12
RECIPIENTS_LABEL_PT = 12  # 12
RECIPIENTS_PT = 11  # 11
SIGNATURE_PT = 14  # 13–14
PAGE_NUMBER_PT = 14  # 13–14

BODY_FIRST_LINE_INDENT = Cm(1.27)  # 1 cm or 1.27 cm
BODY_SPACE_AFTER = Pt(6)  # at least 6 pt
BODY_LINE_SPACING = 1.15  # from single up to 1.5 lines
SIGNING_SPACE = Pt(72)  # room for the signature and the seal above the signer's name

RULE_WEIGHT = 6  # eighths of a point

# Where w:tblW may sit in w:tblPr: the elements the schema puts after it (w:tblInd after w:jc...).
_TBLW_SUCCESSORS = (
    "w:jc", "w:tblCellSpacing", "w:tblInd", "w:tblBorders", "w:shd", "w:tblLayout", "w:tblCellMar",
    "w:tblLook", "w:tblCaption", "w:tblDescription",
)  # fmt: skip

# Where w:pBdr may sit in w:pPr: every element the schema puts after it.
_PBDR_SUCCESSORS = (
    "w:shd", "w:tabs", "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap", "w:overflowPunct",
    "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi", "w:adjustRightInd", "w:snapToGrid",
    "w:spacing", "w:ind", "w:contextualSpacing", "w:mirrorIndents", "w:suppressOverlap", "w:jc",
    "w:textDirection", "w:textAlignment", "w:textboxTightWrap", "w:outlineLvl", "w:divId",
    "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange",
)  # fmt: skip


# --------------------------------------------------------------------------------------------------
# The document
# --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Section:
    """A numbered part of the body: I., II. at the top level, then 1., 2., then 1.1., 1.2. ..."""

    heading: str
    paragraphs: Sequence[str] = ()
    subsections: Sequence[Section] = ()


@dataclass(frozen=True)
class Signature:
    """The signature block: ``authority`` ("TM. BAN THƯỜNG VỤ", empty when the head signs in person),
    the signer's ``position`` ("PHÓ CHỦ TỊCH") and ``name``."""

    authority: str
    position: str
    name: str


@dataclass(frozen=True)
class Table:
    """A grid for progress reports; the first row is the header. `widths_mm`, when given, fixes
    each column's width (they should add up to the text's width, 165 mm)."""

    rows: Sequence[Sequence[str]]
    caption: str = ""
    widths_mm: Sequence[float] = ()


@dataclass(frozen=True)
class OfficialDocument:
    """Everything a Decree 30 document shows, in reading order.

    ``introduction`` holds the paragraphs before section I (the "Căn cứ ..." lines of a plan);
    ``tables`` come after the sections, ``closing`` ("Trên đây là ... ./.") after them.
    ``recipients`` are the "Nơi nhận:" lines without their "- " and ";"; ``archive`` is what the
    last line files under: "Lưu: VT." by default, "Lưu: VP, TG-NC." in plan 196.
    """

    parent_body: str
    issuing_body: str
    number: int
    symbol: str
    place: str
    date: dt.date
    doc_type: str
    title: str
    sections: Sequence[Section]
    recipients: Sequence[str]
    signature: Signature
    archive: str = "VT"
    introduction: Sequence[str] = ()
    closing: str = ""
    tables: Sequence[Table] = ()


# --------------------------------------------------------------------------------------------------
# Text of the fixed elements, shared by both renderers
# --------------------------------------------------------------------------------------------------


def number_line(number: int, symbol: str) -> str:
    """Box 3: "Số: 196/KH-LĐLĐ". §4.1: numbers below 10 get a leading 0 ("Số: 05/BNV-VP")."""
    return f"Số: {number:02d}/{symbol.upper()}"


def place_date_line(place: str, day: dt.date) -> str:
    """Box 4: "Bến Tre, ngày 05 tháng 10 năm 2020".

    Decree 30/2020/NĐ-CP, Phụ lục I, as quoted in integration-facts §4.1 (box 4): "days below 10
    and months 1 and 2 get a leading 0, e.g. 'Hà Nội, ngày 05 tháng 01 năm 2020'". Months 3 to 9
    keep one digit: QĐ 933/QĐ-TLĐ is dated "ngày 14 tháng 5 năm 2024" (§4.2).
    """
    month = f"{day.month:02d}" if day.month <= 2 else str(day.month)
    return f"{place}, ngày {day.day:02d} tháng {month} năm {day.year}"


def roman(number: int) -> str:
    """Upper-case Roman numeral of 1–3999, for first-level headings."""
    if not 1 <= number <= 3999:
        raise ValueError(f"no Roman numeral for {number}")
    numerals = ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"), (40, "XL"))
    numerals += ((10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))
    digits = []
    for value, letters in numerals:
        count, number = divmod(number, value)
        digits.append(letters * count)
    return "".join(digits)


class NumberedSection(NamedTuple):
    level: int  # 1 for I., II.; 2 for 1., 2.; 3 for 1.1. ...
    heading: str  # with its number: "I. MỤC TIÊU VÀ CHỈ TIÊU", "1.1. Nội dung chuyên sâu:"
    section: Section


def numbered_sections(sections: Sequence[Section]) -> Iterator[NumberedSection]:
    """The sections depth first, numbered as union plans number them: I., 1., 1.1., 1.1.1. ..."""
    for index, section in enumerate(sections, start=1):
        yield NumberedSection(1, f"{roman(index)}. {section.heading.upper()}", section)
        yield from _numbered_subsections(section.subsections, prefix=())


def _numbered_subsections(sections: Sequence[Section], prefix: tuple[int, ...]) -> Iterator[NumberedSection]:
    for index, section in enumerate(sections, start=1):
        path = (*prefix, index)
        label = ".".join(str(part) for part in path)
        yield NumberedSection(len(path) + 1, f"{label}. {section.heading}", section)
        yield from _numbered_subsections(section.subsections, prefix=path)


def recipient_lines(recipients: Sequence[str], archive: str) -> list[str]:
    """Box 9b: "- TLĐ (qua Ban TG);" for each recipient, then "- Lưu: VT."."""
    names = [recipient.strip().removeprefix("-").strip().rstrip(";").strip() for recipient in recipients]
    return [f"- {name};" for name in names if name] + [f"- Lưu: {archive}."]


def signature_lines(signature: Signature) -> list[str]:
    """The authority (when there is one) and position in upper case, then the signer's name."""
    lines = [signature.authority.upper()] if signature.authority else []
    return [*lines, signature.position.upper(), signature.name]


# --------------------------------------------------------------------------------------------------
# Plain text
# --------------------------------------------------------------------------------------------------


def render_text(document: OfficialDocument) -> str:
    """The document as plain text, the header's two columns one under the other."""
    blocks = [
        _text_header(document),
        [document.doc_type.upper(), document.title],
        _text_body(document),
        [RECIPIENTS_LABEL, *recipient_lines(document.recipients, document.archive)],
        _text_signature(document.signature),
    ]
    return "\n\n".join("\n".join(block) for block in blocks if block) + "\n"


def _text_header(document: OfficialDocument) -> list[str]:
    left = [document.parent_body.upper(), document.issuing_body.upper(), number_line(document.number, document.symbol)]
    right = [NATIONAL_NAME, MOTTO, place_date_line(document.place, document.date)]
    return [*left, "", *right]


def _text_body(document: OfficialDocument) -> list[str]:
    lines = list(document.introduction)
    for numbered in numbered_sections(document.sections):
        lines += [numbered.heading, *numbered.section.paragraphs]
    for table in document.tables:
        lines += [table.caption] if table.caption else []
        lines += [" | ".join(row) for row in table.rows]
    return lines + ([document.closing] if document.closing else [])


def _text_signature(signature: Signature) -> list[str]:
    *titles, name = signature_lines(signature)
    return [*titles, "", name]


# --------------------------------------------------------------------------------------------------
# Word (.docx)
# --------------------------------------------------------------------------------------------------


def render_docx(document: OfficialDocument) -> bytes:
    """The document as a .docx file in the Decree 30 layout."""
    word = docx.Document()
    _set_up_page(word)
    _set_up_normal_style(word)
    _add_page_numbers(word)
    _add_header_block(word, document)
    _add_title_block(word, document)
    _add_body(word, document)
    _add_closing_block(word, document)
    _set_properties(word, document)
    out = io.BytesIO()
    word.save(out)
    return out.getvalue()


def _set_up_page(word: WordDocument) -> None:
    section = word.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(PAGE_WIDTH_MM), Mm(PAGE_HEIGHT_MM)
    section.top_margin, section.bottom_margin = Mm(MARGIN_TOP_MM), Mm(MARGIN_BOTTOM_MM)
    section.left_margin, section.right_margin = Mm(MARGIN_LEFT_MM), Mm(MARGIN_RIGHT_MM)
    section.header_distance = Mm(10)


def _set_up_normal_style(word: WordDocument) -> None:
    """Times New Roman for every script, Vietnamese proofing, single spacing unless a paragraph says."""
    normal = word.styles["Normal"]
    normal.font.size = Pt(BODY_PT)
    # The template's defaults name theme fonts (Calibri), which would win over a plain font name
    # for some scripts: name Times New Roman for all four, there and in Normal.
    defaults = word.styles.element.find(qn("w:docDefaults"))
    for fonts in [*defaults.iter(qn("w:rFonts")), normal.element.get_or_add_rPr().get_or_add_rFonts()]:
        for script, theme in (
            ("ascii", "asciiTheme"),
            ("hAnsi", "hAnsiTheme"),
            ("eastAsia", "eastAsiaTheme"),
            ("cs", "cstheme"),
        ):
            fonts.attrib.pop(qn(f"w:{theme}"), None)
            fonts.set(qn(f"w:{script}"), FONT)
    language = OxmlElement("w:lang")
    language.set(qn("w:val"), "vi-VN")
    normal.element.get_or_add_rPr().insert_element_before(language, "w:eastAsianLayout", "w:specVanish", "w:oMath")
    normal.paragraph_format.space_before = normal.paragraph_format.space_after = Pt(0)
    normal.paragraph_format.line_spacing = 1.0


def _add_page_numbers(word: WordDocument) -> None:
    """§4.1: Arabic page numbers centred in the top margin, not shown on the first page."""
    section = word.sections[0]
    section.different_first_page_header_footer = True
    paragraph = section.header.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _add_field(paragraph, "PAGE", size=PAGE_NUMBER_PT)


def _add_header_block(word: WordDocument, document: OfficialDocument) -> None:
    """Boxes 1–4: issuing bodies and number at left, Quốc hiệu, Tiêu ngữ and place-date at right."""
    table = _layout_table(word, rows=2, widths_mm=(HEADER_LEFT_MM, HEADER_RIGHT_MM), indent_mm=HEADER_INDENT_MM)
    left, right = table.rows[0].cells
    for line in header_lines(document.parent_body):
        _write(_next_paragraph(left), line, size=HEADER_BODY_PT)
    issuing = header_lines(document.issuing_body, bold=True)
    for line in issuing:
        _write(_next_paragraph(left), line, size=HEADER_BODY_PT, bold=True)
    issuing_width = max((text_width_mm(line, HEADER_BODY_PT, bold=True) for line in issuing), default=0)
    _add_rule(left, length_mm=issuing_width * 0.4, width_mm=_inner_mm(HEADER_LEFT_MM))
    _write(_next_paragraph(right), NATIONAL_NAME, size=NATIONAL_NAME_PT, bold=True)
    _write(_next_paragraph(right), MOTTO, size=MOTTO_PT, bold=True)
    # The Tiêu ngữ's line is as long as the text (56 mm in bold 13 pt).
    _add_rule(right, length_mm=text_width_mm(MOTTO, MOTTO_PT, bold=True), width_mm=_inner_mm(HEADER_RIGHT_MM))
    number_cell, date_cell = table.rows[1].cells
    number = _write(_next_paragraph(number_cell), number_line(document.number, document.symbol), size=NUMBER_PT)
    place_date = place_date_line(document.place, document.date)
    date = _write(_next_paragraph(date_cell), place_date, size=PLACE_DATE_PT, italic=True)
    number.paragraph_format.space_before = date.paragraph_format.space_before = Pt(6)


def _add_title_block(word: WordDocument, document: OfficialDocument) -> None:
    """Box 5a: the document type, the summary under it, both bold and centred, a short line below."""
    doc_type = _write(word.add_paragraph(), document.doc_type.upper(), size=TITLE_PT, bold=True)
    doc_type.paragraph_format.space_before = Pt(24)
    doc_type.paragraph_format.keep_with_next = True
    title = _write(word.add_paragraph(), document.title, size=TITLE_PT, bold=True)
    title.paragraph_format.keep_with_next = True
    title_width = min(text_width_mm(document.title, TITLE_PT, bold=True), TEXT_WIDTH_MM)
    _add_rule(word, length_mm=title_width * 0.4, width_mm=TEXT_WIDTH_MM)
    word.add_paragraph().paragraph_format.space_after = Pt(6)


def _add_body(word: WordDocument, document: OfficialDocument) -> None:
    for text in document.introduction:
        _add_body_paragraph(word, text)
    for numbered in numbered_sections(document.sections):
        _add_heading(word, numbered)
        for text in numbered.section.paragraphs:
            _add_body_paragraph(word, text)
    for table in document.tables:
        _add_data_table(word, table)
    if document.closing:
        _add_body_paragraph(word, document.closing)


def _add_body_paragraph(word: WordDocument, text: str, *, bold: bool = False, italic: bool = False) -> Paragraph:
    paragraph = _write(word.add_paragraph(), text, size=BODY_PT, bold=bold, italic=italic)
    paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    paragraph.paragraph_format.first_line_indent = BODY_FIRST_LINE_INDENT
    paragraph.paragraph_format.space_after = BODY_SPACE_AFTER
    paragraph.paragraph_format.line_spacing = BODY_LINE_SPACING
    return paragraph


def _add_heading(word: WordDocument, numbered: NumberedSection) -> None:
    """I. and 1. headings bold, 1.1. bold italic, deeper ones italic, as in the union's plans."""
    bold = numbered.level <= 3
    italic = numbered.level >= 3
    paragraph = _add_body_paragraph(word, numbered.heading, bold=bold, italic=italic)
    paragraph.paragraph_format.keep_with_next = True


def _add_data_table(word: WordDocument, table: Table) -> None:
    if table.caption:
        caption = _write(word.add_paragraph(), table.caption, size=BODY_PT, bold=True)
        caption.paragraph_format.space_before = Pt(6)
        caption.paragraph_format.keep_with_next = True
    columns = max((len(row) for row in table.rows), default=0)
    if not columns:
        return
    grid = word.add_table(rows=len(table.rows), cols=columns, style="Table Grid")
    grid.alignment = WD_TABLE_ALIGNMENT.CENTER
    if len(table.widths_mm) == columns:
        grid.autofit = False
        _set_fixed_width(grid, table.widths_mm)
    for row_index, (row, cells) in enumerate(zip(table.rows, grid.rows, strict=True)):
        for text, cell in zip(row, cells.cells, strict=False):
            header = row_index == 0
            paragraph = _write(_next_paragraph(cell), text, size=TABLE_PT, bold=header)
            if not header and not _looks_numeric(text):
                paragraph.alignment = WD_ALIGN_PARAGRAPH.LEFT
    _repeat_as_header(grid.rows[0])
    word.add_paragraph().paragraph_format.space_after = BODY_SPACE_AFTER


def _looks_numeric(text: str) -> bool:
    return bool(re.fullmatch(r"[\d.,%/+\- ]+", text.strip()))


def _add_closing_block(word: WordDocument, document: OfficialDocument) -> None:
    """Boxes 9b and 7: "Nơi nhận:" at left, level with the signer's authority line at right."""
    table = _layout_table(word, rows=1)
    _keep_on_one_page(table.rows[0])
    recipients, signature = table.rows[0].cells
    _write(_next_paragraph(recipients), RECIPIENTS_LABEL, size=RECIPIENTS_LABEL_PT, bold=True, italic=True)
    for line in recipient_lines(document.recipients, document.archive):
        _write(_next_paragraph(recipients), line, size=RECIPIENTS_PT)
    for paragraph in recipients.paragraphs:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.LEFT
    *titles, name = signature_lines(document.signature)
    for line in titles:
        _write(_next_paragraph(signature), line, size=SIGNATURE_PT, bold=True)
    signer = _write(_next_paragraph(signature), name, size=SIGNATURE_PT, bold=True)
    signer.paragraph_format.space_before = SIGNING_SPACE


def _set_properties(word: WordDocument, document: OfficialDocument) -> None:
    properties = word.core_properties
    properties.title = strip_controls(f"{document.doc_type.upper()} {document.title}")
    properties.subject = strip_controls(number_line(document.number, document.symbol))
    properties.author = strip_controls(document.issuing_body.upper())
    properties.language = "vi-VN"


# --------------------------------------------------------------------------------------------------
# python-docx helpers
# --------------------------------------------------------------------------------------------------


def _write(paragraph: Paragraph, text: str, *, size: float, bold: bool = False, italic: bool = False) -> Paragraph:
    """Fill a paragraph with one run, centred (the caller changes the alignment where it differs)."""
    _add_run(paragraph, text, size=size, bold=bold, italic=italic)
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    return paragraph


def _add_run(paragraph: Paragraph, text: str, *, size: float, bold: bool = False, italic: bool = False) -> Run:
    # Control characters stored before input was cleaned would make python-docx refuse the text.
    run = paragraph.add_run(strip_controls(text))
    run.font.name = FONT
    run.font.size = Pt(size)
    run.font.bold = bold
    run.font.italic = italic
    return run


def _next_paragraph(cell: _Cell) -> Paragraph:
    """The cell's empty first paragraph, then a new one each time."""
    first = cell.paragraphs[0]
    if len(cell.paragraphs) == 1 and not first.runs:
        return first
    return cell.add_paragraph()


def _layout_table(
    word: WordDocument,
    *,
    rows: int,
    widths_mm: tuple[float, float] = (LEFT_COLUMN_MM, RIGHT_COLUMN_MM),
    indent_mm: float = 0,
) -> WordTable:
    """A borderless two-column table of fixed widths, for the header and the closing block;
    `indent_mm` below 0 starts it left of the text's margin."""
    table = word.add_table(rows=rows, cols=2)
    table.autofit = False
    _remove_borders(table)
    _set_cell_padding(table, Mm(CELL_PADDING_MM))
    _set_fixed_width(table, widths_mm, indent_mm)
    return table


def _set_fixed_width(table: WordTable, widths_mm: Sequence[float], indent_mm: float = 0) -> None:
    """Column widths that Word and LibreOffice both keep: the grid, each cell, the table's width
    and its indent from the margin."""
    for column, width in zip(table.columns, widths_mm, strict=True):
        column.width = Mm(width)
        for cell in column.cells:
            cell.width = Mm(width)
    properties = table._tbl.tblPr
    table_width = properties.find(qn("w:tblW"))
    if table_width is None:
        table_width = OxmlElement("w:tblW")
        properties.insert_element_before(table_width, *_TBLW_SUCCESSORS)
    table_width.set(qn("w:w"), str(Mm(sum(widths_mm)).twips))
    table_width.set(qn("w:type"), "dxa")
    if indent_mm:
        indent = OxmlElement("w:tblInd")
        indent.set(qn("w:w"), str(Mm(indent_mm).twips))
        indent.set(qn("w:type"), "dxa")
        properties.insert_element_before(indent, *_TBLW_SUCCESSORS[3:])


def header_lines(name: str, *, bold: bool = False) -> list[str]:
    """A body's name in upper case as the header's lines: one when it fits the left column."""
    return split_to_fit(name.upper(), _inner_mm(HEADER_LEFT_MM), size=HEADER_BODY_PT, bold=bold)


def _inner_mm(column_mm: float) -> float:
    return column_mm - 2 * CELL_PADDING_MM


def _remove_borders(table: WordTable) -> None:
    borders = OxmlElement("w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        border = OxmlElement(f"w:{side}")
        border.set(qn("w:val"), "nil")
        borders.append(border)
    table._tbl.tblPr.insert_element_before(
        borders, "w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook", "w:tblCaption", "w:tblDescription"
    )


def _set_cell_padding(table: WordTable, padding: Mm) -> None:
    margins = OxmlElement("w:tblCellMar")
    for side in ("left", "right"):
        margin = OxmlElement(f"w:{side}")
        margin.set(qn("w:w"), str(padding.twips))
        margin.set(qn("w:type"), "dxa")
        margins.append(margin)
    table._tbl.tblPr.insert_element_before(margins, "w:tblLook", "w:tblCaption", "w:tblDescription")


def _keep_on_one_page(row: _Row) -> None:
    row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))


def _repeat_as_header(row: _Row) -> None:
    row._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))


def _add_rule(container: WordDocument | _Cell, *, length_mm: float, width_mm: float) -> None:
    """A centred solid line ``length_mm`` long: the bottom border of an empty paragraph narrowed by
    indents, so that it never wraps or moves the text around it."""
    paragraph = container.add_paragraph()
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for name, value in (("val", "single"), ("sz", str(RULE_WEIGHT)), ("space", "1"), ("color", "000000")):
        bottom.set(qn(f"w:{name}"), value)
    borders.append(bottom)
    paragraph._p.get_or_add_pPr().insert_element_before(borders, *_PBDR_SUCCESSORS)
    indent = Mm(max(width_mm - length_mm, 0) / 2)
    paragraph.paragraph_format.left_indent = paragraph.paragraph_format.right_indent = indent
    paragraph.paragraph_format.line_spacing = Pt(2)


def _add_field(paragraph: Paragraph, instruction: str, *, size: float) -> None:
    """A field (PAGE, NUMPAGES ...) as Word writes it: begin, instruction, separate, result, end."""
    _add_field_char(paragraph, "begin", size=size)
    code = OxmlElement("w:instrText")
    code.set(qn("xml:space"), "preserve")
    code.text = f" {instruction} "
    _add_run(paragraph, "", size=size)._r.append(code)
    _add_field_char(paragraph, "separate", size=size)
    _add_run(paragraph, "1", size=size)
    _add_field_char(paragraph, "end", size=size)


def _add_field_char(paragraph: Paragraph, kind: str, *, size: float) -> None:
    char = OxmlElement("w:fldChar")
    char.set(qn("w:fldCharType"), kind)
    _add_run(paragraph, "", size=size)._r.append(char)

"""The printed variants as A4 PDFs: the bulletin-board sheet and the poster.

Each prints its variant's text (so an editor's changes are what gets pinned up): the first
paragraph as the heading, the others under it, the unit's name on top, and a QR code of the
article's address at the bottom so a reader reaches the full article. The text is set in DejaVu
Sans, shipped in `fonts/` (its licence beside it), which has every Vietnamese letter and tone mark;
a size that fits the page is chosen, largest first.
"""

from __future__ import annotations

import io
from pathlib import Path

import segno
from fpdf import FPDF

from lantoa.vi.text import strip_controls

from .variants import heading_and_paragraphs

FONTS = Path(__file__).parent / "fonts"
FAMILY = "DejaVu"
PAGE_MARGIN_MM = 15
QR_SIZE_MM = 40
FOOTER_MM = QR_SIZE_MM + 10  # the QR code and its caption
SCAN_CAPTION = "Quét mã để đọc bài viết đầy đủ"  # printed content, Vietnamese whatever the interface


class Layout:
    """Sizes of one kind of sheet: the heading's and the text's candidates, largest first."""

    def __init__(self, heading_sizes: tuple[int, ...], text_sizes: tuple[int, ...], *, centred: bool):
        self.heading_sizes = heading_sizes
        self.text_sizes = text_sizes
        self.centred = centred


BOARD_SHEET = Layout(heading_sizes=(26, 22, 18, 16), text_sizes=(16, 14, 12, 11, 10), centred=False)
POSTER = Layout(heading_sizes=(54, 46, 40, 34, 28, 24), text_sizes=(26, 22, 18, 16, 14, 12), centred=True)
LAYOUTS = {"board_sheet": BOARD_SHEET, "poster": POSTER}


def render_pdf(kind: str, text: str, *, unit_name: str = "", url: str | None = None) -> bytes:
    """The variant `kind` ("board_sheet" or "poster") with `text` as an A4 PDF."""
    layout = LAYOUTS[kind]
    pdf = _new_pdf()
    heading, paragraphs = heading_and_paragraphs(strip_controls(text))
    if unit_name:
        pdf.set_font(FAMILY, "B", 12)
        pdf.multi_cell(0, 6, unit_name.upper(), align="C")
        pdf.ln(4)
    room = pdf.h - PAGE_MARGIN_MM - pdf.get_y() - (FOOTER_MM if url else 0)
    heading_size, text_size = _fitting_sizes(pdf, layout, heading, paragraphs, room)
    align = "C" if layout.centred else "L"
    pdf.set_font(FAMILY, "B", heading_size)
    pdf.multi_cell(0, _line_mm(heading_size), heading, align="C")
    pdf.ln(_line_mm(text_size) / 2)
    pdf.set_font(FAMILY, "", text_size)
    for paragraph in paragraphs:
        pdf.multi_cell(0, _line_mm(text_size), paragraph, align=align)
        pdf.ln(_line_mm(text_size) / 2)
    if url:
        _add_qr(pdf, url)
    return bytes(pdf.output())


def _new_pdf() -> FPDF:
    pdf = FPDF(orientation="P", unit="mm", format="A4")
    pdf.set_margins(PAGE_MARGIN_MM, PAGE_MARGIN_MM, PAGE_MARGIN_MM)
    pdf.set_auto_page_break(True, margin=PAGE_MARGIN_MM)
    pdf.add_font(FAMILY, "", str(FONTS / "DejaVuSans.ttf"))
    pdf.add_font(FAMILY, "B", str(FONTS / "DejaVuSans-Bold.ttf"))
    pdf.set_lang("vi")
    pdf.add_page()
    return pdf


def _line_mm(size_pt: float) -> float:
    return size_pt * 0.3528 * 1.3  # points to mm, with 30% leading


def _height_mm(pdf: FPDF, text: str, size: int, *, bold: bool) -> float:
    pdf.set_font(FAMILY, "B" if bold else "", size)
    lines = pdf.multi_cell(0, _line_mm(size), text, dry_run=True, output="LINES")
    return len(lines) * _line_mm(size)


def _fitting_sizes(pdf: FPDF, layout: Layout, heading: str, paragraphs: list[str], room: float) -> tuple[int, int]:
    """The largest heading and text sizes (heading first) that fit `room`; the smallest when none
    does, the text then running onto a second page."""
    for heading_size in layout.heading_sizes:
        heading_mm = _height_mm(pdf, heading, heading_size, bold=True)
        for text_size in layout.text_sizes:
            if text_size >= heading_size:
                continue
            spacing = _line_mm(text_size) / 2 * (len(paragraphs) + 1)
            text_mm = sum(_height_mm(pdf, paragraph, text_size, bold=False) for paragraph in paragraphs)
            if heading_mm + spacing + text_mm <= room:
                return heading_size, text_size
    return layout.heading_sizes[-1], layout.text_sizes[-1]


def _add_qr(pdf: FPDF, url: str) -> None:
    """The QR code bottom centre, with its caption under it."""
    if pdf.get_y() > pdf.h - PAGE_MARGIN_MM - FOOTER_MM:
        pdf.add_page()
    image = io.BytesIO()
    segno.make(url, error="m").save(image, kind="png", scale=10, border=4)
    image.seek(0)
    top = pdf.h - PAGE_MARGIN_MM - FOOTER_MM
    pdf.image(image, x=(pdf.w - QR_SIZE_MM) / 2, y=top, w=QR_SIZE_MM, h=QR_SIZE_MM)
    pdf.set_xy(PAGE_MARGIN_MM, top + QR_SIZE_MM + 1)
    pdf.set_font(FAMILY, "", 10)
    pdf.multi_cell(0, 5, SCAN_CAPTION, align="C")

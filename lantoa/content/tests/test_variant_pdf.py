"""The board sheet and the poster print with every Vietnamese letter and carry a QR code that
leads to the article."""

import io

import pypdf
import pypdfium2
import pytest
import zxingcpp

from lantoa.content.pdf import render_pdf
from lantoa.content.variants import Source, board_sheet, poster

TITLE = "Tháng Công nhân năm 2026 – An toàn, vệ sinh lao động"
URL = "http://localhost/u00002/th%C3%A1ng-c%C3%B4ng-nh%C3%A2n-n%C4%83m-2026/"
SOURCE = Source(
    title=TITLE,
    summary="Liên đoàn Lao động tỉnh phát động Tháng Công nhân; hơn 90% công đoàn cơ sở hưởng ứng.",
    key_message="Đoàn viên an toàn, doanh nghiệp phát triển",
    body="",
    tags=(),
    unit_name="Công đoàn phường Phú Khương",
    unit_address="",
    url=URL,
)
GENERATORS = {"board_sheet": board_sheet, "poster": poster}


def pdf_of(kind: str, **changes) -> bytes:
    return render_pdf(kind, GENERATORS[kind](SOURCE), unit_name=SOURCE.unit_name, url=URL, **changes)


def text_of(content: bytes) -> str:
    """The text of every page, lines joined as the reader reads them."""
    pages = pypdf.PdfReader(io.BytesIO(content)).pages
    return " ".join(" ".join(page.extract_text().split()) for page in pages)


def qr_codes_of(content: bytes) -> list[str]:
    image = pypdfium2.PdfDocument(content)[0].render(scale=2).to_pil()
    return [barcode.text for barcode in zxingcpp.read_barcodes(image)]


@pytest.mark.parametrize("kind", ["board_sheet", "poster"])
def test_the_sheet_prints_the_vietnamese_title_with_its_diacritics(kind):
    text = text_of(pdf_of(kind))
    assert TITLE in text
    assert "Đoàn viên an toàn, doanh nghiệp phát triển" in text
    assert "CÔNG ĐOÀN PHƯỜNG PHÚ KHƯƠNG" in text


@pytest.mark.parametrize("kind", ["board_sheet", "poster"])
def test_the_qr_code_on_the_sheet_gives_the_article_address(kind):
    assert qr_codes_of(pdf_of(kind)) == [URL]


def test_an_a4_page_of_one_sheet():
    page = pypdf.PdfReader(io.BytesIO(pdf_of("poster"))).pages
    assert len(page) == 1
    assert (round(float(page[0].mediabox.width)), round(float(page[0].mediabox.height))) == (595, 842)


def test_a_long_text_still_prints_whole_and_keeps_its_qr_code():
    long_text = TITLE + "\n\n" + "\n\n".join(f"Đoạn {n}: người lao động được bảo vệ." * 8 for n in range(30))
    content = render_pdf("board_sheet", long_text, url=URL)
    assert "Đoạn 29: người lao động" in text_of(content)


def test_a_draft_without_address_prints_without_qr_code():
    assert qr_codes_of(render_pdf("poster", poster(SOURCE), url=None)) == []

"""The printed sign-in sheet of each unit: an A4 page with the unit's name, its officer's
account, a QR code of the one-time sign-in link, how to use it and when it expires.

Printed content, so Vietnamese whatever the interface's language (like lantoa.content.pdf,
whose fonts it uses)."""

from __future__ import annotations

import io

import segno
from django.utils import timezone
from fpdf import FPDF
from fpdf.enums import XPos, YPos

from lantoa.content.pdf import FAMILY, FONTS

from .signin import IssuedLink

MARGIN_MM = 18
QR_SIZE_MM = 70
TITLE = "PHIẾU ĐĂNG NHẬP LAN TỎA"
STEPS = (
    "1. Mở camera của điện thoại (hoặc Zalo) và quét mã QR bên dưới.",
    "2. Trên trang vừa mở, bấm nút «Đăng nhập».",
    "3. Vào «Việc cần làm» để xem các việc công đoàn cấp trên giao cho đơn vị.",
    "4. Lần sau, đăng nhập bằng số điện thoại của đồng chí: nhờ công đoàn cấp trên ghi số điện "
    "thoại vào tài khoản, rồi vào trang «Đăng nhập bằng số điện thoại» và nhập mã được gửi đến.",
)
WARNING = (
    "Mã chỉ dùng được một lần. Giữ phiếu cẩn thận: ai có mã này đều đăng nhập được vào tài khoản "
    "của đơn vị. Mất phiếu, hãy báo ngay công đoàn cấp trên để thu hồi mã và in phiếu mới."
)


def render_sheets(links: list[IssuedLink], url_for) -> bytes:
    """One A4 page per issued link; `url_for(token)` is the absolute sign-in address."""
    pdf = _new_document()
    for link in links:
        pdf.add_page()
        _sheet(pdf, link, url_for(link.token))
    return bytes(pdf.output())


def _new_document() -> FPDF:
    pdf = FPDF(orientation="P", unit="mm", format="A4")
    pdf.set_margins(MARGIN_MM, MARGIN_MM, MARGIN_MM)
    pdf.set_auto_page_break(False)
    pdf.add_font(FAMILY, "", str(FONTS / "DejaVuSans.ttf"))
    pdf.add_font(FAMILY, "B", str(FONTS / "DejaVuSans-Bold.ttf"))
    pdf.set_lang("vi")
    return pdf


def _sheet(pdf: FPDF, link: IssuedLink, url: str) -> None:
    pdf.set_font(FAMILY, "B", 18)
    _text(pdf, 9, TITLE, centred=True)
    pdf.ln(4)
    pdf.set_font(FAMILY, "B", 15)
    _text(pdf, 7.5, link.unit.name, centred=True)
    pdf.set_font(FAMILY, "", 11)
    _text(pdf, 6, f"Mã đơn vị: {link.unit.code}", centred=True)
    pdf.ln(3)
    pdf.set_font(FAMILY, "", 13)
    _text(pdf, 7, f"Tài khoản: {link.user.username}", centred=True)
    pdf.ln(4)
    _qr(pdf, url)
    expires = timezone.localtime(link.expires_at).strftime("%d/%m/%Y")
    pdf.set_font(FAMILY, "B", 12)
    _text(pdf, 6.5, f"Mã có hiệu lực đến hết ngày {expires}.", centred=True)
    pdf.ln(4)
    pdf.set_font(FAMILY, "B", 12)
    _text(pdf, 6.5, "Cách đăng nhập")
    pdf.set_font(FAMILY, "", 11)
    for step in STEPS:
        _text(pdf, 6, step)
        pdf.ln(1)
    pdf.ln(3)
    pdf.set_font(FAMILY, "", 10)
    _text(pdf, 5.5, WARNING)


def _text(pdf: FPDF, line_mm: float, text: str, *, centred: bool = False) -> None:
    """A paragraph across the page, the next one starting at the left margin below it."""
    pdf.multi_cell(0, line_mm, text, align="C" if centred else "L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)


def _qr(pdf: FPDF, url: str) -> None:
    image = io.BytesIO()
    segno.make(url, error="m").save(image, kind="png", scale=8, border=4)
    image.seek(0)
    top = pdf.get_y()
    pdf.image(image, x=(pdf.w - QR_SIZE_MM) / 2, y=top, w=QR_SIZE_MM, h=QR_SIZE_MM)
    pdf.set_y(top + QR_SIZE_MM + 4)

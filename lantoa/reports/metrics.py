"""How wide a line sets in Times New Roman, without a font file on the server.

    text_width_mm("LIÊN ĐOÀN LAO ĐỘNG TỈNH BẾN TRE", 12, bold=True)   # 79.3
    split_to_fit("LIÊN ĐOÀN LAO ĐỘNG THÀNH PHỐ HỒ CHÍ MINH", 84, size=12, bold=True)
    # ["LIÊN ĐOÀN LAO ĐỘNG", "THÀNH PHỐ HỒ CHÍ MINH"]

`times_metrics.json` holds the advance widths of Liberation Serif 2 (metric-compatible with
Times New Roman, so Word and LibreOffice set a line to the same width) for ASCII and the
Vietnamese letters that have their own width (Đ, Ơ, Ư). A Vietnamese letter with tone marks
sets as wide as its base letter (Ộ as O, Ự as Ư): the marks stack, they do not advance.
`lantoa/reports/tests/test_header_widths.py` checks the table against the font files.
"""

from __future__ import annotations

import json
import unicodedata
from functools import cache
from pathlib import Path

METRICS_FILE = Path(__file__).with_name("times_metrics.json")
HORN = "\u031b"  # the hook of Ơ and Ư changes the letter's width; other marks do not
FALLBACK_EM = 0.5


@cache
def _metrics() -> tuple[int, dict[str, dict[str, int]]]:
    data = json.loads(METRICS_FILE.read_text(encoding="utf-8"))
    return data["units_per_em"], data["styles"]


def style_name(*, bold: bool, italic: bool) -> str:
    return {(False, False): "regular", (True, False): "bold", (False, True): "italic"}.get(
        (bold, italic), "bold_italic"
    )


def base_letter(char: str) -> str:
    """ "Ộ" → "O", "ự" → "ư", "Đ" → "Đ": the letter without the marks that do not advance."""
    decomposed = unicodedata.normalize("NFD", char)
    kept = "".join(c for c in decomposed if not unicodedata.combining(c) or c == HORN)
    return unicodedata.normalize("NFC", kept)


def text_width_mm(text: str, size: float, *, bold: bool = False, italic: bool = False) -> float:
    """The advance width of `text` at `size` points, in millimetres (no kerning, as Word sets it)."""
    units_per_em, styles = _metrics()
    widths = styles[style_name(bold=bold, italic=italic)]
    units = sum(widths.get(char, widths.get(base_letter(char), FALLBACK_EM * units_per_em)) for char in text)
    return units / units_per_em * size * 25.4 / 72


def split_to_fit(text: str, width_mm: float, *, size: float, bold: bool = False) -> list[str]:
    """`text` on one line when it fits; otherwise broken between words into the fewest lines
    that fit, as even as possible, so a name never wraps its last word alone ("HỒ CHÍ / MINH")."""
    words = text.split()
    if not words or text_width_mm(" ".join(words), size, bold=bold) <= width_mm:
        return [" ".join(words)] if words else []
    for count in range(2, len(words) + 1):
        best = _best_split(words, count, width_mm, size=size, bold=bold)
        if best:
            return best
    return words


def _best_split(words: list[str], count: int, width_mm: float, *, size: float, bold: bool) -> list[str] | None:
    """The split of `words` into `count` lines that fit with the narrowest widest line."""
    best: tuple[float, list[str]] | None = None
    for lines in _splits(words, count):
        widest = max(text_width_mm(line, size, bold=bold) for line in lines)
        if widest <= width_mm and (best is None or widest < best[0]):
            best = (widest, lines)
    return best[1] if best else None


def _splits(words: list[str], count: int):
    if count == 1:
        yield [" ".join(words)]
        return
    for cut in range(1, len(words) - count + 2):
        for rest in _splits(words[cut:], count - 1):
            yield [" ".join(words[:cut]), *rest]

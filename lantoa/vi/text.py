"""Vietnamese text: normalisation, folding, collation keys and word segmentation.

Every module that stores, searches or sorts Vietnamese goes through these functions, so
SQLite and PostgreSQL behave alike: search compares folded text, sorting compares stored
collation keys made only of ASCII digits and punctuation.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from . import legacy

_SPACES = re.compile(r"\s+")
# C0 control characters but TAB, LF and CR: XML (so .docx and .xlsx) refuses them, and no
# one means to type them (a BEL or an ESC comes from a paste or an attack).
_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
TONE_MARKS = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}  # huyền hỏi ngã sắc nặng
ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
_RANK = {letter: index for index, letter in enumerate(ALPHABET, start=20)}


def strip_controls(text: str) -> str:
    """The text without C0 control characters, TAB, LF and CR kept: "Kênh\\x07 A" → "Kênh A"."""
    return _CONTROLS.sub("", text)


def normalize(text: str | None) -> str:
    """NFC, legacy encodings converted, control characters dropped, whitespace collapsed and trimmed."""
    if not text:
        return ""
    text = unicodedata.normalize("NFC", strip_controls(text))
    text = legacy.to_unicode(text)
    return _SPACES.sub(" ", unicodedata.normalize("NFC", text)).strip()


def strip_marks(text: str) -> str:
    """The letters without tone or vowel marks, case kept: "Đồng Khởi" → "Dong Khoi".

    The result stays decomposed (NFD) where a letter has no mark to drop but decomposes."""
    text = text.replace("đ", "d").replace("Đ", "D")
    return "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))


def fold(text: str | None) -> str:
    """Lower case without diacritics: "Đồng Khởi" → "dong khoi"."""
    return strip_marks(normalize(text)).casefold()


@lru_cache(maxsize=4096)
def _char_key(char: str) -> tuple[str, str] | None:
    """(primary code, tone digit) of one character; None for characters that do not sort."""
    if char.isspace():
        return "10", ""
    if char.isdigit():
        return (f"1{char}" if char != "0" else "11"), ""
    decomposed = unicodedata.normalize("NFD", char)
    tone = next((TONE_MARKS[c] for c in decomposed if c in TONE_MARKS), 0)
    letter = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in TONE_MARKS)).lower()
    rank = _RANK.get(letter)
    if rank is None:
        base = "".join(c for c in unicodedata.normalize("NFD", letter) if not unicodedata.combining(c))
        rank = _RANK.get(base[:1])
    return None if rank is None else (str(rank), str(tone))


def sort_key(text: str | None) -> str:
    """A collation key in Vietnamese alphabetical order (a ă â b c d đ e ê …), then by tone
    (ngang, huyền, hỏi, ngã, sắc, nặng). Digits and '.' only, so any database collation
    orders the keys the same way."""
    keys = [k for k in map(_char_key, normalize(text)) if k is not None]
    return ("".join(p for p, _t in keys) + "." + "".join(t for _p, t in keys))[:255]


def person_sort_key(family_name: str | None, given_names: str | None) -> str:
    """Vietnamese lists order people by given name, then middle names, then family name:
    "Nguyễn" + "Thị Thu Hà" sorts under H."""
    words = normalize(given_names).split()
    given, middle = (words[-1], " ".join(words[:-1])) if words else ("", "")
    return sort_key(f"{given} {middle} {normalize(family_name)}")


@lru_cache(maxsize=1)
def _tokenizer():
    from underthesea import word_tokenize

    return word_tokenize


def segment(text: str | None) -> list[str]:
    """Words of a Vietnamese text ("công đoàn" is one word), by underthesea."""
    text = normalize(text)
    return _tokenizer()(text) if text else []


def search_terms(query: str | None) -> list[str]:
    """The folded words of a search query; every one must match."""
    return [term for term in fold(query).split() if term]

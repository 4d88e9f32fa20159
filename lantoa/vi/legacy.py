"""Vietnamese typed in the legacy 8-bit encodings VNI-Windows and TCVN3 (ABC).

Text typed with those keyboards in old Word files arrives, when pasted, as the Windows-1252
reading of the bytes: "Coâng ñoaøn" (VNI) or "C«ng ®oµn" (TCVN3) for "Công đoàn". These
tables map each encoding's letters back to Unicode.
"""

from __future__ import annotations

import re

# VNI-Windows: a base letter followed by a mark character, or one special character.
_VNI_SINGLE = {
    "ñ": "đ", "Ñ": "Đ", "ô": "ơ", "Ô": "Ơ", "ö": "ư", "Ö": "Ư",
    "í": "í", "Í": "Í", "ì": "ì", "Ì": "Ì", "æ": "ỉ", "Æ": "Ỉ",
    "ó": "ĩ", "Ó": "Ĩ", "ò": "ị", "Ò": "Ị", "î": "ỵ", "Î": "Ỵ",
}  # fmt: skip
# Mark characters after a vowel: (lowercase mark, uppercase mark) -> tone/letter mark.
_VNI_TONES = {"ù": "\u0301", "ø": "\u0300", "û": "\u0309", "õ": "\u0303", "ï": "\u0323"}
_VNI_HAT = {
    "â": "\u0302",
    "á": "\u0302\u0301",
    "à": "\u0302\u0300",
    "å": "\u0302\u0309",
    "ã": "\u0302\u0303",
    "ä": "\u0302\u0323",
}
_VNI_BREVE = {
    "ê": "\u0306",
    "é": "\u0306\u0301",
    "è": "\u0306\u0300",
    "ú": "\u0306\u0309",
    "ü": "\u0306\u0303",
    "ë": "\u0306\u0323",
}


def _vni_table() -> dict[str, str]:
    import unicodedata

    table: dict[str, str] = {}

    def add(base: str, mark: str, marks: str) -> None:
        for b, m in ((base.lower(), mark.lower()), (base.upper(), mark.upper())):
            table[b + m] = unicodedata.normalize("NFC", b + marks)

    for vowel in "aeiouy":
        for mark, marks in _VNI_TONES.items():
            add(vowel, mark, marks)
    for vowel in "aeo":
        for mark, marks in _VNI_HAT.items():
            add(vowel, mark, marks)
    for mark, marks in _VNI_BREVE.items():
        add("a", mark, marks)
    for horn_base, letter in (("ô", "ơ"), ("ö", "ư")):
        for mark, marks in _VNI_TONES.items():
            for b, m, out in ((horn_base, mark, letter), (horn_base.upper(), mark.upper(), letter.upper())):
                table[b + m] = unicodedata.normalize("NFC", out + marks)
    return table


VNI_PAIRS = _vni_table()
_VNI_RE = re.compile("|".join(sorted(map(re.escape, [*VNI_PAIRS, *_VNI_SINGLE]), key=len, reverse=True)))

# TCVN3 (TCVN 5712:1993, "ABC"): one byte per letter; toned capitals share the small letters.
TCVN3 = dict(
    zip(
        "µ¶·¸¹¨»¼½¾Æ©ÇÈÉÊË®ÌÎÏÐÑªÒÓÔÕÖ×ØÜÝÞßáâãä«åæçèé¬êëìíîïñòóô\u00adõö÷øùúûüýþ¡¢§£¤¥¦",
        "àảãáạăằẳẵắặâầẩẫấậđèẻẽéẹêềểễếệìỉĩíịòỏõóọôồổỗốộơờởỡớợùủũúụưừửữứựỳỷỹýỵĂÂĐÊÔƠƯ",
        strict=True,
    )
)
_TCVN3_RE = re.compile("[" + re.escape("".join(TCVN3)) + "]")

# Proper Unicode Vietnamese nearly always has letters beyond Latin-1 (ư ơ đ ạ ế …); legacy
# text never has: it is Windows-1252, whose extra characters are punctuation (U+2000 block).
_BEYOND_CP1252 = re.compile("[\u0100-\u1fff\u2c00-\U0010ffff]")
# Evidence, using only characters that are not Vietnamese letters themselves, so that
# "ÔNG", "quê" or "hoà" are never mistaken for legacy text.
_TCVN3_SIGNS = re.compile("[µ¶·¸¹¨»¼½¾©Ç®ÎÏÐªÜÞß«¬\u00ad÷þ¡¢§£¤¥¦ç]")
_VNI_SIGNS = re.compile(
    "[aeiouyAEIOUYôöÔÖ][øûïåäëüØÛÏÅÄËÜùÙ]"  # a vowel then a tone mark: "aø", "oû", "uù"
    "|[aeoAEO][âÂ]|[aA][êÊ]"  # a vowel then a hat or breve: "oâ", "aê" (never Vietnamese)
    "|[ñÑ](?=[a-zA-Z])"  # đ
)


def detect(text: str) -> str | None:
    """ "vni", "tcvn3" or None (Unicode or plain ASCII)."""
    if not text or _BEYOND_CP1252.search(text):
        return None
    tcvn3 = len(_TCVN3_SIGNS.findall(text))
    vni = len(_VNI_SIGNS.findall(text))
    if tcvn3 == vni == 0:
        return None
    return "tcvn3" if tcvn3 > vni else "vni"


def from_vni(text: str) -> str:
    return _VNI_RE.sub(lambda m: VNI_PAIRS.get(m.group(0)) or _VNI_SINGLE[m.group(0)], text)


def from_tcvn3(text: str) -> str:
    return _TCVN3_RE.sub(lambda m: TCVN3[m.group(0)], text)


def to_unicode(text: str) -> str:
    """Convert text detected as VNI or TCVN3 to Unicode; return other text unchanged."""
    encoding = detect(text)
    if encoding == "vni":
        return from_vni(text)
    if encoding == "tcvn3":
        return from_tcvn3(text)
    return text

"""Vietnamese text handling with real text."""

import unicodedata

import pytest

from lantoa.vi import legacy, text


def test_decomposed_text_typed_on_windows_becomes_nfc():
    decomposed = unicodedata.normalize("NFD", "Liên đoàn Lao động tỉnh Bến Tre")
    assert decomposed != "Liên đoàn Lao động tỉnh Bến Tre"
    assert text.normalize(decomposed) == "Liên đoàn Lao động tỉnh Bến Tre"


@pytest.mark.parametrize(
    ("pasted", "expected"),
    [
        ("Coâng ñoaøn cô sôû", "Công đoàn cơ sở"),
        ("LIEÂN ÑOAØN LAO ÑOÄNG TÆNH BEÁN TRE", "LIÊN ĐOÀN LAO ĐỘNG TỈNH BẾN TRE"),
        ("Ngöôøi lao ñoäng", "Người lao động"),
        ("Thaùng Coâng nhaân naêm 2021", "Tháng Công nhân năm 2021"),
    ],
)
def test_vni_text_pasted_from_word_is_converted(pasted, expected):
    assert legacy.detect(pasted) == "vni"
    assert text.normalize(pasted) == expected


@pytest.mark.parametrize(
    ("pasted", "expected"),
    [
        ("C«ng ®oµn c¬ së", "Công đoàn cơ sở"),
        ("Tæng Liªn ®oµn Lao ®éng ViÖt Nam", "Tổng Liên đoàn Lao động Việt Nam"),
        ("Ng\u00adêi lao ®éng", "Người lao động"),
        ("KÕ ho¹ch truyÒn th«ng C«ng ®oµn", "Kế hoạch truyền thông Công đoàn"),
    ],
)
def test_tcvn3_text_pasted_from_word_is_converted(pasted, expected):
    assert legacy.detect(pasted) == "tcvn3"
    assert text.normalize(pasted) == expected


@pytest.mark.parametrize("unicode_text", ["ÔNG BÀ", "Ê", "quê hoà", "Công đoàn", "Cong doan", "Hà Nội", "TÔI ĐÊM"])
def test_unicode_and_ascii_text_is_left_alone(unicode_text):
    assert legacy.detect(unicode_text) is None
    assert text.normalize(unicode_text) == unicode_text


@pytest.mark.parametrize(
    ("original", "folded"),
    [
        ("Đồng Khởi", "dong khoi"),
        ("Công đoàn cơ sở", "cong doan co so"),
        ("Nguyễn Thị Thu Hà", "nguyen thi thu ha"),
        ("TRƯỜNG THCS AN ĐỨC", "truong thcs an duc"),
        ("nội", "noi"),
        ("Khuyến khích, ưu tiên", "khuyen khich, uu tien"),
    ],
)
def test_folding_removes_every_mark_and_folds_d_with_stroke(original, folded):
    assert text.fold(original) == folded


def test_search_terms_are_folded_words():
    assert text.search_terms("  Công  đoàn CƠ SỞ ") == ["cong", "doan", "co", "so"]


def test_collation_follows_the_vietnamese_alphabet_then_tones():
    names = ["Đức", "Dũng", "Ánh", "Ăn", "Âu", "Bình", "Em", "Ê", "ôm", "ơi", "ong", "An", "Anh", "Uyên", "Ưng", "Vân"]
    assert sorted(names, key=text.sort_key) == [
        "An", "Anh", "Ánh", "Ăn", "Âu", "Bình", "Dũng", "Đức", "Em", "Ê", "ong", "ôm", "ơi", "Uyên", "Ưng", "Vân",
    ]  # fmt: skip
    assert sorted(["ạ", "á", "ã", "ả", "à", "a"], key=text.sort_key) == ["a", "à", "ả", "ã", "á", "ạ"]


def test_collation_keys_are_ascii_and_case_insensitive():
    assert text.sort_key("Bến Tre") == text.sort_key("BẾN TRE")
    assert text.sort_key("Bến Tre").isascii()
    assert text.sort_key("Ba Tri") < text.sort_key("Bến Tre") < text.sort_key("Bình Đại")


def test_people_are_listed_by_given_name_then_middle_then_family_name():
    people = [("Nguyễn", "Thị Thu Hà"), ("Trần", "Văn An"), ("Lê", "Minh Hà"), ("Đặng", "Thị Bích")]
    ordered = sorted(people, key=lambda p: text.person_sort_key(*p))
    assert ordered == [("Trần", "Văn An"), ("Đặng", "Thị Bích"), ("Lê", "Minh Hà"), ("Nguyễn", "Thị Thu Hà")]


def test_segmentation_keeps_vietnamese_words_together():
    words = text.segment("Công đoàn cơ sở tổ chức Tháng Công nhân cho người lao động")
    assert "Công đoàn" in words
    assert "cơ sở" in words
    assert "người lao động" in words or "người" in words and "lao động" in words


@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        ("Kênh\x07 Zalo", "Kênh Zalo"),
        ("\x1b[31mĐỏ\x1b[0m", "[31mĐỏ[0m"),
        ("a\x00b\x01c\x08d\x0be\x0cf\x0eg\x1fh", "abcdefgh"),
        ("dòng 1\r\ndòng 2\tcột", "dòng 1\r\ndòng 2\tcột"),
        ("Công đoàn\u00a0cơ sở – “Lan Tỏa”", "Công đoàn\u00a0cơ sở – “Lan Tỏa”"),
        ("", ""),
    ],
)
def test_strip_controls_drops_c0_controls_but_tab_and_line_breaks(typed, kept):
    assert text.strip_controls(typed) == kept


def test_normalised_names_lose_control_characters():
    assert text.normalize("Nhóm\x07 Zalo\x1b tổ 1\x00") == "Nhóm Zalo tổ 1"

"""What each channel's generator writes from an article: spoken scripts without addresses or
hashtags and with the union's abbreviations in full, hashtags folded from tags, a Zalo message
within Zalo's limit, and the reading time shown to staff."""

from lantoa.content.variants import (
    ZALO_MESSAGE_LIMIT,
    Source,
    expand_abbreviations,
    facebook_post,
    hashtag,
    loudspeaker_script,
    radio_script,
    reading_minutes,
    zalo_message,
)

URL = "https://vinhlong.congdoan.vn/u00002/thang-cong-nhan/"


def source(**changes) -> Source:
    fields = {
        "title": "Tháng Công nhân năm 2026 – An toàn, vệ sinh lao động",
        "summary": "LĐLĐ tỉnh phát động Tháng Công nhân. Hơn 90% CĐCS đã hưởng ứng.",
        "key_message": "Đoàn viên an toàn, doanh nghiệp phát triển",
        "body": "CĐCS đối thoại với NLĐ về TƯLĐTT; CNVCLĐ được tập huấn ATVSLĐ.\n"
        "- Xem kế hoạch tại https://vinhlong.congdoan.vn/ke-hoach #ThangCongNhan www.congdoan.vn",
        "tags": ("Công đoàn Vĩnh Long", "Tháng Công nhân"),
        "unit_name": "Công đoàn phường Phú Khương",
        "unit_address": "",
        "url": URL,
    }
    return Source(**{**fields, **changes})


def test_spoken_scripts_hold_no_address_and_no_hashtag():
    for script in (radio_script(source()), loudspeaker_script(source())):
        assert "http" not in script and "www" not in script
        assert "#" not in script
        assert "Xem kế hoạch\n" in script + "\n"  # the "tại" that led to the address goes with it


def test_spoken_scripts_read_union_abbreviations_in_full():
    script = loudspeaker_script(source())
    for abbreviation in ("LĐLĐ", "CĐCS", "NLĐ", "TƯLĐTT", "CNVCLĐ", "ATVSLĐ", "%"):
        assert abbreviation not in script
    assert "Liên đoàn Lao động tỉnh phát động" in script
    assert "Hơn 90 phần trăm công đoàn cơ sở" in script
    assert "Công đoàn cơ sở đối thoại với người lao động về thỏa ước lao động tập thể" in script
    assert "công nhân, viên chức, lao động được tập huấn an toàn, vệ sinh lao động" in script


def test_an_abbreviation_inside_a_word_is_left_alone():
    assert expand_abbreviations("NLĐX và CĐCS.") == "NLĐX và công đoàn cơ sở."


def test_the_loudspeaker_script_greets_the_people_and_thanks_them():
    script = loudspeaker_script(source())
    assert script.startswith("Kính thưa bà con")
    assert script.endswith("Xin cảm ơn bà con đã chú ý lắng nghe.")
    assert "Công đoàn phường Phú Khương xin gửi tới bà con thông tin" in script


def test_the_radio_script_opens_for_listeners_and_names_its_unit_at_the_end():
    script = radio_script(source())
    assert script.startswith("Thưa quý vị và các bạn thính giả!")
    assert "do Công đoàn phường Phú Khương thực hiện" in script.splitlines()[-1]


def test_reading_time_counts_syllables_at_about_140_a_minute():
    assert reading_minutes("một hai ba") == 0.5
    assert reading_minutes(" ".join(["tiếng"] * 140)) == 1
    assert reading_minutes(" ".join(["tiếng"] * 141)) == 1.5
    assert reading_minutes(" ".join(["tiếng"] * 420)) == 3


def test_hashtags_are_folded_from_the_tags():
    assert hashtag("Công đoàn Vĩnh Long") == "#CongDoanVinhLong"
    assert hashtag("an toàn – vệ sinh lao động") == "#AnToanVeSinhLaoDong"
    assert hashtag("–") == ""


def test_the_facebook_post_has_title_summary_message_link_and_hashtags():
    post = facebook_post(source())
    assert post.startswith("THÁNG CÔNG NHÂN NĂM 2026 – AN TOÀN, VỆ SINH LAO ĐỘNG")
    assert "LĐLĐ tỉnh phát động Tháng Công nhân." in post
    assert "Đoàn viên an toàn, doanh nghiệp phát triển" in post
    assert URL in post
    assert post.endswith("#CongDoanVinhLong #ThangCongNhan")


def test_a_draft_without_address_leaves_the_link_out():
    assert "Xem chi tiết" not in facebook_post(source(url=None))
    assert "Xem chi tiết" not in zalo_message(source(url=None))


def test_the_zalo_message_is_short_with_one_line_of_summary_and_the_link():
    message = zalo_message(source())
    assert message.splitlines() == [
        "Tháng Công nhân năm 2026 – An toàn, vệ sinh lao động",
        "LĐLĐ tỉnh phát động Tháng Công nhân.",
        f"Xem chi tiết: {URL}",
    ]


def test_the_zalo_message_stays_within_zalos_limit_however_long_the_article():
    long_url = URL + "x" * 1500
    message = zalo_message(source(title="Tiêu đề " * 40, summary="Câu rất dài " * 100, url=long_url))
    assert len(message) <= ZALO_MESSAGE_LIMIT
    assert message.endswith(long_url)

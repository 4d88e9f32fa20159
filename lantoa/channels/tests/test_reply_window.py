"""When the inbox may still answer a person: Zalo's 8 free replies within 48 hours of the
follower's last message, Messenger's 24 hours then HUMAN_AGENT up to 7 days; each edge
exactly, and the advice in Vietnamese."""

import datetime

import pytest

from lantoa.channels.kinds.inbound import (
    HUMAN_AGENT,
    MESSENGER,
    ZALO_OA,
    ReplyWindow,
    reply_window,
    vietnam_time,
)

UTC = datetime.UTC
LAST = datetime.datetime(2026, 3, 5, 7, 30, tzinfo=UTC)  # 14:30 in Vietnam
HOUR = datetime.timedelta(hours=1)
INSTANT = datetime.timedelta(microseconds=1)


def window(platform, *, after, replies=0) -> ReplyWindow:
    return reply_window(platform, LAST, replies, LAST + after)


# Zalo


def test_zalo_a_fresh_message_leaves_eight_free_replies_for_48_hours():
    open_window = window(ZALO_OA, after=HOUR)
    assert open_window.open and open_window.remaining_free == 8 and open_window.needs_tag == ""
    assert open_window.closes_at == LAST + 48 * HOUR
    assert open_window.advice_vi == "Còn 8 tin trả lời miễn phí, trước 14:30 ngày 07/03/2026."


def test_zalo_the_window_closes_exactly_at_48_hours():
    assert window(ZALO_OA, after=48 * HOUR - INSTANT).open
    closed = window(ZALO_OA, after=48 * HOUR)
    assert not closed.open and closed.remaining_free == 0
    assert "48 giờ" in closed.advice_vi and "tin chủ động" in closed.advice_vi


def test_zalo_the_ninth_reply_is_not_free():
    eighth = window(ZALO_OA, after=HOUR, replies=7)
    assert eighth.open and eighth.remaining_free == 1
    ninth = window(ZALO_OA, after=HOUR, replies=8)
    assert not ninth.open and ninth.remaining_free == 0
    assert ninth.closes_at == LAST + 48 * HOUR  # the time limit is still reported
    assert "hết 8 tin" in ninth.advice_vi
    assert not window(ZALO_OA, after=HOUR, replies=30).open


# Messenger


def test_messenger_answers_freely_for_24_hours():
    standard = window(MESSENGER, after=24 * HOUR - INSTANT)
    assert standard.open and standard.needs_tag == "" and standard.remaining_free is None
    assert standard.closes_at == LAST + 24 * HOUR
    assert "trước 14:30 ngày 06/03/2026" in standard.advice_vi


def test_messenger_needs_human_agent_from_24_hours_to_7_days():
    for after in (24 * HOUR, 7 * 24 * HOUR - INSTANT):
        tagged = window(MESSENGER, after=after)
        assert tagged.open and tagged.needs_tag == HUMAN_AGENT
        assert tagged.closes_at == LAST + datetime.timedelta(days=7)
        assert "thẻ dành cho nhân viên hỗ trợ" in tagged.advice_vi and "12/03/2026" in tagged.advice_vi


def test_messenger_is_closed_after_7_days():
    closed = window(MESSENGER, after=datetime.timedelta(days=7))
    assert not closed.open and closed.needs_tag == ""
    assert "kênh khác" in closed.advice_vi


def test_messenger_does_not_count_replies():
    assert window(MESSENGER, after=HOUR, replies=50).open


# Both


@pytest.mark.parametrize("platform", [ZALO_OA, MESSENGER])
def test_nobody_can_be_answered_who_never_wrote(platform):
    never = reply_window(platform, None, 0, LAST)
    assert not never.open and never.closes_at is None and never.advice_vi.startswith("Người này chưa nhắn")


@pytest.mark.parametrize("platform", [ZALO_OA, MESSENGER])
def test_a_message_stamped_in_the_future_counts_as_just_sent(platform):
    assert reply_window(platform, LAST + HOUR, 0, LAST).open


def test_times_in_other_zones_give_the_same_window():
    hanoi = datetime.timezone(datetime.timedelta(hours=7))
    assert reply_window(ZALO_OA, LAST.astimezone(hanoi), 0, LAST + 48 * HOUR) == window(ZALO_OA, after=48 * HOUR)


def test_naive_times_unknown_platforms_and_negative_counts_are_mistakes():
    with pytest.raises(ValueError):
        reply_window(ZALO_OA, LAST.replace(tzinfo=None), 0, LAST)
    with pytest.raises(ValueError):
        reply_window(ZALO_OA, LAST, 0, LAST.replace(tzinfo=None))
    with pytest.raises(ValueError):
        reply_window("viber", LAST, 0, LAST)
    with pytest.raises(ValueError):
        reply_window(ZALO_OA, LAST, -1, LAST)


def test_advice_dates_are_in_vietnam_time():
    assert vietnam_time(datetime.datetime(2026, 12, 31, 17, 5, tzinfo=UTC)) == "00:05 ngày 01/01/2027"

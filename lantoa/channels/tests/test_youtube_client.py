"""The YouTube Data API client against the local fake: figures read back, every refusal
said in Vietnamese with the right retry/reconnect flags, and the API key never shown."""

import datetime
import logging
import socket

import httpx
import pytest
import time_machine

from lantoa.channels.kinds.base import PlatformError
from lantoa.channels.kinds.youtube.client import (
    ChannelRef,
    YouTubeClient,
    channel_from_url,
    seconds_until_quota_reset,
    video_id_from_url,
)
from lantoa.channels.kinds.youtube.fake import FakeYouTube, google_error

KEY = "AIzaSy-secret-key-never-shown-0123456"
CHANNEL = "UC_x5XG1OV2P6uZZ5FSM9Ttw"
VIDEOS = ["dQw4w9WgXcQ", "9bZkp7q19f0", "kJQP7kiw5Fk"]


@pytest.fixture
def fake():
    with FakeYouTube(api_key=KEY, stall_seconds=2.0) as server:
        server.add_channel(CHANNEL, handle="@CongDoanVinhLong", views=123456, subscribers=1230, videos=42)
        server.add_video(VIDEOS[0], views=1000, likes=50, comments=7)
        server.add_video(VIDEOS[1], views=20, likes=None, comments=None)
        server.add_video(VIDEOS[2], views=5, likes=1, comments=0)
        yield server


@pytest.fixture
def youtube(fake):
    with YouTubeClient(KEY, base_url=fake.base_url, timeout=0.5) as client:
        yield client


def refusal(call) -> PlatformError:
    with pytest.raises(PlatformError) as caught:
        call()
    return caught.value


def assert_no_secret(error: PlatformError, client: YouTubeClient) -> None:
    for text in (str(error), repr(error), repr(error.args), error.message, repr(client)):
        assert KEY not in text


# --- Figures ---------------------------------------------------------------------------


def test_channel_statistics_turn_googles_strings_into_numbers(youtube):
    stats = youtube.channel_statistics(CHANNEL)
    assert stats.external_id == CHANNEL
    assert stats.views == 123456
    assert stats.extra == {"subscribers": 1230, "subscribers_hidden": False, "videos": 42}
    assert stats.fetched_at.tzinfo is not None


def test_a_hidden_subscriber_count_is_none_not_zero(fake, youtube):
    fake.channels[CHANNEL].hidden_subscribers = True
    stats = youtube.channel_statistics(CHANNEL)
    assert stats.extra["subscribers"] is None and stats.extra["subscribers_hidden"] is True


def test_video_statistics_give_views_likes_and_comments_in_the_order_asked(youtube):
    stats = youtube.video_statistics([VIDEOS[2], VIDEOS[0]])
    assert [s.external_id for s in stats] == [VIDEOS[2], VIDEOS[0]]
    assert (stats[1].views, stats[1].reactions, stats[1].comments) == (1000, 50, 7)
    assert stats[1].shares is None and stats[1].extra == {}


def test_hidden_likes_and_closed_comments_read_as_none(youtube):
    [stats] = youtube.video_statistics([VIDEOS[1]])
    assert (stats.views, stats.reactions, stats.comments) == (20, None, None)


def test_a_deleted_or_private_video_is_absent_from_the_result(youtube):
    stats = youtube.video_statistics([VIDEOS[0], "deletedVid1"])
    assert [s.external_id for s in stats] == [VIDEOS[0]]


def test_many_videos_are_read_fifty_ids_a_call(fake, youtube):
    ids = [f"vid{n:08d}"[:11] for n in range(120)]
    for video_id in ids:
        fake.add_video(video_id, views=1)
    stats = youtube.video_statistics(ids + ids[:3])  # repeats are asked once
    assert len(stats) == 120
    sizes = [len(r["params"]["id"].split(",")) for r in fake.requests if r["path"].endswith("/videos")]
    assert sizes == [50, 50, 20]


def test_no_video_ids_costs_no_call(fake, youtube):
    assert youtube.video_statistics(["", "  "]) == []
    assert fake.requests == []


def test_a_handle_resolves_to_the_channel_id(fake, youtube):
    assert youtube.channel_id_for_handle("@CongDoanVinhLong") == CHANNEL
    assert fake.requests[-1]["params"] == {"part": "id", "forHandle": "@CongDoanVinhLong"}


@pytest.mark.parametrize(
    "address",
    [
        "https://www.youtube.com/@CongDoanVinhLong",
        "youtube.com/@CongDoanVinhLong/videos",
        "@CongDoanVinhLong",
        f"https://www.youtube.com/channel/{CHANNEL}",
        CHANNEL,
    ],
)
def test_any_usual_channel_address_resolves_to_the_id(youtube, address):
    assert youtube.resolve_channel_id(address) == CHANNEL


def test_an_unknown_handle_is_a_final_refusal(youtube):
    error = refusal(lambda: youtube.channel_id_for_handle("@khongtontai"))
    assert error.code == "channelNotFound" and not error.retryable and not error.reconnect
    assert "@tên" in error.message


def test_an_unknown_channel_is_a_final_refusal(youtube):
    error = refusal(lambda: youtube.channel_statistics("UC0000000000000000000000"))
    assert error.code == "channelNotFound" and not error.retryable and not error.reconnect


def test_an_address_that_names_no_channel_is_refused_without_a_call(fake, youtube):
    error = refusal(lambda: youtube.resolve_channel_id("https://www.youtube.com/c/CongDoan"))
    assert error.code == "badAddress" and not error.retryable
    assert fake.requests == []


def test_the_base_url_comes_from_settings(fake, settings):
    settings.LANTOA_YOUTUBE_API_URL = fake.base_url
    with YouTubeClient(KEY) as client:
        assert client.channel_statistics(CHANNEL).views == 123456


# --- Addresses -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "address",
    [
        "https://youtu.be/dQw4w9WgXcQ",
        "youtu.be/dQw4w9WgXcQ?si=abc",
        "https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=42s",
        "https://m.youtube.com/watch?feature=share&v=dQw4w9WgXcQ",
        "https://www.youtube.com/shorts/dQw4w9WgXcQ",
        "https://www.youtube.com/embed/dQw4w9WgXcQ",
        "https://www.youtube.com/live/dQw4w9WgXcQ?feature=shared",
        "dQw4w9WgXcQ",
    ],
)
def test_a_video_id_is_found_in_the_usual_links(address):
    assert video_id_from_url(address) == "dQw4w9WgXcQ"


@pytest.mark.parametrize(
    "address",
    [
        "https://www.youtube.com/@CongDoanVinhLong",
        "https://www.youtube.com/watch?v=short",
        "https://www.facebook.com/watch?v=dQw4w9WgXcQ",
        "https://www.youtube.com/playlist?list=PL123",
        "",
    ],
)
def test_links_to_no_video_give_none(address):
    assert video_id_from_url(address) is None


@pytest.mark.parametrize(
    ("address", "ref"),
    [
        (f"https://www.youtube.com/channel/{CHANNEL}/videos", ChannelRef(channel_id=CHANNEL)),
        ("https://m.youtube.com/@congdoan.vl", ChannelRef(handle="@congdoan.vl")),
        ("https://www.youtube.com/%40C%C3%B4ngĐoàn", ChannelRef(handle="@CôngĐoàn")),
        ("@CongDoanVinhLong", ChannelRef(handle="@CongDoanVinhLong")),
        ("https://www.youtube.com/user/congdoan", None),
        ("https://www.youtube.com/watch?v=dQw4w9WgXcQ", None),
        ("https://example.com/@someone", None),
    ],
)
def test_channel_addresses_give_an_id_or_a_handle(address, ref):
    assert channel_from_url(address) == ref


# --- Refusals --------------------------------------------------------------------------


def test_a_wrong_key_asks_for_reconnection(fake):
    with YouTubeClient("AIza-wrong", base_url=fake.base_url, timeout=0.5) as client:
        error = refusal(lambda: client.channel_statistics(CHANNEL))
    assert error.reconnect and not error.retryable and error.code == "API_KEY_INVALID"
    assert "khóa API" in error.message


def test_a_revoked_key_asks_for_reconnection(fake, youtube):
    fake.revoke_key()
    error = refusal(lambda: youtube.video_statistics(VIDEOS))
    assert error.reconnect and not error.retryable
    assert_no_secret(error, youtube)


def test_a_missing_key_asks_for_reconnection(fake):
    with YouTubeClient("", base_url=fake.base_url, timeout=0.5) as client:
        error = refusal(lambda: client.channel_statistics(CHANNEL))
    assert error.reconnect and error.code == "forbidden"


def google_says(status: int, body: dict, headers: dict | None = None) -> YouTubeClient:
    """A client whose every call gets this answer (shapes the fake does not produce)."""
    transport = httpx.MockTransport(lambda request: httpx.Response(status, json=body, headers=headers))
    return YouTubeClient(KEY, base_url="https://yt.test", client=httpx.Client(transport=transport))


def test_the_legacy_key_invalid_reason_asks_for_reconnection():
    client = google_says(400, google_error(400, "keyInvalid", "Bad Request", domain="usageLimits"))
    error = refusal(lambda: client.channel_statistics(CHANNEL))
    assert error.reconnect and error.code == "keyInvalid"


def test_a_key_without_youtube_enabled_asks_for_reconnection():
    client = google_says(403, google_error(403, "accessNotConfigured", "YouTube Data API v3 has not been used"))
    error = refusal(lambda: client.video_statistics(VIDEOS))
    assert error.reconnect and not error.retryable and "Google Cloud" in error.message


@time_machine.travel(datetime.datetime(2026, 1, 15, 10, 0, tzinfo=datetime.UTC), tick=False)
def test_an_exhausted_daily_quota_retries_after_midnight_pacific(fake, youtube):
    fake.misbehave("quota")
    error = refusal(lambda: youtube.channel_statistics(CHANNEL))
    assert error.retryable and not error.reconnect and error.code == "quotaExceeded"
    assert error.retry_after == 22 * 3600 + 60  # 02:00 PST → next midnight PST, plus a minute
    assert youtube.channel_statistics(CHANNEL).views == 123456  # the fault lasted one call


def test_the_quota_resets_at_midnight_pacific_in_summer_and_winter():
    winter = datetime.datetime(2026, 1, 15, 10, 0, tzinfo=datetime.UTC)  # 02:00 PST
    summer = datetime.datetime(2026, 7, 1, 6, 30, tzinfo=datetime.UTC)  # 23:30 PDT the day before
    assert seconds_until_quota_reset(winter) == 22 * 3600 + 60
    assert seconds_until_quota_reset(summer) == 30 * 60 + 60


def test_a_rate_limit_retries_after_a_minute(fake, youtube):
    fake.misbehave("rate_limit")
    error = refusal(lambda: youtube.video_statistics(VIDEOS))
    assert error.retryable and error.retry_after == 60 and error.code == "rateLimitExceeded"


def test_a_429_with_retry_after_is_obeyed():
    client = google_says(429, {"error": {"code": 429, "message": "Too Many Requests"}}, {"Retry-After": "17"})
    error = refusal(lambda: client.video_statistics(VIDEOS))
    assert error.retryable and error.retry_after == 17


def test_a_server_error_is_retryable(fake, youtube):
    fake.misbehave("server_error", times=2)
    for _ in range(2):
        error = refusal(lambda: youtube.channel_statistics(CHANNEL))
        assert error.retryable and not error.reconnect and error.code == "backendError"
    assert youtube.channel_statistics(CHANNEL).views == 123456


def test_a_stalled_answer_times_out_and_is_retryable(fake, youtube):
    fake.misbehave("stall")
    error = refusal(lambda: youtube.video_statistics(VIDEOS))
    assert error.retryable and error.code == "timeout"
    assert error.__cause__ is None and error.__suppress_context__  # the request (with its key) stays hidden


def test_an_unreachable_host_is_retryable():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    with YouTubeClient(KEY, base_url=f"http://127.0.0.1:{port}", timeout=0.5) as client:
        error = refusal(lambda: client.channel_statistics(CHANNEL))
    assert error.retryable and error.code == "network"


@pytest.mark.parametrize("mode", ["drop_field", "not_json"])
def test_an_answer_missing_its_figures_is_a_retryable_error(fake, youtube, mode):
    fake.misbehave(mode, times=2)
    for call in (lambda: youtube.video_statistics(VIDEOS), lambda: youtube.channel_statistics(CHANNEL)):
        error = refusal(call)
        assert error.retryable and error.code == "malformed"


def test_a_bad_request_is_final():
    client = google_says(400, google_error(400, "invalidFilters", "Invalid filter", domain="youtube.parameter"))
    error = refusal(lambda: client.video_statistics(VIDEOS))
    assert not error.retryable and not error.reconnect and error.code == "invalidFilters"


def test_a_not_found_is_final():
    client = google_says(404, google_error(404, "videoNotFound", "Video not found", domain="youtube.video"))
    error = refusal(lambda: client.video_statistics(VIDEOS))
    assert not error.retryable and not error.reconnect and error.code == "videoNotFound"


# --- Secrets ---------------------------------------------------------------------------


def test_the_key_travels_in_a_header_never_in_the_address(fake, youtube, caplog):
    caplog.set_level(logging.DEBUG)
    youtube.video_statistics(VIDEOS)
    youtube.channel_statistics(CHANNEL)
    assert all("key" not in request["params"] for request in fake.requests)
    assert fake.requests  # the fake saw them (and accepted the header key)
    assert KEY not in caplog.text


def test_no_refusal_shows_the_key(fake, youtube):
    for mode in ("server_error", "quota", "rate_limit", "stall", "drop_field", "not_json"):
        fake.misbehave(mode)
        assert_no_secret(refusal(lambda: youtube.channel_statistics(CHANNEL)), youtube)
    fake.revoke_key()
    assert_no_secret(refusal(lambda: youtube.channel_statistics(CHANNEL)), youtube)

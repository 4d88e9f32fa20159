"""A YouTube channel's subscribers, read once a day with the site's API key against the fake
YouTube, become the day's count of members or followers: the dated event the reach
indicator reads as of each day, and the channel's cached count. A hidden count, a channel
YouTube cannot find, a missing key or a spent quota record nothing and lose nothing."""

import datetime

import pytest
from django.utils import timezone

from lantoa.channels import publishing
from lantoa.channels.kinds.youtube.fake import FakeYouTube
from lantoa.channels.models import Channel, ChannelEvent, ChannelEventKind, ChannelKind
from lantoa.lib.tasks import PERIODIC
from lantoa.org.models import UnitState
from lantoa.org.tests.factories import make_unit
from lantoa.plans import indicators

pytestmark = pytest.mark.django_db
UC = "UCx9Qz3LgN7dKfP2mV4tRb8w"


@pytest.fixture
def youtube(settings):
    with FakeYouTube(api_key="yt-site-key") as fake:
        settings.LANTOA_YOUTUBE_API_URL, settings.LANTOA_YOUTUBE_API_KEY = fake.base_url, "yt-site-key"
        fake.add_channel(UC, handle="@CongDoanVinhLong", subscribers=12300, views=980000, videos=140)
        yield fake


@pytest.fixture
def province():
    return make_unit(None, "provincial", "Liên đoàn Lao động tỉnh Vĩnh Long")


def youtube_channel(unit, address, name="Công đoàn Vĩnh Long TV", **fields):
    return Channel.objects.create(unit=unit, kind=ChannelKind.YOUTUBE, name=name, address=address, **fields)


def counts(channel):
    return list(
        ChannelEvent.objects.filter(channel=channel, kind=ChannelEventKind.AUDIENCE_COUNTED).values_list(
            "on_date", "audience"
        )
    )


def test_subscribers_become_the_days_count_and_the_reach_reads_them_as_of_each_day(youtube, province):
    channel = youtube_channel(province, "https://www.youtube.com/@CongDoanVinhLong")
    today = timezone.localdate()
    assert publishing.fetch_audiences() == {"youtube": 1}
    assert counts(channel) == [(today, 12300)]
    channel.refresh_from_db()
    assert (channel.audience_count, channel.audience_counted_on) == (12300, today)
    youtube.channels[UC].subscribers = 12800
    publishing.fetch_audiences()  # a second read the same day replaces the day's count
    assert counts(channel) == [(today, 12800)]
    state = UnitState.objects.on(today).get(unit=province)
    assert indicators.compute("reach", state, today).value == 12800
    assert indicators.compute("reach", state, today - datetime.timedelta(days=1)).value == 0  # not known then


def test_a_hidden_count_or_an_unknown_channel_records_nothing_and_the_others_go_on(youtube, province):
    youtube.add_channel("UCaaaaaaaaaaaaaaaaaaaaaa", handle="@AnHien", hidden_subscribers=True)
    hidden = youtube_channel(province, "https://www.youtube.com/@AnHien", name="Kênh ẩn số người đăng ký")
    gone = youtube_channel(province, "https://www.youtube.com/@KenhDaXoa", name="Kênh đã xóa")
    old_style = youtube_channel(province, "https://www.youtube.com/c/congdoan", name="Địa chỉ kiểu cũ")
    closed = youtube_channel(province, f"https://www.youtube.com/channel/{UC}", name="Kênh đã đóng",
                             active_to=timezone.localdate() - datetime.timedelta(days=3))  # fmt: skip
    counted = youtube_channel(province, UC)
    assert publishing.fetch_audiences() == {"youtube": 1}
    assert [counts(channel) for channel in (hidden, gone, old_style, closed)] == [[], [], [], []]
    assert counts(counted)[0][1] == 12300


def test_without_a_key_or_with_the_quota_spent_the_run_ends_and_records_nothing(youtube, province, settings):
    channel = youtube_channel(province, UC)
    settings.LANTOA_YOUTUBE_API_KEY = ""
    assert publishing.fetch_audiences() == {}
    settings.LANTOA_YOUTUBE_API_KEY = "yt-site-key"
    youtube.misbehave("quota")
    youtube_channel(province, "@CongDoanVinhLong", name="Bản sao")
    assert publishing.fetch_audiences() == {}
    assert counts(channel) == []
    assert publishing.fetch_audiences() == {"youtube": 2}  # the next day's run


def test_the_count_runs_once_a_day():
    assert PERIODIC["channels.fetch_audiences"].every == datetime.timedelta(hours=24)

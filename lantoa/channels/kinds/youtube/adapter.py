"""The YouTube adapter: no publishing (an upload needs the channel owner's OAuth consent and
Google's audit of the API project; a union's video is posted by hand and confirmed with its
link), but the views, likes and comments of each confirmed video are read back with the
site's API key (setting LANTOA_YOUTUBE_API_KEY), from the video id in the link, and the
channel's subscribers are counted from its address (a UC… id or an @handle) once a day."""

from __future__ import annotations

from django.conf import settings

from ..adapters import Adapter, register
from ..base import PlatformError, PostStats, http_client
from .client import YouTubeClient, video_id_from_url


@register
class YouTubeAdapter(Adapter):
    kind = "youtube"
    reads_statistics = True

    def stat_key(self, publication) -> str:
        return video_id_from_url(publication.url or "") or ""

    reads_audience = True

    def statistics(self, connection, external_ids: list[str]) -> list[PostStats]:
        with http_client() as http, YouTubeClient(api_key(), client=http) as client:
            return client.video_statistics(external_ids)

    def audience(self, channel) -> int | None:
        """The channel's subscribers (None when its owner hides them); 1 quota unit, 2 for
        an address with an @handle."""
        with http_client() as http, YouTubeClient(api_key(), client=http) as client:
            found = client.channel_statistics(client.resolve_channel_id(channel.address))
        return found.extra.get("subscribers")


def api_key() -> str:
    key = getattr(settings, "LANTOA_YOUTUBE_API_KEY", "")
    if not key:
        raise PlatformError("Chưa cấu hình khóa API YouTube của hệ thống (LANTOA_YOUTUBE_API_KEY).", code="config")
    return key

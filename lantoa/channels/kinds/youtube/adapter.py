"""The YouTube adapter: no publishing (an upload needs the channel owner's OAuth consent and
Google's audit of the API project; a union's video is posted by hand and confirmed with its
link), but the views, likes and comments of each confirmed video are read back with the
site's API key (setting LANTOA_YOUTUBE_API_KEY), from the video id in the link."""

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

    def statistics(self, connection, external_ids: list[str]) -> list[PostStats]:
        key = getattr(settings, "LANTOA_YOUTUBE_API_KEY", "")
        if not key:
            raise PlatformError("Chưa cấu hình khóa API YouTube của hệ thống (LANTOA_YOUTUBE_API_KEY).", code="config")
        with http_client() as http, YouTubeClient(key, client=http) as client:
            return client.video_statistics(external_ids)

"""The Zalo OA adapter: an article becomes an OA article (create, then verify), withdrawn
by removing it; its views and shares are read back; a worker is answered by a consultation
message. The access token is refreshed before it
expires and when Zalo answers -216 (`lantoa.channels.connections.fresh_secrets`).

The Zalo app (one for the whole site, its id and secret in the settings LANTOA_ZALO_APP_ID
and LANTOA_ZALO_APP_SECRET) is what each OA grants access to; an OA's own tokens live in its
channel's connection.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings

from lantoa.channels.connections import fresh_secrets

from ..adapters import Adapter, Delivered, PostContent, Reply, register
from ..base import PlatformError, Posted, PostStats, http_client
from .client import ArticlePending, TokenExpired, ZaloOAClient, ZaloOAuth

PENDING = "pending:"  # a publication's external id while Zalo still processes its article
TITLE, AUTHOR, DESCRIPTION = 150, 50, 300  # Zalo's limits on an article's fields


def app_credentials() -> tuple[str, str]:
    app_id, secret = getattr(settings, "LANTOA_ZALO_APP_ID", ""), getattr(settings, "LANTOA_ZALO_APP_SECRET", "")
    if not app_id or not secret:
        raise PlatformError(
            "Chưa cấu hình ứng dụng Zalo của hệ thống (LANTOA_ZALO_APP_ID, LANTOA_ZALO_APP_SECRET).", code="config"
        )
    return app_id, secret


def refresh_tokens(secrets: dict) -> dict:
    app_id, app_secret = app_credentials()
    with http_client() as http:
        pair = ZaloOAuth(client=http).refresh(app_id, app_secret, secrets.get("refresh_token", ""))
    return {
        "access_token": pair.access_token, "refresh_token": pair.refresh_token,
        "access_expires_at": pair.access_expires_at, "refresh_expires_at": pair.refresh_expires_at,
    }  # fmt: skip


def paragraphs(text: str) -> list[str]:
    return [part.strip() for part in text.split("\n\n") if part.strip()] or [text]


@register
class ZaloOAAdapter(Adapter):
    kind = "zalo_oa"
    sends = True
    reads_statistics = True
    renews_tokens = True
    variant_kind = "zalo_article"

    def renew(self, secrets: dict) -> dict:
        return refresh_tokens(secrets)

    def call(self, connection, work: Callable[[ZaloOAClient], object]):
        """`work(client)` with a fresh token; once more after a refresh when Zalo says -216."""
        secrets = fresh_secrets(connection, refresh_tokens)
        try:
            with http_client() as http:
                return work(ZaloOAClient(secrets.get("access_token", ""), client=http))
        except TokenExpired:
            secrets = fresh_secrets(connection, refresh_tokens, force=True)
            with http_client() as http:
                return work(ZaloOAClient(secrets.get("access_token", ""), client=http))

    def publish(self, connection, content: PostContent, *, resume: str = "") -> Posted:
        if resume.startswith(PENDING):
            return self.call(connection, lambda client: client.verify_article(resume[len(PENDING) :]))
        try:
            return self.call(
                connection,
                lambda client: client.publish_article(
                    title=content.title[:TITLE],
                    author=content.author[:AUTHOR],
                    description=(content.summary or content.text)[:DESCRIPTION],
                    cover_url=content.image_url,
                    paragraphs=paragraphs(content.text),
                ),  # fmt: skip
            )
        except ArticlePending as pending:
            pending.resume = f"{PENDING}{pending.token}"
            raise

    def find_posted(self, connection, content: PostContent, *, since) -> Posted | None:
        return self.call(connection, lambda client: client.find_article(content.title[:TITLE], since=since))

    def withdraw(self, connection, external_id: str) -> None:
        self.call(connection, lambda client: client.remove_article(external_id))

    def statistics(self, connection, external_ids: list[str]) -> list[PostStats]:
        found = self.call(connection, lambda client: client.articles_stats(external_ids))
        return list(found.values())

    def send_reply(self, connection, reply: Reply) -> Delivered:
        """A consultation message to the follower, quoting their message when given; with
        the quota Zalo counted it against."""
        sent = self.call(connection, lambda client: client.send_text(reply.recipient, reply.text,
                                                                     quote_message_id=reply.quote))  # fmt: skip
        return Delivered(sent.message_id, quota=sent.quota)

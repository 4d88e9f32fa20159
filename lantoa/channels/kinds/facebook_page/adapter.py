"""The Facebook page adapter: an article becomes a page post (its Facebook variant with the
article's link, or a photo post when the article has an image and no address on a site),
corrected by editing the post's text, withdrawn by deleting it; reactions, comments,
shares and reach are read back; a worker who wrote to the page on Messenger is answered
there. The page's long-lived access token is its connection's
secret; Graph's error 190 marks the channel "cần kết nối lại" (`publishing.needs_reconnect`).

A post Facebook cannot edit (a photo post) or delete is listed for the officers to handle
by hand (`ManualActionNeeded`).
"""

from __future__ import annotations

from ..adapters import Adapter, Delivered, ManualActionNeeded, PostContent, Reply, register
from ..base import PlatformError, Posted, PostStats, http_client
from .client import FacebookPageClient, graph_post_id


def as_manual(error: PlatformError) -> PlatformError:
    """A final refusal that is not about the credential: someone must do it by hand."""
    if error.retryable or error.reconnect:
        return error
    return ManualActionNeeded(error.message, code=error.code)


@register
class FacebookPageAdapter(Adapter):
    kind = "facebook_page"
    sends = True
    reads_statistics = True
    variant_kind = "facebook_post"

    def stat_key(self, publication) -> str:
        """The Graph id of the post: the one it was published under, or, for a post shared
        by hand and confirmed with its address, the id read from that address."""
        if publication.external_id:
            return publication.external_id
        connection = getattr(publication.channel, "connection", None)
        return graph_post_id(publication.url or "", page_id=connection.account_id if connection else "")

    def client(self, connection, http) -> FacebookPageClient:
        from lantoa.channels.connections import secrets_of

        return FacebookPageClient(connection.account_id, secrets_of(connection).get("page_token", ""), client=http)

    def publish(self, connection, content: PostContent, *, resume: str = "") -> Posted:
        with http_client() as http:
            client = self.client(connection, http)
            if not content.link and content.image_url:
                return client.publish_photo(content.text, image_url=content.image_url)
            return client.publish_post(content.text, link=content.link)

    def find_posted(self, connection, content: PostContent, *, since) -> Posted | None:
        with http_client() as http:
            return self.client(connection, http).find_post(content.text, since=since)

    def update(self, connection, external_id: str, content: PostContent) -> None:
        with http_client() as http:
            try:
                self.client(connection, http).update_post(external_id, content.text)
            except PlatformError as error:
                raise as_manual(error) from error

    def withdraw(self, connection, external_id: str) -> None:
        with http_client() as http:
            try:
                self.client(connection, http).delete_post(external_id)
            except PlatformError as error:
                if error.code == "100/33":  # already gone
                    return
                raise as_manual(error) from error

    def statistics(self, connection, external_ids: list[str]) -> list[PostStats]:
        with http_client() as http:
            return self.client(connection, http).statistics(external_ids)

    def send_reply(self, connection, reply: Reply) -> Delivered:
        """A Messenger message from the page, tagged outside the 24-hour window."""
        with http_client() as http:
            sent = self.client(connection, http).send_message(reply.recipient, reply.text, tag=reply.tag)
        return Delivered(sent.message_id)

"""The adapter interface: what Lan Tỏa asks of every channel kind, and the registry.

An adapter publishes an article's content on its channel, updates or withdraws that post,
and reads its statistics. For the inbox it sends a worker the answer (`send_reply`); the
events a platform pushes are read by the kind's own webhook module (`zalo_oa/webhook.py`,
`facebook_page/messenger.py`: signature, then `InboundMessage`s) and an e-mail channel is
polled (`email/adapter.py`, `open_mailbox`).
Kinds with an API register their adapter (`register`); every other kind gets the manual
adapter: Lan Tỏa prepares the kit (the variant's text, the poster, the script) and an
officer posts it by hand and confirms it ("Đã đăng": link, day, photo).

Checklist for a new kind: CONTRIBUTING.md, "Add a channel adapter".
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .base import PlatformError, Posted, PostStats


@dataclass(frozen=True)
class PostContent:
    """What one channel publishes of an article: its variant's text, its summary, the
    author unit's name, the article's address on the portal and its first image's public
    address (any may be empty but the title)."""

    title: str
    text: str
    summary: str = ""
    author: str = ""
    link: str = ""
    image_url: str = ""


@dataclass(frozen=True)
class Reply:
    """An answer to a worker, on the platform they wrote on. `recipient`: their id on the
    platform (or e-mail address); `quote`: the message of theirs it answers (Zalo counts a
    quoted reply inside its free window, an unquoted one as proactive); `tag`: Messenger's
    message tag outside the 24-hour window (`inbound.reply_window`); `subject`,
    `in_reply_to`, `references`: what threads an e-mail under the worker's own."""

    recipient: str
    text: str
    quote: str = ""
    tag: str = ""
    subject: str = ""
    in_reply_to: str = ""
    references: tuple[str, ...] = ()


@dataclass(frozen=True)
class Delivered:
    """A reply the platform took: its id there and, where the platform says so, the quota
    it was counted against (Zalo: `quota_type` "reply" for a free reply inside the 48-hour
    window, "sub_quota", "purchase_quota" or "reward_quota" for a proactive message, and
    `remain`, the messages left of that kind)."""

    message_id: str
    quota: dict = field(default_factory=dict)


class ManualActionNeeded(PlatformError):
    """The platform cannot do this through its API: an officer must do it by hand."""


class Adapter:
    """One channel kind. `sends`: whether publishing goes through an API (else by hand)."""

    kind = ""
    sends = False
    reads_statistics = False
    renews_tokens = False  # its access expires and is renewed with a refresh token (`renew`)
    reads_audience = False  # the platform says how many follow the channel (`audience`)
    variant_kind = ""  # the content.VariantKind whose text this channel publishes

    def stat_key(self, publication) -> str:
        """What `statistics` takes for a publication: its id on the platform."""
        return publication.external_id

    def publish(self, connection, content: PostContent, *, resume: str = "") -> Posted:
        """Post `content`. `resume` is what a failed attempt left (a PlatformError's
        `resume`, stored on the publication): the adapter finishes that post instead of
        making a second one."""
        raise ManualActionNeeded("Kênh này không đăng qua API: hãy đăng thủ công rồi xác nhận.")

    def find_posted(self, connection, content: PostContent, *, since) -> Posted | None:
        """The post `content` made on the platform since `since`, if it is there: asked
        before sending again a publication whose worker died mid-send, so that a post the
        platform took but Lan Tỏa never heard of is recorded, not made twice."""
        return None

    def update(self, connection, external_id: str, content: PostContent) -> None:
        raise ManualActionNeeded("Không sửa được bài qua API của kênh này: hãy sửa thủ công.")

    def withdraw(self, connection, external_id: str) -> None:
        raise ManualActionNeeded("Không gỡ được bài qua API của kênh này: hãy gỡ thủ công.")

    def statistics(self, connection, external_ids: list[str]) -> list[PostStats]:
        return []

    def audience(self, channel) -> int | None:
        """How many follow `channel` on its platform now (None: the platform does not say,
        e.g. the owner hides it): only for a kind that `reads_audience`."""
        return None

    def renew(self, secrets: dict) -> dict:
        """New tokens for `secrets` (what `connections.fresh_secrets` stores): only for a
        kind that `renews_tokens`."""
        raise NotImplementedError(f"{self.kind or 'this kind'} has no tokens to renew")

    def send_reply(self, connection, reply: Reply) -> Delivered:
        """Send `reply` to the worker; returns what the platform said of it."""
        raise PlatformError("Kênh này không gửi được tin trả lời: hãy trả lời người lao động cách khác.",
                            code="no_replies")  # fmt: skip


class ManualAdapter(Adapter):
    """A kind posted by hand; `variant_kind` is the variant whose text makes its kit."""

    def __init__(self, kind: str = "", variant_kind: str = ""):
        self.kind, self.variant_kind = kind, variant_kind


# The kit of each kind posted by hand: the content.VariantKind whose text the officer posts
# (the kinds with an API say theirs on their adapter). A kind missing here gets the summary.
MANUAL_VARIANT_KINDS = {
    "facebook_group": "facebook_post",
    "zalo_group": "zalo_message",
    "viber": "zalo_message",
    "radio_tv": "radio_script",
    "loudspeaker": "loudspeaker_script",
    "bulletin_board": "board_sheet",
    "outdoor_panel": "poster",
    "poster_spot": "poster",
    "press": "press_release",
}

MANUAL = ManualAdapter()
MANUAL_ADAPTERS = {kind: ManualAdapter(kind, variant_kind) for kind, variant_kind in MANUAL_VARIANT_KINDS.items()}
ADAPTERS: dict[str, Adapter] = {}


def register(adapter_class: type[Adapter]) -> type[Adapter]:
    """Class decorator: the adapter of `adapter_class.kind`."""
    if adapter_class.kind in ADAPTERS:
        raise ValueError(f"channel kind {adapter_class.kind!r} has two adapters")
    ADAPTERS[adapter_class.kind] = adapter_class()
    return adapter_class


def adapter_for(kind: str) -> Adapter:
    return ADAPTERS.get(kind) or MANUAL_ADAPTERS.get(kind, MANUAL)

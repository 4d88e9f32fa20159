"""Publishing an article on its unit's channels: one `Publication` per article and channel.

- When an article is published on the portal (`plan_publications`), each active channel of
  its unit that disseminates gets a row: the portal's own row is published at once; a kind
  with an API and a connection is queued and sent by the worker (`send`); every other
  channel waits for an officer's confirmation ("Đã đăng": link, day, photo).
- A send that fails shows on the row with its Vietnamese reason. A refusal that may pass
  (the platform is down, a rate limit) is retried with back-off by the task; a refused
  credential marks the connection "cần kết nối lại" and tells the unit's officers; staff
  may retry any failed row ("Thử lại").
- A corrected article updates its posts where the API allows; an unpublished one withdraws
  them; what an API cannot do is listed for manual action.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from lantoa.lib import batches
from lantoa.org.approval import nearest_holders
from lantoa.org.models import RoleKind

from .kinds.adapters import ManualActionNeeded, PostContent, adapter_for
from .kinds.base import PlatformError
from .models import Channel, ChannelKind, Connection, ConnectionStatus, Publication, PublicationStatus, Purpose

S = PublicationStatus
RETRIABLE = {S.FAILED, S.QUEUED}
MAX_ERROR_LENGTH = 1000


def publishing_channels(article, day: datetime.date | None = None) -> QuerySet[Channel]:
    """The channels of the article's unit that disseminate and are open on `day`."""
    day = day or timezone.localdate()
    return Channel.objects.filter(
        Q(active_from__isnull=True) | Q(active_from__lte=day),
        Q(active_to__isnull=True) | Q(active_to__gte=day),
        unit_id=article.unit_id,
        purpose__in=[Purpose.DISSEMINATE, Purpose.BOTH],
    ).select_related("connection")


def has_connection(channel: Channel) -> bool:
    try:
        return channel.connection.status == ConnectionStatus.CONNECTED
    except Connection.DoesNotExist:
        return False


def first_status(channel: Channel) -> str:
    if channel.kind == ChannelKind.PORTAL:
        return S.PUBLISHED
    if adapter_for(channel.kind).sends and has_connection(channel):
        return S.QUEUED
    return S.AWAITING_CONFIRMATION


def plan_publications(article) -> list[Publication]:
    """The article's rows for its channels, made when it is (re)published; the queued ones
    are sent once the transaction commits. A republished article (a correction) updates
    the posts already sent."""
    existing = {p.channel_id: p for p in Publication.objects.filter(article=article)}
    created = []
    for channel in publishing_channels(article):
        publication = existing.get(channel.pk)
        if publication is None:
            status = first_status(channel)
            publication = Publication.objects.create(
                article=article, channel=channel, status=status,
                url=article.full_url or "" if status == S.PUBLISHED else "",
                published_at=article.first_published_at if status == S.PUBLISHED else None,
            )  # fmt: skip
            created.append(publication)
            if status == S.QUEUED:
                enqueue_send(publication)
        elif publication.status == S.PUBLISHED and publication.external_id:
            enqueue_update(publication)
        elif publication.status == S.WITHDRAWN:
            publication.status = first_status(channel)
            publication.save(update_fields=["status", "updated_at"])
            if publication.status == S.QUEUED:
                enqueue_send(publication)
    return created


def withdraw_publications(article) -> None:
    """The article left the portal: its posts go too, by API or by hand."""
    for publication in Publication.objects.filter(article=article).select_related("channel"):
        if publication.status in (S.QUEUED, S.FAILED, S.AWAITING_CONFIRMATION):
            publication.status = S.WITHDRAWN
            publication.save(update_fields=["status", "updated_at"])
        elif publication.status == S.PUBLISHED:
            if publication.channel.kind == ChannelKind.PORTAL:
                publication.status = S.WITHDRAWN
                publication.save(update_fields=["status", "updated_at"])
            elif publication.external_id:
                enqueue_withdraw(publication)
            else:
                mark_manual(publication, _("The article was taken off the portal: remove this post by hand."))


def enqueue_send(publication: Publication) -> None:
    from .tasks import send_publication

    transaction.on_commit(lambda: send_publication.enqueue(publication.pk))


def enqueue_update(publication: Publication) -> None:
    from .tasks import update_publication

    transaction.on_commit(lambda: update_publication.enqueue(publication.pk))


def enqueue_withdraw(publication: Publication) -> None:
    from .tasks import withdraw_publication

    transaction.on_commit(lambda: withdraw_publication.enqueue(publication.pk))


# --- What the worker does


def content_for(publication: Publication) -> PostContent:
    """The variant of the channel's kind (else the summary), the article's address and its
    first image's share-sized rendition."""
    from lantoa.portal.queries import SHARE_IMAGE, first_image

    article = publication.article.specific
    adapter = adapter_for(publication.channel.kind)
    variant = article.variants.filter(kind=adapter.variant_kind).first() if adapter.variant_kind else None
    text = (variant.text if variant else "") or article.summary
    image = first_image(article)
    site = article.get_site()
    root_url = site.root_url if site else ""
    image_url = f"{root_url}{image.get_rendition(SHARE_IMAGE).url}" if image is not None and root_url else ""
    return PostContent(
        title=article.title, text=text, summary=article.summary, author=article.unit.name if article.unit_id else "",
        link=article.full_url or "", image_url=image_url,
    )  # fmt: skip


def stale_sending() -> datetime.timedelta:
    """A row "Đang gửi" for longer than a worker's stale-heartbeat limit has lost its worker
    (a send's calls are bounded by the clients' timeouts, well below the limit)."""
    from lantoa.lib.tasks import stale_after

    return stale_after()


def interrupted_q() -> Q:
    return Q(status=S.SENDING, updated_at__lt=timezone.now() - stale_sending())


@dataclass(frozen=True)
class Claim:
    """A row this worker may send now; `interrupted_at` is when a dead worker began sending
    it (None for a fresh send)."""

    publication: Publication
    interrupted_at: datetime.datetime | None = None


class StillSending(PlatformError):
    """Another worker marked the row "Đang gửi" less than the stale limit ago: this copy of
    the send (a task taken over from a worker that looked dead, or delivered twice) tries
    again after its back-off, when the row is either published or left by a dead worker."""

    def __init__(self):
        super().__init__("Bài đang được gửi lên kênh: Lan Tỏa sẽ kiểm tra lại sau.", code="sending", retryable=True)


def claim(publication_id: int, statuses) -> Claim | None:
    """The row, marked as being sent, when its status allows it or its last sender died
    (one worker at a time); None when there is nothing to send; StillSending while another
    worker is sending it."""
    with transaction.atomic():
        publication = (
            Publication.objects.select_for_update().select_related("channel").filter(pk=publication_id).first()
        )
        if publication is None:
            return None
        interrupted = Publication.objects.filter(interrupted_q(), pk=publication.pk).exists()
        if publication.status == S.SENDING and not interrupted and S.SENDING not in statuses:
            raise StillSending()
        if publication.status not in statuses and not interrupted:
            return None
        interrupted_at = publication.updated_at if interrupted else None
        publication.status = S.SENDING
        publication.attempts += 1
        publication.save(update_fields=["status", "attempts", "updated_at"])
        return Claim(publication, interrupted_at)


RECONCILE_MARGIN = datetime.timedelta(minutes=1)  # clocks of Lan Tỏa and the platform may differ


def send(publication_id: int) -> Publication | None:
    """Publish one queued row through its channel's adapter; raises the PlatformError of a
    failed attempt (after recording it) so the task decides about retrying. A row whose
    worker died mid-send is first looked for on the platform (`find_posted`): a post made
    before the worker died is recorded, not made again."""
    claimed = claim(publication_id, RETRIABLE)
    if claimed is None:
        return None
    publication = claimed.publication
    adapter = adapter_for(publication.channel.kind)
    connection, content = connection_of(publication.channel), content_for(publication)
    try:
        posted = None
        if claimed.interrupted_at is not None and not publication.external_id:
            posted = adapter.find_posted(connection, content, since=claimed.interrupted_at - RECONCILE_MARGIN)
        if posted is None:
            if not still_ours(publication):
                return None  # taken over meanwhile by a worker that thought this one dead
            posted = adapter.publish(connection, content, resume=publication.external_id)
    except PlatformError as error:
        publication.external_id = getattr(error, "resume", "") or publication.external_id
        record_failure(publication, error)
        raise
    publication.status, publication.external_id, publication.url = S.PUBLISHED, posted.external_id, posted.url
    publication.published_at, publication.error, publication.next_attempt_at = timezone.now(), "", None
    publication.save()
    return publication


def still_ours(publication: Publication) -> bool:
    """Whether the row is still as this worker's claim left it (a read, no lock): checked
    just before posting, so a worker that was slow past the stale limit does not post what
    another worker has taken over."""
    return Publication.objects.filter(pk=publication.pk, status=S.SENDING, attempts=publication.attempts).exists()


def update(publication_id: int) -> None:
    publication = Publication.objects.select_related("channel").get(pk=publication_id)
    try:
        adapter_for(publication.channel.kind).update(
            connection_of(publication.channel), publication.external_id, content_for(publication)
        )
    except ManualActionNeeded as error:
        mark_manual(publication, error.message)
    except PlatformError as error:
        Publication.objects.filter(pk=publication.pk).update(error=str(error)[:MAX_ERROR_LENGTH])
        raise


def withdraw(publication_id: int) -> None:
    publication = Publication.objects.select_related("channel").get(pk=publication_id)
    try:
        adapter_for(publication.channel.kind).withdraw(connection_of(publication.channel), publication.external_id)
    except ManualActionNeeded as error:
        mark_manual(publication, error.message)
        return
    except PlatformError as error:
        Publication.objects.filter(pk=publication.pk).update(error=str(error)[:MAX_ERROR_LENGTH])
        raise
    publication.status = S.WITHDRAWN
    publication.save(update_fields=["status", "updated_at"])


def connection_of(channel: Channel) -> Connection | None:
    try:
        return channel.connection
    except Connection.DoesNotExist:
        return None


def record_failure(publication: Publication, error: PlatformError) -> None:
    publication.status = S.FAILED
    publication.error = str(error)[:MAX_ERROR_LENGTH]
    publication.save(update_fields=["status", "error", "external_id", "updated_at"])
    if error.reconnect:
        needs_reconnect(publication.channel, error)


def mark_manual(publication: Publication, reason: str) -> None:
    publication.status = S.MANUAL_ACTION
    publication.error = reason[:MAX_ERROR_LENGTH]
    publication.save(update_fields=["status", "error", "updated_at"])


def needs_reconnect(channel: Channel, error: PlatformError) -> None:
    """The channel's credential was refused: mark it and tell the unit's officers (once)."""
    changed = Connection.objects.filter(channel=channel, status=ConnectionStatus.CONNECTED).update(
        status=ConnectionStatus.NEEDS_RECONNECT, problem=error.message[:500]
    )
    if changed:
        transaction.on_commit(lambda: tell_officers_to_reconnect(channel, error.message))


def tell_officers_to_reconnect(channel: Channel, reason: str) -> None:
    from lantoa.workspace.actions import do_notify

    officers = nearest_holders(channel.unit_id, RoleKind.UNIT_OFFICER) | nearest_holders(
        channel.unit_id, RoleKind.EDITOR
    )
    with translation.override(settings.LANGUAGE_CODE):
        message = _("Channel %(name)s needs reconnecting: %(reason)s") % {"name": channel.name, "reason": reason}
    url = reverse("channel:inspect", args=[channel.pk])
    do_notify(officers, kind="channels.needs_reconnect", message=message, url=url, unit_id=channel.unit_id, email=True)


def fetch_audiences(today: datetime.date | None = None) -> dict[str, int]:
    """Count the followers of each open channel whose platform says how many there are (a
    YouTube channel's subscribers) as the day's count of members or followers, which the
    reach indicators read as of each day. A channel the platform cannot find is skipped;
    a missing API key or a spent quota ends the run (the next one tries again). Returns the
    channels counted per kind."""
    from .actions import do_record_audience
    from .kinds.adapters import ADAPTERS

    today = today or timezone.localdate()
    kinds = [kind for kind, adapter in ADAPTERS.items() if adapter.reads_audience]
    open_channels = Channel.objects.filter(kind__in=kinds).filter(Q(active_to__isnull=True) | Q(active_to__gte=today))
    counted: dict[str, int] = {}
    with batches.bulk_changes():  # the reach targets are refreshed once, not once per channel
        for channel in list(open_channels.exclude(address="")):
            try:
                audience = adapter_for(channel.kind).audience(channel)
            except PlatformError as error:
                if error.retryable or error.reconnect or error.code == "config":
                    break
                continue
            if audience is not None:
                do_record_audience(channel, audience=audience, on_date=today)
                counted[channel.kind] = counted.get(channel.kind, 0) + 1
    return counted


# --- Connections kept alive

KEEP_ALIVE = datetime.timedelta(days=14)  # renew a refresh token that runs out within this


def keep_connections_alive(now: datetime.datetime | None = None) -> dict[str, int]:
    """Renew the tokens of connections whose refresh token runs out within KEEP_ALIVE.

    A Zalo OA's refresh token lasts three months and is renewed only when used; an OA
    that neither publishes nor answers for that long (one that only receives its
    followers' messages) would otherwise lose its connection without anyone noticing. A
    refusal marks the connection "cần kết nối lại" and tells its unit's officers; a
    passing failure is tried again on the next run."""
    from .connections import fresh_secrets

    now = now or timezone.now()
    due = Connection.objects.filter(
        status=ConnectionStatus.CONNECTED, refresh_expires_at__isnull=False, refresh_expires_at__lt=now + KEEP_ALIVE
    ).select_related("channel")
    counts = {"renewed": 0, "refused": 0, "failed": 0}
    for connection in list(due):
        adapter = adapter_for(connection.channel.kind)
        if not adapter.renews_tokens:
            continue
        try:
            fresh_secrets(connection, adapter.renew, force=True)
        except PlatformError as error:
            if error.reconnect:
                needs_reconnect(connection.channel, error)
            counts["refused" if error.reconnect else "failed"] += 1
            continue
        counts["renewed"] += 1
    return counts


# --- What staff do


def retryable_q() -> Q:
    """Failed rows, and rows left "Đang gửi" by a worker that died mid-send."""
    return Q(status=S.FAILED) | interrupted_q()


def is_retryable(publication: Publication) -> bool:
    return Publication.objects.filter(retryable_q(), pk=publication.pk).exists()


def do_retry(publication: Publication, *, actor=None) -> bool:
    """ "Thử lại": a failed row is queued again, a row whose sender died is sent again as
    it is (the send first looks for the post on the platform); False for any other row."""
    updated = Publication.objects.filter(pk=publication.pk, status=S.FAILED).update(
        status=S.QUEUED, next_attempt_at=None, updated_at=timezone.now()
    )
    if updated or is_retryable(publication):
        enqueue_send(publication)
        return True
    return False


def do_confirm(publication: Publication, *, url: str, day: datetime.date, photo=None, actor=None) -> Publication:
    """ "Đã đăng": an officer posted it by hand (or shared it, from the cascade)."""
    publication.status = S.PUBLISHED
    publication.url = url
    publication.published_at = timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))
    publication.photo = photo or publication.photo
    publication.confirmed_by, publication.confirmed_at = actor, timezone.now()
    publication.error = ""
    publication.save()
    return publication


# --- Statistics, read back by a periodic job

STATS_WINDOW = datetime.timedelta(days=90)  # posts older than this keep their last figures


def stat_rows(publication_ids_by_key: dict[str, int], found, today: datetime.date) -> int:
    """Store today's figures of each post (one row per post and day, the latest fetch wins)."""
    from .models import PublicationStat

    stored = 0
    for stats in found:
        publication_id = publication_ids_by_key.get(stats.external_id)
        if publication_id is None:
            continue
        PublicationStat.objects.update_or_create(
            publication_id=publication_id, on_date=today,
            defaults={
                "fetched_at": stats.fetched_at, "reactions": stats.reactions, "comments": stats.comments,
                "shares": stats.shares, "reach": stats.reach, "views": stats.views,
            },
        )  # fmt: skip
        stored += 1
    return stored


def fetch_statistics(now: datetime.datetime | None = None) -> dict[str, int]:
    """Ask each channel whose adapter reads statistics about its recent posts; a channel
    that fails is skipped (a refused credential marks it for reconnecting; otherwise the
    next run tries again), the others go on. Returns the rows stored per channel kind."""
    now = now or timezone.now()
    recent = Publication.objects.filter(status=S.PUBLISHED, published_at__gte=now - STATS_WINDOW)
    with batches.bulk_changes():  # the figures' targets are refreshed once, not once per post
        return fetch_channel_statistics(recent, now)


def fetch_channel_statistics(recent: QuerySet[Publication], now: datetime.datetime) -> dict[str, int]:
    stored: dict[str, int] = {}
    for channel in Channel.objects.filter(pk__in=recent.values("channel_id")).select_related("connection"):
        adapter = adapter_for(channel.kind)
        if not adapter.reads_statistics:
            continue
        posts = list(recent.filter(channel=channel))
        for post in posts:
            post.channel = channel  # with its connection loaded: no query per post
        keys = {adapter.stat_key(post): post.pk for post in posts}
        keys.pop("", None)
        if not keys:
            continue
        try:
            found = adapter.statistics(connection_of(channel), list(keys))
        except PlatformError as error:
            if error.reconnect:
                needs_reconnect(channel, error)
            continue  # the next run tries again
        stored[channel.kind] = stored.get(channel.kind, 0) + stat_rows(keys, found, timezone.localdate(now))
    return stored

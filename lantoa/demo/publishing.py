"""The demo's publishing: the Vĩnh Long federation's Facebook page and Zalo OA connected, and
its latest articles out on its channels in every state a publication can be in.

Loaded after the articles (`load_demo_province`), so loading sends nothing: the articles
went live without the `page_published` signal, the connections are made after them, and
the rows are written here directly, as the worker and the officers would have left them:
- the portal's row, published with the article;
- the Facebook page and the Zalo OA: published with their post's address and statistics
  read back over several days, except one refusal each on a recent article;
- the YouTube channel and the two groups: confirmed by hand ("Đã đăng", with a photo) on
  the older articles, waiting for confirmation on the newest ones.

The tokens are obviously fake and the connections point at the real platforms: a send
tried from the demo ("Thử lại", a new article) fails with the platform's reason on the row
(in a sandbox without network: "Không kết nối được tới …").
"""

from __future__ import annotations

import datetime
import random

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from lantoa.channels.connections import do_connect
from lantoa.channels.kinds.facebook_page.client import post_url
from lantoa.channels.models import Channel, ChannelKind, Publication, PublicationStat
from lantoa.channels.models import PublicationStatus as S
from lantoa.channels.publishing import do_confirm, publishing_channels
from lantoa.content.models import ArticlePage
from lantoa.org.models import Unit
from lantoa.plans.signals import rollups_paused
from lantoa.portal.queries import first_image

SEED = 20250701
ARTICLES = 6  # the province's latest live articles get publications
AWAITING_NEWEST = 2  # the newest ones still wait for the officers' confirmation by hand
STAT_DAYS = (1, 3, 7, 14)  # days after the post when its figures were read
FACEBOOK_PAGE_ID = "61550000000004321"
FAKE_TOKEN = "demo-ma-gia-khong-dung-duoc"  # noqa: S105 - obviously not a credential
OFFICER = "tinh.tuyengiao"

# What the worker recorded when the platform refused (the clients' Vietnamese texts and codes).
FAILURES = {
    ChannelKind.FACEBOOK_PAGE: (0, "Facebook từ chối: bài trùng với bài trang vừa đăng. (mã 506)"),
    ChannelKind.ZALO_OA: (1, "Zalo từ chối yêu cầu: dữ liệu gửi đi không hợp lệ hoặc chưa được phép. (mã -201)"),
}
SENT_KINDS = (ChannelKind.FACEBOOK_PAGE, ChannelKind.ZALO_OA)
CONFIRMED_ADDRESS = {  # where a post made by hand can be seen (a Zalo group has no public address)
    ChannelKind.YOUTUBE: "https://www.youtube.com/watch?v=demo{n:05d}",
    ChannelKind.FACEBOOK_GROUP: "https://www.facebook.com/groups/ctvcongdoanvinhlong/posts/{n}",
    ChannelKind.ZALO_GROUP: "",
}


def connect_channels(unit: Unit, actor) -> dict[str, Channel]:
    """The federation's Facebook page and Zalo OA, connected with fake tokens."""
    channels = {c.kind: c for c in Channel.objects.filter(unit=unit, kind__in=SENT_KINDS, active_to__isnull=True)}
    now = timezone.now()
    do_connect(channels[ChannelKind.FACEBOOK_PAGE], account_id=FACEBOOK_PAGE_ID,
               secrets={"page_token": FAKE_TOKEN}, actor=actor)  # fmt: skip
    do_connect(
        channels[ChannelKind.ZALO_OA], account_id=oa_id(channels[ChannelKind.ZALO_OA]),
        secrets={"access_token": FAKE_TOKEN, "refresh_token": FAKE_TOKEN},
        access_expires_at=now + datetime.timedelta(hours=20), refresh_expires_at=now + datetime.timedelta(days=80),
        actor=actor,
    )  # fmt: skip
    return channels


def oa_id(channel: Channel) -> str:
    return channel.address.rstrip("/").rsplit("/", 1)[-1]


def sent_row(article: ArticlePage, channel: Channel, index: int, n: int) -> Publication:
    """A row the worker sent: published minutes after the article, or refused."""
    failed_index, error = FAILURES[channel.kind]
    if index == failed_index:
        return Publication(article=article, channel=channel, status=S.FAILED, error=error, attempts=1)
    if channel.kind == ChannelKind.FACEBOOK_PAGE:
        external_id = f"{FACEBOOK_PAGE_ID}_{122_100_000_000_000_000 + n}"
        url = post_url(external_id)
    else:
        external_id = f"{n:08x}demo{n:020x}"
        url = f"https://zalo.me/s/{oa_id(channel)}/{external_id}"
    return Publication(
        article=article, channel=channel, status=S.PUBLISHED, external_id=external_id, url=url, attempts=1,
        published_at=article.first_published_at + datetime.timedelta(minutes=3 + n % 7),
    )  # fmt: skip


def planned_row(article: ArticlePage, channel: Channel, index: int, n: int) -> Publication:
    if channel.kind == ChannelKind.PORTAL:
        return Publication(article=article, channel=channel, status=S.PUBLISHED, url=article.full_url or "",
                           published_at=article.first_published_at)  # fmt: skip
    if channel.kind in SENT_KINDS:
        return sent_row(article, channel, index, n)
    return Publication(article=article, channel=channel, status=S.AWAITING_CONFIRMATION)


def stat_rows(publication: Publication, today: datetime.date, rng: random.Random) -> list[PublicationStat]:
    """The figures read back on a few days after the post, growing and then levelling."""
    posted = timezone.localdate(publication.published_at)
    reach = rng.randint(900, 6000) if publication.channel.kind == ChannelKind.FACEBOOK_PAGE else 0
    views = rng.randint(400, 2500)
    rows = []
    for step, after in enumerate(STAT_DAYS, start=1):
        day = posted + datetime.timedelta(days=after)
        if day > today:
            break
        share = step / len(STAT_DAYS)
        fetched_at = timezone.make_aware(datetime.datetime.combine(day, datetime.time(2, 15)))
        if reach:
            figures = {"reach": int(reach * share), "reactions": int(reach * share / 12),
                       "comments": int(reach * share / 60), "shares": int(reach * share / 90)}  # fmt: skip
        else:  # Zalo gives an article's views and shares
            figures = {"views": int(views * share), "shares": int(views * share / 70)}
        rows.append(PublicationStat(publication=publication, on_date=day, fetched_at=fetched_at, **figures))
    return rows


def confirm_by_hand(rows: list[Publication], officer, today: datetime.date) -> None:
    """The older articles' posts made by hand, confirmed by the officer with a photo."""
    for n, row in enumerate(rows):
        posted_on = min(today, timezone.localdate(row.article.first_published_at) + datetime.timedelta(days=n % 2))
        address = CONFIRMED_ADDRESS.get(row.channel.kind, "").format(n=row.pk)
        do_confirm(row, url=address, day=posted_on, photo=first_image(row.article), actor=officer)


def latest_articles(unit: Unit) -> list[ArticlePage]:
    return list(ArticlePage.objects.live().filter(unit=unit).order_by("-first_published_at")[:ARTICLES])


def load_demo_publishing(*, today: datetime.date, unit: Unit) -> dict:
    """Connect the unit's page and OA and write its latest articles' publications; returns
    the channels and the rows. Sends nothing (see the module's docstring)."""
    rng = random.Random(SEED)
    officer = get_user_model().objects.get(username=OFFICER)
    with transaction.atomic(), rollups_paused():
        connected = connect_channels(unit, officer)
        articles = latest_articles(unit)
        planned = []
        for index, article in enumerate(articles):
            day = timezone.localdate(article.first_published_at)
            channels = publishing_channels(article, day).order_by("kind", "pk")
            planned += [planned_row(article, channel, index, len(planned) + n) for n, channel in enumerate(channels)]
        rows = Publication.objects.bulk_create(planned)
        published = [row for row in rows if row.status == S.PUBLISHED and row.external_id]
        PublicationStat.objects.bulk_create([stat for row in published for stat in stat_rows(row, today, rng)])
        newest = {article.pk for article in articles[:AWAITING_NEWEST]}
        by_hand = [row for row in rows if row.status == S.AWAITING_CONFIRMATION and row.article_id not in newest]
        confirm_by_hand(by_hand, officer, today)
    return {"connected": connected, "publications": rows}

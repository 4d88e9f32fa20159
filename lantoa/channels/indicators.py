"""Indicator kinds of the channels' publications: the reach of what was posted.

A publication counts for the unit of its channel and every unit above it, from the day it
appeared on its channel; its reach on a day is the latest figure known on or before that
day (a platform's statistics, or an officer's count), so a past day shows what was known
then. Reach is read for every channel, per kind of channel, or for the articles of one
campaign. Registered with `lantoa.plans.indicators`; imported by `ChannelsConfig.ready()`.
"""

from __future__ import annotations

import datetime

from django.db.models import OuterRef, QuerySet, Subquery, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lantoa.org.models import UnitState
from lantoa.plans.indicators import Value, indicator, unit_ids_in_subtree
from lantoa.plans.models import Campaign

from .models import ChannelKind, Publication, PublicationStat

REACH_MODELS = ("channels.Publication", "channels.PublicationStat", "org.UnitState")
REACH_DATES = ("published_at", "on_date")


def day_end(day: datetime.date) -> datetime.datetime:
    """The first moment after `day` in the site's time zone."""
    return timezone.make_aware(datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time.min))


def published_by(root: UnitState, day: datetime.date, *, target=None) -> QuerySet[Publication]:
    """Publications on the channels of `root`'s subtree (as it was on `day`) that had
    appeared by the end of `day` (and, for a target, since its plan started counting)."""
    publications = Publication.objects.filter(
        published_at__lt=day_end(day), channel__unit_id__in=unit_ids_in_subtree(root, day)
    )
    since = (target.baseline_on or target.plan.period_start) if target is not None else None
    if since is not None:
        publications = publications.filter(published_at__gte=timezone.make_aware(
            datetime.datetime.combine(since, datetime.time.min)))  # fmt: skip
    return publications


def reach_of(publications: QuerySet[Publication], day: datetime.date) -> Value:
    latest = PublicationStat.objects.filter(publication=OuterRef("pk"), on_date__lte=day, reach__isnull=False)
    reach = publications.annotate(known=Subquery(latest.order_by("-on_date").values("reach")[:1]))
    total = reach.aggregate(total=Sum("known"))["total"] or 0
    return Value(float(total), details={"publications": publications.count()})


@indicator(
    "publication_reach",
    label=_("Reach of the publications on the channels"),
    measure="people",
    uses_target=True,
    depends_on=REACH_MODELS,
    dates=REACH_DATES,
)
def publication_reach(root: UnitState, day: datetime.date, *, target=None) -> Value:
    """People reached by the posts of the subtree's channels, as known on `day`."""
    return reach_of(published_by(root, day, target=target), day)


@indicator(
    "publication_reach_by_kind",
    label=_("Reach of the publications on one kind of channel"),
    measure="people",
    uses_target=True,
    depends_on=REACH_MODELS,
    dates=REACH_DATES,
    params={"channel_kind": _("kind of channel counted")},
    param_choices={"channel_kind": ChannelKind.choices},
)
def publication_reach_by_kind(root: UnitState, day: datetime.date, *, channel_kind: str, target=None) -> Value:
    if channel_kind not in ChannelKind.values:
        raise ValueError(f"unknown channel kind {channel_kind!r}")
    return reach_of(published_by(root, day, target=target).filter(channel__kind=channel_kind), day)


def campaign_options(plans) -> list[tuple[int, str]]:
    """The campaigns of `plans` a target may follow (rejected ones never ran), shown with
    their plan's reference: "196/KH-LĐLĐ: Tháng Công nhân 2021"."""
    campaigns = Campaign.objects.filter(plan__in=plans, rejected_at__isnull=True).select_related("plan")
    rows = campaigns.order_by("-plan__issued_on", "plan_id", "-start_date", "title")
    return [(campaign.pk, f"{campaign.plan.reference}: {campaign.title}") for campaign in rows]


def campaign_id(campaign) -> int:
    """A campaign setting as stored (the form's string, or a number) as an id."""
    if isinstance(campaign, bool) or not str(campaign).isdigit():
        raise ValueError(f"campaign setting {campaign!r} is not a campaign id")
    return int(campaign)


@indicator(
    "publication_reach_by_campaign",
    label=_("Reach of the publications of one campaign"),
    measure="people",
    uses_target=True,
    # An article moved to another campaign, or the campaign deleted, changes the figure.
    depends_on=(*REACH_MODELS, "content.ArticlePage", "plans.Campaign"),
    dates=(*REACH_DATES, "first_published_at"),
    params={"campaign": _("campaign whose publications are counted")},
    param_choices={"campaign": campaign_options},
)
def publication_reach_by_campaign(root: UnitState, day: datetime.date, *, campaign, target=None) -> Value:
    """People reached by the posts of one campaign's articles on the subtree's channels, as
    known on `day`. A campaign deleted since the target was set reaches nobody, and the
    figure says so (`campaign_missing`) rather than failing every dashboard that reads it."""
    pk = campaign_id(campaign)
    if not Campaign.objects.filter(pk=pk).exists():
        return Value(0.0, details={"publications": 0, "campaign_missing": True})
    return reach_of(published_by(root, day, target=target).filter(article__campaign_id=pk), day)

"""Indicator kinds of the content studio: articles published on the portal.

An article counts from the day it was first published, for the unit whose section it
lives in and every unit above it; a figure as of a day counts the articles first
published on or before that day (and, for a target, on or after the day its plan starts
counting). Only live articles count: drafts, articles in moderation, rejected ones and
articles taken off the portal never do. Registered with `lantoa.plans.indicators`;
imported by `ContentConfig.ready()`.
"""

from __future__ import annotations

import datetime

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lantoa.org.models import UnitState
from lantoa.plans.indicators import Value, indicator, unit_ids_in_subtree

from .groups import ContentGroup
from .models import ArticlePage, VariantKind

ARTICLE_MODELS = ("content.ArticlePage", "org.UnitState")
ARTICLE_DATES = ("first_published_at",)
PORTAL = "portal"  # the channel every published article is on
CHANNELS = (PORTAL, *VariantKind.values)


def day_start(day: datetime.date) -> datetime.datetime:
    """The first moment of `day` in the site's time zone."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def counting_since(target) -> datetime.date | None:
    """The first day a target counts articles: its baseline, or its plan's start."""
    if target is None:
        return None
    return target.baseline_on or target.plan.period_start


def published_articles(root: UnitState, day: datetime.date, *, target=None) -> QuerySet[ArticlePage]:
    """Live articles of `root`'s subtree (as it was on `day`) first published in the
    target's period up to and including `day`."""
    articles = ArticlePage.objects.filter(
        live=True,
        first_published_at__lt=day_start(day + datetime.timedelta(days=1)),
        unit_id__in=unit_ids_in_subtree(root, day),
    )
    since = counting_since(target)
    if since is not None:
        articles = articles.filter(first_published_at__gte=day_start(since))
    return articles


def counted(articles: QuerySet[ArticlePage]) -> Value:
    return Value(float(articles.count()))


@indicator(
    "articles_published",
    label=_("Articles published on the portal"),
    measure="count",
    uses_target=True,
    depends_on=ARTICLE_MODELS,
    dates=ARTICLE_DATES,
)
def articles_published(root: UnitState, day: datetime.date, *, target=None) -> Value:
    """Articles of the units of the subtree published on the portal in the period."""
    return counted(published_articles(root, day, target=target))


@indicator(
    "articles_in_group",
    label=_("Articles published in a content group"),
    measure="count",
    uses_target=True,
    depends_on=ARTICLE_MODELS,
    dates=ARTICLE_DATES,
    params={"content_group": _("content group counted")},
    param_choices={"content_group": ContentGroup.choices},
)
def articles_in_group(root: UnitState, day: datetime.date, *, content_group: str, target=None) -> Value:
    """Articles of one of the plan's content groups (1.1–1.4, news) published in the period."""
    if content_group not in ContentGroup.values:
        raise ValueError(f"unknown content group {content_group!r}")
    return counted(published_articles(root, day, target=target).filter(content_group=content_group))


@indicator(
    "articles_on_channel",
    label=_("Articles published on a channel"),
    measure="count",
    uses_target=True,
    depends_on=ARTICLE_MODELS,
    dates=ARTICLE_DATES,
    params={
        "channel": _(
            "channel counted: the portal for now; publications on the other channels are counted from the next release"
        )
    },
    param_choices={"channel": [(PORTAL, _("Portal")), *VariantKind.choices]},
)
def articles_on_channel(root: UnitState, day: datetime.date, *, channel: str = PORTAL, target=None) -> Value:
    """Articles published on one channel in the period. For now only the portal records
    its publications (an article's first publication); the variants' publications on
    Facebook, Zalo, radio and the rest are recorded from the next release, so those
    channels count nothing yet rather than a guess."""
    if channel not in CHANNELS:
        raise ValueError(f"unknown channel {channel!r}")
    if channel != PORTAL:
        return Value(0.0, details={"recorded": False})
    return counted(published_articles(root, day, target=target))

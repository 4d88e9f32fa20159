"""The channels' signal handlers: an article published on the portal goes out on its unit's
channels; one taken off the portal is withdrawn from them (lantoa/channels/publishing.py)."""

from __future__ import annotations

from wagtail.signals import page_published, page_unpublished


def on_article_published(sender, instance, **kwargs) -> None:
    from . import publishing

    publishing.plan_publications(instance)


def on_article_unpublished(sender, instance, **kwargs) -> None:
    from . import publishing

    publishing.withdraw_publications(instance)


def connect() -> None:
    from lantoa.content.models import ArticlePage

    page_published.connect(on_article_published, sender=ArticlePage, dispatch_uid="lantoa.channels.publish")
    page_unpublished.connect(on_article_unpublished, sender=ArticlePage, dispatch_uid="lantoa.channels.withdraw")

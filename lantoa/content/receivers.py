"""The content app's signal handlers: the word index follows pages that move."""

from __future__ import annotations

from wagtail.signals import post_page_move

from .word_index import reindex_pages_under


def on_post_page_move(sender, instance, **kwargs) -> None:
    """The articles at or under a moved page have new paths (and maybe units): index them again."""
    reindex_pages_under(instance)


def connect() -> None:
    post_page_move.connect(on_post_page_move, dispatch_uid="lantoa.content.reindex_moved_pages")

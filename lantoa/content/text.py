"""Plain text out of an article's StreamField body."""

from __future__ import annotations

import html

from django.utils.html import strip_tags


def _block_text(block) -> str:
    if block.block_type == "paragraph":
        return html.unescape(strip_tags(block.value.source.replace("</p>", "</p>\n"))).strip()
    if block.block_type == "quote":
        said_by = block.value.get("attribution")
        text = f"“{block.value.get('text', '').strip()}”"
        return f"{text} ({said_by})" if said_by else text
    return ""


def stream_text(body) -> str:
    """Paragraphs and quotes, one per line group; images, documents and videos left out."""
    parts = [_block_text(block) for block in body or []]
    return "\n\n".join(part for part in parts if part)

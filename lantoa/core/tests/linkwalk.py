"""Walk the links a logged-in user sees and record those that do not work for them.

`walk(client)` starts at the admin dashboard and goes breadth-first over the links of
each HTML page it opens: every `<a href>` (Wagtail's dropdowns are real links, so hidden
menus count) except inside `<noscript>` and inside `<template>`s that are never shown
(a `w-teleport` template is moved into the page, so its links count), the sidebar's menu
(a JSON document the sidebar script renders) and the `action` of every form. A bulk
action button is followed with the listing's first row selected (its script adds the ids
of the selected rows; it is shown only once a row is selected). A GET form's
action is opened like a link; a POST form's action is opened with GET only to check that
it exists for the user (405 "method not allowed" is fine there), nothing is submitted.

One URL is opened per route pattern (the resolver's route, plus the `export` parameter:
an export is a different answer of the same view), at most `max_pages` per walk.
Redirects are followed; a redirect to the login page, or to the dashboard (Wagtail's
answer to a permission it refuses), counts as a failure like a 403, 404 or 500 answer or
an exception. Exports are requested and must answer 200, their body is not parsed.
Logout, static and media files, external links and `javascript:`/`mailto:` links are skipped.
"""

from __future__ import annotations

import json
import time
from collections import deque
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit

from django.conf import settings
from django.urls import Resolver404, resolve, reverse

FAILING = {403, 404, 500}
HOSTS = {"", "testserver", "localhost", "127.0.0.1"}
SKIPPED_SCHEMES = ("javascript:", "mailto:", "tel:", "data:", "blob:")


@dataclass(frozen=True)
class Link:
    url: str  # path and query string, no host
    method: str = "get"  # "post": a form's action, opened only to see it exists


@dataclass
class WalkResult:
    visited: list[str] = field(default_factory=list)  # URLs opened, in order
    patterns: list[str] = field(default_factory=list)  # route keys opened, in order
    failures: list[str] = field(default_factory=list)  # "URL -> answer (found on PAGE)"
    left: int = 0  # route keys found but not opened (max_pages reached)
    seconds: float = 0.0


class _LinkParser(HTMLParser):
    """The links a user can follow in one HTML page."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.links: list[Link] = []
        self._hidden: list[str] = []  # stack of open <template>/<noscript> elements: "hidden" or "shown"
        self._sidebar_script = False
        self._sidebar_json: list[str] = []
        self.bulk_links: list[str] = []  # bulk action buttons: their script adds the selected rows' ids
        self.first_row_id: str | None = None  # the first row a user could select for a bulk action

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in ("template", "noscript"):
            teleported = tag == "template" and "w-teleport" in (attrs.get("data-controller") or "")
            self._hidden.append("shown" if teleported else "hidden")
            return
        if tag == "script" and attrs.get("id") == "wagtail-sidebar-props":
            self._sidebar_script = True
            return
        if "hidden" in self._hidden:
            return
        if tag == "input" and "data-bulk-action-checkbox" in attrs and self.first_row_id is None:
            self.first_row_id = attrs.get("data-object-id") or attrs.get("value")
        elif tag == "a" and "data-bulk-action-button" in attrs and attrs.get("href"):
            self.bulk_links.append(attrs["href"])
        elif tag == "a" and attrs.get("href"):
            self.links.append(Link(attrs["href"]))
        elif tag == "form":
            method = (attrs.get("method") or "get").lower()
            self.links.append(Link(attrs.get("action") or "", "post" if method == "post" else "get"))

    def handle_endtag(self, tag):
        if tag in ("template", "noscript") and self._hidden:
            self._hidden.pop()
        elif tag == "script" and self._sidebar_script:
            self._sidebar_script = False
            self.links += [Link(url) for url in _json_urls(json.loads("".join(self._sidebar_json)))]

    def handle_data(self, data):
        if self._sidebar_script:
            self._sidebar_json.append(data)


def _json_urls(node) -> list[str]:
    """Every "url" of the sidebar's packed menu items, in document order."""
    if isinstance(node, dict):
        urls = [node["url"]] if isinstance(node.get("url"), str) else []
        for value in node.values():
            urls += _json_urls(value)
        return urls
    if isinstance(node, list):
        return [url for item in node for url in _json_urls(item)]
    return []


def page_links(html: str, page_url: str) -> list[Link]:
    """The followable links of a page, made absolute paths (host dropped), external ones left out."""
    parser = _LinkParser()
    parser.feed(html)
    parser.close()
    links = []
    if parser.first_row_id:  # the footer of bulk actions shows once a row is selected: select the first
        selected = urlencode({"id": parser.first_row_id})
        parser.links += [Link(href + ("&" if "?" in href else "?") + selected) for href in parser.bulk_links]
    for link in parser.links:
        href = link.url.strip()
        if href.startswith("#") or href.lower().startswith(SKIPPED_SCHEMES):
            continue
        parts = urlsplit(urljoin(page_url, href))
        if parts.scheme not in ("", "http", "https") or parts.hostname not in HOSTS and parts.netloc:
            continue
        links.append(Link(parts.path + (f"?{parts.query}" if parts.query else ""), link.method))
    return links


def _skipped(path: str) -> bool:
    return (
        path.startswith((settings.STATIC_URL, settings.MEDIA_URL))
        or path == reverse("wagtailadmin_logout")
        or "/logout/" in path
    )


def route_key(url: str) -> str:
    """One key per route pattern: the resolver's route (or name), and the export format asked for."""
    parts = urlsplit(url)
    try:
        match = resolve(parts.path)
    except Resolver404:
        return f"unresolved {parts.path}"
    key = match.route or match.view_name
    export = dict(parse_qsl(parts.query)).get("export")
    return f"{key} ?export={export}" if export else key


def _answer(client, url: str, method: str) -> tuple[str | None, object]:
    """(None, response) when the link works, else (why, response or None)."""
    login = reverse("wagtailadmin_login")
    home = reverse("wagtailadmin_home")
    try:
        response = client.get(url, follow=True)
    except Exception as error:  # noqa: BLE001 - a view that raises is what the walk looks for
        return f"raised {type(error).__name__}: {str(error).splitlines()[0] if str(error) else ''}", None
    for target, _status in response.redirect_chain:
        target_path = urlsplit(target).path
        if target_path.startswith(login) or target_path == settings.LOGIN_URL:
            return f"redirected to the login page ({target})", response
        if target_path == home and urlsplit(url).path != home:
            return "redirected to the dashboard (permission refused)", response
    status = response.status_code
    if status in FAILING or status >= 500 or (status == 405 and method == "get"):
        return f"HTTP {status}", response
    return None, response  # 405 for a POST form's action: it exists, it wants the form posted


def walk(client, start: str = "/admin/", max_pages: int = 80) -> WalkResult:
    started = time.monotonic()
    result = WalkResult()
    queue: deque[tuple[Link, str, str]] = deque([(Link(start), route_key(start), "(start)")])
    queued: set[str] = {route_key(start)}
    while queue and len(result.visited) < max_pages:
        link, key, found_on = queue.popleft()
        result.visited.append(link.url)
        result.patterns.append(key)
        why, response = _answer(client, link.url, link.method)
        if why:
            result.failures.append(f"{link.url} -> {why} (found on {found_on})")
            continue
        if link.method == "post" or "text/html" not in response.get("Content-Type", ""):
            continue
        page = response.request["PATH_INFO"]
        if response.request.get("QUERY_STRING"):
            page += "?" + response.request["QUERY_STRING"]
        found = page_links(response.content.decode(response.charset or "utf-8"), page)
        for new in sorted(set(found), key=lambda item: (item.url, item.method)):
            if _skipped(urlsplit(new.url).path):
                continue
            new_key = route_key(new.url)
            if new_key not in queued:
                queued.add(new_key)
                queue.append((new, new_key, link.url))
    result.left = len(queue)
    result.seconds = time.monotonic() - started
    return result

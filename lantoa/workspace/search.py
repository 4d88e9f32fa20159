"""One search over everything a staff user reads: the sidebar's search box lands here.

Each kind of row (units, channels, plans, targets, campaigns, people, workers' cases, articles,
documents, images) is a `Kind`: the rows the user reads that match every word of the query, folded (so "giao
long" finds "Giao Long"), and how one row is shown. Rows come through the scope module
(`lantoa.org.scope`, the plans' own readers) and, for images and documents, through
Wagtail's collection permissions and its search backend (`lantoa.vi.search_backend`, folded);
articles through the portal's own search (`lantoa.content.search`: live ones, and drafts
where the user may edit pages); workers' cases through the inbox's (`lantoa.inbox.search`:
where a role grants `inbox.view_case`, found and shown without the worker's personal data).
A kind costs two queries (a count and the first rows, plus one for which media rows the
user may edit), whatever the number of rows.

"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlencode

from django.db.models import BooleanField, Case, F, IntegerField, QuerySet, Value, When
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.permissions import policy_registry
from wagtail.search.backends import get_search_backend

from lantoa.channels.models import Channel
from lantoa.content import search as content_search
from lantoa.content.models import ArticlePage
from lantoa.inbox.search import cases_matching
from lantoa.org import scope
from lantoa.org.admin_scope import media_rows
from lantoa.org.models import Role, Unit
from lantoa.plans.models import Campaign, Plan, Target
from lantoa.plans.queries import readable_plans, visible_campaigns
from lantoa.vi.search import bounded_terms, filter_folded
from lantoa.vi.text import strip_controls

SHOWN_PER_KIND = 10
WORD = re.compile(r"\w+")
EDIT_ACTIONS = ["change", "delete"]


@dataclass(frozen=True)
class Hit:
    title: str
    url: str | None
    detail: str


@dataclass(frozen=True)
class Group:
    kind: str
    label: str
    icon: str
    count: int
    hits: list[Hit]
    more_url: str


@dataclass(frozen=True)
class Kind:
    name: str
    label: str
    icon: str
    view_perm: str | None  # the model permission the kind's screens ask for (None: Wagtail's own)
    find: Callable  # (user, query) -> rows, most useful first
    show: Callable  # (rows, user) -> list[Hit]
    listing: Callable | None = None  # (user) -> the kind's own listing that searches `q`, or None


def clean_query(raw: str | None) -> str:
    """The query as typed, without control characters (PostgreSQL refuses NUL) or outer spaces."""
    return strip_controls(raw or "").replace("\x00", "").strip()


def has_terms(query: str) -> bool:
    return bool(bounded_terms(query))


# --- Units, channels, plans, targets, campaigns, people


def phrase_first(query: str, fields: tuple[str, ...]) -> Case:
    """0 for rows whose first field holds the words as one phrase ("xã Giao Long" before
    "Ban Tuyên giáo … Vĩnh Long"), 1 for a later field, 2 for the others."""
    phrase = " ".join(bounded_terms(query))
    whens = [When(**{f"{field}__contains": phrase}, then=Value(min(rank, 1))) for rank, field in enumerate(fields)]
    return Case(*whens, default=Value(2), output_field=IntegerField())


def find_units(user, query: str) -> QuerySet:
    units = filter_folded(scope.visible_units(user), query, Unit.FOLDED_SEARCH)
    return units.select_related("parent").order_by(
        phrase_first(query, Unit.FOLDED_SEARCH), F("valid_to").desc(nulls_first=True), "sort_name", "pk"
    )


def show_units(units, user) -> list[Hit]:
    return [Hit(unit.name, reverse("unit:inspect", args=[unit.pk]), unit_detail(unit)) for unit in units]


def unit_detail(unit) -> str:
    parts = [unit.get_kind_display()]
    if unit.parent_id:
        parts.append(unit.parent.name)
    if unit.valid_to:
        parts.append(_("ended %(day)s") % {"day": date_format(unit.valid_to, "d/m/Y")})
    return " · ".join(str(part) for part in parts)


def find_channels(user, query: str) -> QuerySet:
    channels = filter_folded(scope.scope_queryset(Channel.objects.all(), user), query, Channel.FOLDED_SEARCH)
    return channels.select_related("unit").order_by(phrase_first(query, Channel.FOLDED_SEARCH), "sort_name", "pk")


def show_channels(channels, user) -> list[Hit]:
    return [
        Hit(
            channel.name,
            reverse("channel:inspect", args=[channel.pk]),
            f"{channel.get_kind_display()} · {channel.unit.name}",
        )
        for channel in channels
    ]


def find_plans(user, query: str) -> QuerySet:
    plans = filter_folded(readable_plans(user), query, Plan.FOLDED_SEARCH)
    return plans.select_related("issuing_unit").order_by(phrase_first(query, Plan.FOLDED_SEARCH), "-issued_on", "-pk")


def show_plans(plans, user) -> list[Hit]:
    return [
        Hit(plan.title, reverse("plans_dashboard", args=[plan.pk]), f"{plan.reference} · {plan.issuing_unit.name}")
        for plan in plans
    ]


def find_targets(user, query: str) -> QuerySet:
    """Targets of the plans the user reads, each word in the title, the measured unit or
    the issuing unit (all folded)."""
    targets = filter_folded(
        Target.objects.filter(plan__in=readable_plans(user).values("pk")), query, Target.FOLDED_SEARCH
    )
    return targets.select_related("plan").order_by(
        phrase_first(query, Target.FOLDED_SEARCH), "-plan__issued_on", "plan_id", "order", "pk"
    )


def show_targets(targets, user) -> list[Hit]:
    return [
        Hit(
            target.title,
            reverse("plans_dashboard", args=[target.plan_id]),
            f"{target.plan.reference} · {target.plan.title}",
        )
        for target in targets
    ]


def find_campaigns(user, query: str) -> QuerySet:
    campaigns = filter_folded(visible_campaigns(user), query, Campaign.FOLDED_SEARCH)
    ranked = campaigns.with_review_status().select_related("unit")
    return ranked.order_by(phrase_first(query, Campaign.FOLDED_SEARCH), "-start_date", "-pk")


def show_campaigns(campaigns, user) -> list[Hit]:
    return [
        Hit(
            campaign.title,
            reverse("wagtailsnippets_plans_campaign:inspect", args=[campaign.pk]),
            " · ".join(
                [
                    campaign.unit.name,
                    f"{date_format(campaign.start_date, 'd/m/Y')}–{date_format(campaign.end_date, 'd/m/Y')}",
                    str(campaign.get_state_display()),
                ]
            ),
        )
        for campaign in campaigns
    ]


def find_people(user, query: str) -> QuerySet:
    """Roles in the units the user reads: a person with two roles shows twice, once per unit."""
    roles = filter_folded(scope.scope_queryset(Role.objects.all(), user), query, Role.FOLDED_SEARCH)
    return roles.select_related("user", "unit").order_by(
        phrase_first(query, Role.FOLDED_SEARCH), "user__sort_name", "user_id", "unit__sort_name", "pk"
    )


def show_people(roles, user) -> list[Hit]:
    hits = []
    for role in roles:
        name = role.user.get_full_name()
        title = f"{name} ({role.user.username})" if name else role.user.username
        detail = " · ".join(part for part in (str(role.get_kind_display()), role.title, role.unit.name) if part)
        hits.append(Hit(title, listing_url("role:index", role.user.username), detail))
    return hits


# --- Workers' cases: where a role grants reading them, never by or with personal data


def find_cases(user, query: str) -> QuerySet:
    """Cases the inbox list shows the user whose search text (code, subject, employer, the
    worker's messages; never the contact's name, phone or addresses) holds every word."""
    return cases_matching(user, query)


def show_cases(cases, user) -> list[Hit]:
    """The code, subject, unit and status: the contact (even its pseudonym) stays on the case's page."""
    return [
        Hit(
            case.code,
            reverse("inbox_case", args=[case.pk]),
            " · ".join(str(part) for part in (case.subject, case.unit.name, case.get_status_display()) if part),
        )
        for case in cases
    ]


# --- Articles: live ones for everyone (they are public), drafts for those who may edit them


def find_articles(user, query: str) -> content_search.ArticleMatches:
    """`lantoa.content.search`'s ranking over live articles and the drafts of units where the
    user may edit pages, each marked `_editable` in the query that loads them."""
    editable_units = scope.units_with_perm(user, content_search.EDIT_PERM).values("pk")
    editable = When(unit__in=editable_units, then=Value(True))
    pages = ArticlePage.objects.select_related("unit").annotate(
        _editable=Case(editable, default=Value(False), output_field=BooleanField())
    )
    return content_search.matching_articles(query, live_only=False, user=user, pages=pages)


def article_detail(article) -> str:
    if article.live and article.first_published_at:
        state = _("published %(day)s") % {"day": date_format(timezone.localtime(article.first_published_at), "d/m/Y")}
    else:
        state = _("draft")
    return " · ".join(str(part) for part in (state, article.unit.name if article.unit_id else "") if part)


def show_articles(articles, user) -> list[Hit]:
    """The edit screen for those who may edit the article, else its public page (Wagtail
    reads the sites' root paths from its cache)."""
    return [
        Hit(
            article.title,
            reverse("wagtailadmin_pages:edit", args=[article.pk]) if article._editable else article.get_url(),
            article_detail(article),
        )
        for article in articles
    ]


# --- Documents and images: Wagtail's collection permissions and its (folded) search


def find_media(model, user, query: str):
    """Wagtail's search over the files the user may choose or change. Only the query's words
    go to the index: SQLite's full-text syntax refuses stray signs ("%", quotes)."""
    words = [word for term in bounded_terms(query) for word in WORD.findall(term)]
    if not words:
        return model.objects.none()
    rows = media_rows(model.objects.all(), user).select_related("collection").order_by()
    return get_search_backend().autocomplete(" ".join(words), rows, operator="and")


def editable_media_ids(model, user, rows) -> set[int]:
    policy = policy_registry.get_by_type(model)
    ids = [row.pk for row in rows]
    if not ids:
        return set()
    editable = policy.instances_user_has_any_permission_for(user, EDIT_ACTIONS).filter(pk__in=ids)
    return set(editable.values_list("pk", flat=True))


def show_media(model, url_name: str, rows, user, *, download: bool) -> list[Hit]:
    rows = list(rows)
    editable = editable_media_ids(model, user, rows)
    hits = []
    for row in rows:
        if row.pk in editable:
            url = reverse(url_name, args=[row.pk])
        else:
            url = row.url if download else None  # an image's original file is never served
        hits.append(Hit(row.title, url, row.collection.name))
    return hits


def find_documents(user, query: str):
    return find_media(get_document_model(), user, query)


def show_documents(rows, user) -> list[Hit]:
    return show_media(get_document_model(), "wagtaildocs:edit", rows, user, download=True)


def find_images(user, query: str):
    return find_media(get_image_model(), user, query)


def show_images(rows, user) -> list[Hit]:
    return show_media(get_image_model(), "wagtailimages:edit", rows, user, download=False)


def media_listing(url_name: str, model_getter: Callable) -> Callable:
    """Wagtail's own listing, for those who may change some of these files (it lists only those)."""

    def listing(user) -> str | None:
        policy = policy_registry.get_by_type(model_getter())
        return url_name if policy.user_has_any_permission(user, ["add", *EDIT_ACTIONS]) else None

    return listing


def searchable_listing(url_name: str) -> Callable:
    return lambda user: url_name


KINDS: dict[str, Kind] = {
    kind.name: kind
    for kind in [
        Kind(
            "units", _("Union units"), "group", "org.view_unit", find_units, show_units,
            searchable_listing("unit:index"),
        ),
        Kind(
            "channels", _("Channels"), "globe", "channels.view_channel", find_channels, show_channels,
            searchable_listing("channel:index"),
        ),
        Kind("plans", _("Plans"), "doc-full", "plans.view_plan", find_plans, show_plans),
        Kind("targets", _("Targets"), "crosshairs", "plans.view_target", find_targets, show_targets),
        Kind("campaigns", _("Campaigns"), "rocket", "plans.view_campaign", find_campaigns, show_campaigns),
        Kind(
            "people", _("People and roles"), "user", "org.view_role", find_people, show_people,
            searchable_listing("role:index"),
        ),
        Kind(
            "cases", _("Worker cases"), "mail", "inbox.view_case", find_cases, show_cases,
            searchable_listing("inbox_cases"),
        ),
        Kind("articles", _("Articles"), "doc", "wagtailadmin.access_admin", find_articles, show_articles),
        Kind(
            "documents", _("Documents"), "doc-full-inverse", None, find_documents, show_documents,
            media_listing("wagtaildocs:index", get_document_model),
        ),
        Kind(
            "images", _("Images"), "image", None, find_images, show_images,
            media_listing("wagtailimages:index", get_image_model),
        ),
    ]
}  # fmt: skip


def listing_url(url_name: str, query: str) -> str:
    return f"{reverse(url_name)}?{urlencode({'q': query})}"


def own_page_url(kind: str, query: str) -> str:
    return f"{reverse('workspace_search')}?{urlencode({'q': query, 'loai': kind})}"


def kinds_for(user) -> list[Kind]:
    """The kinds whose screens the user may open at all (the role groups' model permissions)."""
    return [kind for kind in KINDS.values() if kind.view_perm is None or user.has_perm(kind.view_perm)]


def more_url(kind: Kind, user, query: str) -> str:
    """Where "see all" leads: the kind's own listing searching `q`, else this page for the one kind."""
    url_name = kind.listing(user) if kind.listing else None
    return listing_url(url_name, query) if url_name else own_page_url(kind.name, query)


def search(user, query: str, *, limit: int = SHOWN_PER_KIND) -> list[Group]:
    """The groups with at least one row the user reads that matches `query`, in KINDS order."""
    if not has_terms(query):
        return []
    groups = []
    for kind in kinds_for(user):
        rows = kind.find(user, query)
        count = rows.count()
        if count:
            hits = kind.show(list(rows[:limit]), user)
            groups.append(Group(kind.name, str(kind.label), kind.icon, count, hits, more_url(kind, user, query)))
    return groups


def search_kind(user, query: str, name: str):
    """Every matching row of one kind (the page behind "see all"), or None for an unknown
    kind or one the user may not open."""
    kind = KINDS.get(name)
    if kind is None or kind.name not in {k.name for k in kinds_for(user)} or not has_terms(query):
        return None
    return kind, kind.find(user, query)

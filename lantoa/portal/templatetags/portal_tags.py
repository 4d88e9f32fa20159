"""Template helpers of the public portal: its context, and dates as dd/mm/yyyy."""

from django import template
from django.utils import timezone

from lantoa.portal import queries
from lantoa.vi import formats

register = template.Library()


@register.simple_tag(takes_context=True)
def portal_context(context):
    """{% portal_context as portal %}: the page type's listings (lantoa.portal.queries); on
    a view's own page (no Wagtail page: the search) only the site's root and links."""
    page = context.get("page")
    if page is None:
        return queries.site_context(context["request"])
    return queries.page_context(page, context["request"])


@register.filter
def description_of(page) -> str:
    """What describes a page to search engines and link previews: its search description,
    else its introduction where it has one."""
    return page.search_description or getattr(page.specific, "intro", "") or ""


@register.filter
def ngay_dang(value):
    """A publication moment as a local dd/mm/yyyy date."""
    if value is None:
        return ""
    return formats.date(timezone.localtime(value) if timezone.is_aware(value) else value)


@register.simple_tag(takes_context=True)
def page_number_url(context, number):
    """The current address with ?trang=<number> (page 1 has none: one address per page)."""
    query = context["request"].GET.copy()
    query.pop(queries.PAGE_PARAM, None)
    if number > 1:
        query[queries.PAGE_PARAM] = number
    encoded = query.urlencode()
    return f"?{encoded}" if encoded else context["request"].path

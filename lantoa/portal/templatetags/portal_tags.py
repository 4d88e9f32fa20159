"""Template helpers of the public portal: its context, and dates as dd/mm/yyyy."""

from django import template
from django.utils import timezone

from lantoa.portal import cache as page_cache
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


class PortalCacheNode(template.Node):
    def __init__(self, nodelist, name: str):
        self.nodelist, self.name = nodelist, name

    def render(self, context):
        return page_cache.cached_fragment(
            self.name, context.get("request"), context.get("page"), lambda: self.nodelist.render(context)
        )


@register.tag
def portalcache(parser, token):
    """{% portalcache "name" %}…{% endportalcache %}: a part of a portal page that is the
    same for every reader, kept in the cache until the next publication (lantoa.portal.cache:
    the generation). Rendered afresh where there is no page (the search), in previews and
    for addresses with other parameters."""
    bits = token.split_contents()
    if len(bits) != 2 or bits[1][0] not in "\"'" or bits[1][0] != bits[1][-1]:
        raise template.TemplateSyntaxError("{% portalcache %} takes one quoted name")
    nodelist = parser.parse(("endportalcache",))
    parser.delete_first_token()
    return PortalCacheNode(nodelist, bits[1][1:-1])


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

"""The portal's sitemap (its own template: no app registration needed for it)."""

from wagtail.contrib.sitemaps.views import sitemap as wagtail_sitemap


def sitemap(request):
    return wagtail_sitemap(request, template_name="portal/sitemap.xml", content_type="application/xml")

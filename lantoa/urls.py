import re

from django.conf import settings
from django.urls import include, path, re_path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from lantoa.cascade.landing import LoginView
from lantoa.core import site_history
from lantoa.core.media import serve_media
from lantoa.core.security import error_test_for_superusers
from lantoa.core.views import front_page, healthz
from lantoa.portal import admin_views as portal_admin_views
from lantoa.portal.search_views import portal_search

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("api/", include("lantoa.api.urls")),
    *site_history.urlpatterns,  # Wagtail's site history report, its date filter bounded
    *portal_admin_views.urlpatterns,  # page chooser and page reports, scoped by page rights
    # Before Wagtail's own: its failwhale page raises on purpose, for superusers only here.
    path("admin/failwhale/", error_test_for_superusers, name="wagtailadmin_error_test"),
    # Wagtail's sign-in, landing grassroots officers on their own pages (/viec/).
    path("admin/login/", LoginView.as_view(), name="wagtailadmin_login"),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("webhooks/", include("lantoa.inbox.urls")),  # Zalo OA and Messenger (issue 14)
]

# Image renditions only, in every mode (DEBUG included): documents are never plain files,
# and the rest of /media/ answers 404 here rather than reaching the pages.
if settings.LANTOA_SERVE_MEDIA and settings.MEDIA_URL.startswith("/"):
    media_prefix = re.escape(settings.MEDIA_URL.lstrip("/"))
    urlpatterns += [re_path(rf"^{media_prefix}(?P<path>.*)$", serve_media, name="media")]

# The portal's feeds and sitemap; `/` is Lan Tỏa's front page until the site has a portal
# home (then the home itself); Wagtail serves the rest.
urlpatterns += [
    path("tim-kiem/", portal_search, name="portal_search"),
    path("dang-nhap/", include("lantoa.org.signin_urls")),
    path("viec/", include("lantoa.cascade.officer_urls")),  # the grassroots officer's pages
    path("gop-y/", include("lantoa.inbox.public_urls")),  # workers write to their union
    path("hoi-dap/", include("lantoa.inbox.qa_urls")),  # the portal's Q&A section (issue 14)
    path("", include("lantoa.portal.urls")),
    path("", front_page, name="front_page"),
    path("", include(wagtail_urls)),
]

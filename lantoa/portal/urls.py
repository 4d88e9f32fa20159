from django.urls import path

from .feeds import PortalFeed
from .views import sitemap

urlpatterns = [
    path("rss/", PortalFeed(), name="portal_rss"),
    path("rss/<int:section_id>/", PortalFeed(), name="portal_section_rss"),
    path("sitemap.xml", sitemap, name="portal_sitemap"),
]

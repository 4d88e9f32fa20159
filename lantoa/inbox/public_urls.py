"""The workers' pages on the public portal, under /gop-y/ (lantoa/urls.py)."""

from django.urls import path

from . import public_views

urlpatterns = [
    path("", public_views.submit, name="inbox_public_form"),
    path("da-gui/<str:code>/", public_views.sent, name="inbox_public_sent"),
    path("tra-cuu/", public_views.lookup, name="inbox_public_lookup"),
    path("tra-cuu/<str:code>/", public_views.status, name="inbox_public_status"),
    path("tra-cuu/<str:code>/tai-ve/", public_views.download, name="inbox_public_download"),
    path("tra-cuu/<str:code>/xoa/", public_views.erase, name="inbox_public_erase"),
]

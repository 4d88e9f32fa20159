"""The platforms' webhooks, under /webhooks/ (lantoa/urls.py)."""

from django.urls import path

from . import webhooks

urlpatterns = [
    path("zalo/", webhooks.zalo, name="inbox_webhook_zalo"),
    path("messenger/", webhooks.messenger_webhook, name="inbox_webhook_messenger"),
]

"""Reads of the workspace: each person reads only their own notifications."""

from __future__ import annotations

from .models import Notification


def unread_count(user) -> int:
    if not getattr(user, "is_authenticated", False):
        return 0
    cache = user.__dict__
    if "_lantoa_unread" not in cache:
        cache["_lantoa_unread"] = Notification.objects.for_user(user).unread().count()
    return cache["_lantoa_unread"]


def notifications_of(user):
    return Notification.objects.for_user(user).select_related("unit")

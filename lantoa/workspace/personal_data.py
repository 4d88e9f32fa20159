"""A person's notifications are theirs: exported with their data and erased with them."""

from django.contrib.auth import get_user_model
from django.utils.translation import gettext, gettext_lazy

from lantoa.privacy.registry import Erasure, Table, register_personal_data
from lantoa.vi import formats

from .models import Notification


def export_notifications(user) -> list[Table]:
    columns = (
        ("sent", gettext("sent at")),
        ("message", gettext("message")),
        ("link", gettext("link")),
        ("read", gettext("read at")),
    )
    rows = [
        {
            "sent": formats.datetime_(item.created_at),
            "message": item.message,
            "link": item.url,
            "read": formats.datetime_(item.read_at) if item.read_at else "",
        }
        for item in Notification.objects.for_user(user).order_by("created_at", "pk")
    ]
    return [Table("notifications", gettext("Notifications"), columns, rows)]


def erase_notifications(erasure: Erasure) -> int:
    """They name the person's work and nothing anyone else needs: deleted."""
    return Notification.objects.filter(recipient_id=erasure.person.pk).delete()[0]


register_personal_data(
    "notifications",
    label=gettext_lazy("Notifications"),
    person_model=get_user_model(),
    exporter=export_notifications,
    eraser=erase_notifications,
)

from django.db.models import Count, Q

from lantoa.org import scope

from .models import SOCIAL_GROUP_KINDS, Channel


def channel_summary(user) -> dict[str, int]:
    channels = scope.scope_queryset(Channel.objects.filter(active_to__isnull=True), user)
    return channels.aggregate(
        total=Count("id"),
        verified=Count("id", filter=Q(verified=True)),
        groups=Count("id", filter=Q(kind__in=SOCIAL_GROUP_KINDS)),
    )

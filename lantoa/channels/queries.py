import datetime

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from lantoa.org import scope
from lantoa.org.models import Unit

from .actions import VERIFY_PERMISSION
from .models import SOCIAL_GROUP_KINDS, Channel, ChannelEvent, ChannelEventKind, Verification


def channel_summary(user) -> dict[str, int]:
    channels = scope.scope_queryset(Channel.objects.filter(active_to__isnull=True), user)
    return channels.aggregate(
        total=Count("id"),
        verified=Count("id", filter=Q(verified=True)),
        groups=Count("id", filter=Q(kind__in=SOCIAL_GROUP_KINDS)),
    )


def verifiable_channels(user) -> QuerySet[Channel]:
    """Channels `user` may verify: those of units strictly below a unit where one of the
    user's roles may change channels (a unit never verifies its own), of units open today."""
    channels = Channel.objects.filter(unit__valid_to__isnull=True)
    found = scope.scope_for(user)
    if found.everything:
        return channels
    return channels.filter(below_verifier_q(found, "unit__path"))


def below_verifier_q(found: scope.Scope, field: str) -> Q:
    return scope.strictly_below_q(found.perm_prefixes.get(VERIFY_PERMISSION, ()), field)


def verification_queue(user, today: datetime.date | None = None) -> QuerySet[Channel]:
    """The channels waiting for `user`'s verification: still running, neither verified
    nor refused (a refused channel comes back once its unit corrects it)."""
    today = today or timezone.localdate()
    running = Q(active_to__isnull=True) | Q(active_to__gt=today)
    return (
        verifiable_channels(user)
        .filter(running, verification=Verification.PENDING)
        .select_related("unit")
        .order_by("unit__path", "sort_name", "pk")
    )


def may_use_verification_queue(user) -> bool:
    """Whether the user verifies channels anywhere: a role that may change channels on a
    unit that has units below it."""
    if not getattr(user, "is_authenticated", False):
        return False
    if scope.scope_for(user).everything:
        return True
    cached = getattr(user, "_lantoa_verifies", None)  # asked by the menu on every page
    if cached is None:
        below = Unit.objects.current().filter(below_verifier_q(scope.scope_for(user), "path"))
        cached = user._lantoa_verifies = below.exists()
    return cached


def latest_refusal(channel: Channel) -> ChannelEvent | None:
    return (
        channel.events.filter(kind=ChannelEventKind.UNVERIFIED)
        .select_related("actor")
        .order_by("-on_date", "-pk")
        .first()
    )

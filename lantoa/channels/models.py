"""The channel registry: every unit's channels, online and physical."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from lantoa.org.models import SearchableMixin


class ChannelKind(models.TextChoices):
    PORTAL = "portal", _("Web portal")
    FACEBOOK_PAGE = "facebook_page", _("Facebook page")
    FACEBOOK_GROUP = "facebook_group", _("Facebook group")
    ZALO_OA = "zalo_oa", _("Zalo Official Account")
    ZALO_GROUP = "zalo_group", _("Zalo group")
    YOUTUBE = "youtube", _("YouTube channel")
    VIBER = "viber", _("Viber community")
    TIKTOK = "tiktok", _("TikTok")
    PRESS = "press", _("Press partner")
    RADIO_TV = "radio_tv", _("Radio or TV")
    LOUDSPEAKER = "loudspeaker", _("Loudspeaker system")
    BULLETIN_BOARD = "bulletin_board", _("Bulletin board")
    OUTDOOR_PANEL = "outdoor_panel", _("Outdoor panel")
    POSTER_SPOT = "poster_spot", _("Poster spot")
    EMAIL = "email", _("E-mail mailbox")


SOCIAL_GROUP_KINDS = {ChannelKind.FACEBOOK_GROUP, ChannelKind.ZALO_GROUP, ChannelKind.VIBER}
PHYSICAL_KINDS = {
    ChannelKind.LOUDSPEAKER,
    ChannelKind.BULLETIN_BOARD,
    ChannelKind.OUTDOOR_PANEL,
    ChannelKind.POSTER_SPOT,
}


class Purpose(models.TextChoices):
    DISSEMINATE = "disseminate", _("Disseminate")
    FEEDBACK = "feedback", _("Receive feedback")
    BOTH = "both", _("Both")


class FundingSource(models.TextChoices):
    BUDGET = "budget", _("Union budget")
    ACCUMULATED = "accumulated", _("Accumulated budget")
    SPONSORSHIP = "sponsorship", _("Sponsorship")
    EMPLOYER = "employer", _("Employer")
    OTHER = "other", _("Other")


class Verification(models.TextChoices):
    """The latest verification state of a channel (a cache of its events)."""

    PENDING = "pending", _("Awaiting verification")
    VERIFIED = "verified", _("Verified")
    REFUSED = "refused", _("Not verified")


class Channel(SearchableMixin, models.Model):
    SEARCHED_IN = ("name", "address", "location")
    FOLDED_SEARCH = ("search_text", "unit__search_text")
    NORMALISED = ("name", "location")

    unit = models.ForeignKey("org.Unit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="channels")
    kind = models.CharField(_("kind"), max_length=20, choices=ChannelKind.choices)
    name = models.CharField(_("name"), max_length=255)
    address = models.CharField(
        _("address or handle"),
        max_length=500,
        blank=True,
        help_text=_("Link, page handle or phone number, depending on the kind."),
    )
    purpose = models.CharField(_("purpose"), max_length=12, choices=Purpose.choices, default=Purpose.BOTH)
    admins = models.TextField(_("administrators"), blank=True, help_text=_("One name per line."))
    audience_count = models.PositiveIntegerField(_("members or followers"), null=True, blank=True)
    audience_counted_on = models.DateField(_("counted on"), null=True, blank=True)
    verified = models.BooleanField(_("verified"), default=False)
    verified_on = models.DateField(_("verified on"), null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("verified by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # The latest state, kept by the actions; a past day reads `ChannelEvent` rows instead.
    verification = models.CharField(
        _("verification"), max_length=10, choices=Verification.choices, default=Verification.PENDING, editable=False
    )
    location = models.CharField(_("location"), max_length=255, blank=True)
    funding_source = models.CharField(_("funding source"), max_length=12, choices=FundingSource.choices, blank=True)
    cost = models.DecimalField(_("cost (VND)"), max_digits=14, decimal_places=0, null=True, blank=True)
    active_from = models.DateField(_("active from"), null=True, blank=True)
    active_to = models.DateField(_("active to"), null=True, blank=True)
    sort_name = models.CharField(max_length=255, blank=True, db_index=True, editable=False)
    search_text = models.CharField(max_length=1000, blank=True, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    # Incremented by every save (actions.do_save_channel): an edit form opened on an older
    # version cannot overwrite what was saved since (lantoa.core.concurrency).
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    class Meta:
        verbose_name = _("channel")
        verbose_name_plural = _("channels")
        ordering = ["sort_name"]
        indexes = [
            models.Index(fields=["kind", "verified"]),
            # Channels waiting for verification under a subtree (the queue and the home).
            models.Index(fields=["unit", "verification", "active_to"], name="channels_unit_verification"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_kind_display()})"

    @property
    def is_physical(self) -> bool:
        return self.kind in PHYSICAL_KINDS


class ChannelEventKind(models.TextChoices):
    REGISTERED = "registered", _("Registered")
    VERIFIED = "verified", _("Verified")
    UNVERIFIED = "unverified", _("Not verified")
    CLOSED = "closed", _("Closed")
    AUDIENCE_COUNTED = "audience_counted", _("Members or followers counted")


# The events that decide whether a channel counts as verified: the latest one by a day wins.
VERDICTS = (ChannelEventKind.VERIFIED, ChannelEventKind.UNVERIFIED)


class ChannelEvent(models.Model):
    """A dated fact about a channel. Facts are added, never rewritten, so a figure for a
    past day reads what was known then: un-verifying a group in 2026 leaves its 2021
    verification standing for 2021."""

    channel = models.ForeignKey(Channel, verbose_name=_("channel"), on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("kind"), max_length=20, choices=ChannelEventKind.choices)
    on_date = models.DateField(_("day of the event"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reason = models.TextField(_("reason given"), blank=True)
    audience = models.PositiveIntegerField(_("members or followers"), null=True, blank=True)
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("channel event")
        verbose_name_plural = _("channel events")
        ordering = ["on_date", "pk"]
        indexes = [models.Index(fields=["channel", "kind", "on_date"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.on_date:%d/%m/%Y}"

    # The rollup triggers (lantoa.plans.signals) find the targets above an event's unit.
    @property
    def unit_id(self) -> int:
        return self.channel.unit_id

    @property
    def unit(self):
        return self.channel.unit


def events_from_row(channel: Channel) -> list[ChannelEvent]:
    """The events a channel row stored before events existed stands for (unsaved):
    registered on `active_from`, verified on `verified_on`, counted on
    `audience_counted_on`, closed on `active_to`. Rows built by hand in tests use it too."""
    registered = channel.active_from or channel.created_at.date()
    events = [ChannelEvent(channel=channel, kind=ChannelEventKind.REGISTERED, on_date=registered)]
    if channel.verified:
        verified_on = channel.verified_on or registered
        events.append(
            ChannelEvent(
                channel=channel, kind=ChannelEventKind.VERIFIED, on_date=verified_on, actor=channel.verified_by
            )
        )
    if channel.audience_count is not None and channel.audience_counted_on:
        events.append(
            ChannelEvent(
                channel=channel,
                kind=ChannelEventKind.AUDIENCE_COUNTED,
                on_date=channel.audience_counted_on,
                audience=channel.audience_count,
            )
        )
    if channel.active_to:
        events.append(ChannelEvent(channel=channel, kind=ChannelEventKind.CLOSED, on_date=channel.active_to))
    return events


def bulk_create_channels(channels: list[Channel], *, batch_size: int = 1000) -> list[Channel]:
    """Bulk loaders (the national demo, the benchmarks): save new channel rows with their
    verification cache and the events their fields stand for (`events_from_row`)."""
    for channel in channels:
        channel.verification = Verification.VERIFIED if channel.verified else Verification.PENDING
    saved = Channel.objects.bulk_create(channels, batch_size=batch_size)
    events = [event for channel in saved for event in events_from_row(channel)]
    ChannelEvent.objects.bulk_create(events, batch_size=batch_size)
    return saved


# --- Publishing through the channels (lantoa/channels/kinds: one adapter per kind)


class ConnectionStatus(models.TextChoices):
    CONNECTED = "connected", _("Connected")
    NEEDS_RECONNECT = "needs_reconnect", _("Needs reconnecting")


class Connection(models.Model):
    """How Lan Tỏa reaches a channel's account on its platform (a Facebook page, a Zalo OA):
    the account's id there and its credentials, sealed (`lantoa.channels.credentials`),
    never shown back. `version` grows with every credential change, so two workers that
    refresh a token at once cannot both store theirs (`connections.refreshed_secrets`)."""

    channel = models.OneToOneField(
        Channel, verbose_name=_("channel"), on_delete=models.CASCADE, related_name="connection"
    )
    account_id = models.CharField(_("account id on the platform"), max_length=100)
    sealed_secrets = models.TextField(editable=False, default="")
    access_expires_at = models.DateTimeField(_("access expires at"), null=True, blank=True)
    refresh_expires_at = models.DateTimeField(_("reconnection needed by"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=ConnectionStatus.choices, default=ConnectionStatus.CONNECTED
    )
    problem = models.CharField(_("problem"), max_length=500, blank=True)
    connected_at = models.DateTimeField(_("connected at"), auto_now_add=True)
    connected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("connected by"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )  # fmt: skip
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("channel connection")
        verbose_name_plural = _("channel connections")

    def __str__(self) -> str:
        return f"{self.channel} ↔ {self.account_id}"


class PublicationStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting to be sent")
    SENDING = "sending", _("Sending")
    PUBLISHED = "published", _("Posted")
    FAILED = "failed", _("Sending failed")
    AWAITING_CONFIRMATION = "awaiting", _("Waiting for confirmation")
    MANUAL_ACTION = "manual_action", _("Needs manual action")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class Publication(models.Model):
    """One article on one channel: sent through the channel's adapter, or posted by hand and
    confirmed ("Đã đăng": link, day, photo). The cascade's evidence of a share creates or
    updates the same row, so each post's reach counts once."""

    article = models.ForeignKey(
        "content.ArticlePage", verbose_name=_("article"), on_delete=models.CASCADE, related_name="publications"
    )
    channel = models.ForeignKey(
        Channel, verbose_name=_("channel"), on_delete=models.CASCADE, related_name="publications"
    )
    status = models.CharField(_("status"), max_length=20, choices=PublicationStatus.choices)
    external_id = models.CharField(_("id on the platform"), max_length=200, blank=True)
    url = models.URLField(_("address of the post"), max_length=500, blank=True)
    error = models.TextField(_("error"), blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("confirmed by"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )  # fmt: skip
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    photo = models.ForeignKey(
        "wagtailimages.Image", verbose_name=_("photo"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )  # fmt: skip
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("publication")
        verbose_name_plural = _("publications")
        constraints = [models.UniqueConstraint(fields=["article", "channel"], name="one_publication_per_channel")]
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="channels_publication_due")]

    def __str__(self) -> str:
        return f"{self.article} → {self.channel}"

    @property
    def unit_id(self) -> int:  # the rollup triggers (lantoa.plans.signals) find targets above it
        return self.channel.unit_id


class PublicationStat(models.Model):
    """What a platform said (or an officer counted) of one publication on one day: a figure
    for a past day reads the latest row on or before it."""

    publication = models.ForeignKey(
        Publication, verbose_name=_("publication"), on_delete=models.CASCADE, related_name="stats"
    )
    on_date = models.DateField(_("day of the figures"))
    fetched_at = models.DateTimeField(_("fetched at"))
    reactions = models.PositiveIntegerField(_("reactions"), null=True, blank=True)
    comments = models.PositiveIntegerField(_("number of comments"), null=True, blank=True)
    shares = models.PositiveIntegerField(_("shares"), null=True, blank=True)
    reach = models.PositiveIntegerField(_("reach"), null=True, blank=True)
    views = models.PositiveIntegerField(_("views"), null=True, blank=True)

    class Meta:
        verbose_name = _("publication statistics")
        verbose_name_plural = _("publication statistics")
        constraints = [models.UniqueConstraint(fields=["publication", "on_date"], name="one_stat_per_day")]
        ordering = ["publication", "on_date"]

    def __str__(self) -> str:
        return f"{self.publication} {self.on_date:%d/%m/%Y}"

    @property
    def unit_id(self) -> int:
        return self.publication.channel.unit_id

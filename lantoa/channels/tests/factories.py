"""Channel rows built by hand in tests of other apps, with the dated events their fields
stand for (the indicators read the events)."""

from lantoa.channels.models import Channel, Verification, events_from_row


def channel_with_history(**fields) -> Channel:
    """Create a channel row directly (no action) and its events: registered on
    `active_from`, verified on `verified_on`, counted on `audience_counted_on`, closed on
    `active_to`."""
    state = Verification.VERIFIED if fields.get("verified") else Verification.PENDING
    channel = Channel.objects.create(verification=state, **fields)
    for event in events_from_row(channel):
        event.save()
    return channel

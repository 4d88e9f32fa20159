"""Give every existing channel the events its row stands for: registered on `active_from`
(or the day it was entered), verified on `verified_on`, members counted on
`audience_counted_on`, closed on `active_to`; and the verification cache its state."""

from django.db import migrations

BATCH = 2000


def events_for(ChannelEvent, channel):
    registered = channel.active_from or channel.created_at.date()
    events = [ChannelEvent(channel=channel, kind="registered", on_date=registered)]
    if channel.verified:
        events.append(
            ChannelEvent(
                channel=channel,
                kind="verified",
                on_date=channel.verified_on or registered,
                actor_id=channel.verified_by_id,
            )
        )
    if channel.audience_count is not None and channel.audience_counted_on:
        events.append(
            ChannelEvent(
                channel=channel,
                kind="audience_counted",
                on_date=channel.audience_counted_on,
                audience=channel.audience_count,
            )
        )
    if channel.active_to:
        events.append(ChannelEvent(channel=channel, kind="closed", on_date=channel.active_to))
    return events


def create_events(apps, schema_editor):
    Channel = apps.get_model("channels", "Channel")
    ChannelEvent = apps.get_model("channels", "ChannelEvent")
    Channel.objects.filter(verified=True).update(verification="verified")
    pending = []
    for channel in Channel.objects.order_by("pk").iterator(chunk_size=BATCH):
        pending += events_for(ChannelEvent, channel)
        if len(pending) >= BATCH:
            ChannelEvent.objects.bulk_create(pending)
            pending = []
    ChannelEvent.objects.bulk_create(pending)


def drop_events(apps, schema_editor):
    apps.get_model("channels", "ChannelEvent").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("channels", "0005_channel_events")]

    operations = [migrations.RunPython(create_events, drop_events)]

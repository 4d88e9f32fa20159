"""Background work of content: scheduled publishing and unpublishing of portal pages."""

from __future__ import annotations

import datetime
import io

from django.core.management import call_command
from django.utils.translation import gettext_lazy as _

from lantoa.lib.tasks import background_task, describe_task, periodic


@periodic(every=datetime.timedelta(minutes=1), name="content.publish_scheduled")
@background_task(max_attempts=3, backoff_seconds=20)
def publish_scheduled() -> str:
    """Wagtail's scheduled publishing, every minute: approved revisions whose "go live"
    time has come are published, live pages whose expiry has passed are unpublished.
    Approval already happened (the workflow's last step scheduled the revision), so
    nothing is checked again here. Safe to run twice: a published revision is no longer
    scheduled, an expired page is no longer live."""
    out = io.StringIO()
    call_command("publish_scheduled", stdout=out)
    return out.getvalue()


describe_task(publish_scheduled, label=_("Publish and unpublish scheduled pages"))

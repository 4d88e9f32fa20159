"""Background work of the workspace: notices by e-mail, sent after the write that made them."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from lantoa.lib.tasks import background_task, describe_task

from . import actions


@background_task(max_attempts=3, backoff_seconds=60)
def send_notice_emails(recipient_ids: list[int], message: str, url: str = "") -> int:
    """The e-mails of one notice (`actions.send_notice_emails`), out of the request that made
    it: an editor's "submit" does not wait on the mail server. Returns how many were sent."""
    return actions.send_notice_emails(recipient_ids, message=message, url=url)


describe_task(send_notice_emails, label=_("Send notices by e-mail"))

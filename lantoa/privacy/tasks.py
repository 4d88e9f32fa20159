"""Retention: expired sessions and old access records are purged daily (and Wagtail's audit
log, when LANTOA_AUDIT_LOG_RETENTION_DAYS is set)."""

import datetime

from lantoa.lib.tasks import background_task, periodic

from . import actions


@periodic(every=datetime.timedelta(days=1), name="privacy.purge_expired_sessions")
@background_task(max_attempts=3)
def purge_expired_sessions() -> None:
    actions.do_purge_expired_sessions()


@periodic(every=datetime.timedelta(days=1), name="privacy.purge_old_logs")
@background_task(max_attempts=3)
def purge_old_logs() -> int:
    """Access records past LANTOA_LOG_RETENTION_DAYS; returns the rows deleted."""
    return actions.do_purge_access_records() + actions.do_purge_audit_log()

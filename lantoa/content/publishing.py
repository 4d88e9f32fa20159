"""What the editorial workflow's last approval does: it publishes.

Wagtail's own finish action publishes as the last decider, with that person's page
rights checked. In Lan Tỏa the workflow is the authority: page rights never let anyone
but a superuser publish directly (`lantoa.portal.page_permissions`), and the last
step may be the spokesperson, who holds no page right at all. So the approved revision
is published without the permission check, logged as the decider's act.

Settings: WAGTAIL_FINISH_WORKFLOW_ACTION = "lantoa.content.publishing.publish_workflow_state"
"""

from __future__ import annotations


def publish_workflow_state(workflow_state, user=None) -> None:
    """Publish the latest revision of the object whose workflow was just approved (a
    revision with `go_live_at` in the future is scheduled, as Wagtail does)."""
    revision = workflow_state.content_object.get_latest_revision()
    revision.publish(user=user, skip_permission_checks=True)

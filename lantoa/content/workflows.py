"""The editorial workflow: editor → head of board → leader, and the spokesperson too for
anything addressed to the press or marked as an official statement (R12).

Both workflows are `RoleApprovalTask` steps (`lantoa.org.approval`): each step is decided
by the nearest holder of its role at or above the article's unit. The migration
`content.0002` creates them and records them in `EditorialSettings`.
"""

from __future__ import annotations

from wagtail.models import Workflow


def workflow_for(article) -> Workflow | None:
    """The active workflow that applies to `article` (cached on the instance)."""
    from .models import EditorialSettings

    cache = article.__dict__.setdefault("_lantoa_workflow", {})
    key = article.needs_spokesperson
    if key not in cache:
        settings = EditorialSettings.load()
        workflow_id = settings.press_workflow_id if key else settings.regular_workflow_id
        cache[key] = Workflow.objects.filter(pk=workflow_id, active=True).first() if workflow_id else None
    return cache[key]

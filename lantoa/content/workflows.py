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


# Steps and workflows, by role kind; their Vietnamese names are what staff read.
STEPS = {
    "board_head": "Trưởng ban duyệt",
    "approver": "Lãnh đạo duyệt",
    "spokesperson": "Người phát ngôn duyệt",
}
WORKFLOWS = {
    "regular": ("Duyệt bài viết", ["board_head", "approver"]),
    "press": ("Duyệt bài gửi báo chí, phát ngôn chính thức", ["board_head", "approver", "spokesperson"]),
}


def ensure_editorial_workflows() -> None:
    """The editorial workflows, recorded in `EditorialSettings` and assigned at the tree's
    root (in place of Wagtail's "Moderators approval"). Run after every migrate and flush
    (`ContentConfig`), like the campaigns' workflow; idempotent."""
    from wagtail.models import WorkflowTask

    from lantoa.org.models import RoleApprovalTask

    from .models import EditorialSettings

    settings = EditorialSettings.load()
    if settings.regular_workflow_id and settings.press_workflow_id:
        _assign_at_root(settings.regular_workflow)
        return
    made = {}
    for key, (name, kinds) in WORKFLOWS.items():
        workflow, _created = Workflow.objects.get_or_create(name=name)
        for order, kind in enumerate(kinds):
            task, _created = RoleApprovalTask.objects.get_or_create(name=STEPS[kind], defaults={"role_kind": kind})
            WorkflowTask.objects.get_or_create(workflow=workflow, task=task.task_ptr, defaults={"sort_order": order})
        made[key] = workflow
    settings.regular_workflow, settings.press_workflow = made["regular"], made["press"]
    settings.save()
    _assign_at_root(made["regular"])


def _assign_at_root(workflow) -> None:
    from wagtail.models import Page, WorkflowPage

    root = Page.get_first_root_node()
    if root is not None and not WorkflowPage.objects.filter(page=root, workflow=workflow).exists():
        WorkflowPage.objects.update_or_create(page=root, defaults={"workflow": workflow})

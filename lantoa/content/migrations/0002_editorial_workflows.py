"""The editorial workflows exist after `migrate`: editor → head of board → leader, and the
same with the spokesperson last for the press and official statements (R12). Every page
of the portal gets the first one (assigned at the tree's root); articles choose between
them (`ArticlePage.get_workflow`). Names are Vietnamese: staff read them in the admin."""

from django.db import migrations

STEPS = {
    "board_head": "Trưởng ban duyệt",
    "approver": "Lãnh đạo duyệt",
    "spokesperson": "Người phát ngôn duyệt",
}
WORKFLOWS = {
    "regular": ("Duyệt bài viết", ["board_head", "approver"]),
    "press": ("Duyệt bài gửi báo chí, phát ngôn chính thức", ["board_head", "approver", "spokesperson"]),
}


def create_workflows(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    RoleApprovalTask = apps.get_model("org", "RoleApprovalTask")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")
    Page = apps.get_model("wagtailcore", "Page")
    EditorialSettings = apps.get_model("content", "EditorialSettings")
    task_type, _created = ContentType.objects.get_or_create(app_label="org", model="roleapprovaltask")
    tasks = {}
    for kind, name in STEPS.items():
        tasks[kind] = RoleApprovalTask.objects.create(name=name, role_kind=kind, content_type=task_type, active=True)
    made = {}
    for key, (name, kinds) in WORKFLOWS.items():
        workflow = Workflow.objects.create(name=name, active=True)
        for order, kind in enumerate(kinds):
            WorkflowTask.objects.create(workflow=workflow, task=tasks[kind], sort_order=order)
        made[key] = workflow
    # Wagtail's own "Moderators approval" (a group task) gives way at the tree's root.
    root = Page.objects.filter(depth=1).order_by("path").first()
    if root is not None:
        WorkflowPage.objects.update_or_create(page=root, defaults={"workflow": made["regular"]})
    EditorialSettings.objects.create(regular_workflow=made["regular"], press_workflow=made["press"])


class Migration(migrations.Migration):
    dependencies = [
        ("content", "0001_initial"),
        ("org", "0007_alter_role_kind_alter_roleapprovaltask_role_kind"),
        ("wagtailcore", "0098_apitoken"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_workflows, migrations.RunPython.noop)]

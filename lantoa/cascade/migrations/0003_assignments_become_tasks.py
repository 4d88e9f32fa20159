"""Plan assignments become cascade tasks: one kind of work a unit must do
(docs/architecture.md, "The cascade").

Each group of assignments made together (one plan, responsibility, title and due day)
becomes a dispatch from the plan's issuing unit asking for the plan's duty; each assignment
becomes that dispatch's task for its unit. Open → pending, done → done (its day and report),
cancelled → not applicable. The compliance counts of the new dispatches are rebuilt from
their tasks at the end.
"""

import hashlib
import json
from collections import defaultdict

from django.db import migrations

PLAN_DUTY = "plan_duty"
CANCELLED_REASON = "Việc đã được hủy giao."


def plan_duty_key(issuing_unit_id, plan_id, responsibility_id, title, unit_ids) -> str:
    # The same basis as lantoa.cascade.actions.dispatch_key gives a plan duty.
    basis = json.dumps(
        [issuing_unit_id, None, None, None, [PLAN_DUTY], {"ids": sorted(unit_ids)},
         ["plan", plan_id, responsibility_id, title]],
        sort_keys=True, default=str,
    )  # fmt: skip
    return hashlib.sha256(basis.encode()).hexdigest()


def task_status(assignment) -> dict:
    if assignment.status == "done":
        return {"status": "done", "done_on": assignment.done_on, "report": assignment.report}
    if assignment.status == "cancelled":
        return {"status": "not_applicable", "reason": CANCELLED_REASON, "report": assignment.report}
    return {"status": "pending", "report": assignment.report}


def move_assignments(apps, schema_editor):
    Assignment = apps.get_model("plans", "Assignment")
    Dispatch = apps.get_model("cascade", "Dispatch")
    UnitTask = apps.get_model("cascade", "UnitTask")
    groups = defaultdict(list)
    for row in Assignment.objects.select_related("plan").order_by("pk").iterator():
        groups[(row.plan_id, row.responsibility_id, row.title, row.due_on)].append(row)
    roots = []
    for (plan_id, responsibility_id, title, due_on), rows in groups.items():
        plan = rows[0].plan
        unit_ids = sorted({row.unit_id for row in rows})
        key = plan_duty_key(plan.issuing_unit_id, plan_id, responsibility_id, title, unit_ids)
        dispatch, _ = Dispatch.objects.get_or_create(key=key, defaults={
            "sender_unit_id": plan.issuing_unit_id, "plan_id": plan_id, "responsibility_id": responsibility_id,
            "title": title[:300], "note": rows[0].description, "actions": [PLAN_DUTY], "due_on": due_on,
            "targets": {"ids": unit_ids}, "status": "sent", "target_count": len(unit_ids),
            "sent_count": len(unit_ids), "created_at": min(row.created_at for row in rows),
        })  # fmt: skip
        Dispatch.objects.filter(pk=dispatch.pk).update(root=dispatch)
        roots.append(dispatch.pk)
        for row in rows:
            UnitTask.objects.get_or_create(
                dispatch=dispatch, unit_id=row.unit_id, action=PLAN_DUTY,
                defaults={"root_id": dispatch.pk, "due_on": due_on, "reminded_on": row.last_reminded_on,
                          **task_status(row)},
            )  # fmt: skip
    if roots:
        # The live code rebuilds the counts; the tables are as this migration leaves them.
        from lantoa.cascade import compliance

        for root_id in roots:
            compliance.recount(root_id)


class Migration(migrations.Migration):
    dependencies = [
        ("cascade", "0002_plan_duties"),
        ("plans", "0007_home_indexes"),
    ]

    operations = [migrations.RunPython(move_assignments, migrations.RunPython.noop)]

"""The demo's cascade: Vĩnh Long's federation sent two of its articles down the tree.

- An older one (sent three weeks ago, due ten days ago) to the grassroots unions of the
  province: read on the loudspeaker and posted on the bulletin board. Most did it, some
  late, a few found it did not apply, some never did (late).
- A recent one to the upper-level unions (communes, parks): share to the unit's Zalo group
  and post on the bulletin board. The demo commune (`captren.demo`) relayed it to its
  grassroots unions with a note; `coso.demo`'s union shared it, others have not yet.

Written with the cascade's own functions (the fan-out run here, not by the worker), then
dated back where the story needs it.
"""

from __future__ import annotations

import datetime
import random

from django.contrib.auth import get_user_model
from django.utils import timezone

from lantoa.cascade import actions, compliance
from lantoa.cascade.models import Action, Dispatch, TaskStatus, UnitTask
from lantoa.content.models import ArticlePage
from lantoa.org.models import UPPER_LEVEL_KINDS, Unit, UnitKind
from lantoa.plans import calendar
from lantoa.plans.signals import rollups_paused

SEED = 20261204
RELAY_NOTE = "Đề nghị các công đoàn cơ sở đăng lên nhóm Zalo và bảng tin trước ngày hết hạn, chụp ảnh báo lại."
NOT_APPLICABLE = (
    "Đơn vị chưa có loa truyền thanh nội bộ",
    "Doanh nghiệp tạm ngừng hoạt động, công nhân nghỉ luân phiên",
)


def load_demo_cascade(*, today: datetime.date, units: dict[str, Unit | None]) -> dict[str, int]:
    province, commune, grassroots = units.get("vinh_long"), units.get("commune"), units.get("grassroots")
    articles = list(ArticlePage.objects.live().filter(unit=province).order_by("-first_published_at")[:2])
    if province is None or len(articles) < 2:
        return {}
    people = {u.username: u for u in get_user_model().objects.filter(username__in=["tinh.tuyengiao", "captren.demo",
                                                                                      "coso.demo"])}  # fmt: skip
    rng = random.Random(SEED)
    with rollups_paused():  # the demo rebuilds the figures once, after everything
        older = past_dispatch(province, articles[1], people.get("tinh.tuyengiao"), today, rng)
        recent = relayed_dispatch(province, commune, grassroots, articles[0], people, today)
    return {"dispatches": Dispatch.objects.count(), "tasks": UnitTask.objects.count(), "older": older.pk,
            "recent": recent.pk}  # fmt: skip


def past_dispatch(province: Unit, article, actor, today: datetime.date, rng: random.Random) -> Dispatch:
    sent_on = calendar.add_working_days(today, -15)
    due_on = calendar.add_working_days(sent_on, 5)
    dispatch, _ = actions.record_dispatch(
        sender=province, actor=actor, title=article.title, actions=[Action.LOUDSPEAKER, Action.BULLETIN_BOARD],
        due_on=today, targets={"kinds": [UnitKind.GRASSROOTS]}, article=article,
        note="Phát thanh bài viết trên loa nội bộ ít nhất hai lần trong tuần, đăng bảng tin của công đoàn cơ sở.",
    )  # fmt: skip
    actions.fan_out(dispatch.pk)
    sent_at = timezone.make_aware(datetime.datetime.combine(sent_on, datetime.time(9)))
    Dispatch.objects.filter(pk=dispatch.pk).update(due_on=due_on, created_at=sent_at)
    tasks = UnitTask.objects.filter(dispatch=dispatch)
    tasks.update(due_on=due_on)
    for task in tasks.order_by("pk"):
        roll = rng.random()
        if roll < 0.62:
            done_on = due_on - datetime.timedelta(days=rng.randint(0, 5))
        elif roll < 0.78:
            done_on = due_on + datetime.timedelta(days=rng.randint(1, 4))  # late
        elif roll < 0.83:
            task.status, task.reason = TaskStatus.NOT_APPLICABLE, rng.choice(NOT_APPLICABLE)
            task.done_at = sent_at + datetime.timedelta(days=2)
            task.save(update_fields=["status", "reason", "done_at"])
            continue
        else:
            continue  # never done: late today
        task.status, task.done_on = TaskStatus.DONE, min(done_on, today)
        task.done_at = timezone.make_aware(datetime.datetime.combine(task.done_on, datetime.time(15)))
        task.reach = rng.randint(40, 600)
        task.save(update_fields=["status", "done_on", "done_at", "reach"])
    compliance.recount(dispatch.pk)
    return dispatch


def relayed_dispatch(province: Unit, commune, grassroots, article, people, today: datetime.date) -> Dispatch:
    due_on = calendar.add_working_days(today, 4)
    dispatch, _ = actions.record_dispatch(
        sender=province, actor=people.get("tinh.tuyengiao"), title=article.title, due_on=due_on, article=article,
        actions=[Action.SHARE_ZALO_GROUP, Action.BULLETIN_BOARD], targets={"kinds": sorted(UPPER_LEVEL_KINDS)},
        note="Các công đoàn cấp trên cơ sở chuyển tiếp xuống công đoàn cơ sở, theo dõi và báo cáo kết quả.",
    )  # fmt: skip
    actions.fan_out(dispatch.pk)
    if commune is None or not UnitTask.objects.filter(dispatch=dispatch, unit=commune).exists():
        return dispatch
    relay, _ = actions.record_relay(commune, dispatch, actor=people.get("captren.demo"),
                                    due_on=calendar.add_working_days(today, 3), note=RELAY_NOTE)  # fmt: skip
    actions.fan_out(relay.pk)
    if grassroots is not None:
        for task in UnitTask.objects.filter(dispatch=relay, unit=grassroots).order_by("action"):
            if task.action == Action.SHARE_ZALO_GROUP:
                actions.do_mark(task, actor=people.get("coso.demo"), status=TaskStatus.DONE, reach=187)
    return dispatch

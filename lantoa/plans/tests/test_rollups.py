"""Rollups follow changes to the rows indicators read."""

import pytest

from lantoa.org.tests.factories import D
from lantoa.plans import actions, progress, rollups
from lantoa.plans.models import Target

pytestmark = pytest.mark.django_db


def test_a_channel_moved_to_another_unit_refreshes_the_targets_it_left(
    plan, province, django_capture_on_commit_callbacks
):
    from lantoa.channels.tests.factories import channel_with_history

    root, (ba_tri, binh_dai) = province
    target = actions.do_save_target(
        Target(plan=plan, unit=ba_tri, title="Lượt tiếp cận Ba Tri", indicator="reach", target_value=1000,
               deadline=D(2023, 12, 31)),
        actor=None,
    )  # fmt: skip
    channel = channel_with_history(
        unit=ba_tri, kind="zalo_group", name="Nhóm Zalo Ba Tri", address="https://zalo.me/g/batri",
        audience_count=300, audience_counted_on=D(2021, 1, 5), active_from=D(2021, 1, 1),
    )  # fmt: skip
    rollups.rebuild_rollups([target])
    day = progress.default_day(plan)
    assert progress.target_progress(target, day, live=False).value == 300
    with django_capture_on_commit_callbacks(execute=True):
        channel.unit = binh_dai
        channel.save()
    assert progress.target_progress(target, day, live=False).value == 0

"""Later apps add their own indicator kinds without touching the plans app."""

import pytest
from django.db.models import Count

from lantoa.org.models import Reorganisation
from lantoa.org.tests.factories import D, make_unit
from lantoa.plans import actions, indicators, progress, rollups
from lantoa.plans.models import Target, TargetValue

pytestmark = pytest.mark.django_db


@pytest.fixture
def units_created_kind():
    """An indicator as another app would register it: units founded in the subtree by the
    day, read from the reorganisation log (model and date field declared for the rollups)."""

    @indicators.indicator(
        "units_founded",
        label="Units founded",
        measure="count",
        depends_on=("org.Reorganisation",),
        dates=("on_date",),
    )
    def units_founded(root, day):
        rows = Reorganisation.objects.filter(kind="create", on_date__lte=day, unit__path__startswith=root.path)
        return indicators.Value(float(rows.aggregate(n=Count("pk"))["n"]))

    yield indicators.REGISTRY["units_founded"]
    del indicators.REGISTRY["units_founded"]
    from lantoa.plans import signals

    signals._watched.cache_clear()


def test_a_registered_kind_is_offered_computed_and_kept_current(plan, province, units_created_kind,
                                                                django_capture_on_commit_callbacks):  # fmt: skip
    from lantoa.plans import signals

    signals._watched.cache_clear()
    root, districts = province
    assert ("units_founded", "Units founded") in indicators.choices()
    target = actions.do_save_target(
        Target(plan=plan, title="Thành lập 5 công đoàn cơ sở", indicator="units_founded", target_value=5,
               deadline=D(2023, 12, 31)),
        actor=None,
    )  # fmt: skip
    rollups.rebuild_rollups()
    day = progress.default_day(plan)
    before = progress.target_progress(target, day, live=False).value
    with django_capture_on_commit_callbacks(execute=True):
        make_unit(districts[0], "grassroots", "Công đoàn cơ sở Công ty TNHH Thủy sản Ba Tri", valid_from=D(2022, 3, 1))
    assert progress.target_progress(target, day, live=False).value == before + 1
    assert progress.target_progress(target, D(2022, 2, 1), live=True).value == before
    incremental = rollups.comparable(TargetValue.objects.filter(target=target))
    rollups.rebuild_rollups([target])
    assert rollups.comparable(TargetValue.objects.filter(target=target)) == incremental

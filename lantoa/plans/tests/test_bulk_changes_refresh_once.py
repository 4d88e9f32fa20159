"""An import saves thousands of rows: the figures above them are refreshed by one task,
not one per row."""

import datetime
from unittest import mock

import pytest

from lantoa.lib.batches import bulk_changes
from lantoa.plans import signals

pytestmark = pytest.mark.django_db


def test_saves_inside_a_batch_enqueue_one_refresh_from_the_earliest_day():
    calls = []
    with (
        mock.patch.object(signals, "_watched", return_value={object: {"day"}}),
        mock.patch.object(signals, "affected_targets", side_effect=lambda i: [mock.Mock(pk=i.pk)]),
        mock.patch.object(signals, "_enqueue_refresh", side_effect=lambda *a: calls.append(a)),
    ):
        with bulk_changes():
            for pk, day in ((1, datetime.date(2026, 3, 1)), (2, datetime.date(2025, 1, 5)), (1, None)):
                signals.schedule_refresh(object, mock.Mock(pk=pk, day=day, _rollup_old_dates=[]))
            assert calls == []  # nothing enqueued while the batch runs
        assert calls == [([1, 2], None, None)]  # a row without date: refreshed from the start

        calls.clear()
        with bulk_changes():
            for pk, day in ((3, datetime.date(2026, 3, 1)), (4, datetime.date(2025, 1, 5))):
                signals.schedule_refresh(object, mock.Mock(pk=pk, day=day, _rollup_old_dates=[]))
        assert calls == [([3, 4], "2025-01-05", None)]


def test_without_a_batch_each_save_enqueues_its_own_refresh():
    calls = []
    with (
        mock.patch.object(signals, "_watched", return_value={object: {"day"}}),
        mock.patch.object(signals, "affected_targets", side_effect=lambda i: [mock.Mock(pk=i.pk)]),
        mock.patch.object(signals, "_unit_id", return_value=7),
        mock.patch.object(signals, "_enqueue_refresh", side_effect=lambda *a: calls.append(a)),
    ):
        signals.schedule_refresh(object, mock.Mock(pk=1, day=datetime.date(2026, 3, 1), _rollup_old_dates=[]))
    assert calls == [([1], "2026-03-01", 7)]

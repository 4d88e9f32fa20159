"""Plans listen to the union tree: when a unit is merged into another, its open work goes
on at the successor (`actions.do_move_open_work`). Its channels are not touched: they
stay the ended unit's history, readable by the successor, written by nobody."""

from __future__ import annotations

from lantoa.org.actions import unit_merged

from . import actions


def move_open_work(sender, *, source, target, on_date, actor, **kwargs) -> None:
    actions.do_move_open_work(source, target=target, on_date=on_date, actor=actor)


def connect() -> None:
    unit_merged.connect(move_open_work, dispatch_uid="plans-move-open-work")

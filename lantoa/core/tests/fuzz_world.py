"""A small province with one of everything the admin forms act on, and the values that
break naive parsers, for the bad-input tests."""

from __future__ import annotations

import datetime
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.contrib.auth import get_user_model
from django.db import transaction
from hypothesis import strategies as st

from lantoa.channels.actions import do_save_channel
from lantoa.channels.models import Channel
from lantoa.org import actions as org_actions
from lantoa.org.models import RoleKind
from lantoa.org.tests.factories import D, make_unit, make_user
from lantoa.plans import actions
from lantoa.plans.models import Campaign, Plan, Responsibility, Target, Theme

# --- Values that break naive parsers

BAD_DATES = (
    "0001-01-01", "9999-12-31", "31/02/2026", "00/00/0000", "01/01/0001", "31/12/9999", "2026-02-30",
    "1/1/1", "99999-01-01", "32/13/2026", "2026-13-45", "-1", "0", "nay", "  ", "01/01/10000",
)  # fmt: skip
HUGE_NUMBERS = ("99999999999999999999", "-99999999999999999999", "9223372036854775808", "1e400", "NaN", "-0", "0x10")
REPEATED = ("9", "a", "Ơ", "%", "_", "\\", " a", "%_", "'", "[", "*")


def huge_strings():
    return st.builds(lambda text, count: text * count, st.sampled_from(REPEATED), st.sampled_from((300, 5_000, 50_000)))


def control_chars():
    return st.text(st.characters(max_codepoint=0x1F), min_size=1, max_size=8)


def bad_values():
    """One value of a query parameter or form field, as an attacker would type it."""
    return st.one_of(
        st.sampled_from(BAD_DATES),
        st.sampled_from(HUGE_NUMBERS),
        st.integers(min_value=-(10**30), max_value=10**30).map(str),
        huge_strings(),
        control_chars(),
        st.text(max_size=20),
    )


def field_values(valid: list[str]):
    """A form field: its valid value half the time, else a bad one."""
    return st.one_of(st.just(valid), bad_values().map(lambda value: [value]))


# --- The province

USERS = get_user_model()


def build_world() -> SimpleNamespace:
    """A province, two districts and a grassroots union; a plan with a theme, a hand-entered
    target and a responsibility the district hands to its grassroots union (a plan duty: a
    cascade task); an approved campaign; a channel."""
    superuser = USERS.objects.create_superuser("quantri.fuzz", "quantri.fuzz@example.vn", "mat-khau-123")
    province = make_unit(None, "provincial", "Liên đoàn Lao động tỉnh Bến Tre", valid_from=D(1976, 1, 1))
    ba_tri = make_unit(province, "district", "Liên đoàn Lao động huyện Ba Tri", valid_from=D(1980, 1, 1))
    make_unit(province, "district", "Liên đoàn Lao động huyện Bình Đại", valid_from=D(1980, 1, 1))
    grassroots = make_unit(ba_tri, "grassroots", "Công đoàn cơ sở Công ty May Ba Tri", valid_from=D(2010, 1, 1))
    officer = make_user("canbo.batri.fuzz")
    org_actions.do_assign_role(user=officer, unit=ba_tri, kind=RoleKind.UNIT_OFFICER, actor=None)
    channel = do_save_channel(Channel(), actor=None, unit=grassroots, kind="zalo_group", name="Nhóm Zalo May Ba Tri",
                              address="https://zalo.me/g/maybatri")  # fmt: skip
    plan = build_plan(ba_tri)
    target = actions.do_save_target(
        Target(plan=plan, title="Số tin bài trên trang của huyện", indicator="manual", target_value=Decimal(50),
               deadline=D(2026, 12, 31)),
        actor=None,
    )  # fmt: skip
    (plan_duty,) = actions.do_assign_responsibility(
        plan.responsibilities.get(), actor=None, title="Tuyên truyền Tháng Công nhân", due_on=D(2026, 5, 30),
        units=[grassroots],
    )  # fmt: skip
    return SimpleNamespace(
        superuser=superuser, officer=USERS.objects.get(pk=officer.pk), province=province, ba_tri=ba_tri,
        grassroots=grassroots, channel=channel, plan=plan, target=target, plan_duty=plan_duty,
        campaign=approved_campaign(plan, ba_tri),
    )  # fmt: skip


def build_plan(unit) -> Plan:
    plan = Plan(
        issuing_unit=unit, number=5, symbol="KH-LĐLĐ", place="Ba Tri", issued_on=D(2026, 1, 10),
        title="Truyền thông Công đoàn năm 2026", period_start=D(2026, 1, 1), period_end=D(2026, 12, 31),
        status="issued",
    )  # fmt: skip
    plan.themes = [Theme(title="An toàn vệ sinh lao động")]
    plan.responsibilities = [Responsibility(unit=unit, heading="Công đoàn cơ sở", duties="Tổ chức tuyên truyền")]
    return actions.do_save_plan(plan, actor=None)


def approved_campaign(plan, unit) -> Campaign:
    actions.ensure_campaign_workflow()
    campaign = Campaign(plan=plan, theme=plan.themes.get(), unit=unit, title="Tháng Công nhân 2026",
                        start_date=D(2026, 5, 1), end_date=D(2026, 5, 31))  # fmt: skip
    campaign = actions.do_propose_campaign(campaign, actor=None)
    at = datetime.datetime(2026, 4, 20, 9, 0, tzinfo=datetime.UTC)
    return actions.do_decide_campaign(campaign, actor=None, approve=True, at=at)


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """Built once for the module, rolled back at its end."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield build_world()
        transaction.set_rollback(True)

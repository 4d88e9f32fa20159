"""A small tree for the inbox's staff screens: a province, its industrial-park union with
two grassroots unions (May Sông Tiền, Thủy sản Hàm Luông); the officer of Sông Tiền
(handles its cases, sees workers' contacts), the park's editor (handles, no contacts), the
province's approver (reads every case, handles none) and a viewer (no inbox at all). One
case from the portal for each grassroots union, the Sông Tiền one with a name and phone."""

from __future__ import annotations

import datetime
from types import SimpleNamespace

import pytest
from django.utils import timezone

from lantoa.inbox import intake
from lantoa.inbox.models import Case, Intake
from lantoa.org import actions as org_actions
from lantoa.org.tests.factories import fresh, make_unit, make_user

PASSWORD = "mat-khau-123"  # noqa: S105 - the factories' test password
WAGES = "Công ty may Sông Tiền nợ lương tháng 5 của cả xưởng, hẹn mãi không trả"
SAFETY = "Xưởng chế biến Hàm Luông không phát găng tay, khẩu trang cho công nhân"


def person(username, *roles, **extra):
    user = make_user(username, **extra)
    for unit, kind in roles:
        org_actions.do_assign_role(user=user, unit=unit, kind=kind, actor=None)
    return fresh(user)


def worker_writes(text, *, employer, external_id, sent_at=None, **fields) -> Case:
    """A worker's message through the intake, as the portal's form sends it."""
    inbound = intake.Inbound(intake=Intake.PORTAL, external_id=external_id, text=text,
                             sent_at=sent_at or timezone.now() - datetime.timedelta(hours=1),
                             employer=employer, consent=True, **fields)  # fmt: skip
    return Case.objects.get(pk=intake.receive(inbound).case_id)


def build() -> SimpleNamespace:
    province = make_unit(None, "provincial", "Liên đoàn Lao động tỉnh Vĩnh Long")
    park = make_unit(province, "industrial_park", "Công đoàn các Khu công nghiệp tỉnh Vĩnh Long")
    song_tien = make_unit(park, name="Công đoàn cơ sở Công ty TNHH May Sông Tiền")
    ham_luong = make_unit(park, name="Công đoàn cơ sở Công ty Cổ phần Thủy sản Hàm Luông")
    world = SimpleNamespace(
        province=province, park=park, song_tien=song_tien, ham_luong=ham_luong,
        officer=person("songtien_canbo", (song_tien, "unit_officer"), first_name="Lê Thị Thu"),
        park_editor=person("kcn_bientap", (park, "editor")),
        approver=person("tinh_duyet", (province, "approver")),
        viewer=person("tinh_xem", (province, "viewer")),
    )  # fmt: skip
    world.wages = worker_writes(WAGES, employer="cty may song tien", external_id="form-wages",
                                name="Nguyễn Thị Hoa", phone="0912000111")  # fmt: skip
    world.safety = worker_writes(SAFETY, employer="thuy san ham luong", external_id="form-safety")
    return world


@pytest.fixture
def world(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return build()

"""A small tree for the staff screens of the cascade: a province with two communes of two
grassroots unions each (the second's B2 without an officer) and an industrial park with
one; the province's editor, the first commune's editor and hub officer, a user who edits
the first commune and views the province, and the officer of A1. A live article of the
province, and one of the first commune (its own section)."""

from __future__ import annotations

import io
from types import SimpleNamespace

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from lantoa.org import actions as org_actions
from lantoa.org.tests.factories import fresh, make_unit, make_user
from lantoa.portal.actions import do_open_portal, do_open_section

from .officer_world import live_article

PASSWORD = "mat-khau-123"  # noqa: S105 - the factories' test password


def person(username, *roles):
    user = make_user(username)
    for unit, kind in roles:
        org_actions.do_assign_role(user=user, unit=unit, kind=kind, actor=None)
    return fresh(user)


def build() -> SimpleNamespace:
    province = make_unit(None, "provincial", "Liên đoàn Lao động tỉnh Vĩnh Long")
    c1 = make_unit(province, "commune", "Công đoàn phường Phú Khương")
    c2 = make_unit(province, "commune", "Công đoàn xã Long Hồ")
    park = make_unit(province, "industrial_park", "Công đoàn các khu công nghiệp")
    a1 = make_unit(c1, name="Công đoàn cơ sở Công ty May Sông Tiền", sector="Dệt may")
    a2 = make_unit(c1, name="Công đoàn cơ sở Trường Tiểu học Phú Khương", sector="Giáo dục")
    b1 = make_unit(c2, name="Công đoàn cơ sở Công ty Thủy sản Hàm Luông", sector="Thủy sản")
    b2 = make_unit(c2, name="Công đoàn cơ sở Trạm Y tế Long Hồ", sector="Y tế")
    p1 = make_unit(park, name="Công đoàn cơ sở Công ty Điện tử Hòa Phú", sector="Điện tử")
    home = do_open_portal(province, hostname="localhost", actor=None)
    world = SimpleNamespace(
        province=province, c1=c1, c2=c2, park=park, a1=a1, a2=a2, b1=b1, b2=b2, p1=p1, home=home,
        editor=person("tinh_bientap", (province, "editor")),
        commune_editor=person("phukhuong_bientap", (c1, "editor")),
        mixed=person("phukhuong_hon_hop", (c1, "editor"), (province, "viewer")),
        hub=person("phukhuong_canbo", (c1, "unit_officer")),
        officer_a1=person("songtien_canbo", (a1, "unit_officer")),
        officer_b1=person("hamluong_canbo", (b1, "unit_officer")),
        officer_p1=person("hoaphu_canbo", (p1, "unit_officer")),
    )  # fmt: skip
    world.article = live_article(home, "Hưởng ứng Tháng Công nhân năm 2026")
    world.commune_article = live_article(do_open_section(c1, actor=None), "Phường Phú Khương ra quân Tháng Công nhân")
    return world


@pytest.fixture
def world(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return build()


def form_url(world, article=None) -> str:
    return reverse("cascade_dispatch_article", args=[(article or world.article).pk])


def form_data(world, **changes) -> dict:
    data = {
        "sender": world.province.pk,
        "title": world.article.title,
        "under": "",
        "sector": "",
        "codes": "",
        "actions": ["share_zalo_group", "bulletin_board"],
        "due_days": "5",
        "note": "Các đơn vị đăng trước thứ Sáu.",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def xlsx_upload(codes, name="ma-don-vi.xlsx") -> SimpleUploadedFile:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Mã đơn vị"])
    for code in codes:
        sheet.append([code])
    buffer = io.BytesIO()
    book.save(buffer)
    return SimpleUploadedFile(
        name, buffer.getvalue(), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )


def post_form(client, world, capture, *, article=None, **changes):
    with capture(execute=True):
        return client.post(form_url(world, article), form_data(world, **changes))

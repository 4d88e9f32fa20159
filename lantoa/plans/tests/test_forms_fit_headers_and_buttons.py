"""Listings of Lan Tỏa's own screens have column headers that start with a capital letter
(labels made from Django's lower-case verbose names included), and their create and edit
forms are saved with "Lưu", not "Tạo"."""

from __future__ import annotations

import re
from html import unescape

import pytest
from django.urls import reverse
from django.utils import timezone

from lantoa.channels.actions import do_save_channel
from lantoa.channels.models import Channel
from lantoa.org.tests.factories import D
from lantoa.plans import actions
from lantoa.plans.models import Campaign, Responsibility, Target
from lantoa.privacy.models import AccessRecord, Breach

pytestmark = pytest.mark.django_db

INDEXES = [
    "unit:index", "role:index", "channel:index", "plan:index", "target:index", "cascade_dispatches",
    "wagtailsnippets_plans_campaign:list", "access_record:index", "privacy_breach:index",
]  # fmt: skip
CREATE_FORMS = ["unit:add", "role:add", "channel:add", "plan:add", "target:add", "privacy_breach:add"]


@pytest.fixture
def rows(plan, people, province):
    root, (ba_tri, _binh_dai) = province
    do_save_channel(Channel(), actor=None, unit=root, kind="bulletin_board", name="Bảng tin công đoàn")
    actions.do_save_target(
        Target(plan=plan, title="Ít nhất 03 chiến dịch", indicator="campaigns_run", target_value=3,
               deadline=D(2023, 12, 31)), actor=None)  # fmt: skip
    Campaign.objects.create(plan=plan, unit=root, title="Tháng Công nhân", start_date=D(2021, 5, 1),
                            end_date=D(2021, 5, 31))  # fmt: skip
    duty = Responsibility.objects.create(plan=plan, heading="Liên đoàn Lao động huyện", duties="Tuyên truyền")
    actions.do_assign_responsibility(duty, actor=None, title="Treo băng rôn", due_on=D(2021, 5, 1), units=[ba_tri])
    now = timezone.now()
    AccessRecord.objects.create(at=now, actor_label="admin", action="view", description="Xem hồ sơ")
    Breach.objects.create(unit=root, title="Lộ danh sách", discovered_at=now, data_affected="Họ tên")


def header_texts(html: str) -> list[str]:
    cells = re.findall(r"<th\b[^>]*>(.*?)</th>", html, flags=re.S)
    texts = [unescape(re.sub(r"<[^>]+>", " ", cell)) for cell in cells]
    return [" ".join(text.split()) for text in texts if text.strip()]


@pytest.mark.parametrize("url_name", INDEXES)
def test_every_column_header_starts_with_a_capital(admin_client, rows, url_name):
    html = admin_client.get(reverse(url_name)).content.decode()
    headers = header_texts(html)
    assert headers, f"{url_name} shows no table"
    lower = [text for text in headers if not text[0].isupper()]
    assert not lower, f"{url_name}: {lower}"


@pytest.mark.parametrize("url_name", CREATE_FORMS)
def test_create_forms_are_saved_with_luu(admin_client, rows, url_name):
    html = admin_client.get(reverse(url_name)).content.decode()
    labels = re.findall(r'<em data-w-progress-target="label">(.*?)</em>', html)
    assert labels and labels[0] == "Lưu", (url_name, labels)
    assert "Tạo</em>" not in html

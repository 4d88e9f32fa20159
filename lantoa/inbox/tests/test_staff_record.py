"""A hotline call or a visit entered by the officer who took it becomes a case like any
message: classified, routed by the employer, once per submission, with the worker's
agreement asked and what was typed kept on a mistake."""

import re

import pytest
from django.urls import reverse

from lantoa.inbox.models import Case, Intake

from .staff_world import PASSWORD, world  # noqa: F401 - the fixture

pytestmark = pytest.mark.django_db


def data(world, **changes):  # noqa: F811
    base = {"intake": Intake.HOTLINE, "unit": world.park.pk, "token": "tok-hotline-1", "consent": "on",
            "text": "Chị công nhân gọi: công ty thủy sản Hàm Luông bắt tăng ca đến 22 giờ", "employer": "Hàm Luông",
            "name": "Trần Thị Mai", "phone": "0912 000 222"}  # fmt: skip
    base.update(changes)
    return {name: value for name, value in base.items() if value is not None}


def test_a_call_becomes_a_case_routed_by_the_employer_once(client, world):  # noqa: F811
    client.login(username=world.park_editor.username, password=PASSWORD)
    url = reverse("inbox_record")
    assert client.get(url).status_code == 200
    response = client.post(url, data(world))
    case = Case.objects.get(intake=Intake.HOTLINE)
    assert response.status_code == 302 and response["Location"] == reverse("inbox_case", args=[case.pk])
    assert case.unit == world.ham_luong and case.topic == "working_time"
    assert case.contact.name == "Trần Thị Mai" and case.contact.phone == "+84912000222"
    client.post(url, data(world))  # the same form sent twice
    assert Case.objects.filter(intake=Intake.HOTLINE).count() == 1


def test_without_the_workers_agreement_nothing_is_recorded_and_the_text_stays(client, world):  # noqa: F811
    client.login(username=world.park_editor.username, password=PASSWORD)
    response = client.post(reverse("inbox_record"), data(world, consent=None, phone="12345"))
    html = response.content.decode()
    assert response.status_code == 200 and not Case.objects.filter(intake=Intake.HOTLINE).exists()
    assert "bắt tăng ca đến 22 giờ" in html and re.search(r'name="token" value="tok-hotline-1"', html)
    assert "Hãy hỏi ý kiến đồng ý của người lao động trước khi ghi nhận." in html


def test_only_staff_who_handle_cases_may_record(client, world):  # noqa: F811
    client.login(username=world.viewer.username, password=PASSWORD)
    assert client.get(reverse("inbox_record")).status_code in (302, 403)
    client.login(username=world.park_editor.username, password=PASSWORD)
    refused = client.post(reverse("inbox_record"), data(world, unit=world.province.pk))  # not the editor's
    assert refused.status_code == 200 and not Case.objects.filter(intake=Intake.HOTLINE).exists()

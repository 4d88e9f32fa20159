"""A plan number already used this year is refused on the form, in Vietnamese, with
everything typed still there (it used to answer 500 and lose the page)."""

import pytest
from django.urls import reverse

from lantoa.core.tests.formdata import form_data
from lantoa.plans.models import Plan

pytestmark = pytest.mark.django_db


def typed_plan(client, root, *, number):
    data = form_data(client.get(reverse("plan:add")).content.decode())
    data.update(
        issuing_unit=[str(root.pk)], number=[str(number)], symbol=["KH-LĐLĐ"], place=["Bến Tre"],
        issued_on=["20/11/2020"], title=["Tuyên truyền Tháng Công nhân"], basis=["Căn cứ Nghị quyết số 7"],
        period_start=["01/12/2020"], period_end=["31/12/2021"], signer_name=["Trần Văn Hòa"],
        **{"themes-TOTAL_FORMS": ["1"], "themes-0-title": ["Nhà ở cho công nhân"], "themes-0-ORDER": ["1"],
           "themes-0-id": [""], "themes-0-DELETE": [""]},
    )  # fmt: skip
    return data


def test_a_duplicate_plan_number_is_refused_on_the_form_with_what_was_typed(client, plan, people, province):
    editor, _leader, _ = people
    client.force_login(editor)
    response = client.post(reverse("plan:add"), typed_plan(client, province[0], number=196))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Số 196 đã được dùng trong năm nay; số còn trống tiếp theo là 197." in page
    for typed in ("Tuyên truyền Tháng Công nhân", "Căn cứ Nghị quyết số 7", "Trần Văn Hòa", "20/11/2020",
                  "Nhà ở cho công nhân", 'value="196"'):  # fmt: skip
        assert typed in page
    assert Plan.objects.count() == 1


def test_a_free_plan_number_is_saved(client, plan, people, province):
    editor, _leader, _ = people
    client.force_login(editor)
    response = client.post(reverse("plan:add"), typed_plan(client, province[0], number=197))
    assert response.status_code == 302
    assert Plan.objects.get(number=197).themes.get().title == "Nhà ở cho công nhân"

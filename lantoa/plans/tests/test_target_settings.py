"""A target whose indicator counts one item of a list (a content group, a channel) is given
that item on the target form: required for such kinds, stored in the target's params,
shown again on edit, dropped when the indicator changes."""

import pytest
from django.urls import reverse

from lantoa.plans.models import Target

pytestmark = pytest.mark.django_db


def target_post(plan, indicator, setting=""):
    return {
        "plan": plan.pk, "title": "Bài viết chuyên sâu trên Cổng", "indicator": indicator, "unit": plan.issuing_unit_id,
        "setting": setting, "target_value": "24", "deadline": "31/12/2023", "baseline_on": "", "check_dates": "",
        "order": "1",
    }  # fmt: skip


def test_a_kind_with_a_listed_setting_refuses_a_target_without_it(admin_client, plan):
    response = admin_client.post(reverse("target:add"), target_post(plan, "articles_in_group"))
    assert response.status_code == 200 and not Target.objects.exists()
    html = response.content.decode()
    assert "Chỉ tiêu này cần một thiết lập: hãy chọn trong danh sách." in html
    assert "Bài viết chuyên sâu trên Cổng" in html  # nothing typed is lost


def test_the_setting_is_stored_shown_again_and_dropped_with_its_kind(admin_client, plan):
    response = admin_client.post(
        reverse("target:add"), target_post(plan, "articles_in_group", "content_group=in_depth")
    )
    assert response.status_code == 302
    target = Target.objects.get()
    assert target.params == {"content_group": "in_depth"}
    edit = admin_client.get(reverse("target:edit", args=[target.pk])).content.decode()
    assert 'value="content_group=in_depth" selected' in edit and "Thiết lập của chỉ tiêu" in edit
    admin_client.post(reverse("target:edit", args=[target.pk]), target_post(plan, "articles_published"))
    target.refresh_from_db()
    assert target.indicator == "articles_published" and target.params == {}


def test_a_setting_of_another_kind_is_refused(admin_client, plan):
    admin_client.post(reverse("target:add"), target_post(plan, "articles_in_group", "channel=portal"))
    assert not Target.objects.exists()

"""A plan form posted with rows its management data announces but does not carry, or with
a row id that is no id (a tampered or truncated submission), answers 400 with a Vietnamese
message, never 500."""

import pytest
from django.urls import reverse

from lantoa.plans.models import Plan

pytestmark = pytest.mark.django_db


def plan_post(plan, **rows):
    theme = plan.themes.get()
    return {
        "issuing_unit": plan.issuing_unit_id, "doc_type": "KH", "number": plan.number, "symbol": plan.symbol,
        "place": plan.place, "issued_on": "05/10/2020", "title": plan.title, "period_start": "05/10/2020",
        "period_end": "31/12/2023", "status": "issued",
        "sections-TOTAL_FORMS": 1, "sections-INITIAL_FORMS": 1, "sections-MIN_NUM_FORMS": 0,
        "sections-MAX_NUM_FORMS": 1000, "key_messages-TOTAL_FORMS": 0, "key_messages-INITIAL_FORMS": 0,
        "key_messages-MIN_NUM_FORMS": 0, "key_messages-MAX_NUM_FORMS": 1000,
        "themes-TOTAL_FORMS": 1, "themes-INITIAL_FORMS": 1, "themes-MIN_NUM_FORMS": 0, "themes-MAX_NUM_FORMS": 1000,
        "themes-0-id": theme.pk, "themes-0-title": theme.title, "themes-0-ORDER": 1,
        "responsibilities-TOTAL_FORMS": 0, "responsibilities-INITIAL_FORMS": 0,
        "responsibilities-MIN_NUM_FORMS": 0, "responsibilities-MAX_NUM_FORMS": 1000,
        **rows,
    }  # fmt: skip


@pytest.mark.parametrize("rows", [{}, {"sections-0-id": "2026-13-45"}], ids=["row missing", "id not a number"])
def test_a_tampered_plan_form_answers_400_in_vietnamese(admin_client, plan, rows):
    title = plan.title
    response = admin_client.post(reverse("plan:edit", args=[plan.pk]), {**plan_post(plan, **rows), "title": "Sửa"})
    assert response.status_code == 400
    assert "Biểu mẫu gửi lên không đầy đủ" in response.content.decode()
    assert Plan.objects.get(pk=plan.pk).title == title

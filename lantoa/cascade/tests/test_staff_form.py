""" "Gửi xuống cơ sở": the dispatch form on a live article: targets by subtree, kinds, a
pasted list of codes, an uploaded .xlsx of codes (unknown codes listed back in
Vietnamese); the same content sent twice is one dispatch; a mistake re-renders the form
with what was typed; whatever is typed, never a server error."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lantoa.cascade.models import Dispatch, UnitTask
from lantoa.plans.calendar import add_working_days

from . import staff_world
from .staff_world import PASSWORD, form_data, form_url, post_form, xlsx_upload

world = staff_world.world  # the fixture

pytestmark = pytest.mark.django_db


def signed_in(client, user):
    client.login(username=user.username, password=PASSWORD)
    return client


def task_units(dispatch) -> set[int]:
    return set(UnitTask.objects.filter(dispatch=dispatch).values_list("unit_id", flat=True))


def test_the_form_opens_on_the_article_with_its_unit_and_the_due_day(client, world):
    signed_in(client, world.editor)
    response = client.get(form_url(world))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Gửi xuống cơ sở" in body
    due = add_working_days(timezone.localdate(), 5)
    assert f"data-due-day>{due:%d/%m/%Y}<" in body
    assert re.search(rf'<option value="{world.province.pk}" selected>', body)
    assert "Chia sẻ vào nhóm Zalo của đơn vị" in body and "Đăng lên bảng tin" in body
    assert f'value="{world.article.title}"' in body


def test_targets_by_subtree_and_by_kind(client, world, django_capture_on_commit_callbacks):
    signed_in(client, world.editor)
    response = post_form(client, world, django_capture_on_commit_callbacks, under=world.c1.pk)
    dispatch = Dispatch.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("cascade_dispatch", args=[dispatch.pk])
    assert dispatch.targets == {"under": world.c1.pk}
    assert task_units(dispatch) == {world.a1.pk, world.a2.pk}
    assert dispatch.due_on == add_working_days(timezone.localdate(), 5)
    assert dispatch.note == "Các đơn vị đăng trước thứ Sáu." and dispatch.sent_by == world.editor
    post_form(client, world, django_capture_on_commit_callbacks, kinds=["commune", "industrial_park"])
    by_kind = Dispatch.objects.exclude(pk=dispatch.pk).get()
    assert task_units(by_kind) == {world.c1.pk, world.c2.pk, world.park.pk}
    post_form(client, world, django_capture_on_commit_callbacks, sector="Thủy sản", due_days="3")
    by_sector = Dispatch.objects.get(targets={"sector": "Thủy sản"})
    assert task_units(by_sector) == {world.b1.pk}
    assert by_sector.due_on == add_working_days(timezone.localdate(), 3)


def test_a_pasted_list_with_an_unknown_code_is_listed_back_and_kept(client, world, django_capture_on_commit_callbacks):
    signed_in(client, world.editor)
    pasted = f"{world.a1.code}, {world.b1.code}\nKHONG-CO-1; KHONG-CO-2"
    response = post_form(client, world, django_capture_on_commit_callbacks, codes=pasted, note="Ghi chú giữ lại")
    assert response.status_code == 200 and not Dispatch.objects.exists()
    body = response.content.decode()
    assert "Không tìm thấy dưới đơn vị gửi" in body and "KHONG-CO-1, KHONG-CO-2" in body
    assert pasted in body.replace("&#x27;", "'") and "Ghi chú giữ lại" in body
    post_form(client, world, django_capture_on_commit_callbacks, codes=f"{world.a1.code}\n{world.b1.code}")
    dispatch = Dispatch.objects.get()
    assert dispatch.targets == {"codes": sorted([world.a1.code, world.b1.code])}
    assert task_units(dispatch) == {world.a1.pk, world.b1.pk}


def test_an_uploaded_xlsx_of_codes(client, world, django_capture_on_commit_callbacks):
    signed_in(client, world.editor)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            form_url(world), form_data(world, codes_file=xlsx_upload([world.a2.code, "KHONG-CO", world.p1.code]))
        )
    assert response.status_code == 200 and not Dispatch.objects.exists()
    body = response.content.decode()
    assert "Không tìm thấy dưới đơn vị gửi" in body and "KHONG-CO" in body
    # The file's codes are put in the list, for the sender to correct there.
    assert f"{world.a2.code}\nKHONG-CO\n{world.p1.code}" in body
    with django_capture_on_commit_callbacks(execute=True):
        client.post(form_url(world), form_data(world, codes_file=xlsx_upload([world.a2.code, world.p1.code])))
    assert task_units(Dispatch.objects.get()) == {world.a2.pk, world.p1.pk}
    not_excel = SimpleUploadedFile("ma-don-vi.xlsx", b"not a zip", "application/octet-stream")
    response = client.post(form_url(world), form_data(world, codes_file=not_excel, title="Tin khác"))
    assert response.status_code == 200 and "không phải tệp Excel" in response.content.decode()


def test_sending_the_same_content_again_says_so_and_links_to_it(client, world, django_capture_on_commit_callbacks):
    signed_in(client, world.editor)
    first = post_form(client, world, django_capture_on_commit_callbacks, under=world.c2.pk)
    again = post_form(client, world, django_capture_on_commit_callbacks, under=world.c2.pk, due_days="8", note="Khác")
    dispatch = Dispatch.objects.get()
    assert again.status_code == 302 and again["Location"] == first["Location"]
    assert UnitTask.objects.count() == 2 * 2
    page = client.get(again["Location"]).content.decode()
    assert "đã được gửi" in page and f'href="{first["Location"]}"' in page
    assert dispatch.note == "Các đơn vị đăng trước thứ Sáu."


def test_a_mistake_re_renders_with_everything_typed(client, world, django_capture_on_commit_callbacks):
    signed_in(client, world.editor)
    response = post_form(
        client, world, django_capture_on_commit_callbacks, actions=[], due_days="0", title="Tiêu đề đã gõ",
        note="Ghi chú đã gõ", sector="Dệt may", kinds=["grassroots"],
    )  # fmt: skip
    assert response.status_code == 200 and not Dispatch.objects.exists()
    body = response.content.decode()
    assert "Hãy chọn ít nhất một việc cho các đơn vị." in body
    assert "Các đơn vị cần ít nhất một ngày làm việc." in body
    assert 'value="Tiêu đề đã gõ"' in body and "Ghi chú đã gõ" in body and 'value="Dệt may"' in body
    assert re.search(r'value="grassroots"[^>]*checked', body)
    assert 'value="0"' in body
    response = post_form(client, world, django_capture_on_commit_callbacks, sector="Không có ngành này")
    assert "Không có đơn vị nào" in response.content.decode() and not Dispatch.objects.exists()


FIELD_TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=40)


@settings(max_examples=30, derandomize=True, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    sender=st.one_of(FIELD_TEXT, st.sampled_from(["province", "c1", "a1", "-1", "999999"])),
    under=st.one_of(FIELD_TEXT, st.sampled_from(["c1", "c2", "province", "a1", ""])),
    kinds=st.lists(st.one_of(FIELD_TEXT, st.sampled_from(["commune", "grassroots", "board"])), max_size=3),
    codes=FIELD_TEXT,
    acts=st.lists(st.one_of(FIELD_TEXT, st.sampled_from(["share_zalo_group", "poster"])), max_size=3),
    due_days=st.one_of(FIELD_TEXT, st.integers(-5, 200).map(str)),
    title=FIELD_TEXT,
    note=FIELD_TEXT,
)
def test_any_input_re_renders_or_sends_never_fails(
    client, world, django_capture_on_commit_callbacks, sender, under, kinds, codes, acts, due_days, title, note
):  # fmt: skip
    signed_in(client, world.editor)
    pick = {"province": world.province.pk, "c1": world.c1.pk, "c2": world.c2.pk, "a1": world.a1.pk}
    data = {
        "sender": pick.get(sender, sender), "under": pick.get(under, under), "kinds": kinds, "codes": codes,
        "actions": acts, "due_days": due_days, "title": title, "note": note, "sector": "",
    }  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(form_url(world), data)
    assert response.status_code in (200, 302)
    if response.status_code == 200:
        assert "Chưa gửi" in response.content.decode()
    assert not Dispatch.objects.exclude(sender_unit__in=[world.province, world.c1]).exists()


def test_a_draft_or_unknown_article_has_no_form(client, world):
    signed_in(client, world.editor)
    world.article.unpublish()
    assert client.get(form_url(world)).status_code == 404
    assert client.get(reverse("cascade_dispatch_article", args=[999999])).status_code == 404


def approved_campaign(world):
    from lantoa.plans import actions as plan_actions
    from lantoa.plans.models import Campaign, Plan, Theme

    plan_actions.ensure_campaign_workflow()
    today = timezone.localdate()
    plan = Plan(
        issuing_unit=world.province, symbol="KH-LĐLĐ", number=7, place="Vĩnh Long", issued_on=today,
        title="Kế hoạch tuyên truyền năm 2026", period_start=today, period_end=today.replace(month=12, day=31),
    )  # fmt: skip
    plan.themes = [Theme(title="Tháng Công nhân")]
    plan = plan_actions.do_save_plan(plan, actor=None)
    campaign = Campaign(plan=plan, theme=plan.themes.first(), unit=world.province, title="Chiến dịch Tháng Công nhân",
                        start_date=today, end_date=today.replace(month=12, day=31))  # fmt: skip
    campaign = plan_actions.do_propose_campaign(campaign, actor=None)
    return plan_actions.do_decide_campaign(campaign, actor=None, approve=True)


def test_an_approved_campaign_is_sent_down_too(client, world, django_capture_on_commit_callbacks):
    campaign = approved_campaign(world)
    signed_in(client, world.editor)
    url = reverse("cascade_dispatch_campaign", args=[campaign.pk])
    body = client.get(url).content.decode()
    assert 'value="Chiến dịch Tháng Công nhân"' in body and "Gửi chiến dịch" in body
    edit = client.get(reverse("wagtailsnippets_plans_campaign:edit", args=[campaign.pk])).content.decode()
    assert f'href="{url}"' in edit  # the campaign's action menu offers it
    data = form_data(world, title=campaign.title, kinds=["commune"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, data)
    dispatch = Dispatch.objects.get()
    assert response["Location"] == reverse("cascade_dispatch", args=[dispatch.pk])
    assert dispatch.campaign_id == campaign.pk and dispatch.article_id is None
    assert task_units(dispatch) == {world.c1.pk, world.c2.pk}
    signed_in(client, world.commune_editor)  # the province's campaign is not the commune's to send
    assert client.get(url).status_code == 404

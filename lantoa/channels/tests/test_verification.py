"""A unit registers its channels; the union above verifies them, or refuses them with a
reason, from its queue. Personas: lantoa/org/tests/personas.py (`commune_world`)."""

import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from wagtail.models import ModelLogEntry

from lantoa.channels import actions, queries
from lantoa.channels.forms import ChannelForm
from lantoa.channels.models import Channel, ChannelEventKind, ChannelKind, Verification
from lantoa.core.tests.formdata import form_data

pytestmark = pytest.mark.django_db

QUEUE = "channel_verification:index"


def register(unit, actor, slug="songtien", **fields):
    return actions.do_save_channel(
        Channel(), actor=actor, unit=unit, kind=ChannelKind.ZALO_GROUP, name=f"Nhóm Zalo {slug}",
        address=f"https://zalo.me/g/{slug}", **fields,
    )  # fmt: skip


@pytest.fixture
def group(commune_world):
    """The grassroots officer registers the union's Zalo group."""
    return register(commune_world["grassroots"], commune_world["officer"])


def denied(response) -> bool:
    """Wagtail answers a PermissionDenied with a redirect to the dashboard and a message."""
    return response.status_code == 403 or (response.status_code == 302 and response.url == "/admin/")


def signed_in(client, user):
    client.force_login(user)
    return client


def test_a_newly_registered_group_awaits_verification_for_its_unit(client, commune_world, group):
    assert group.verification == Verification.PENDING and not group.verified
    assert list(group.events.values_list("kind", flat=True)) == [ChannelEventKind.REGISTERED]
    page = signed_in(client, commune_world["officer"]).get(reverse("channel:index")).content.decode()
    assert "Chờ xác minh" in page


def test_the_channel_form_has_no_verified_field(client, commune_world, group):
    assert "verified" not in ChannelForm.base_fields
    page = signed_in(client, commune_world["officer"]).get(reverse("channel:edit", args=[group.pk]))
    assert 'name="verified"' not in page.content.decode()


def test_a_forged_verified_field_is_ignored(client, commune_world, group):
    client = signed_in(client, commune_world["officer"])
    data = form_data(client.get(reverse("channel:edit", args=[group.pk])).content.decode())
    data["verified"] = ["on"]
    data["verification"] = ["verified"]
    assert client.post(reverse("channel:edit", args=[group.pk]), data).status_code == 302
    group.refresh_from_db()
    assert group.verification == Verification.PENDING and not group.verified
    assert not group.events.filter(kind=ChannelEventKind.VERIFIED).exists()


def test_a_new_channel_posted_with_verified_stays_pending(client, commune_world):
    client = signed_in(client, commune_world["officer"])
    data = form_data(client.get(reverse("channel:add")).content.decode())
    data.update(
        unit=[str(commune_world["grassroots"].pk)], kind=["zalo_group"], name=["Nhóm mới"],
        address=["https://zalo.me/g/nhommoi"], purpose=["both"], verified=["on"],
    )  # fmt: skip
    assert client.post(reverse("channel:add"), data).status_code == 302
    assert Channel.objects.get(name="Nhóm mới").verification == Verification.PENDING


def test_the_unit_cannot_verify_its_own_channel(commune_world, group):
    officer = commune_world["officer"]
    with pytest.raises(ValidationError) as refused:
        actions.do_verify_channel(group, actor=officer)
    assert "do công đoàn cấp trên xác minh" in refused.value.messages[0]
    # The save action drops "verified" from the unit itself (the import passes it).
    saved = actions.do_save_channel(group, actor=officer, verified=True, name="Nhóm Zalo đổi tên")
    assert saved.verification == Verification.PENDING


def test_a_commune_admin_cannot_verify_the_commune_s_own_channel(commune_world):
    own = register(commune_world["commune"], commune_world["admin"], slug="phukhuong")
    with pytest.raises(ValidationError):
        actions.do_verify_channel(own, actor=commune_world["admin"])
    assert not queries.verification_queue(commune_world["admin"]).filter(pk=own.pk).exists()
    assert queries.verification_queue(commune_world["province_editor"]).filter(pk=own.pk).exists()


def test_the_queue_shows_to_the_level_above_only(client, commune_world, group):
    sibling_group = register(commune_world["sibling"], commune_world["sibling_officer"], slug="hamluong")
    above = signed_in(client, commune_world["admin"]).get(reverse(QUEUE))
    assert above.status_code == 200
    assert group.name in above.content.decode() and sibling_group.name not in above.content.decode()
    province = [c.pk for c in queries.verification_queue(commune_world["province_editor"])]
    assert province == [group.pk, sibling_group.pk]
    for name in ("officer", "sibling_officer"):
        client.force_login(commune_world[name])
        assert denied(client.get(reverse(QUEUE)))
        assert denied(client.post(reverse("channel_verification:verify", args=[group.pk])))
        assert denied(client.post(reverse("channel_verification:refuse", args=[group.pk]), {"reason": "x"}))
    group.refresh_from_db()
    assert group.verification == Verification.PENDING


def test_the_queue_menu_item_shows_to_the_level_above_only(client, commune_world):
    assert "/admin/channel-verification/" in signed_in(client, commune_world["admin"]).get("/admin/").content.decode()
    client.force_login(commune_world["officer"])
    assert "/admin/channel-verification/" not in client.get("/admin/").content.decode()


def test_a_channel_out_of_reach_is_not_found(client, commune_world, group):
    sibling_group = register(commune_world["sibling"], commune_world["sibling_officer"], slug="hamluong")
    client = signed_in(client, commune_world["admin"])
    assert client.post(reverse("channel_verification:verify", args=[sibling_group.pk])).status_code == 404
    assert client.get(reverse("channel_verification:refuse", args=[sibling_group.pk])).status_code == 404


def test_verifying_records_who_and_when(client, commune_world, group):
    admin = commune_world["admin"]
    at = datetime.datetime(2026, 5, 4, 3, 0, tzinfo=datetime.UTC)
    with time_machine.travel(at, tick=False):
        response = signed_in(client, admin).post(reverse("channel_verification:verify", args=[group.pk]))
    assert response.status_code == 302
    group.refresh_from_db()
    assert (group.verification, group.verified, group.verified_on, group.verified_by) == (
        Verification.VERIFIED, True, datetime.date(2026, 5, 4), admin,
    )  # fmt: skip
    event = group.events.get(kind=ChannelEventKind.VERIFIED)
    assert (event.on_date, event.actor) == (datetime.date(2026, 5, 4), admin)
    assert ModelLogEntry.objects.filter(action="lantoa.channels.verify", object_id=str(group.pk), user=admin).exists()
    assert group.name not in client.get(reverse(QUEUE)).content.decode()


def test_verifying_twice_says_it_is_done_already(client, commune_world, group):
    client = signed_in(client, commune_world["admin"])
    client.post(reverse("channel_verification:verify", args=[group.pk]))
    again = client.post(reverse("channel_verification:verify", args=[group.pk]), follow=True)
    assert "đã được xác minh" in again.content.decode()
    assert group.events.filter(kind=ChannelEventKind.VERIFIED).count() == 1


def test_refusing_records_who_when_and_why(client, commune_world, group):
    admin = commune_world["admin"]
    reason = "Nhóm chưa có cán bộ công đoàn làm quản trị viên."
    response = signed_in(client, admin).post(
        reverse("channel_verification:refuse", args=[group.pk]), {"reason": reason}
    )
    assert response.status_code == 302
    group.refresh_from_db()
    assert group.verification == Verification.REFUSED and not group.verified
    event = group.events.get(kind=ChannelEventKind.UNVERIFIED)
    assert (event.actor, event.reason, event.on_date) == (admin, reason, timezone.localdate(event.recorded_at))
    entry = ModelLogEntry.objects.get(action="lantoa.channels.refuse", object_id=str(group.pk))
    assert entry.user == admin and entry.data["reason"] == reason
    # The unit reads the refusal and its reason in its register.
    client.force_login(commune_world["officer"])
    assert f"Không được xác minh: {reason}" in client.get(reverse("channel:index")).content.decode()


def test_a_refusal_needs_a_reason(client, commune_world, group):
    client = signed_in(client, commune_world["admin"])
    response = client.post(reverse("channel_verification:refuse", args=[group.pk]), {"reason": "   "})
    assert response.status_code == 200
    assert "Hãy ghi lý do không xác minh kênh." in response.content.decode()
    with pytest.raises(ValidationError) as refused:
        actions.do_refuse_channel(group, actor=commune_world["admin"], reason="")
    assert refused.value.message_dict["reason"] == ["Hãy ghi lý do không xác minh kênh."]
    group.refresh_from_db()
    assert group.verification == Verification.PENDING


def test_a_refused_channel_returns_to_the_queue_once_its_unit_corrects_it(commune_world, group):
    admin = commune_world["admin"]
    actions.do_refuse_channel(group, actor=admin, reason="Liên kết không mở được nhóm.")
    assert not queries.verification_queue(admin).filter(pk=group.pk).exists()
    actions.do_save_channel(group, actor=commune_world["officer"], address="https://zalo.me/g/songtienmoi")
    assert queries.verification_queue(admin).filter(pk=group.pk).exists()


def test_a_verified_channel_whose_address_changes_is_verified_again(commune_world, group):
    actions.do_verify_channel(group, actor=commune_world["admin"])
    actions.do_save_channel(group, actor=commune_world["officer"], name="Nhóm Zalo đổi tên")
    group.refresh_from_db()
    assert group.verification == Verification.VERIFIED  # a new name is the same group
    actions.do_save_channel(group, actor=commune_world["officer"], address="https://zalo.me/g/khac")
    group.refresh_from_db()
    assert group.verification == Verification.PENDING and not group.verified
    assert group.events.filter(kind=ChannelEventKind.UNVERIFIED).count() == 1


def test_a_verification_does_not_block_an_edit_form_opened_before_it(client, commune_world, group):
    client = signed_in(client, commune_world["officer"])
    data = form_data(client.get(reverse("channel:edit", args=[group.pk])).content.decode())
    actions.do_verify_channel(group, actor=commune_world["admin"])
    data["location"] = ["Văn phòng công đoàn"]
    assert client.post(reverse("channel:edit", args=[group.pk]), data).status_code == 302
    group.refresh_from_db()
    assert group.location == "Văn phòng công đoàn" and group.verification == Verification.VERIFIED

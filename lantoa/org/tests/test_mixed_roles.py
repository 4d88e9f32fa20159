"""The issue's repro: one account is editor of a commune union and viewer of the province.
It reads the province and edits the commune, nothing more, on every screen."""

import pytest
from django.test import Client
from django.urls import reverse

from lantoa.channels import actions as channel_actions
from lantoa.channels.models import Channel
from lantoa.core.tests.formdata import form_data
from lantoa.org import actions
from lantoa.org.models import RoleKind
from lantoa.org.tests.factories import fresh, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def mixed(commune_world):
    user = make_user("phukhuong.bientap")
    actions.do_assign_role(user=user, unit=commune_world["commune"], kind=RoleKind.EDITOR, actor=None)
    actions.do_assign_role(user=user, unit=commune_world["province"], kind=RoleKind.VIEWER, actor=None)
    return fresh(user)


def channel_of(unit, name) -> Channel:
    return channel_actions.do_save_channel(
        Channel(unit=unit), actor=None, kind="zalo_group", name=name, address=f"https://zalo.me/g/{unit.pk}abc"
    )


def refused(response) -> bool:
    """403, or Wagtail's permission-denied redirect to the dashboard."""
    return response.status_code == 403 or (
        response.status_code == 302 and response["Location"] == reverse("wagtailadmin_home")
    )


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_province_channel_opens_read_only_and_its_edit_form_is_refused(commune_world, mixed):
    channel = channel_of(commune_world["province"], "Nhóm Zalo Ban Tuyên giáo tỉnh")
    client = signed_in(mixed)
    assert client.get(reverse("channel:inspect", args=[channel.pk])).status_code == 200
    assert refused(client.get(reverse("channel:edit", args=[channel.pk])))
    response = client.post(reverse("channel:edit", args=[channel.pk]), {"name": "Đã bị sửa", "kind": "zalo_group"})
    assert refused(response)
    assert Channel.objects.get(pk=channel.pk).name == "Nhóm Zalo Ban Tuyên giáo tỉnh"


def test_the_commune_channel_is_edited_and_saved(commune_world, mixed):
    channel = channel_of(commune_world["commune"], "Nhóm Zalo Công đoàn phường")
    client = signed_in(mixed)
    response = client.get(reverse("channel:edit", args=[channel.pk]))
    assert response.status_code == 200
    data = form_data(response.content.decode())
    data["name"] = "Nhóm Zalo Công đoàn phường Phú Khương"
    response = client.post(reverse("channel:edit", args=[channel.pk]), data)
    assert response.status_code == 302, response.content.decode()[:500]
    assert Channel.objects.get(pk=channel.pk).name == "Nhóm Zalo Công đoàn phường Phú Khương"


def test_the_new_channel_form_offers_the_commune_subtree_and_never_the_province(commune_world, mixed):
    response = signed_in(mixed).get(reverse("channel:add"))
    choices = response.context["form"].fields["unit"].queryset
    names = set(choices.values_list("name", flat=True))
    assert commune_world["commune"].name in names and commune_world["grassroots"].name in names
    assert commune_world["province"].name not in names
    assert commune_world["sibling"].name not in names


def test_the_channel_listing_shows_the_province_but_the_edit_link_only_below(commune_world, mixed):
    above = channel_of(commune_world["province"], "Nhóm Zalo Ban Tuyên giáo tỉnh")
    below = channel_of(commune_world["commune"], "Nhóm Zalo Công đoàn phường")
    page = signed_in(mixed).get(reverse("channel:index")).content.decode()
    assert above.name in page and below.name in page
    assert reverse("channel:edit", args=[below.pk]) in page
    assert reverse("channel:edit", args=[above.pk]) not in page


def test_the_province_unit_cannot_be_edited_or_reorganised(commune_world, mixed):
    client = signed_in(mixed)
    province = commune_world["province"]
    assert refused(client.get(reverse("unit:edit", args=[province.pk])))
    assert refused(client.get(reverse("org_reorganise", args=[province.pk])))

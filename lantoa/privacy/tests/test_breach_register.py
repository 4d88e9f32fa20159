"""The breach register: what happened, when, whom it touched, who was told and when; kept
by superusers and federation admins for their units, in Vietnamese, dd/mm/yyyy."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from lantoa.privacy.actions import do_save_breach
from lantoa.privacy.models import Breach

pytestmark = pytest.mark.django_db
ADD = reverse("privacy_breach:add")


def breach_form(unit, **extra):
    return {
        "unit": unit.pk,
        "title": "Lộ danh sách đoàn viên qua nhóm Zalo",
        "description": "",
        "occurred_at": "02/03/2026 08:00",
        "discovered_at": "03/03/2026 09:30",
        "data_affected": "Họ tên, số điện thoại",
        "people_affected": "120",
        "authority_notified_at": "",
        "authority_reference": "",
        "people_notified_at": "",
        "people_notification": "",
        "measures": "Xóa tin nhắn, đổi mật khẩu nhóm",
        **extra,
    }


def make_breach(unit, actor, **fields):
    values = {
        "unit": unit,
        "title": f"Sự cố tại {unit.name}",
        "discovered_at": timezone.now() - datetime.timedelta(hours=10),
        "data_affected": "Họ tên",
    }
    return do_save_breach(Breach(), actor=actor, **{**values, **fields})


def test_a_federation_admin_records_a_breach_of_their_unit(world, as_user):
    response = as_user(world["admin"]).post(ADD, breach_form(world["grassroots"]))
    assert response.status_code == 302, response.content.decode()[:2000]
    breach = Breach.objects.get()
    assert (breach.unit, breach.people_affected, breach.recorded_by) == (world["grassroots"], 120, world["admin"])
    assert timezone.localtime(breach.discovered_at).strftime("%d/%m/%Y %H:%M") == "03/03/2026 09:30"
    assert timezone.localtime(breach.authority_deadline).strftime("%d/%m/%Y %H:%M") == "06/03/2026 09:30"


def test_a_sibling_unit_cannot_be_chosen(world, as_user):
    response = as_user(world["admin"]).post(ADD, breach_form(world["sibling"]))
    assert response.status_code == 200
    assert not Breach.objects.exists()


def test_a_breach_cannot_be_told_before_it_was_discovered(world, as_user):
    form = breach_form(world["grassroots"], authority_notified_at="01/03/2026 10:00")
    response = as_user(world["admin"]).post(ADD, form)
    assert response.status_code == 200
    assert "Lộ danh sách đoàn viên qua nhóm Zalo" in response.content.decode()  # what was typed is kept
    assert not Breach.objects.exists()


def test_the_register_lists_only_the_admins_units_with_the_72_hour_deadline(world, as_user):
    ours = make_breach(world["grassroots"], world["superuser"])
    theirs = make_breach(world["sibling"], world["superuser"])
    response = as_user(world["admin"]).get(reverse("privacy_breach:index"))
    assert response.status_code == 200
    page = response.content.decode()
    assert ours.title in page and theirs.title not in page
    assert timezone.localtime(ours.authority_deadline).strftime("%d/%m/%Y %H:%M") in page


def test_a_late_notification_is_flagged(world):
    four_days_ago = timezone.now() - datetime.timedelta(days=4)
    late = make_breach(world["grassroots"], world["superuser"], discovered_at=four_days_ago)
    on_time = make_breach(world["grassroots"], world["superuser"])
    assert late.authority_notified_late() and not on_time.authority_notified_late()


def test_a_unit_officer_is_refused_the_register(world, as_user):
    breach = make_breach(world["grassroots"], world["superuser"])
    client = as_user(world["officer"])
    for url in (
        reverse("privacy_breach:index"),
        ADD,
        reverse("privacy_breach:edit", args=[breach.pk]),
        reverse("privacy_breach:inspect", args=[breach.pk]),
    ):
        assert client.get(url).status_code in (302, 403), url


def test_a_sibling_admin_cannot_open_or_change_our_breach(world, as_user):
    breach = make_breach(world["grassroots"], world["superuser"])
    client = as_user(world["sibling_admin"])
    assert client.get(reverse("privacy_breach:edit", args=[breach.pk])).status_code in (302, 403, 404)
    response = client.post(reverse("privacy_breach:edit", args=[breach.pk]), breach_form(world["sibling"]))
    assert response.status_code in (302, 403, 404)
    assert Breach.objects.get().unit == world["grassroots"]


def test_nobody_deletes_a_breach(world, as_user):
    breach = make_breach(world["grassroots"], world["superuser"])
    for user in (world["admin"], world["superuser"]):
        response = as_user(user).post(reverse("privacy_breach:delete", args=[breach.pk]))
        assert response.status_code in (302, 403)
    assert Breach.objects.filter(pk=breach.pk).exists()


OBJECT_ROUTES = ("edit", "delete", "history", "history_results", "usage", "inspect")


def test_every_breach_route_refuses_an_officer_and_a_sibling_admin(world, as_user):
    breach = make_breach(world["grassroots"], world["superuser"])
    officer = as_user(world["officer"])
    for name in ("index", "index_results", "add", *OBJECT_ROUTES):
        url = reverse(f"privacy_breach:{name}", args=[] if name in ("index", "index_results", "add") else [breach.pk])
        assert officer.get(url).status_code in (302, 403), url
    sibling_admin = as_user(world["sibling_admin"])
    for name in OBJECT_ROUTES:
        response = sibling_admin.get(reverse(f"privacy_breach:{name}", args=[breach.pk]))
        assert response.status_code in (302, 403, 404), name
        assert breach.title not in response.content.decode()

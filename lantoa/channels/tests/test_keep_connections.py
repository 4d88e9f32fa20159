"""A Zalo OA whose refresh token would run out soon is renewed by the periodic job, against
the fake Zalo: the new pair is stored, the old refresh token spent once; an OA far from
running out is left alone; a refused renewal marks the connection "cần kết nối lại" and
tells the unit's officers; a Facebook page (its token does not expire) is never asked."""

import datetime

import pytest
from django.utils import timezone

from lantoa.channels import publishing
from lantoa.channels.connections import do_connect, secrets_of
from lantoa.channels.models import Channel, ChannelKind, Connection, ConnectionStatus
from lantoa.lib.tasks import PERIODIC
from lantoa.org.actions import do_assign_role
from lantoa.org.models import RoleKind
from lantoa.org.tests.factories import make_unit, make_user
from lantoa.workspace.models import Notification

pytestmark = pytest.mark.django_db


@pytest.fixture
def unit():
    province = make_unit(None, "provincial", "Liên đoàn Lao động tỉnh Vĩnh Long")
    officer = make_user("vl.vanphong")
    do_assign_role(user=officer, unit=province, kind=RoleKind.UNIT_OFFICER, actor=None)
    return province


def oa_connection(unit, zalo, *, name: str, runs_out_in: datetime.timedelta) -> Connection:
    channel = Channel.objects.create(unit=unit, kind=ChannelKind.ZALO_OA, name=name)
    access, refresh = zalo._issue_pair()
    now = timezone.now()
    return do_connect(channel, account_id=zalo.oa_id, secrets={"access_token": access, "refresh_token": refresh},
                      access_expires_at=now + datetime.timedelta(hours=20),
                      refresh_expires_at=now + runs_out_in)  # fmt: skip


def test_an_oa_about_to_run_out_is_renewed_and_one_far_from_it_is_left_alone(unit, zalo):
    soon = oa_connection(unit, zalo, name="Zalo OA LĐLĐ tỉnh", runs_out_in=datetime.timedelta(days=5))
    later = oa_connection(unit, zalo, name="Zalo OA Công đoàn KCN", runs_out_in=datetime.timedelta(days=60))
    before_soon, before_later = secrets_of(soon), secrets_of(later)

    assert publishing.keep_connections_alive() == {"renewed": 1, "refused": 0, "failed": 0}

    soon.refresh_from_db()
    renewed = secrets_of(soon)
    assert renewed["access_token"] != before_soon["access_token"]
    assert renewed["refresh_token"] != before_soon["refresh_token"]
    assert zalo.state.refresh_tokens[before_soon["refresh_token"]] == "used"
    assert zalo.state.refresh_tokens[renewed["refresh_token"]] == "valid"
    assert soon.refresh_expires_at > timezone.now() + datetime.timedelta(days=80)
    assert soon.status == ConnectionStatus.CONNECTED
    later.refresh_from_db()
    assert secrets_of(later) == before_later


def test_a_refused_renewal_asks_for_reconnection_and_tells_the_officers_once(
    unit, zalo, django_capture_on_commit_callbacks
):
    connection = oa_connection(unit, zalo, name="Zalo OA LĐLĐ tỉnh", runs_out_in=datetime.timedelta(days=3))
    zalo.revoke()
    with django_capture_on_commit_callbacks(execute=True):
        assert publishing.keep_connections_alive() == {"renewed": 0, "refused": 1, "failed": 0}
    connection.refresh_from_db()
    assert connection.status == ConnectionStatus.NEEDS_RECONNECT and "kết nối lại" in connection.problem
    assert secrets_of(connection)["refresh_token"] not in connection.problem
    told = Notification.objects.filter(kind="channels.needs_reconnect")
    assert list(told.values_list("recipient__username", flat=True)) == ["vl.vanphong"]
    assert publishing.keep_connections_alive() == {"renewed": 0, "refused": 0, "failed": 0}  # marked: not asked again
    assert told.count() == 1


def test_a_passing_failure_is_tried_on_the_next_run_and_pages_are_never_asked(unit, zalo):
    connection = oa_connection(unit, zalo, name="Zalo OA LĐLĐ tỉnh", runs_out_in=datetime.timedelta(days=3))
    page = Channel.objects.create(unit=unit, kind=ChannelKind.FACEBOOK_PAGE, name="Trang LĐLĐ tỉnh")
    do_connect(page, account_id="61550000000000123", secrets={"page_token": "EAAG-page"},
               refresh_expires_at=timezone.now() + datetime.timedelta(days=1))  # fmt: skip
    zalo.misbehave("server_error")
    assert publishing.keep_connections_alive() == {"renewed": 0, "refused": 0, "failed": 1}
    connection.refresh_from_db()
    assert connection.status == ConnectionStatus.CONNECTED
    assert publishing.keep_connections_alive() == {"renewed": 1, "refused": 0, "failed": 0}


def test_the_job_runs_twice_a_day():
    assert PERIODIC["channels.keep_connections"].every == datetime.timedelta(hours=12)

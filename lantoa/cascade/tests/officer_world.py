"""A small tree for the officer's pages: a province with two communes; under the first,
grassroots union A (with its officer) and B (without one); under the second, C (with its
officer). The province dispatches a live article to every grassroots union."""

from __future__ import annotations

import datetime
import io
from types import SimpleNamespace

import pytest
from django.utils import timezone
from PIL import Image

from lantoa.cascade import actions
from lantoa.cascade.models import UnitTask
from lantoa.channels.actions import do_save_channel
from lantoa.channels.models import Channel
from lantoa.content.models import ArticlePage
from lantoa.org.models import Role, RoleKind
from lantoa.org.tests.factories import fresh, make_unit, make_user
from lantoa.portal.actions import do_open_portal

PASSWORD = "mat-khau-123"  # noqa: S105 - the factories' test password
DUE = timezone.localdate() + datetime.timedelta(days=5)
ALL_ACTIONS = ["share_facebook_page", "share_zalo_group", "bulletin_board"]


def officer(username, unit, kind=RoleKind.UNIT_OFFICER):
    user = make_user(username)
    Role.objects.create(user=user, unit=unit, kind=kind)
    return fresh(user)


def live_article(home, title="Hưởng ứng Tháng Công nhân năm 2026") -> ArticlePage:
    article = ArticlePage(title=title, summary="Công đoàn tỉnh phát động Tháng Công nhân.", live=False)
    home.add_child(instance=article)
    article.save_revision().publish()
    return ArticlePage.objects.get(pk=article.pk)


def dispatch(world, capture, *, actions_list=ALL_ACTIONS, title=None, article=None):
    with capture(execute=True):
        sent, _new = actions.do_dispatch(
            sender=world.province, actor=None, title=title or world.article.title, actions=list(actions_list),
            due_on=DUE, targets={"kinds": ["grassroots"]}, article=article or world.article,
            note="Các công đoàn cơ sở chia sẻ trước ngày hạn.",
        )  # fmt: skip
    return sent


def task_of(unit, action, sent=None) -> UnitTask:
    tasks = UnitTask.objects.filter(unit=unit, action=action)
    return (tasks.filter(dispatch=sent) if sent else tasks).get()


def build(capture) -> SimpleNamespace:
    province = make_unit(None, "provincial", "Liên đoàn Lao động tỉnh Vĩnh Long")
    commune = make_unit(province, "commune", "Công đoàn phường Phú Khương")
    other = make_unit(province, "commune", "Công đoàn xã Long Hồ")
    a = make_unit(commune, name="Công đoàn cơ sở Công ty May Sông Tiền")
    b = make_unit(commune, name="Công đoàn cơ sở Trường Tiểu học Phú Khương")
    c = make_unit(other, name="Công đoàn cơ sở Công ty Thủy sản Hàm Luông")
    home = do_open_portal(province, hostname="localhost", actor=None)
    world = SimpleNamespace(
        province=province, commune=commune, other=other, a=a, b=b, c=c, home=home,
        officer_a=officer("songtien", a), officer_c=officer("hamluong", c), hub=officer("phukhuong", commune),
    )  # fmt: skip
    world.article = live_article(home)
    world.page_channel = do_save_channel(
        Channel(), actor=None, unit=a, kind="facebook_page", name="Trang Facebook CĐCS May Sông Tiền",
        address="https://www.facebook.com/maysongtien",
    )  # fmt: skip
    world.zalo_channel = do_save_channel(
        Channel(), actor=None, unit=a, kind="zalo_group", name="Nhóm Zalo CĐCS May Sông Tiền",
        address="https://zalo.me/g/songtien",
    )  # fmt: skip
    world.sent = dispatch(world, capture)
    return world


@pytest.fixture
def world(django_capture_on_commit_callbacks, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return build(django_capture_on_commit_callbacks)


def jpeg_with_gps(size=(40, 30), *, latitude=(10.0, 14.0, 3.0)) -> bytes:
    """A JPEG whose EXIF says where it was taken (and on which camera)."""
    image = Image.new("RGB", size, (200, 40, 40))
    exif = Image.Exif()
    exif[0x010F] = "Máy ảnh thử"  # Make
    exif[0x8825] = {1: "N", 2: latitude, 3: "E", 4: (106.0, 22.0, 30.0)}
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", exif=exif.tobytes())
    return buffer.getvalue()

"""A province with two grassroots unions A and B, their officers and a few channels,
shared by the channel tests."""

import datetime
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model

from lantoa.channels.actions import do_save_channel
from lantoa.channels.models import Channel, ChannelKind, FundingSource, Purpose
from lantoa.org.actions import do_assign_role, do_create_unit
from lantoa.org.models import RoleKind, UnitKind

START = datetime.date(2020, 1, 1)


@pytest.fixture
def tree(db):
    def unit(code, kind, name, parent):
        return do_create_unit(code=code, kind=kind, name=name, parent=parent, valid_from=START)

    top = unit("TLD", UnitKind.CONFEDERATION, "Tổng Liên đoàn", None)
    province = unit("LDLD-HN", UnitKind.PROVINCIAL, "LĐLĐ Hà Nội", top)
    a = unit("CDCS-A", UnitKind.GRASSROOTS, "CĐCS Công ty A", province)
    b = unit("CDCS-B", UnitKind.GRASSROOTS, "CĐCS Công ty B", province)
    return {"top": top, "province": province, "a": a, "b": b}


@pytest.fixture
def admin_user(db):
    return get_user_model().objects.create_superuser(username="admin", email="admin@example.com")


@pytest.fixture
def officer(tree, admin_user):
    user = get_user_model().objects.create_user(username="officer_a")
    do_assign_role(user=user, unit=tree["a"], kind=RoleKind.UNIT_OFFICER, actor=admin_user)
    return user


@pytest.fixture
def viewer(tree, admin_user):
    user = get_user_model().objects.create_user(username="viewer_a")
    do_assign_role(user=user, unit=tree["a"], kind=RoleKind.VIEWER, actor=admin_user)
    return user


@pytest.fixture
def channels(tree, admin_user):
    zalo = do_save_channel(
        Channel(),
        actor=admin_user,
        verified=True,
        unit=tree["a"],
        kind=ChannelKind.ZALO_GROUP,
        name="Nhóm Zalo CĐCS A",
        address="https://zalo.me/g/abcxyz",
        purpose=Purpose.FEEDBACK,
        admins="Nguyễn Văn An\nTrần Thị Bình",
        audience_count=1250,
        audience_counted_on=datetime.date(2025, 3, 5),
        funding_source=FundingSource.BUDGET,
        cost=Decimal("1500000"),
    )
    board = do_save_channel(
        Channel(),
        actor=admin_user,
        unit=tree["a"],
        kind=ChannelKind.BULLETIN_BOARD,
        name="Bảng tin nhà ăn",
        location="Nhà ăn ca, xưởng 2",
    )
    other = do_save_channel(
        Channel(),
        actor=admin_user,
        unit=tree["b"],
        kind=ChannelKind.FACEBOOK_PAGE,
        name="Trang Facebook CĐCS B",
        address="https://www.facebook.com/congdoanb",
    )
    return {"zalo": zalo, "board": board, "other": other}


@pytest.fixture
def zalo(settings):
    """The fake Zalo (OAuth and Open API) the settings point at, with the site's Zalo app."""
    from lantoa.channels.kinds.zalo_oa.fake import FakeZalo

    with FakeZalo() as fake:
        settings.LANTOA_ZALO_OPENAPI_URL = settings.LANTOA_ZALO_OAUTH_URL = fake.base_url
        settings.LANTOA_ZALO_APP_ID, settings.LANTOA_ZALO_APP_SECRET = fake.app_id, fake.app_secret
        yield fake

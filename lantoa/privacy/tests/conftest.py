"""A commune union inside a province, with the personas of the privacy stories."""

import pytest

from lantoa.org import actions
from lantoa.org.models import RoleKind
from lantoa.org.tests.factories import fresh, make_unit, make_user


@pytest.fixture
def world(db):
    province = make_unit(None, "provincial", "Liên đoàn Lao động tỉnh Vĩnh Long")
    commune = make_unit(province, "commune", "Công đoàn phường Phú Khương")
    other_commune = make_unit(province, "commune", "Công đoàn xã Long Hồ")
    grassroots = make_unit(commune, "grassroots", "Công đoàn cơ sở Công ty TNHH May Sông Tiền")
    sibling = make_unit(other_commune, "grassroots", "Công đoàn cơ sở Công ty CP Thủy sản Hàm Luông")

    def person(username, unit, kind, **names):
        user = make_user(username, **names)
        actions.do_assign_role(user=user, unit=unit, kind=kind, actor=None)
        return fresh(user)

    return {
        "province": province,
        "commune": commune,
        "grassroots": grassroots,
        "sibling": sibling,
        "superuser": make_user("quantri", is_superuser=True, is_staff=True),
        "admin": person("phukhuong.quantri", commune, RoleKind.FEDERATION_ADMIN),
        "officer": person(
            "songtien.canbo", grassroots, RoleKind.UNIT_OFFICER, last_name="Nguyễn", first_name="Thị Thu Hà"
        ),
        "sibling_officer": person(
            "hamluong.canbo", sibling, RoleKind.UNIT_OFFICER, last_name="Trần", first_name="Văn Bảy"
        ),
        "sibling_admin": person("longho.quantri", other_commune, RoleKind.FEDERATION_ADMIN),
    }


@pytest.fixture
def as_user(client):
    def login(user):
        client.force_login(user)
        return client

    return login

"""The commune personas shared by the account and sign-in tests: a province with two
communes, a grassroots union in each, the commune's federation admin, an officer on each
side, a superuser and a provincial editor who also reads the commune."""

from __future__ import annotations

import pytest

from lantoa.org import actions
from lantoa.org.models import RoleKind
from lantoa.org.tests.factories import fresh, make_unit, make_user


@pytest.fixture
def commune_world():
    province = make_unit(None, "provincial", "Liên đoàn Lao động tỉnh Vĩnh Long")
    commune = make_unit(province, "commune", "Công đoàn phường Phú Khương")
    other_commune = make_unit(province, "commune", "Công đoàn xã Long Hồ")
    grassroots = make_unit(commune, "grassroots", "Công đoàn cơ sở Công ty TNHH May Sông Tiền")
    sibling = make_unit(other_commune, "grassroots", "Công đoàn cơ sở Công ty CP Thủy sản Hàm Luông")

    def person(username, unit, kind):
        user = make_user(username)
        actions.do_assign_role(user=user, unit=unit, kind=kind, actor=None)
        return fresh(user)

    superuser = make_user("toanquyen.goc", is_superuser=True, is_staff=True)
    # The superuser also holds a viewer role in the commune: still never manageable there.
    actions.do_assign_role(user=superuser, unit=commune, kind=RoleKind.VIEWER, actor=None)
    province_editor = person("tinh.tuyengiao", province, RoleKind.EDITOR)
    # An account above the commune that also reads the commune.
    actions.do_assign_role(user=province_editor, unit=commune, kind=RoleKind.VIEWER, actor=None)
    return {
        "province": province,
        "commune": commune,
        "grassroots": grassroots,
        "sibling": sibling,
        "admin": person("phukhuong.quantri", commune, RoleKind.FEDERATION_ADMIN),
        "officer": person("songtien.canbo", grassroots, RoleKind.UNIT_OFFICER),
        "sibling_officer": person("hamluong.canbo", sibling, RoleKind.UNIT_OFFICER),
        "superuser": fresh(superuser),
        "province_editor": fresh(province_editor),
        "spare": make_user("tai_khoan_moi"),
    }

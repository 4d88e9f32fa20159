"""The demo province.

Bến Tre's labour federation as plan 196/KH-LĐLĐ (2020) saw it, its neighbours Trà Vinh and
Vĩnh Long, and the reorganisation of 1 July 2025 that merged the three federations into
the new Vĩnh Long one: district federations ended, commune/ward unions and the provincial
industrial-park union took over their grassroots unions, and the grassroots unions of
fully state-funded agencies were dissolved.

Every row is written through the actions of `lantoa.org` and `lantoa.channels`, so the
demo carries the same history and audit trail as real use. Generation is deterministic:
the same seed always gives the same province. Company names are invented.
"""

from __future__ import annotations

import datetime
import random
import string
import unicodedata
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from vietnam_provinces import Ward

from lantoa.channels.actions import do_refuse_channel, do_save_channel, do_verify_channel
from lantoa.channels.models import Channel, ChannelKind, FundingSource, Purpose
from lantoa.org.actions import (
    do_assign_role,
    do_close_unit,
    do_create_unit,
    do_merge_units,
    do_move_unit,
    do_rename_unit,
    do_update_counts,
    do_update_unit_details,
)
from lantoa.org.models import Role, RoleKind, Unit, UnitKind

D = datetime.date

SEED = 196
PASSWORD = "lantoa-demo"  # noqa: S105 - the published demo password
EMAIL_DOMAIN = "congdoanvinhlong.org.vn"
NEW_PROVINCE_CODE = 86  # Vĩnh Long, 2025
TLD_FOUNDED = D(1929, 7, 28)
MO_CAY_SPLIT = D(2009, 3, 1)
RECOUNT_DAY = D(2023, 6, 30)
REORG_DAY = D(2025, 7, 1)
LATEST_FOUNDING = D(2019, 12, 31)
GROUPS_ROLLOUT = (D(2020, 11, 1), D(2021, 2, 28))  # plan 196: groups set up, inspected early 2021
REFUSAL_REASONS = (
    "Nhóm chưa có cán bộ công đoàn làm trưởng nhóm; đề nghị bổ sung quản trị viên là cán bộ công đoàn.",
    "Đường liên kết không mở được nhóm; đề nghị kiểm tra lại và cập nhật liên kết mời.",
    "Tên nhóm chưa ghi rõ tên công đoàn xã, phường; đề nghị đổi tên theo hướng dẫn.",
)
STATE_SECTOR = "Hành chính sự nghiệp"
HEALTH_SECTOR = "Y tế"


# --- Data ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Place:
    """A 2025 commune or ward (vietnam-provinces code) and the old place it is named after."""

    ward_code: int
    old_place: str  # "thị trấn Giồng Trôm", "xã Lương Phú", "phường 1"
    weight: int = 1


@dataclass(frozen=True)
class DistrictSpec:
    code: str
    old_district: str  # "Huyện Châu Thành" (its name when it ended)
    places: tuple[Place, ...]
    enterprises: int
    agencies: int
    valid_from: D = D(1990, 1, 1)
    former_name: str = ""  # "Thị xã Bến Tre" before a change of status on `renamed_on`
    renamed_on: D | None = None
    split_from: str = ""  # code of the district it was split from on MO_CAY_SPLIT
    hospital: str = "Trung tâm Y tế"
    sectors: tuple[tuple[str, int], ...] = ()
    groups: tuple[str, ...] = ("facebook_group", "zalo_group")


@dataclass(frozen=True)
class Park:
    name: str
    ward_code: int
    address: str
    old_district: str


@dataclass(frozen=True)
class ParkUnionSpec:
    code: str
    name: str
    short_name: str
    valid_from: D
    parks: tuple[Park, ...]
    enterprises: int
    sectors: tuple[tuple[str, int], ...]


@dataclass(frozen=True)
class ProvinceSpec:
    code: str
    name: str
    valid_from: D
    slug: str
    districts: tuple[DistrictSpec, ...]
    park_union: ParkUnionSpec
    sectors: tuple[tuple[str, int], ...]
    merge_decision: str = ""  # empty: the province whose federation continues
    full_channels: bool = True  # False: only a portal and a Facebook page
    historic_districts: tuple[DistrictSpec, ...] = ()


@dataclass(frozen=True)
class Sector:
    templates: tuple[str, ...]
    workers: tuple[int, int]
    female_share: float


SECTORS: dict[str, Sector] = {
    "Dệt may": Sector(
        ("Công ty TNHH May mặc {s}", "Công ty Cổ phần May {s}", "Công ty TNHH Dệt may {s}"), (120, 3200), 0.78
    ),
    "Chế biến dừa": Sector(
        (
            "Công ty TNHH Chế biến Dừa {s}",
            "Công ty Cổ phần Thạch dừa {s}",
            "Công ty TNHH Kẹo dừa {s}",
            "Công ty TNHH Chỉ xơ dừa {s}",
            "Công ty Cổ phần Thực phẩm Dừa {s}",
        ),
        (30, 900),
        0.6,
    ),
    "Thủy sản": Sector(
        ("Công ty Cổ phần Thủy sản {s}", "Công ty TNHH Chế biến Thủy sản {s}", "Công ty TNHH Nuôi trồng Thủy sản {s}"),
        (60, 1500),
        0.62,
    ),
    "Da giày": Sector(
        ("Công ty TNHH Giày da {s}", "Công ty TNHH Túi xách {s}", "Công ty Cổ phần Da giày {s}"), (250, 3200), 0.76
    ),
    "Dược phẩm": Sector(("Công ty Cổ phần Dược phẩm {s}", "Công ty TNHH Dược liệu {s}"), (40, 600), 0.55),
    "Chế biến thực phẩm": Sector(
        ("Công ty TNHH Thực phẩm {s}", "Công ty Cổ phần Lương thực {s}", "Công ty TNHH Bánh tráng {s}"), (30, 700), 0.58
    ),
    "Nông nghiệp": Sector(("Công ty TNHH Giống cây trồng {s}", "Hợp tác xã Cây giống {s}"), (20, 150), 0.45),
    "Xây dựng - vật liệu": Sector(
        ("Công ty Cổ phần Xây dựng {s}", "Công ty TNHH Gạch ngói {s}", "Công ty TNHH Gốm {s}"), (30, 500), 0.2
    ),
    "Điện - điện tử": Sector(("Công ty TNHH Linh kiện Điện tử {s}", "Công ty TNHH Dây cáp điện {s}"), (150, 2500), 0.6),
    "Vận tải - dịch vụ": Sector(
        ("Công ty Cổ phần Vận tải {s}", "Công ty TNHH Thương mại Dịch vụ {s}"), (20, 300), 0.35
    ),
}

# Invented names, two syllables each; foreign-invested ones appear in industrial parks.
_STEM_WORDS = (
    "An Phát An Khang An Thịnh Bảo Long Bảo Ngọc Bình An Cát Tường Chánh Thành Đại Lộc Đại Phong Đại Thành "
    "Đông Phương Đức Hạnh Gia Huy Gia Phát Hà Mỹ Hải Âu Hải Vương Hiệp Hòa Hoàng Long Hoàng Phúc Hòa Hưng "
    "Hồng Phát Hưng Long Hưng Thịnh Hữu Nghị Khánh An Kim Hằng Kim Long Kim Ngân Lộc Phát Long Hải Mai Anh "
    "Minh Châu Minh Khang Minh Phát Minh Tâm Mỹ Hạnh Nam Hải Nam Phương Ngọc Châu Ngọc Thủy Nhật Quang "
    "Phú Cường Phú Gia Phú Hưng Phú Lợi Phúc Lộc Phước An Phước Thành Quang Minh Quốc Thái Sao Mai Sơn Hà "
    "Tân Hiệp Tân Hưng Tân Phát Tân Thành Thái Dương Thanh Bình Thành Công Thành Đạt Thành Lợi Thiên Ân "
    "Thiên Phú Thịnh Vượng Thuận Phát Tiến Thành Toàn Thắng Trường Thịnh Trường Xuân Tuấn Kiệt Vạn Lợi "
    "Vạn Phúc Việt Hưng Việt Thắng Vĩnh Phát Vĩnh Tiến Xuân Mai Xuân Thành Yến Nhi Hòa Lợi Hưng Phát "
    "Lợi Thành Mạnh Hùng Ngọc Lan Quế Lâm Sông Tiền Sông Hậu Trà My Thuận An Tường Vy Vạn Xuân Hồng Hà "
    "Bạch Đằng Tân Á Phương Nam Hải Nam Nhật Minh Khải Hoàn Phúc Thịnh Gia Bảo Minh Đức Ánh Dương Đồng Xanh "
    "Kim Phát Tài Lộc Hồng Đức Sông Mây Bảo Châu Minh Hòa Ngọc Minh Hải Đăng Trí Việt Thiện Nhân Thanh Tâm "
    "Đức Tài Quang Vinh Hoàng Anh Bảo Tín Phú An Thanh Xuân Nhân Hòa Hưng Nguyên Lộc An"
).split()
STEMS = tuple(" ".join(_STEM_WORDS[i : i + 2]) for i in range(0, len(_STEM_WORDS), 2))
FOREIGN = (
    ("Sunrise Apparel", "Dệt may"),
    ("Greenfield Footwear", "Da giày"),
    ("Pacific Coco", "Chế biến dừa"),
    ("Blue Ocean Seafood", "Thủy sản"),
    ("Golden Thread", "Dệt may"),
    ("Mekong Leather", "Da giày"),
    ("Delta Fashion", "Dệt may"),
    ("Coconut Valley", "Chế biến dừa"),
    ("Hanam Precision", "Điện - điện tử"),
    ("Lotus Bag", "Da giày"),
    ("Seaway Foods", "Thủy sản"),
    ("Asia Garment", "Dệt may"),
    ("Evergreen Pharma", "Dược phẩm"),
    ("Bright Cable", "Điện - điện tử"),
)

BOARDS = (
    ("TGNC", "Ban Tuyên giáo - Nữ công"),
    ("TC", "Ban Tổ chức"),
    ("CSPL", "Ban Chính sách - Pháp luật"),
    ("TCH", "Ban Tài chính"),
    ("VP", "Văn phòng"),
    ("UBKT", "Ủy ban Kiểm tra"),
)

BEN_TRE = ProvinceSpec(
    code="BTR",
    name="Bến Tre",
    valid_from=D(1976, 2, 20),
    slug="bentre",
    merge_decision="Quyết định số 1234/QĐ-TLĐ ngày 27/6/2025 của Đoàn Chủ tịch Tổng Liên đoàn Lao động Việt Nam",
    sectors=(
        ("Chế biến dừa", 5),
        ("Dệt may", 4),
        ("Thủy sản", 2),
        ("Chế biến thực phẩm", 2),
        ("Da giày", 1),
        ("Dược phẩm", 1),
        ("Xây dựng - vật liệu", 1),
        ("Vận tải - dịch vụ", 1),
    ),
    historic_districts=(DistrictSpec("MC", "Huyện Mỏ Cày", (), 0, 0, groups=()),),
    districts=(
        DistrictSpec(
            "TPBT",
            "Thành phố Bến Tre",
            (
                Place(28777, "phường An Hội", 3),
                Place(28756, "phường Phú Khương", 2),
                Place(28783, "xã Sơn Đông"),
                Place(28789, "phường 7"),
            ),
            enterprises=10,
            agencies=12,
            former_name="Thị xã Bến Tre",
            renamed_on=D(2009, 9, 1),
        ),
        DistrictSpec(
            "CT",
            "Huyện Châu Thành",
            (
                Place(28807, "xã Giao Long", 3),
                Place(28810, "xã Phú Túc"),
                Place(28861, "xã Tiên Thủy"),
                Place(28840, "xã Tân Phú"),
            ),
            enterprises=12,
            agencies=6,
        ),
        DistrictSpec(
            "CL",
            "Huyện Chợ Lách",
            (Place(28870, "thị trấn Chợ Lách", 3), Place(28894, "xã Vĩnh Thành"), Place(28879, "xã Phú Phụng")),
            enterprises=6,
            agencies=5,
            sectors=(("Nông nghiệp", 4), ("Chế biến dừa", 3), ("Chế biến thực phẩm", 1)),
        ),
        DistrictSpec(
            "MCN",
            "Huyện Mỏ Cày Nam",
            (
                Place(28903, "thị trấn Mỏ Cày", 3),
                Place(28957, "xã An Định"),
                Place(28969, "xã Thành Thới A"),
                Place(28981, "xã Hương Mỹ"),
            ),
            enterprises=8,
            agencies=6,
            valid_from=MO_CAY_SPLIT,
            split_from="MC",
            sectors=(("Chế biến dừa", 6), ("Dệt may", 2), ("Chế biến thực phẩm", 1)),
        ),
        DistrictSpec(
            "MCB",
            "Huyện Mỏ Cày Bắc",
            (
                Place(28915, "xã Phước Mỹ Trung", 3),
                Place(28921, "xã Tân Thành Bình"),
                Place(28948, "xã Nhuận Phú Tân"),
            ),
            enterprises=6,
            agencies=5,
            valid_from=MO_CAY_SPLIT,
            split_from="MC",
            sectors=(("Chế biến dừa", 5), ("Dệt may", 1), ("Nông nghiệp", 1)),
            groups=(),
        ),
        DistrictSpec(
            "GT",
            "Huyện Giồng Trôm",
            (
                Place(28984, "thị trấn Giồng Trôm", 3),
                Place(28993, "xã Lương Phú"),
                Place(28996, "xã Châu Hòa"),
                Place(29020, "xã Phước Long"),
            ),
            enterprises=7,
            agencies=6,
        ),
        DistrictSpec(
            "BD",
            "Huyện Bình Đại",
            (
                Place(29050, "thị trấn Bình Đại", 3),
                Place(29062, "xã Phú Thuận"),
                Place(29077, "xã Lộc Thuận"),
                Place(29089, "xã Thạnh Trị"),
            ),
            enterprises=7,
            agencies=5,
            hospital="Bệnh viện Đa khoa",
            sectors=(("Thủy sản", 5), ("Chế biến dừa", 2), ("Chế biến thực phẩm", 1)),
        ),
        DistrictSpec(
            "BTRI",
            "Huyện Ba Tri",
            (
                Place(29110, "thị trấn Ba Tri", 3),
                Place(29122, "xã Mỹ Chánh"),
                Place(29125, "xã Bảo Thạnh"),
                Place(29137, "xã Tân Xuân"),
            ),
            enterprises=7,
            agencies=6,
            hospital="Bệnh viện Đa khoa",
            sectors=(("Thủy sản", 3), ("Dệt may", 2), ("Chế biến dừa", 2), ("Chế biến thực phẩm", 1)),
        ),
        DistrictSpec(
            "TPHU",
            "Huyện Thạnh Phú",
            (
                Place(29182, "thị trấn Thạnh Phú", 3),
                Place(29191, "xã Quới Điền"),
                Place(29194, "xã Đại Điền"),
                Place(29227, "xã Thạnh Phong"),
            ),
            enterprises=5,
            agencies=5,
            sectors=(("Thủy sản", 4), ("Chế biến dừa", 2)),
            groups=("zalo_group",),
        ),
    ),
    park_union=ParkUnionSpec(
        code="CDKCN-BTR",
        name="Công đoàn các Khu công nghiệp tỉnh Bến Tre",
        short_name="CĐ các KCN tỉnh Bến Tre",
        valid_from=D(2007, 1, 1),
        parks=(
            Park("Khu công nghiệp Giao Long", 28807, "xã An Phước, huyện Châu Thành", "Huyện Châu Thành"),
            Park("Khu công nghiệp An Hiệp", 28810, "xã An Hiệp, huyện Châu Thành", "Huyện Châu Thành"),
        ),
        enterprises=26,
        sectors=(
            ("Dệt may", 5),
            ("Da giày", 3),
            ("Chế biến dừa", 2),
            ("Dược phẩm", 1),
            ("Điện - điện tử", 1),
            ("Thủy sản", 1),
        ),
    ),
)

TRA_VINH = ProvinceSpec(
    code="TVH",
    name="Trà Vinh",
    valid_from=D(1992, 5, 1),
    slug="travinh",
    full_channels=False,
    merge_decision="Quyết định số 1235/QĐ-TLĐ ngày 27/6/2025 của Đoàn Chủ tịch Tổng Liên đoàn Lao động Việt Nam",
    sectors=(("Thủy sản", 3), ("Dệt may", 2), ("Da giày", 2), ("Chế biến dừa", 1), ("Chế biến thực phẩm", 1)),
    districts=(
        DistrictSpec(
            "TPTV",
            "Thành phố Trà Vinh",
            (Place(29242, "phường 1", 2), Place(29263, "xã Long Đức")),
            enterprises=3,
            agencies=2,
            valid_from=D(1992, 6, 1),
            former_name="Thị xã Trà Vinh",
            renamed_on=D(2010, 5, 1),
        ),
        DistrictSpec(
            "CLG",
            "Huyện Càng Long",
            (Place(29266, "thị trấn Càng Long", 2), Place(29302, "xã Nhị Long")),
            enterprises=2,
            agencies=2,
            valid_from=D(1992, 6, 1),
        ),
        DistrictSpec(
            "CNG",
            "Huyện Cầu Ngang",
            (Place(29416, "thị trấn Cầu Ngang", 2), Place(29431, "xã Vinh Kim")),
            enterprises=2,
            agencies=1,
            valid_from=D(1992, 6, 1),
            groups=("zalo_group",),
        ),
        DistrictSpec(
            "DH",
            "Thị xã Duyên Hải",
            (Place(29512, "phường 1"),),
            enterprises=1,
            agencies=1,
            valid_from=D(2015, 7, 1),
            groups=(),
        ),
    ),
    park_union=ParkUnionSpec(
        code="CDKKT-TVH",
        name="Công đoàn Khu kinh tế tỉnh Trà Vinh",
        short_name="CĐ Khu kinh tế Trà Vinh",
        valid_from=D(2012, 1, 1),
        parks=(
            Park("Khu công nghiệp Long Đức", 29263, "xã Long Đức, thành phố Trà Vinh", "Thành phố Trà Vinh"),
            Park("Khu kinh tế Định An", 29512, "xã Dân Thành, thị xã Duyên Hải", "Thị xã Duyên Hải"),
        ),
        enterprises=4,
        sectors=(("Da giày", 2), ("Dệt may", 2), ("Thủy sản", 1)),
    ),
)

VINH_LONG = ProvinceSpec(
    code="VLG",
    name="Vĩnh Long",
    valid_from=D(1992, 5, 1),
    slug="vinhlong",
    sectors=(("Xây dựng - vật liệu", 3), ("Chế biến thực phẩm", 3), ("Dệt may", 2), ("Dược phẩm", 1)),
    districts=(
        DistrictSpec(
            "TPVL",
            "Thành phố Vĩnh Long",
            (Place(29551, "phường 1", 2), Place(29566, "xã Tân Ngãi")),
            enterprises=3,
            agencies=2,
            valid_from=D(1992, 6, 1),
            former_name="Thị xã Vĩnh Long",
            renamed_on=D(2009, 6, 1),
        ),
        DistrictSpec(
            "LH",
            "Huyện Long Hồ",
            (Place(29602, "thị trấn Long Hồ", 2), Place(29611, "xã Phú Quới"), Place(29590, "xã Thanh Đức")),
            enterprises=3,
            agencies=2,
            valid_from=D(1992, 6, 1),
        ),
        DistrictSpec(
            "BM",
            "Thị xã Bình Minh",
            (Place(29770, "phường Cái Vồn", 2), Place(29812, "xã Đông Thành")),
            enterprises=2,
            agencies=1,
            valid_from=D(1992, 6, 1),
            former_name="Huyện Bình Minh",
            renamed_on=D(2013, 3, 1),
        ),
    ),
    park_union=ParkUnionSpec(
        code="CDKCN-VLG",
        name="Công đoàn các Khu công nghiệp tỉnh Vĩnh Long",
        short_name="CĐ các KCN tỉnh Vĩnh Long",
        valid_from=D(2006, 1, 1),
        parks=(
            Park("Khu công nghiệp Hòa Phú", 29611, "xã Hòa Phú, huyện Long Hồ", "Huyện Long Hồ"),
            Park("Khu công nghiệp Bình Minh", 29771, "xã Mỹ Hòa, thị xã Bình Minh", "Thị xã Bình Minh"),
        ),
        enterprises=5,
        sectors=(("Dệt may", 2), ("Da giày", 2), ("Dược phẩm", 1), ("Chế biến thực phẩm", 1)),
    ),
)

PROVINCES = (BEN_TRE, TRA_VINH, VINH_LONG)
CONTINUING = VINH_LONG


@dataclass(frozen=True)
class DemoUser:
    username: str
    last_name: str
    first_name: str
    title: str
    role: str  # a RoleKind; "" for the superuser
    unit_key: str  # "vinh_long", "commune" or "grassroots"


DEMO_USERS = (
    DemoUser("admin", "Quản trị", "hệ thống", "Quản trị hệ thống", "", ""),
    DemoUser(
        "tinh.tuyengiao",
        "Nguyễn",
        "Thị Thu Hà",
        "Chuyên viên Ban Tuyên giáo - Nữ công",
        RoleKind.EDITOR,
        "vinh_long",
    ),
    DemoUser(
        "tinh.truongban",
        "Lâm",
        "Thị Bích Thủy",
        "Trưởng Ban Tuyên giáo - Nữ công",
        RoleKind.BOARD_HEAD,
        "vinh_long",
    ),
    DemoUser("tinh.lanhdao", "Trần", "Văn Minh", "Phó Chủ tịch", RoleKind.APPROVER, "vinh_long"),
    DemoUser(
        "tinh.phatngon", "Lê", "Hoàng Phúc", "Chánh Văn phòng, người phát ngôn", RoleKind.SPOKESPERSON, "vinh_long"
    ),
    DemoUser("tinh.taichinh", "Phạm", "Thị Ngọc Lan", "Trưởng Ban Tài chính", RoleKind.FINANCE, "vinh_long"),
    DemoUser("captren.demo", "Võ", "Thanh Tùng", "Chủ tịch công đoàn xã, phường", RoleKind.UNIT_OFFICER, "commune"),
    DemoUser("coso.demo", "Huỳnh", "Thị Mỹ Duyên", "Chủ tịch công đoàn cơ sở", RoleKind.UNIT_OFFICER, "grassroots"),
)
ROLE_LABELS = {
    "": "Quản trị hệ thống",
    RoleKind.EDITOR: "Biên tập viên",
    RoleKind.BOARD_HEAD: "Trưởng ban duyệt tin, bài",
    RoleKind.APPROVER: "Lãnh đạo duyệt nội dung",
    RoleKind.SPOKESPERSON: "Người phát ngôn",
    RoleKind.FINANCE: "Tài chính",
    RoleKind.UNIT_OFFICER: "Cán bộ công đoàn đơn vị",
}


# --- Planning: pure, deterministic -----------------------------------------------------


@dataclass
class GrassrootsPlan:
    code: str
    name: str
    employer: str
    sector: str
    state_funded: bool  # dissolved in the 2025 reorganisation
    parent_code: str  # its upper-level union in 2020
    first_parent_code: str  # where it was founded (Mỏ Cày before the 2009 split)
    ward_code: int  # the 2025 commune or ward it lies in
    old_district: str
    address: str
    valid_from: D
    counts: tuple[int, int, int]  # members, workers, female members
    recount: tuple[int, int, int] | None


def lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def ascii_slug(text: str) -> str:
    """Fold Vietnamese to ASCII letters and digits for links: "Châu Thành" gives "chauthanh"."""
    folded = unicodedata.normalize("NFKD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(c for c in folded if c.isascii() and c.isalnum()).lower()


def district_federation_name(old_district: str) -> str:
    return f"Liên đoàn Lao động {lower_first(old_district)}"


def district_slug(old_district: str) -> str:
    """The district part of a group link: "Thành phố Bến Tre" gives "tpbentre"."""
    for prefix, short in (("Thành phố ", "tp"), ("Thị xã ", "tx"), ("Huyện ", "")):
        if old_district.startswith(prefix):
            return short + ascii_slug(old_district.removeprefix(prefix))
    return ascii_slug(old_district)


def district_code(province: ProvinceSpec, district: DistrictSpec) -> str:
    return f"LDLD-{province.code}-{district.code}"


def federation_code(province: ProvinceSpec) -> str:
    return f"LDLD-{province.code}"


def commune_code(ward_code: int) -> str:
    return f"CDX-{ward_code}"


def _random_day(rng: random.Random, low: D, high: D) -> D:
    return low + datetime.timedelta(days=rng.randint(0, max((high - low).days, 0)))


def _weighted(rng: random.Random, pairs: tuple[tuple[str, int], ...]) -> str:
    return rng.choices([p[0] for p in pairs], weights=[p[1] for p in pairs])[0]


def _counts(rng: random.Random, workers: tuple[int, int], female_share: float) -> tuple[int, int, int]:
    worker_count = rng.randint(*workers)
    members = min(3000, max(20, round(worker_count * rng.uniform(0.72, 0.97))))
    female = min(members, round(members * female_share * rng.uniform(0.85, 1.12)))
    return members, max(worker_count, members), female


def _recount(rng: random.Random, counts: tuple[int, int, int]) -> tuple[int, int, int] | None:
    if rng.random() > 0.4:
        return None
    factor = rng.uniform(0.85, 1.12)
    members, workers, female = (max(20, round(n * factor)) for n in counts)
    return min(members, 3000), max(workers, members), min(female, members, 3000)


def _place_title(old_place: str) -> str | None:
    """The bare name of an old place ("xã Lương Phú" gives "Lương Phú"); None for numbered wards."""
    name = old_place.split(" ", 1)[1] if old_place.startswith(("xã ", "phường ")) else old_place[len("thị trấn ") :]
    return None if name.isdigit() else name


@dataclass(frozen=True)
class Employer:
    name: str
    sector: str
    state_funded: bool
    workers: tuple[int, int]
    female_share: float


@dataclass(frozen=True)
class Seat:
    """Where a grassroots union sits: its upper-level union in 2020 and its place."""

    parent_code: str
    ward_code: int
    old_district: str
    address: str


def _agencies(district: DistrictSpec) -> list[tuple[Employer, Place]]:
    """The agency grassroots unions of a district, most likely first, `district.agencies` long."""
    seat = district.places[0]
    where = lower_first(district.old_district)
    found = [
        (Employer(f"{district.hospital} {where}", HEALTH_SECTOR, False, (120, 450), 0.66), seat),
        (Employer(f"Phòng Giáo dục và Đào tạo {where}", STATE_SECTOR, True, (20, 26), 0.55), seat),
    ]
    rounds = (
        ("Ủy ban nhân dân {full}", (20, 45), 0.42),
        ("Trường THCS {title}", (30, 60), 0.7),
        ("Trường Tiểu học {title}", (25, 50), 0.76),
        ("Trường Mầm non {title}", (20, 35), 0.95),
    )
    for template, workers, share in rounds:
        for place in district.places:
            title = _place_title(place.old_place)
            if "{title}" in template and title is None:
                continue
            name = template.format(full=place.old_place, title=title)
            found.append((Employer(name, STATE_SECTOR, True, workers, share), place))
    return found[: district.agencies]


class Planner:
    """Draws every grassroots union of the demo from one seeded generator."""

    def __init__(self, seed: int = SEED):
        self.rng = random.Random(seed)
        self.stems = self.rng.sample(STEMS, len(STEMS))
        self.foreign = list(FOREIGN)
        self.numbers: dict[str, int] = {}

    def _next_code(self, province: ProvinceSpec) -> str:
        self.numbers[province.code] = self.numbers.get(province.code, 0) + 1
        return f"CDCS-{province.code}-{self.numbers[province.code]:04d}"

    def _company(self, province: ProvinceSpec, sectors, *, foreign_share: float = 0.0, min_workers: int = 0):
        if self.foreign and self.rng.random() < foreign_share:
            stem, sector = self.foreign.pop(0)
            name = f"Công ty TNHH {stem} Việt Nam"
        else:
            sector = _weighted(self.rng, sectors)
            name = self.rng.choice(SECTORS[sector].templates).format(s=self.stems.pop())
            if self.rng.random() < 0.3:
                name = f"{name} {province.name}"
        low, high = SECTORS[sector].workers
        return Employer(name, sector, False, (max(low, min_workers), high), SECTORS[sector].female_share)

    def _founded(self, earliest: D) -> D:
        low = max(earliest + datetime.timedelta(days=60), D(1995, 1, 1))
        return _random_day(self.rng, low, LATEST_FOUNDING)

    def _seat(self, parent_code: str, place: Place, district: DistrictSpec, province: ProvinceSpec) -> Seat:
        number = self.rng.randint(1, 9)
        lead = f"Ấp {number}" if place.old_place.startswith("xã") else f"Khu phố {number}"
        address = f"{lead}, {place.old_place}, {lower_first(district.old_district)}, tỉnh {province.name}"
        return Seat(parent_code, place.ward_code, district.old_district, address)

    def _plan(self, province: ProvinceSpec, employer: Employer, seat: Seat, founded_after: D) -> GrassrootsPlan:
        counts = _counts(self.rng, employer.workers, employer.female_share)
        return GrassrootsPlan(
            code=self._next_code(province),
            name=f"Công đoàn cơ sở {employer.name}",
            employer=employer.name,
            sector=employer.sector,
            state_funded=employer.state_funded,
            parent_code=seat.parent_code,
            first_parent_code=seat.parent_code,
            ward_code=seat.ward_code,
            old_district=seat.old_district,
            address=seat.address,
            valid_from=self._founded(founded_after),
            counts=counts,
            recount=_recount(self.rng, counts),
        )

    def district(self, province: ProvinceSpec, district: DistrictSpec) -> list[GrassrootsPlan]:
        parent = district_code(province, district)
        earliest = province.historic_districts[0].valid_from if district.split_from else district.valid_from
        plans = [
            self._plan(province, employer, self._seat(parent, place, district, province), earliest)
            for employer, place in _agencies(district)
        ]
        weights = [p.weight for p in district.places]
        for _ in range(district.enterprises):
            place = self.rng.choices(district.places, weights=weights)[0]
            employer = self._company(province, district.sectors or province.sectors)
            plans.append(self._plan(province, employer, self._seat(parent, place, district, province), earliest))
        if district.split_from:
            split_parent = district_code(province, province.historic_districts[0])
            for plan in plans:
                if plan.valid_from < MO_CAY_SPLIT:
                    plan.first_parent_code = split_parent
        return plans

    def park_union(self, province: ProvinceSpec) -> list[GrassrootsPlan]:
        spec = province.park_union
        plans = []
        for index in range(spec.enterprises):
            park = spec.parks[index % len(spec.parks)]
            employer = self._company(province, spec.sectors, foreign_share=0.4, min_workers=100)
            address = f"{park.name}, {park.address}, tỉnh {province.name}"
            seat = Seat(spec.code, park.ward_code, park.old_district, address)
            plans.append(self._plan(province, employer, seat, spec.valid_from))
        return plans

    def province(self, province: ProvinceSpec) -> list[GrassrootsPlan]:
        plans = []
        for district in province.districts:
            plans.extend(self.district(province, district))
        plans.extend(self.park_union(province))
        return plans


def plan_grassroots(seed: int = SEED) -> dict[str, list[GrassrootsPlan]]:
    """Every grassroots union of the demo, by province code."""
    planner = Planner(seed)
    return {province.code: planner.province(province) for province in PROVINCES}


# --- Building: through the actions -----------------------------------------------------


class _Decisions:
    """Invented, increasing decision numbers of one issuer."""

    def __init__(self, start: int):
        self.number = start

    def next(self, symbol: str, day: str, issuer: str) -> str:
        self.number += 1
        return f"Quyết định số {self.number}/{symbol} ngày {day} của {issuer}"


class DemoBuilder:
    def __init__(self, *, today: D, seed: int = SEED):
        self.today = today
        self.rng = random.Random(seed + 1)
        self.plans = plan_grassroots(seed)
        self.units: dict[str, Unit] = {}
        self.decisions = _Decisions(100)
        self.channel_count = 0
        # Verification days have their own draws, so the rest of the demo stays as it was.
        self.verify_rng = random.Random(seed + 2)
        self.admin = None
        self.users: dict[str, object] = {}
        self.commune_decisions: dict[int, str] = {}

    # Units ------------------------------------------------------------------------

    def create(self, code: str, *, parent_code: str | None, **fields) -> Unit:
        parent = self.units[parent_code] if parent_code else None
        unit = do_create_unit(code=code, parent=parent, actor=self.admin, **fields)
        self.units[code] = unit
        return unit

    def unit(self, code: str) -> Unit:
        """The unit as it is now in the database (paths change when units move)."""
        self.units[code] = Unit.objects.get(code=code)
        return self.units[code]

    def build_confederation(self) -> None:
        self.create(
            "TLD",
            parent_code=None,
            kind=UnitKind.CONFEDERATION,
            name="Tổng Liên đoàn Lao động Việt Nam",
            short_name="Tổng LĐLĐ Việt Nam",
            valid_from=TLD_FOUNDED,
            address="82 Trần Hưng Đạo, phường Cửa Nam, thành phố Hà Nội",
        )

    def build_federation(self, province: ProvinceSpec) -> None:
        continuing = province is CONTINUING
        self.create(
            federation_code(province),
            parent_code="TLD",
            kind=UnitKind.PROVINCIAL,
            name=f"Liên đoàn Lao động tỉnh {province.name}",
            short_name=f"LĐLĐ tỉnh {province.name}",
            valid_from=province.valid_from,
            province_code=NEW_PROVINCE_CODE if continuing else None,
            old_province="" if continuing else f"Tỉnh {province.name}",
        )
        for suffix, board in BOARDS:
            self.create(
                f"{federation_code(province)}-{suffix}",
                parent_code=federation_code(province),
                kind=UnitKind.BOARD,
                name=f"{board} LĐLĐ tỉnh {province.name}",
                short_name=board,
                valid_from=province.valid_from,
            )

    def build_district(self, province: ProvinceSpec, district: DistrictSpec) -> None:
        name = district_federation_name(district.former_name or district.old_district)
        self.create(
            district_code(province, district),
            parent_code=federation_code(province),
            kind=UnitKind.DISTRICT,
            name=name,
            short_name=name.replace("Liên đoàn Lao động", "LĐLĐ"),
            valid_from=district.valid_from,
            old_province=f"Tỉnh {province.name}",
            old_district=district.old_district,
        )

    def build_park_union(self, province: ProvinceSpec) -> None:
        spec = province.park_union
        first = spec.parks[0]
        self.create(
            spec.code,
            parent_code=federation_code(province),
            kind=UnitKind.INDUSTRIAL_PARK,
            name=spec.name,
            short_name=spec.short_name,
            valid_from=spec.valid_from,
            old_province=f"Tỉnh {province.name}",
            old_district=first.old_district,
            address=f"{first.name}, {first.address}, tỉnh {province.name}",
        )

    def build_grassroots(self, province: ProvinceSpec, plan: GrassrootsPlan) -> None:
        members, workers, female = plan.counts
        self.create(
            plan.code,
            parent_code=plan.first_parent_code,
            kind=UnitKind.GRASSROOTS,
            name=plan.name,
            valid_from=plan.valid_from,
            member_count=members,
            worker_count=workers,
            female_member_count=female,
            employer=plan.employer,
            sector=plan.sector,
            address=plan.address,
            old_province=f"Tỉnh {province.name}",
            old_district=plan.old_district,
        )

    def build_province(self, province: ProvinceSpec) -> None:
        self.build_federation(province)
        for district in (*province.historic_districts, *province.districts):
            self.build_district(province, district)
        self.build_park_union(province)
        for plan in self.plans[province.code]:
            self.build_grassroots(province, plan)

    # History before 2025 ----------------------------------------------------------

    def rename_districts(self, province: ProvinceSpec) -> None:
        for district in province.districts:
            if not district.renamed_on:
                continue
            name = district_federation_name(district.old_district)
            do_rename_unit(
                self.units[district_code(province, district)],
                name=name,
                short_name=name.replace("Liên đoàn Lao động", "LĐLĐ"),
                on_date=district.renamed_on,
                actor=self.admin,
                decision=self.decisions.next(
                    "QĐ-LĐLĐ", f"{district.renamed_on:%d/%m/%Y}", f"Ban Thường vụ LĐLĐ tỉnh {province.name}"
                ),
            )

    def split_historic_districts(self, province: ProvinceSpec) -> None:
        """Mỏ Cày's grassroots unions go to Mỏ Cày Nam or Bắc, then Mỏ Cày ends (2009)."""
        for historic in province.historic_districts:
            old_code = district_code(province, historic)
            decision = self.decisions.next("QĐ-LĐLĐ", "20/02/2009", f"Ban Thường vụ LĐLĐ tỉnh {province.name}")
            for plan in self.plans[province.code]:
                if plan.first_parent_code == old_code:
                    do_move_unit(
                        self.units[plan.code],
                        new_parent=self.units[plan.parent_code],
                        on_date=MO_CAY_SPLIT,
                        actor=self.admin,
                        decision=decision,
                    )
            do_close_unit(self.units[old_code], on_date=MO_CAY_SPLIT, actor=self.admin, decision=decision)

    def recount(self, province: ProvinceSpec) -> None:
        for plan in self.plans[province.code]:
            if plan.recount:
                members, workers, female = plan.recount
                do_update_counts(
                    self.units[plan.code],
                    member_count=members,
                    worker_count=workers,
                    female_member_count=female,
                    on_date=RECOUNT_DAY,
                    actor=self.admin,
                )

    # Channels ---------------------------------------------------------------------

    def channel(self, unit: Unit, kind: str, name: str, address: str = "", *, verified=False, **fields) -> Channel:
        """Register a channel; a verified one is verified by the province some days to
        months after it opened (never on the day the demo is loaded)."""
        self.channel_count += 1
        channel = do_save_channel(
            Channel(), actor=self.admin, unit=unit, kind=kind, name=name, address=address, **fields
        )
        if verified:
            self.verify_later(channel, within_days=90)
        return channel

    def _days_after(self, channel: Channel, low: int, high: int) -> D | None:
        """A day `low`..`high` days after the channel opened, before today and while it ran."""
        opened = channel.active_from or D(2016, 3, 1)
        day = opened + datetime.timedelta(days=self.verify_rng.randint(low, high))
        last = min(
            self.today - datetime.timedelta(days=1), (channel.active_to or self.today) - datetime.timedelta(days=1)
        )
        return day if day <= last else None

    def verify_later(self, channel: Channel, *, within_days: int) -> None:
        day = self._days_after(channel, 3, within_days)
        if day is not None:
            do_verify_channel(channel, actor=self.admin, on_date=day)

    def refuse_later(self, channel: Channel, *, within_days: int) -> None:
        day = self._days_after(channel, 5, within_days)
        if day is not None:
            reason = self.verify_rng.choice(REFUSAL_REASONS)
            do_refuse_channel(channel, actor=self.admin, reason=reason, on_date=day)

    def _audience(self, low: int, high: int, ended: bool, not_before: D = REORG_DAY) -> dict:
        """Members or followers, counted shortly before the unit ended or shortly before today."""
        if ended:
            counted = _random_day(self.rng, D(2025, 5, 1), D(2025, 6, 25))
        else:
            counted = max(self.today - datetime.timedelta(days=self.rng.randint(3, 40)), not_before)
        return {"audience_count": self.rng.randint(low, high), "audience_counted_on": counted}

    def _zalo_group_link(self) -> str:
        token = "".join(self.rng.choices(string.ascii_lowercase + string.digits, k=10))
        return f"https://zalo.me/g/{token}"

    def federation_channels(self, province: ProvinceSpec) -> None:
        unit = self.units[federation_code(province)]
        ended = {"active_to": REORG_DAY} if province is not CONTINUING else {}
        slug = f"congdoan{province.slug}"
        since = {"active_from": D(2016, 3, 1), **ended}
        is_ended = bool(ended)
        self.channel(
            unit,
            ChannelKind.PORTAL,
            f"Cổng thông tin điện tử LĐLĐ tỉnh {province.name}",
            f"https://{slug}.org.vn",
            verified=True,
            **since,
        )
        self.channel(
            unit,
            ChannelKind.FACEBOOK_PAGE,
            f"Công đoàn {province.name}",
            f"https://www.facebook.com/{slug}",
            verified=True,
            admins="Văn phòng LĐLĐ tỉnh\nBan Tuyên giáo - Nữ công",
            **since,
            **self._audience(6000, 21000, is_ended),
        )
        if not province.full_channels:
            return
        oa_id = "".join(self.rng.choices(string.digits, k=18))
        self.channel(
            unit,
            ChannelKind.ZALO_OA,
            f"Công đoàn tỉnh {province.name}",
            f"https://zalo.me/{oa_id}",
            verified=True,
            **since,
            **self._audience(3000, 12000, is_ended),
        )
        mailbox = self.channel(
            unit,
            ChannelKind.EMAIL,
            f"Hộp thư góp ý - Công đoàn tỉnh {province.name}",
            f"gopy@ldld{slug}.example.vn",
            purpose=Purpose.FEEDBACK,
            **since,
        )
        # Verified a week after it opened, on a fixed day: the other channels' random days stay as they were.
        verified_on = (mailbox.active_from or self.today) + datetime.timedelta(days=7)
        if verified_on < self.today:
            do_verify_channel(mailbox, actor=self.admin, on_date=verified_on)
        self.channel(
            unit,
            ChannelKind.YOUTUBE,
            f"Công đoàn {province.name} TV",
            f"https://www.youtube.com/@{slug}",
            purpose=Purpose.DISSEMINATE,
            **since,
            **self._audience(800, 4000, is_ended),
        )
        self.channel(
            unit,
            ChannelKind.ZALO_GROUP,
            f"Cán bộ công đoàn chủ chốt tỉnh {province.name}",
            self._zalo_group_link(),
            verified=True,
            active_from=D(2020, 11, 15),
            **ended,
            **self._audience(150, 400, is_ended),
        )
        self.channel(
            unit,
            ChannelKind.FACEBOOK_GROUP,
            f"Cộng tác viên truyền thông Công đoàn {province.name}",
            f"https://www.facebook.com/groups/ctv{slug}",
            active_from=D(2020, 12, 1),
            **ended,
            **self._audience(60, 250, is_ended),
        )

    def press_channels(self) -> None:
        for province, paper, station in (
            (BEN_TRE, "Báo Đồng Khởi", "Đài Phát thanh và Truyền hình Bến Tre"),
            (VINH_LONG, "Báo Vĩnh Long", "Đài Phát thanh và Truyền hình Vĩnh Long"),
        ):
            unit = self.units[federation_code(province)]
            self.channel(unit, ChannelKind.PRESS, paper, purpose=Purpose.DISSEMINATE, active_from=D(2018, 1, 1))
            self.channel(
                unit,
                ChannelKind.RADIO_TV,
                f"{station} – chuyên mục Công đoàn",
                purpose=Purpose.DISSEMINATE,
                active_from=D(2018, 1, 1),
            )

    def district_channels(self, province: ProvinceSpec) -> None:
        for district in province.districts:
            unit = self.units[district_code(province, district)]
            where = lower_first(district.old_district)
            slug = district_slug(district.old_district)
            since = {"active_from": _random_day(self.rng, *GROUPS_ROLLOUT), "active_to": REORG_DAY}
            if "facebook_group" in district.groups:
                self.channel(
                    unit,
                    ChannelKind.FACEBOOK_GROUP,
                    f"Công đoàn {where}",
                    f"https://www.facebook.com/groups/congdoan.{province.slug}.{slug}",
                    verified=True,
                    **since,
                    **self._audience(80, 600, True),
                )
            if "zalo_group" in district.groups:
                self.channel(
                    unit,
                    ChannelKind.ZALO_GROUP,
                    f"Cán bộ công đoàn {where}",
                    self._zalo_group_link(),
                    verified=self.rng.random() < 0.6,
                    **since,
                    **self._audience(40, 250, True),
                )

    def park_channels(self, province: ProvinceSpec) -> None:
        spec = province.park_union
        unit = self.units[spec.code]
        funding = (FundingSource.ACCUMULATED, FundingSource.SPONSORSHIP)
        for index, park in enumerate(spec.parks):
            self.channel(
                unit,
                ChannelKind.OUTDOOR_PANEL,
                f"Pano tuyên truyền tại cổng {park.name}",
                location=f"Cổng chính {park.name}, {park.address}",
                funding_source=funding[index % 2],
                cost=self.rng.choice((32, 38, 45, 48, 55)) * 1_000_000,
                purpose=Purpose.DISSEMINATE,
                active_from=_random_day(self.rng, D(2021, 4, 1), D(2022, 4, 30)),
            )
        self.channel(
            unit,
            ChannelKind.ZALO_GROUP,
            f"Chủ tịch công đoàn cơ sở {lower_first(spec.name.removeprefix('Công đoàn '))}",
            self._zalo_group_link(),
            verified=True,
            active_from=_random_day(self.rng, *GROUPS_ROLLOUT),
            **self._ended_online(province),
            **self._audience(60, 200, province is not CONTINUING),
        )

    @staticmethod
    def _ended_online(province: ProvinceSpec) -> dict:
        """Online channels of a merged unit end with it; its panels stay where they stand."""
        return {} if province is CONTINUING else {"active_to": REORG_DAY}

    def grassroots_channels(self, plan: GrassrootsPlan) -> None:
        unit = self.units[plan.code]
        members = plan.counts[0]
        since = {"active_from": _random_day(self.rng, max(plan.valid_from, D(2018, 1, 1)), D(2021, 12, 31))}
        if plan.state_funded:
            since["active_to"] = REORG_DAY
        zalo_share, board_share = (0.15, 0.3) if plan.state_funded else (0.35, 0.55)
        if self.rng.random() < zalo_share:
            self.channel(
                unit,
                ChannelKind.ZALO_GROUP,
                f"Đoàn viên {plan.employer}",
                self._zalo_group_link(),
                audience_count=max(10, round(members * self.rng.uniform(0.4, 0.8))),
                audience_counted_on=D(2025, 6, 1) if plan.state_funded else self.today - datetime.timedelta(days=20),
                **since,
            )
        if self.rng.random() < board_share:
            spot = self.rng.choice(("nhà ăn ca", "cổng bảo vệ", "khu vực chấm công", "phòng truyền thống"))
            self.channel(unit, ChannelKind.BULLETIN_BOARD, "Bảng tin công đoàn", location=f"Cạnh {spot}", **since)
        if not plan.state_funded and members >= 300 and self.rng.random() < 0.4:
            self.channel(
                unit,
                ChannelKind.LOUDSPEAKER,
                "Loa phát thanh nội bộ",
                location="Các xưởng sản xuất và nhà ăn ca",
                funding_source=FundingSource.EMPLOYER,
                cost=self.rng.choice((8, 12, 15, 20)) * 1_000_000,
                **since,
            )

    def build_channels(self) -> None:
        for province in PROVINCES:
            self.federation_channels(province)
            self.district_channels(province)
            self.park_channels(province)
            for plan in self.plans[province.code]:
                self.grassroots_channels(plan)
        self.press_channels()

    # The reorganisation of 1 July 2025 ------------------------------------------------

    @staticmethod
    def _goes_to_commune(province: ProvinceSpec, plan: GrassrootsPlan) -> bool:
        return not plan.state_funded and plan.parent_code != province.park_union.code

    def create_communes(self, province: ProvinceSpec) -> None:
        issuer = f"Ban Thường vụ LĐLĐ tỉnh {CONTINUING.name}"
        wards = {p.ward_code for p in self.plans[province.code] if self._goes_to_commune(province, p)}
        for district in province.districts:
            for place in district.places:
                if place.ward_code not in wards:
                    continue  # only communes that take over grassroots unions
                ward = Ward.from_code(place.ward_code)
                name = f"Công đoàn {lower_first(ward.name)}"
                decision = self.decisions.next("QĐ-LĐLĐ", "30/6/2025", issuer)
                self.commune_decisions[place.ward_code] = decision
                self.create(
                    commune_code(place.ward_code),
                    parent_code=federation_code(CONTINUING),
                    kind=UnitKind.COMMUNE,
                    name=name,
                    short_name=name.replace("Công đoàn", "CĐ"),
                    valid_from=REORG_DAY,
                    province_code=NEW_PROVINCE_CODE,
                    ward_code=place.ward_code,
                    decision=decision,
                )

    def close_state_agencies(self, province: ProvinceSpec) -> None:
        issuer = f"Ban Thường vụ LĐLĐ tỉnh {province.name}"
        for plan in self.plans[province.code]:
            if plan.state_funded:
                decision = self.decisions.next("QĐ-LĐLĐ", "20/6/2025", issuer)
                do_close_unit(self.units[plan.code], on_date=REORG_DAY, actor=self.admin, decision=decision)

    def move_to_communes(self, province: ProvinceSpec) -> None:
        for plan in self.plans[province.code]:
            if not self._goes_to_commune(province, plan):
                continue
            commune = self.units[commune_code(plan.ward_code)]
            decision = self.commune_decisions[plan.ward_code]
            do_move_unit(
                self.units[plan.code], new_parent=commune, on_date=REORG_DAY, actor=self.admin, decision=decision
            )

    def close_districts_and_boards(self, province: ProvinceSpec) -> None:
        issuer = f"Ban Thường vụ LĐLĐ tỉnh {province.name}"
        decision = self.decisions.next("QĐ-LĐLĐ", "25/6/2025", issuer)
        for district in province.districts:
            do_close_unit(
                self.units[district_code(province, district)], on_date=REORG_DAY, actor=self.admin, decision=decision
            )
        if province is CONTINUING:
            return  # the continuing federation keeps its boards
        for suffix, _board in BOARDS:
            do_close_unit(
                self.units[f"{federation_code(province)}-{suffix}"],
                on_date=REORG_DAY,
                actor=self.admin,
                decision=decision,
            )

    def merge_into_continuing(self, province: ProvinceSpec) -> None:
        decision = self.decisions.next("QĐ-LĐLĐ", "30/6/2025", f"Ban Thường vụ LĐLĐ tỉnh {CONTINUING.name}")
        do_merge_units(
            self.units[province.park_union.code],
            target=self.units[CONTINUING.park_union.code],
            on_date=REORG_DAY,
            actor=self.admin,
            decision=decision,
        )
        do_merge_units(
            self.units[federation_code(province)],
            target=self.units[federation_code(CONTINUING)],
            on_date=REORG_DAY,
            actor=self.admin,
            decision=province.merge_decision,
        )

    def place_continuing_grassroots(self) -> None:
        """Grassroots unions that go on take their 2025 commune or ward."""
        for province in PROVINCES:
            for plan in self.plans[province.code]:
                if not plan.state_funded:
                    do_update_unit_details(
                        self.unit(plan.code),
                        actor=self.admin,
                        province_code=NEW_PROVINCE_CODE,
                        ward_code=plan.ward_code,
                    )
        for province in PROVINCES:
            park = province.park_union
            # Some park unions have ended by now: the loader (actor None) completes their
            # record, which no account may change any more.
            do_update_unit_details(
                self.unit(park.code),
                actor=None,
                province_code=NEW_PROVINCE_CODE,
                ward_code=park.parks[0].ward_code,
            )

    def reorganise(self) -> None:
        for province in PROVINCES:
            self.create_communes(province)
        for province in PROVINCES:
            self.close_state_agencies(province)
            self.move_to_communes(province)
            self.close_districts_and_boards(province)
        for province in PROVINCES:
            if province is not CONTINUING:
                self.merge_into_continuing(province)
        self.place_continuing_grassroots()

    def commune_channels(self) -> None:
        """Some of the new commune unions opened their Zalo group in the first weeks. The
        provincial office checks them over the following year: most are verified, some
        refused with a reason, the latest still wait in its queue."""
        for unit in Unit.objects.current().filter(kind=UnitKind.COMMUNE).order_by("code"):
            if self.rng.random() < 0.6:
                since = _random_day(self.rng, D(2025, 7, 5), D(2025, 8, 31))
                group = self.channel(
                    unit,
                    ChannelKind.ZALO_GROUP,
                    f"Cán bộ {lower_first(unit.name)}",
                    self._zalo_group_link(),
                    active_from=since,
                    **self._audience(15, 120, False, not_before=since),
                )
                self.check_commune_group(group)

    def check_commune_group(self, group: Channel) -> None:
        draw = self.verify_rng.random()
        if draw < 0.7:
            self.verify_later(group, within_days=400)
        elif draw < 0.82:
            self.refuse_later(group, within_days=120)

    # Users ------------------------------------------------------------------------

    def create_users(self) -> None:
        User = get_user_model()
        password = make_password(PASSWORD)  # hashed once: the demo users share it
        for spec in DEMO_USERS:
            user = User.objects.filter(username=spec.username).first()
            if user is None:
                user = User.objects.create(
                    username=spec.username,
                    first_name=spec.first_name,
                    last_name=spec.last_name,
                    email=f"{spec.username.replace('.', '')}@{EMAIL_DOMAIN}",
                    password=password,
                    is_staff=True,
                    is_superuser=not spec.role,
                )
            self.users[spec.username] = user
        self.admin = self.users["admin"]

    def assign_roles(self, units: dict[str, Unit]) -> None:
        for spec in DEMO_USERS:
            if spec.role:
                do_assign_role(
                    user=self.users[spec.username],
                    unit=units[spec.unit_key],
                    kind=spec.role,
                    title=spec.title,
                    actor=self.admin,
                )

    def run(self) -> dict:
        self.create_users()
        self.build_confederation()
        for province in PROVINCES:
            self.build_province(province)
        for province in PROVINCES:
            self.rename_districts(province)
            self.split_historic_districts(province)
            self.recount(province)
        self.build_channels()
        self.reorganise()
        self.commune_channels()
        units = key_units()
        self.assign_roles(units)
        return self.summary(units)

    def summary(self, units: dict[str, Unit]) -> dict:
        all_plans = [p for plans in self.plans.values() for p in plans]
        return {
            **units,
            "users": self.users,
            "counts": {
                "units": Unit.objects.count(),
                "open_units": Unit.objects.current().count(),
                "grassroots": len(all_plans),
                "closed_state_agencies": sum(p.state_funded for p in all_plans),
                "communes": Unit.objects.filter(kind=UnitKind.COMMUNE).count(),
                "channels": self.channel_count,
                "users": len(self.users),
            },
        }


def load_demo_province(*, today: D | None = None, seed: int = SEED, with_plans: bool = True) -> dict:
    """Build the demo province and return its key units, users and counts; with
    `with_plans`, also plan 196/KH-LĐLĐ and today's Vĩnh Long plan (lantoa.demo.plans)
    and the Vĩnh Long federation's portal with its articles (lantoa.demo.content).

    `today` must fall after the reorganisation of 1 July 2025 (roles are given in the
    units open today); it dates the audience counts of channels still running."""
    today = today or timezone.localdate()
    if today <= REORG_DAY:
        raise ValueError("The demo province needs a day after 1 July 2025.")
    with transaction.atomic():
        loaded = DemoBuilder(today=today, seed=seed).run()
        name_the_site()
        if with_plans:
            from lantoa.demo.content import load_demo_content  # content.py imports this module
            from lantoa.demo.plans import load_demo_plans  # plans.py imports this module
            from lantoa.demo.publishing import load_demo_publishing

            loaded["plans"] = load_demo_plans(today=today)
            loaded["content"] = load_demo_content(today=today, plans=loaded["plans"])
            loaded["publishing"] = load_demo_publishing(today=today, unit=loaded["vinh_long"])
            from lantoa.demo.cascade import load_demo_cascade

            loaded["cascade"] = load_demo_cascade(today=today, units=key_units())
            from lantoa.demo.inbox import load_demo_inbox

            loaded["inbox"] = load_demo_inbox(today=today, units=key_units())
        return loaded


def name_the_site() -> None:
    """The demo runs for one province: the default site (what `/` shows) bears its name."""
    from wagtail.models import Site

    province = key_units().get("vinh_long")
    if province is not None:
        Site.objects.filter(is_default_site=True).update(site_name=province.name)


def _role_unit(username: str) -> Unit | None:
    role = Role.objects.filter(user__username=username, kind=RoleKind.UNIT_OFFICER).select_related("unit").first()
    return role.unit if role else None


def _busiest_commune() -> Unit | None:
    """The commune union holding most former Bến Tre grassroots unions."""
    codes = [commune_code(place.ward_code) for district in BEN_TRE.districts for place in district.places]
    return (
        Unit.objects.current()
        .filter(kind=UnitKind.COMMUNE, code__in=codes)
        .annotate(open_children=Count("children", filter=Q(children__valid_to__isnull=True)))
        .order_by("-open_children", "code")
        .first()
    )


def key_units() -> dict[str, Unit | None]:
    """The demo's key units as they are now in the database."""
    codes = {
        "confederation": "TLD",
        "ben_tre": federation_code(BEN_TRE),
        "tra_vinh": federation_code(TRA_VINH),
        "vinh_long": federation_code(VINH_LONG),
        "ben_tre_park": BEN_TRE.park_union.code,
        "tra_vinh_park": TRA_VINH.park_union.code,
        "vinh_long_park": VINH_LONG.park_union.code,
    }
    found = {u.code: u for u in Unit.objects.filter(code__in=codes.values())}
    units = {key: found.get(code) for key, code in codes.items()}
    commune = _role_unit("captren.demo") or _busiest_commune()
    units["commune"] = commune
    units["grassroots"] = _role_unit("coso.demo") or (
        Unit.objects.current().filter(parent=commune).order_by("-member_count", "code").first()
    )
    return units


def demo_logins() -> list[tuple[str, str, str]]:
    """(login, role, unit) of every demo user, the unit read from their role when loaded."""
    rows = []
    for spec in DEMO_USERS:
        role = Role.objects.filter(user__username=spec.username, kind=spec.role).select_related("unit").first()
        unit = role.unit.name if role else ("Toàn hệ thống" if not spec.role else "(chưa nạp)")
        rows.append((spec.username, ROLE_LABELS[spec.role], unit))
    return rows

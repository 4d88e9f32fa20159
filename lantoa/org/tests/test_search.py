"""Search ignores diacritics and case, and lists sort in Vietnamese order, on every database."""

import pytest

from lantoa.channels.actions import do_save_channel
from lantoa.channels.models import Channel
from lantoa.org import actions, queries
from lantoa.org.models import Unit, User

from .factories import D, make_unit

pytestmark = pytest.mark.django_db
TODAY = D(2026, 11, 28)

NAMES = [
    "Công đoàn cơ sở Công ty CP Đồng Khởi",
    "Công đoàn cơ sở Trường THCS An Hội",
    "Công đoàn cơ sở Bệnh viện Nguyễn Đình Chiểu",
    "Công đoàn Khu công nghiệp Giao Long",
    "Ban Tuyên giáo - Nữ công",
    "Công đoàn cơ sở Công ty TNHH Nội thất Hòa Phát",
]


@pytest.fixture
def province(admin_user):
    root = make_unit(None, "provincial", "Liên đoàn Lao động tỉnh Vĩnh Long", valid_from=D(1992, 5, 1))
    for name in NAMES:
        make_unit(root, "grassroots", name)
    return root


def listing(client, url, query):
    response = client.get(url, {"q": query})
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("cong doan co so dong khoi", "Công đoàn cơ sở Công ty CP Đồng Khởi"),
        ("dong khoi", "Công đoàn cơ sở Công ty CP Đồng Khởi"),
        ("ĐỒNG KHỞI", "Công đoàn cơ sở Công ty CP Đồng Khởi"),
        ("nguyen dinh chieu", "Công đoàn cơ sở Bệnh viện Nguyễn Đình Chiểu"),
        ("noi", "Công đoàn cơ sở Công ty TNHH Nội thất Hòa Phát"),
        ("an hoi", "Công đoàn cơ sở Trường THCS An Hội"),
        ("nữ công", "Ban Tuyên giáo - Nữ công"),
    ],
)
def test_unit_listing_search_matches_with_and_without_diacritics(client, admin_user, province, query, expected):
    client.force_login(admin_user)
    page = listing(client, "/admin/org/units/results/", query)
    assert expected in page
    assert "Giao Long" not in page or "giao" in query


def test_every_search_word_must_match(client, admin_user, province):
    client.force_login(admin_user)
    page = listing(client, "/admin/org/units/results/", "cong doan khoi xyz")
    assert "Đồng Khởi" not in page


def test_unit_chooser_search_folds_too(client, admin_user, province):
    client.force_login(admin_user)
    response = client.get("/admin/org/unit-chooser/results/", {"q": "benh vien"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Nguyễn Đình Chiểu" in page and "Đồng Khởi" not in page


def test_channel_and_user_listings_fold(client, admin_user, province):
    unit = Unit.objects.get(name__endswith="Đồng Khởi")
    do_save_channel(Channel(), actor=admin_user, unit=unit, kind="zalo_group", name="Nhóm Zalo Đoàn viên Đồng Khởi",
                    address="https://zalo.me/g/dongkhoi1")  # fmt: skip
    User.objects.create_user("nhung.tran", last_name="Trần", first_name="Thị Hồng Nhung")
    client.force_login(admin_user)
    assert "Nhóm Zalo Đoàn viên Đồng Khởi" in listing(client, "/admin/channels/results/", "nhom zalo dong khoi")
    assert "nhung.tran" in listing(client, "/admin/users/results/", "tran thi hong")


def test_the_tree_finds_units_by_folded_name(admin_user, province):
    found = queries.find_on(admin_user, "truong thcs an hoi", TODAY)
    assert [s.name for s in found] == ["Công đoàn cơ sở Trường THCS An Hội"]


def test_unit_listing_is_in_vietnamese_alphabetical_order(client, admin_user, province):
    client.force_login(admin_user)
    page = client.get("/admin/org/units/").content.decode()
    # Whole names compare: "Công đoàn cơ sở …" before "Công đoàn Khu …" (c < k), "Bệnh" before "Công".
    positions = [page.index(name) for name in ("Ban Tuyên giáo", "Bệnh viện", "Đồng Khởi", "Trường THCS", "Giao Long")]
    assert positions == sorted(positions)


def test_people_are_ordered_by_given_name(client, admin_user):
    for family, given, login in [
        ("Nguyễn", "Thị Thu Hà", "ha"),
        ("Trần", "Văn An", "an"),
        ("Đặng", "Thị Bích", "bich"),
    ]:
        User.objects.create_user(login, last_name=family, first_name=given)
    ordered = list(
        User.objects.filter(username__in=["ha", "an", "bich"]).order_by("sort_name").values_list("username", flat=True)
    )
    assert ordered == ["an", "bich", "ha"]


def test_names_are_stored_in_nfc_and_legacy_text_is_converted(province):
    unit = actions.do_create_unit(code="VNI1", kind="grassroots", name="Coâng ñoaøn cô sôû Coâng ty Beán Tre",
                                  parent=province, valid_from=D(2020, 1, 1))  # fmt: skip
    assert unit.name == "Công đoàn cơ sở Công ty Bến Tre"
    assert "cong doan co so cong ty ben tre" in unit.search_text

from lantoa.org.models import User


def test_full_name_is_in_vietnamese_order_family_name_first():
    user = User(username="tinh.tuyengiao", last_name="Nguyễn", first_name="Thị Thu Hà")
    assert user.get_full_name() == "Nguyễn Thị Thu Hà"
    assert user.get_short_name() == "Hà"


def test_short_name_falls_back_to_the_username():
    assert User(username="coso.demo").get_short_name() == "coso.demo"

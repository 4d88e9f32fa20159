import pytest

from lantoa.channels.actions import do_save_channel
from lantoa.channels.models import Channel
from lantoa.org.tests.factories import make_unit

pytestmark = pytest.mark.django_db


def test_channel_detail_page_shows_empty_values_as_a_dash_and_hides_internal_fields(client, admin_user):
    unit = make_unit(None, "confederation", "Tổng Liên đoàn Lao động Việt Nam")
    channel = do_save_channel(
        Channel(), actor=admin_user, unit=unit, kind="facebook_page", name="Trang Lao Động Online",
        address="https://www.facebook.com/laodongonline",
    )  # fmt: skip
    client.force_login(admin_user)
    page = client.get(f"/admin/channels/inspect/{channel.pk}/").content.decode()
    assert "Trang Lao Động Online" in page
    assert ">None<" not in page.replace(" ", "").replace("\n", "")
    assert "—" in page
    assert channel.search_text not in page

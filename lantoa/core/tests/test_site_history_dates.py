"""Site history filtered from 01/01/0001 used to answer 500 (the day overflows when
converted to UTC): a day outside 1900-9999 is a Vietnamese filter error, typed text kept."""

import pytest
from django.urls import reverse

from lantoa.core.tests.fuzz_world import world  # noqa: F401

pytestmark = pytest.mark.django_db
MESSAGE = "Hãy nhập một ngày từ 01/01/1900 đến 31/12/9999."


@pytest.mark.parametrize("url_name", ["wagtailadmin_reports:site_history", "wagtailadmin_reports:site_history_results"])
@pytest.mark.parametrize("who", ["superuser", "officer"])
def test_a_day_before_year_1900_is_refused_with_a_message(client, world, url_name, who):  # noqa: F811
    client.force_login(getattr(world, who))
    response = client.get(reverse(url_name), {"timestamp_from": "0001-01-01", "timestamp_to": "9999-12-31"})
    assert response.status_code == 200
    if url_name.endswith("_results"):  # the results alone, without the filters
        return
    page = response.content.decode()
    assert MESSAGE in page and 'value="0001-01-01"' in page


def test_days_in_range_still_filter_the_history(client, world):  # noqa: F811
    client.force_login(world.superuser)
    url = reverse("wagtailadmin_reports:site_history")
    assert "Nhóm Zalo May Ba Tri" in client.get(url, {"timestamp_from": "01/01/2000"}).content.decode()
    assert "Nhóm Zalo May Ba Tri" not in client.get(url, {"timestamp_to": "01/01/2000"}).content.decode()


def test_the_report_still_needs_admin_access(client, world):  # noqa: F811
    assert client.get(reverse("wagtailadmin_reports:site_history")).status_code == 302

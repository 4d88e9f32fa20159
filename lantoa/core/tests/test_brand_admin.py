"""The admin carries Lan Tỏa's name and logo (tab titles, favicon, sidebar, sign-in page),
its help menu opens the project's guide instead of wagtail.org, and boolean cells read
"Có"/"Không" to screen readers rather than "True"/"False"."""

from __future__ import annotations

from pathlib import Path
from xml.etree import ElementTree

import pytest
from django.conf import settings
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse
from wagtail.admin.menu import help_menu

from lantoa.core.wagtail_hooks import guide_url
from lantoa.org.tests.factories import make_user

pytestmark = pytest.mark.django_db

LOGO = Path(settings.BASE_DIR) / "lantoa" / "core" / "static" / "core" / "lantoa-logo.svg"


def test_the_logo_is_an_svg_titled_lan_toa():
    svg = ElementTree.parse(LOGO).getroot()  # noqa: S314 - the project's own file
    assert svg.tag == "{http://www.w3.org/2000/svg}svg"
    assert svg.find("{http://www.w3.org/2000/svg}title").text == "Lan Tỏa"


def test_the_sign_in_page_shows_the_logo_and_name_and_never_wagtail(client):
    html = client.get(reverse("wagtailadmin_login")).content.decode()
    assert 'class="lantoa-login-brand"' in html and "core/lantoa-logo.svg" in html
    assert "<title>Đăng nhập - Lan Tỏa</title>" in html
    assert 'rel="icon" type="image/svg+xml"' in html and "core/brand.css" in html
    assert "Wagtail" not in html.replace('id="wagtail"', "").replace("wagtail-", "")


def test_admin_pages_name_lan_toa_in_the_tab_and_the_sidebar(client):
    client.force_login(make_user("tinh.bientap", is_superuser=True))
    html = client.get(reverse("wagtailadmin_account")).content.decode()
    assert "- Lan Tỏa</title>" in html
    branding = html.split("<template data-wagtail-sidebar-branding-logo>", 1)[1].split("</template>", 1)[0]
    assert "core/lantoa-logo.svg" in branding and "Lan Tỏa" in branding


def test_the_help_menu_opens_the_guide_and_no_longer_wagtail_org(rf: RequestFactory):
    request = rf.get("/admin/")
    request.user = make_user("tinh.bientap", is_superuser=True)
    items = help_menu.menu_items_for_request(request)
    urls = [item.url for item in items]
    assert not [url for url in urls if "wagtail.org" in url]
    assert urls.count(guide_url()) == 1 and guide_url().startswith("/admin/")
    guide = next(item for item in items if item.url == guide_url())
    assert str(guide.label) == "Hướng dẫn sử dụng"


@pytest.mark.parametrize(("value", "read"), [(True, "Có"), (False, "Không"), (None, "Chưa xác định")])
def test_boolean_cells_read_yes_or_no_to_screen_readers(value, read):
    html = render_to_string("wagtailadmin/tables/boolean_cell.html", {"value": value, "column": None})
    spoken = html.split('<span class="w-sr-only">', 1)[1].split("</span>", 1)[0].strip()
    assert spoken == read
    assert "True" not in html and "False" not in html and "None" not in html


def test_the_sidebar_never_names_wagtail_or_its_version(client):
    client.force_login(make_user("quantri.he.thong", is_superuser=True))
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    props = html[html.index('id="wagtail-sidebar-props"') :]
    props = props[: props.index("</script>")]
    assert "Wagtail v" not in props
    assert "C\\u00e0i \\u0111\\u1eb7t" in props  # the settings submenu ("Cài đặt") is still there

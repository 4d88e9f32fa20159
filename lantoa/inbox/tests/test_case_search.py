"""Workers' cases in the workspace's one search and in the inbox list's search box: found by
their code, subject, employer and the worker's words, diacritics ignored; only where a role
lets the user read cases of that unit; never by the worker's name or phone, which no hit shows."""

import pytest
from django.urls import reverse

from lantoa.inbox import search as case_search
from lantoa.inbox.models import Case
from lantoa.workspace import search

from . import staff_world
from .staff_world import worker_writes

pytestmark = pytest.mark.django_db
world = staff_world.world  # the fixture


def case_hits(user, query):
    groups = {group.kind: group for group in search.search(user, query)}
    return groups.get("cases")


def test_a_case_is_found_by_the_workers_words_without_diacritics(world):
    group = case_hits(world.officer, "no luong thang 5")
    assert group is not None and group.count == 1
    (hit,) = group.hits
    assert hit.title == world.wages.code
    assert hit.url == reverse("inbox_case", args=[world.wages.pk])
    assert world.song_tien.name in hit.detail and world.wages.subject in hit.detail
    assert hit.detail.endswith(str(world.wages.get_status_display()))
    assert group.more_url == f"{reverse('inbox_cases')}?q=no+luong+thang+5"


def test_the_code_the_employer_and_a_later_message_find_the_case(world):
    assert case_hits(world.approver, world.wages.code.lower()).hits[0].title == world.wages.code
    assert {hit.title for hit in case_hits(world.approver, "Sông Tiền").hits} == {world.wages.code}
    assert case_hits(world.approver, "bảo hiểm xã hội") is None
    worker_writes("Thêm nữa: công ty chưa đóng bảo hiểm xã hội cho chúng tôi", employer="cty may song tien",
                  external_id="form-wages")  # fmt: skip
    assert case_hits(world.approver, "bao hiem xa hoi").hits[0].title == world.wages.code


def test_a_case_of_another_union_never_shows(world):
    assert case_hits(world.officer, "gang tay khau trang") is None
    assert case_hits(world.officer, world.safety.code) is None
    assert case_hits(world.approver, "gang tay khau trang").hits[0].title == world.safety.code


def test_a_viewer_without_inbox_rights_has_no_cases_kind(world, client):
    assert "cases" not in {kind.name for kind in search.kinds_for(world.viewer)}
    assert case_hits(world.viewer, "no luong") is None
    assert search.search_kind(world.viewer, "no luong", "cases") is None
    assert not case_search.cases_matching(world.viewer, "no luong").exists()
    client.force_login(world.viewer)
    page = client.get(reverse("workspace_search"), {"q": "no luong", "loai": "cases"})
    assert world.wages.code not in page.content.decode()


def test_the_workers_name_and_phone_are_never_searched_nor_shown(world, client):
    text = Case.objects.get(pk=world.wages.pk).search_text
    assert "no luong thang 5" in text
    assert "nguyen thi hoa" not in text and "0912000111" not in text
    assert case_hits(world.approver, "Nguyễn Thị Hoa") is None
    assert case_hits(world.approver, "0912000111") is None
    client.force_login(world.officer)  # who may see the worker's contact on the case's page
    for query in ({"q": "no luong"}, {"q": "no luong", "loai": "cases"}):
        html = client.get(reverse("workspace_search"), query).content.decode()
        assert world.wages.code in html
        assert "Nguyễn Thị Hoa" not in html and "0912000111" not in html


def test_the_inbox_list_searches_the_same_text(world, client):
    client.force_login(world.approver)
    page = client.get(reverse("inbox_cases"), {"q": "xuong che bien ham luong"})
    assert page.status_code == 200
    codes = {row["case"].code for row in page.context["rows"]}
    assert codes == {world.safety.code}
    page = client.get(reverse("inbox_cases"), {"q": "Nguyễn Thị Hoa"})
    assert page.context["rows"] == []


def test_backfill_fills_the_text_of_older_cases(world):
    Case.objects.update(search_text="")
    assert case_search.backfill_search_text() == 2
    for case in Case.objects.all():
        assert case.search_text == case_search.case_search_text(case)
        assert case.search_text.startswith(case.code.lower())
    assert case_hits(world.officer, "hen mai khong tra").count == 1

"""Workers' cases on the home page: an open critical case (a work stoppage) shows first to
everyone who reads it, the province's spokesperson and head of board among them (R13),
never to an officer of another province; an officer sees the cases assigned to them."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from lantoa.inbox import actions, intake
from lantoa.inbox.models import Case, CaseStatus, Intake, Urgency
from lantoa.inbox.tests.staff_world import person
from lantoa.org.models import RoleKind
from lantoa.org.tests.factories import fresh, make_unit
from lantoa.workspace import home, home_queries

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
STOPPAGE = ("Khoảng 300 công nhân Công ty TNHH Giày Hưng Thịnh ngừng việc tập thể từ 7 giờ sáng nay, yêu cầu trả "
            "tiền tăng ca còn nợ 2 tháng. Đề nghị công đoàn xuống ngay!")  # fmt: skip


def worker_calls(text, unit, key, *, critical=False) -> Case:
    inbound = intake.Inbound(intake=Intake.HOTLINE, external_id=key, text=text, unit_id=unit.pk,
                             sent_at=timezone.now() - datetime.timedelta(hours=3), name="Trần Văn Lực")  # fmt: skip
    case = intake.receive(inbound).case
    if critical and case.urgency != Urgency.CRITICAL:
        actions.do_classify(case, actor=None, topic="dispute_strike", urgency=Urgency.CRITICAL)
    return Case.objects.select_related("unit").get(pk=case.pk)


@pytest.fixture
def world():
    country = make_unit(None, "confederation", "Tổng Liên đoàn Lao động Việt Nam")
    vinh_long = make_unit(country, "provincial", "Liên đoàn Lao động tỉnh Vĩnh Long")
    park = make_unit(vinh_long, "industrial_park", "Công đoàn các Khu công nghiệp tỉnh Vĩnh Long")
    company = make_unit(park, name="Công đoàn cơ sở Công ty TNHH Giày Hưng Thịnh")
    ben_tre = make_unit(country, "provincial", "Liên đoàn Lao động tỉnh Bến Tre")
    other_company = make_unit(ben_tre, name="Công đoàn cơ sở Công ty May Bến Tre")
    people = {
        "spokesperson": person("tinh.phatngon", (vinh_long, RoleKind.SPOKESPERSON)),
        "board_head": person("tinh.truongban", (vinh_long, RoleKind.BOARD_HEAD)),
        "park_officer": person("kcn.canbo", (park, RoleKind.UNIT_OFFICER)),
        "other_officer": person("bentre.canbo", (other_company, RoleKind.UNIT_OFFICER)),
        "viewer": person("tinh.xem", (vinh_long, RoleKind.VIEWER)),
    }
    stoppage = worker_calls(STOPPAGE, company, "hotline-stoppage", critical=True)
    wages = worker_calls("Công ty may Bến Tre chậm trả lương tháng 5", other_company, "hotline-wages")
    return {**people, "stoppage": stoppage, "wages": wages, "company": company}


def panels(world, key) -> dict:
    return {panel.name: panel for panel in home.panels_for(fresh(world[key]), TODAY)}


@pytest.mark.parametrize("key", ["spokesperson", "board_head", "park_officer"])
def test_the_stoppage_shows_first_on_the_home_of_those_who_read_it(world, key):
    found = panels(world, key)
    critical = found[home.CriticalCasesPanel.name]
    assert list(found)[0] == critical.name
    (row,) = critical.data.rows
    assert row.case.pk == world["stoppage"].pk and row.url == reverse("inbox_case", args=[row.case.pk])
    html = critical.render_html({})
    for shown in (world["stoppage"].code, "Công đoàn cơ sở Công ty TNHH Giày Hưng Thịnh", "ngừng việc tập thể"):
        assert shown in html
    assert "Trần Văn Lực" not in html
    assert f"{reverse('inbox_cases')}?urgency=critical" in html


@pytest.mark.parametrize("key", ["other_officer", "viewer"])
def test_an_officer_of_another_province_or_a_viewer_never_sees_it(world, key):
    assert home.CriticalCasesPanel.name not in panels(world, key)
    assert home_queries.critical_cases(fresh(world[key]), TODAY).total == 0


def test_an_answered_or_closed_critical_case_leaves_the_panel(world):
    Case.objects.filter(pk=world["stoppage"].pk).update(status=CaseStatus.ANSWERED)
    assert home.CriticalCasesPanel.name not in panels(world, "spokesperson")
    Case.objects.filter(pk=world["stoppage"].pk).update(status=CaseStatus.IN_PROGRESS)
    assert home.CriticalCasesPanel.name in panels(world, "spokesperson")


def test_an_officer_sees_the_cases_assigned_to_him(world):
    officer = fresh(world["other_officer"])
    assert home.MyCasesPanel.name not in panels(world, "other_officer")
    actions.do_assign(world["wages"], actor=officer, user=officer)
    panel = panels(world, "other_officer")[home.MyCasesPanel.name]
    assert [row.case.pk for row in panel.data.rows] == [world["wages"].pk]
    assert world["wages"].code in panel.render_html({})
    assert home.MyCasesPanel.name not in panels(world, "park_officer")


def test_the_home_page_shows_the_critical_panel(world, client):
    client.force_login(world["spokesperson"])
    html = client.get("/admin/").content.decode()
    assert 'data-panel="lantoa_home_critical_cases"' in html and world["stoppage"].code in html
    client.force_login(world["other_officer"])
    assert world["stoppage"].code not in client.get("/admin/").content.decode()


def test_the_head_of_the_propaganda_board_is_alerted_and_reads_the_stoppage_but_not_other_cases(world, client):
    """The board head's role sits on the board ("Ban Tuyên giáo"), whose subtree holds no
    case: the alert and the home page still bring the province's critical cases (R13), the
    case opens read-only and without the worker's personal data; a normal case of the
    province stays out of sight."""
    from lantoa.inbox.models import Case
    from lantoa.org.models import Unit
    from lantoa.workspace.models import Notification

    vinh_long = Unit.objects.get(name="Liên đoàn Lao động tỉnh Vĩnh Long")
    board = make_unit(vinh_long, "board", "Ban Tuyên giáo - Nữ công")
    head = person("tuyengiao.truongban", (board, RoleKind.BOARD_HEAD))
    another = worker_calls(STOPPAGE.replace("Hưng Thịnh", "Tân Phú"), world["company"], "hotline-2", critical=True)
    normal = worker_calls("Hỏi về chế độ nghỉ phép năm", world["company"], "hotline-3")
    assert Notification.objects.filter(recipient=head, kind="inbox.critical").exists()
    (row, *_rest) = panels({"head": head}, "head")[home.CriticalCasesPanel.name].data.rows
    assert row.case.pk in {another.pk, world["stoppage"].pk}
    client.force_login(head)
    page = client.get(reverse("inbox_case", args=[another.pk]))
    assert page.status_code == 200 and "Trần Văn Lực" not in page.content.decode()
    assert client.get(reverse("inbox_case", args=[normal.pk])).status_code == 404
    assert Case.objects.get(pk=normal.pk).urgency != "critical"

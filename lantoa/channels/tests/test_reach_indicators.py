"""Reach of one campaign: the posts of the campaign's articles on the channels of a
subtree, each at its latest figure known on or before the day, so a past day shows what
was known then. A target sets the campaign on the target form, chosen among the campaigns
of its plan; a campaign deleted since counts nobody and says so."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from lantoa.channels.models import Channel, ChannelKind, Publication, PublicationStat, PublicationStatus
from lantoa.org.models import UnitState
from lantoa.plans import indicators, rollups
from lantoa.plans.models import Campaign, Plan, Target
from lantoa.portal.tests import portal_world
from lantoa.portal.tests.portal_world import publish_article

pytestmark = pytest.mark.django_db
portal, media_root = portal_world.portal, portal_world.media_root  # the portal's fixtures

DAY_1, DAY_2, DAY_3 = datetime.date(2026, 11, 10), datetime.date(2026, 11, 11), datetime.date(2026, 11, 12)
CODE = "publication_reach_by_campaign"


def make_plan(unit, number, title="Kế hoạch tuyên truyền năm 2026–2027"):
    return Plan.objects.create(
        issuing_unit=unit, number=number, symbol="KH-LĐLĐ", place="Vĩnh Long", issued_on=datetime.date(2026, 10, 1),
        title=title, period_start=datetime.date(2026, 10, 1), period_end=datetime.date(2027, 12, 31), status="issued",
    )  # fmt: skip


def make_campaign(plan, title, **fields):
    return Campaign.objects.create(
        plan=plan, unit=plan.issuing_unit, title=title, start_date=datetime.date(2026, 11, 1),
        end_date=datetime.date(2026, 12, 31), **fields,
    )  # fmt: skip


@pytest.fixture
def world(portal):
    """A province plan with two campaigns; an article of each and one of no campaign in the
    commune's section; a page of the commune, a board of its grassroots union, and a page
    of the grassroots union of the other commune (outside the commune's subtree)."""
    plan = make_plan(portal["province"], 12)
    month = make_campaign(plan, "Tháng Công nhân")
    safety = make_campaign(plan, "Tháng hành động an toàn lao động")
    section = portal["section"]
    articles = {
        "month": publish_article(section, 1, campaign=month),
        "safety": publish_article(section, 2, campaign=safety),
        "none": publish_article(section, 3),
    }
    page, board = ChannelKind.FACEBOOK_PAGE, ChannelKind.BULLETIN_BOARD
    channels = {
        "page": Channel.objects.create(unit=portal["commune"], kind=page, name="Trang Phú Khương"),
        "board": Channel.objects.create(unit=portal["grassroots"], kind=board, name="Bảng tin"),
        "sibling": Channel.objects.create(unit=portal["sibling"], kind=page, name="Trang Hàm Luông"),
    }
    return {**portal, "plan": plan, "month": month, "safety": safety, "articles": articles, "channels": channels}


def post(world, article, channel, day):
    """`article` posted on `channel` at noon of `day` (site time)."""
    noon = timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))
    return Publication.objects.create(
        article=world["articles"][article], channel=world["channels"][channel],
        status=PublicationStatus.PUBLISHED, published_at=noon,
    )  # fmt: skip


def counted(publication, day, reach):
    noon = timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))
    return PublicationStat.objects.create(publication=publication, on_date=day, fetched_at=noon, reach=reach)


def reach(world, unit, day, campaign):
    root = UnitState.objects.on(day).get(unit=world[unit])
    return indicators.compute(CODE, root, day, campaign=campaign)


def test_a_past_day_shows_only_the_figures_and_posts_known_then(world):
    month = world["month"].pk
    page = post(world, "month", "page", DAY_1)
    counted(page, DAY_1, 100)
    counted(page, DAY_3, 400)  # a later figure replaces the earlier one from its day on
    board = post(world, "month", "board", DAY_3)
    counted(board, DAY_2, 50)  # a hand count dated before the post's day: the post is not there yet

    assert reach(world, "province", DAY_1 - datetime.timedelta(days=1), month).value == 0
    first = reach(world, "province", DAY_1, month)
    assert first.value == 100 and first.details == {"publications": 1}
    assert reach(world, "province", DAY_2, month).value == 100  # neither the day-3 figure nor the day-3 post
    last = reach(world, "province", DAY_3, month)
    assert last.value == 400 + 50 and last.details == {"publications": 2}


def test_a_campaigns_reach_leaves_out_other_campaigns_articles_and_other_subtrees(world):
    month, safety = str(world["month"].pk), str(world["safety"].pk)
    counted(post(world, "month", "page", DAY_1), DAY_1, 100)
    counted(post(world, "month", "sibling", DAY_1), DAY_1, 7)
    counted(post(world, "safety", "page", DAY_1), DAY_1, 1_000)
    counted(post(world, "none", "page", DAY_1), DAY_1, 10_000)

    assert reach(world, "province", DAY_1, month).value == 107
    assert reach(world, "commune", DAY_1, month).value == 100  # the other commune's page is not below it
    assert reach(world, "province", DAY_1, safety).value == 1_000
    root = UnitState.objects.on(DAY_1).get(unit=world["province"])
    assert indicators.compute("publication_reach", root, DAY_1).value == 11_107  # every post, for comparison


def target_post(plan, setting):
    return {
        "plan": plan.pk, "title": "Chiến dịch Tháng Công nhân tiếp cận 500.000 người", "indicator": CODE,
        "unit": plan.issuing_unit_id, "setting": setting, "target_value": "500000", "deadline": "31/12/2026",
        "baseline_on": "", "check_dates": "", "order": "1",
    }  # fmt: skip


def test_the_target_form_offers_the_plans_campaigns_and_stores_the_chosen_one(admin_client, world):
    plan, month = world["plan"], world["month"]
    make_campaign(plan, "Chiến dịch bị từ chối", rejected_at=timezone.now())
    page = admin_client.get(reverse("target:add")).content.decode()
    assert "Lượt tiếp cận của các bài đăng thuộc một chiến dịch" in page
    assert 'label="chiến dịch có bài đăng được tính"' in page
    assert f'value="campaign={month.pk}">12/KH-LĐLĐ: Tháng Công nhân<' in page
    assert "Chiến dịch bị từ chối" not in page  # a rejected campaign never ran

    response = admin_client.post(reverse("target:add"), target_post(plan, f"campaign={month.pk}"))
    assert response.status_code == 302
    target = Target.objects.get()
    assert target.indicator == CODE and target.params == {"campaign": str(month.pk)}
    edit = admin_client.get(reverse("target:edit", args=[target.pk])).content.decode()
    assert f'value="campaign={month.pk}" selected' in edit

    counted(post(world, "month", "page", DAY_1), DAY_1, 100)
    counted(post(world, "safety", "page", DAY_1), DAY_1, 1_000)
    assert indicators.evaluate(target, DAY_1).value == 100  # the stored setting is what the figure reads


def test_the_target_form_refuses_a_campaign_of_another_plan_or_none(admin_client, world):
    other = make_campaign(make_plan(world["province"], 13, "Kế hoạch khác"), "Chiến dịch của kế hoạch khác")
    response = admin_client.post(reverse("target:add"), target_post(world["plan"], f"campaign={other.pk}"))
    assert response.status_code == 200 and not Target.objects.exists()
    assert "Hãy chọn thiết lập thuộc kế hoạch của chỉ tiêu." in response.content.decode()

    response = admin_client.post(reverse("target:add"), target_post(world["plan"], ""))
    assert "Chỉ tiêu này cần một thiết lập: hãy chọn trong danh sách." in response.content.decode()
    admin_client.post(reverse("target:add"), target_post(world["plan"], "campaign=999999"))  # not offered
    assert not Target.objects.exists()


def test_a_deleted_campaign_counts_nobody_and_says_so(world):
    target = Target.objects.create(
        plan=world["plan"], title="Tiếp cận", indicator=CODE, params={"campaign": str(world["month"].pk)},
        target_value=500_000, deadline=datetime.date(2026, 12, 31),
    )  # fmt: skip
    counted(post(world, "month", "page", DAY_1), DAY_1, 100)
    assert indicators.evaluate(target, DAY_1).value == 100
    world["month"].delete()  # its articles stay, belonging to no campaign

    gone = indicators.evaluate(target, DAY_1)
    assert gone.value == 0 and gone.details["campaign_missing"] is True
    assert rollups.refresh_target(target, [DAY_1]) >= 1  # the dashboards' rows are built without failing
    row = target.values.get(on_date=DAY_1, unit=world["province"])
    assert row.value == 0 and row.details["campaign_missing"] is True
    assert reach(world, "province", DAY_1, 999_999).details["campaign_missing"] is True


@pytest.mark.parametrize("setting", ["", "tháng-công-nhân", "12; DROP", None, True, -3])
def test_a_setting_that_is_no_campaign_id_is_a_clear_error(world, setting):
    with pytest.raises(ValueError, match="is not a campaign id"):
        reach(world, "province", DAY_1, setting)


def test_a_new_post_and_its_figures_refresh_the_stored_figures_of_the_targets_above(
    world, django_capture_on_commit_callbacks
):
    """Publications and their statistics name their unit only through their channel: the
    rollup triggers still find the targets above it (not only at the daily rebuild)."""
    target = Target.objects.create(
        plan=world["plan"], title="Tiếp cận", indicator="publication_reach", target_value=500_000,
        deadline=datetime.date(2026, 12, 31), baseline_on=DAY_1,
    )  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        page = post(world, "month", "page", DAY_1)
        counted(page, DAY_1, 321)
    today = target.values.get(on_date=timezone.localdate(), unit=world["province"])
    assert today.value == 321

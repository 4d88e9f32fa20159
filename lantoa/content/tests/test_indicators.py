"""The content studio's indicator kinds: articles first published on the portal, counted
for the author unit's subtree as of a day."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from lantoa.content import indicators as content_indicators  # noqa: F401 - registers the kinds
from lantoa.content.groups import ContentGroup
from lantoa.content.models import ArticlePage
from lantoa.org.models import UnitState
from lantoa.plans import indicators
from lantoa.plans.models import Plan, PlanStatus, Target
from lantoa.portal.actions import do_open_portal, do_open_section

from .editorial_world import write_article

pytestmark = pytest.mark.django_db

D = datetime.date
MARCH = D(2026, 3, 10)
MAY = D(2026, 5, 20)


def at(day: D) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(9)))


@pytest.fixture
def portal(commune_world):
    world = dict(commune_world)
    world["home"] = do_open_portal(world["province"], hostname="localhost", actor=None)
    world["commune_section"] = do_open_section(world["commune"], actor=None)
    world["grassroots_section"] = do_open_section(world["grassroots"], actor=None)
    return world


def published(parent, author, day: D, **fields) -> ArticlePage:
    """An article published through its revision, dated `day` as the demo and the
    importer date theirs."""
    article = write_article(parent, author, **fields)
    article.save_revision(user=author).publish(user=author)
    ArticlePage.objects.filter(pk=article.pk).update(first_published_at=at(day), last_published_at=at(day))
    return ArticlePage.objects.get(pk=article.pk)


def state(unit, day=MAY):
    return UnitState.objects.on(day).get(unit=unit)


def value(code, unit, day, **params):
    return indicators.compute(code, state(unit, day), day, **params).value


def test_a_past_day_counts_only_the_articles_published_by_then(portal):
    editor = portal["superuser"]
    published(portal["home"], editor, MARCH, title="Phát động Tháng Công nhân")
    published(portal["home"], editor, MAY, title="Tổng kết Tháng Công nhân")
    assert value("articles_published", portal["province"], MARCH - datetime.timedelta(days=1)) == 0
    assert value("articles_published", portal["province"], MARCH) == 1
    assert value("articles_published", portal["province"], MAY) == 2


def test_a_unit_counts_the_articles_of_its_whole_subtree(portal):
    editor = portal["superuser"]
    published(portal["home"], editor, MARCH, title="Tin của tỉnh")
    published(portal["commune_section"], editor, MARCH, title="Tin của phường")
    published(portal["grassroots_section"], editor, MARCH, title="Tin của công đoàn cơ sở")
    assert value("articles_published", portal["province"], MAY) == 3
    assert value("articles_published", portal["commune"], MAY) == 2
    assert value("articles_published", portal["grassroots"], MAY) == 1
    assert value("articles_published", portal["sibling"], MAY) == 0


def test_drafts_articles_in_moderation_and_unpublished_articles_never_count(portal):
    editor = portal["superuser"]
    write_article(portal["home"], editor, title="Bản nháp")
    waiting = write_article(portal["home"], editor, title="Chờ duyệt")
    waiting.get_workflow().start(waiting, editor)
    withdrawn = published(portal["home"], editor, MARCH, title="Đã gỡ xuống")
    withdrawn.unpublish(user=editor)
    assert ArticlePage.objects.count() == 3
    assert value("articles_published", portal["province"], MAY) == 0


def test_a_content_group_counts_only_its_own_articles(portal):
    editor = portal["superuser"]
    published(portal["home"], editor, MARCH, title="Gương sáng", content_group=ContentGroup.GOOD_PRACTICE)
    published(portal["home"], editor, MARCH, title="Tin ngắn", content_group=ContentGroup.NEWS)
    group = ContentGroup.GOOD_PRACTICE
    assert value("articles_in_group", portal["province"], MAY, content_group=group) == 1
    assert value("articles_in_group", portal["province"], MAY, content_group=ContentGroup.IN_DEPTH) == 0


def test_the_portal_channel_counts_published_articles_and_other_channels_nothing_yet(portal):
    published(portal["home"], portal["superuser"], MARCH, title="Tin trên Cổng")
    assert value("articles_on_channel", portal["province"], MAY, channel="portal") == 1
    facebook = indicators.compute("articles_on_channel", state(portal["province"]), MAY, channel="facebook_post")
    assert facebook.value == 0 and facebook.details == {"recorded": False}


def test_a_target_counts_from_its_plan_start(portal):
    editor = portal["superuser"]
    published(portal["home"], editor, D(2025, 12, 1), title="Trước kế hoạch")
    published(portal["home"], editor, MARCH, title="Trong kế hoạch")
    plan = Plan.objects.create(
        issuing_unit=portal["province"], title="Truyền thông 2026", status=PlanStatus.ISSUED, symbol="KH-LĐLĐ",
        place="Vĩnh Long", issued_on=D(2026, 1, 1),
        period_start=D(2026, 1, 1), period_end=D(2026, 12, 31),
    )  # fmt: skip
    target = Target.objects.create(
        plan=plan, title="Đăng tin, bài", indicator="articles_published", target_value=Decimal(10),
        deadline=D(2026, 12, 31),
    )  # fmt: skip
    assert indicators.evaluate(target, MAY).value == 1
    target.baseline_on = D(2025, 11, 1)
    assert indicators.evaluate(target, MAY).value == 2

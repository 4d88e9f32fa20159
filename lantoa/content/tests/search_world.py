"""Articles to search: a province's portal with live articles of different ages, one draft,
and another federation's portal (another site) with an article on the same subject."""

from __future__ import annotations

import datetime
from types import SimpleNamespace

import pytest
from django.utils import timezone

from lantoa.content.models import ArticlePage
from lantoa.org.tests.factories import make_unit
from lantoa.portal.actions import do_open_portal

NOW = timezone.now()


def paragraph(text: str) -> list[dict]:
    return [{"type": "paragraph", "value": f"<p>{text}</p>"}]


def publish(parent, title: str, *, summary: str = "Tin hoạt động công đoàn.", body: str = "", days_ago: int = 1,
            live: bool = True) -> ArticlePage:  # fmt: skip
    """An article under `parent`, live (first published `days_ago` days ago) or a draft."""
    published = NOW - datetime.timedelta(days=days_ago) if live else None
    article = ArticlePage(
        title=title, summary=summary, body=paragraph(body) if body else [], live=live,
        first_published_at=published, last_published_at=published,
    )  # fmt: skip
    parent.add_child(instance=article)
    return ArticlePage.objects.get(pk=article.pk)


def build_article_world() -> SimpleNamespace:
    country = make_unit(None, "confederation", "Tổng Liên đoàn Lao động Việt Nam")
    province = make_unit(country, "provincial", "Liên đoàn Lao động tỉnh Bến Tre")
    other = make_unit(country, "provincial", "Liên đoàn Lao động tỉnh Đắk Lắk")
    home = do_open_portal(province, hostname="localhost", actor=None)
    other_home = do_open_portal(other, hostname="daklak.localhost", actor=None)
    world = SimpleNamespace(province=province, other=other, home=home, other_home=other_home)
    world.title_match = publish(home, "An toàn lao động trong mùa mưa bão", days_ago=300)
    world.body_match = publish(
        home, "Hội nghị người lao động năm 2026", days_ago=2,
        body="Công nhân được tập huấn về an toàn lao động và vệ sinh lao động tại nhà xưởng.",
    )  # fmt: skip
    world.recent = publish(home, "Tết Sum vầy 2026: 500 suất quà", days_ago=3)
    world.old = publish(home, "Tết Sum vầy 2024: 300 suất quà", days_ago=700)
    world.dong_khoi = publish(home, "Đồng Khởi ra quân Tháng Công nhân", days_ago=5)
    world.thoa_uoc = publish(
        home, "Ký kết thỏa ước", days_ago=6, summary="Thỏa ước lao động tập thể nhóm doanh nghiệp dệt may."
    )
    world.draft = publish(home, "Dự thảo: an toàn lao động cho tài xế", live=False)
    world.other_site = publish(other_home, "An toàn lao động ở Đắk Lắk", days_ago=1)
    return world


@pytest.fixture(name="article_world")
def article_world_fixture(db):
    return build_article_world()

"""A province's portal with topic indexes, the commune's section and published articles,
for the portal's tests (fixtures: `portal`, `media_root`; builders: `publish_article`)."""

from __future__ import annotations

import datetime
import io

import pytest
from django.core.files.images import ImageFile
from django.utils import timezone
from PIL import Image as PILImage
from wagtail.images import get_image_model

from lantoa.content.groups import ContentGroup
from lantoa.content.models import ArticlePage
from lantoa.portal.actions import do_open_portal, do_open_section
from lantoa.portal.models import TopicIndexPage

HOST = "localhost"
START = datetime.datetime(2026, 11, 2, 8, 0, tzinfo=datetime.UTC)


@pytest.fixture
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def portal(commune_world, media_root):
    home = do_open_portal(commune_world["province"], hostname=HOST, actor=None, title="Cổng Công đoàn Vĩnh Long")
    indexes = {
        group: publish(
            home.add_child(
                instance=TopicIndexPage(title=label, slug=f"chuyen-muc-{group}", content_group=group, live=False)
            )
        )
        for group, label in [(ContentGroup.NEWS, "Tin tức"), (ContentGroup.GOOD_PRACTICE, "Gương điển hình")]
    }
    section = do_open_section(commune_world["commune"], actor=None)
    section.save_revision().publish()
    return {"home": home, "section": section, "indexes": indexes, **commune_world}


def publish(page):
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def make_image(title: str = "Ảnh hội nghị", size=(1600, 900), color="#0b4ea2"):
    buffer = io.BytesIO()
    PILImage.new("RGB", size, color).save(buffer, "JPEG", quality=80)
    return get_image_model().objects.create(title=title, file=ImageFile(buffer, name=f"{title}.jpg"))


def image_block(image, alt="Đoàn viên dự hội nghị tại hội trường"):
    return ("image", {"image": image, "decorative": False, "alt_text": alt})


def publish_article(parent, n: int, *, group=ContentGroup.NEWS, live=True, body=(), **fields) -> ArticlePage:
    """Article n, first published n hours after START (so higher n is newer)."""
    tags = fields.pop("tags", [])
    article = parent.add_child(
        instance=ArticlePage(
            title=fields.pop("title", f"Bài viết số {n}"),
            slug=f"bai-viet-{n}",
            summary=fields.pop("summary", f"Tóm tắt của bài viết số {n}."),
            content_group=group,
            body=list(body) or [("paragraph", f"<p>Nội dung bài viết số {n}.</p>")],
            live=False,
            **fields,
        )
    )
    if tags:
        article.tags.add(*tags)
    if not live:
        article.save_revision()
        return article
    article.save_revision().publish()
    ArticlePage.objects.filter(pk=article.pk).update(first_published_at=START + datetime.timedelta(hours=n))
    article.refresh_from_db()
    return article


def now():
    return timezone.now()


def make_campaign(unit, title="Tháng Công nhân 2026", key_message="Đoàn viên khỏe, doanh nghiệp mạnh"):
    """A campaign row for the landing page (its plan's paperwork does not matter here)."""
    from lantoa.plans.models import Campaign, Plan

    day = datetime.date(2026, 5, 1)
    plan = Plan.objects.create(
        issuing_unit=unit,
        symbol="KH-LĐLĐ",
        place="Vĩnh Long",
        issued_on=day,
        title="Kế hoạch tuyên truyền",
        period_start=day,
        period_end=day + datetime.timedelta(days=60),
    )
    return Campaign.objects.create(
        plan=plan,
        unit=unit,
        title=title,
        key_message=key_message,
        start_date=day,
        end_date=day + datetime.timedelta(days=30),
    )


LANDMARKS = (
    '<header class="site-header">',
    '<nav class="site-nav"',
    '<main id="noi-dung"',
    '<footer class="site-footer">',
)


def assert_portal_page(response, *, og_type="website"):
    """200, Vietnamese, the landmarks, the skip link and the sharing tags."""
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="vi">' in html
    for landmark in LANDMARKS:
        assert landmark in html
    assert '<a class="skip-link" href="#noi-dung">Bỏ qua, đến nội dung chính</a>' in html
    assert f'<meta property="og:type" content="{og_type}">' in html
    assert '<meta property="og:title"' in html and '<meta name="twitter:card"' in html
    assert '<meta property="og:url" content="http://localhost/' in html
    assert '<link rel="alternate" type="application/rss+xml"' in html
    return html

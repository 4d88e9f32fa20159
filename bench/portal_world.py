"""A province's portal for the benchmarks (`bench.portal`, `bench.submit_article`): the
province with its editorial people, the portal, and published articles of five paragraphs
and two images each. Runs inside a process where Django is set up on a fresh database."""

from __future__ import annotations

import datetime
import io
import json

PASSWORD = "mat-khau-bench-123"  # noqa: S105 - a throwaway database's accounts
PARAGRAPH = (
    "<p>Thực hiện Kế hoạch số 45/KH-LĐLĐ của Ban Thường vụ Liên đoàn Lao động tỉnh, trong "
    "tháng {n}, các cấp công đoàn đã tổ chức {n} hoạt động chăm lo cho đoàn viên, người lao "
    "động có hoàn cảnh khó khăn: thăm hỏi, tặng quà, hỗ trợ sửa chữa nhà ở và tư vấn pháp luật "
    "miễn phí. <b>Hơn 1.200 đoàn viên</b> được hưởng lợi, với tổng kinh phí 1.850.000.000 đ từ "
    "nguồn tài chính công đoàn và vận động xã hội. Đồng chí Chủ tịch Liên đoàn Lao động tỉnh "
    "nhấn mạnh: mỗi cán bộ công đoàn phải sâu sát cơ sở, lắng nghe tâm tư, nguyện vọng của "
    'người lao động. Xem thêm <a href="https://congdoan.vn/">Cổng thông tin Công đoàn Việt Nam</a>.</p>'
)


def build_province():
    """The province, its superuser, its editor and the deciders of the editorial workflow."""
    from django.contrib.auth import get_user_model

    from lantoa.org.actions import do_assign_role, do_create_unit
    from lantoa.org.models import RoleKind, UnitKind

    users = get_user_model().objects
    province = do_create_unit(
        code="LDLD-BENCH",
        kind=UnitKind.PROVINCIAL,
        name="Liên đoàn Lao động tỉnh Bench",
        parent=None,
        valid_from=datetime.date(2020, 1, 1),
    )
    people = {"admin": users.create_superuser("admin.bench", "admin@example.vn", PASSWORD)}
    for username, kind in (
        ("tinh.bientap", RoleKind.EDITOR),
        ("tinh.truongban", RoleKind.BOARD_HEAD),
        ("tinh.lanhdao", RoleKind.APPROVER),
    ):
        user = users.create_user(username, f"{username}@example.vn", PASSWORD, is_staff=True)
        do_assign_role(user=user, unit=province, kind=kind, actor=None)
        people[kind] = users.get(pk=user.pk)
    return province, people


def make_images(count: int = 2) -> list:
    """Photographs as an editor uploads them: 1600×1000 JPEG, a few hundred KB."""
    from django.core.files.images import ImageFile
    from PIL import Image as PILImage
    from PIL import ImageDraw
    from wagtail.images import get_image_model

    images = []
    for n in range(count):
        picture = PILImage.new("RGB", (1600, 1000), (30 + 90 * n, 110, 160))
        draw = ImageDraw.Draw(picture)
        for x in range(0, 1600, 40):
            draw.line([(x, 0), (1600 - x, 1000)], fill=(255, 255 - x % 255, x % 255), width=3)
        buffer = io.BytesIO()
        picture.save(buffer, "JPEG", quality=85)
        image = get_image_model()(title=f"Ảnh hoạt động {n + 1}", file=ImageFile(buffer, name=f"hoat-dong-{n + 1}.jpg"))
        image.save()
        images.append(image)
    return images


def article_body(images) -> str:
    """Five paragraphs with the two images between them, as the StreamField stores it."""
    blocks = []
    for n in range(5):
        blocks.append({"type": "paragraph", "value": PARAGRAPH.format(n=n + 3)})
        if n in (0, 2):
            image = images[len(blocks) % len(images)]
            blocks.append({"type": "image", "value": {"image": image.pk, "alt_text": image.title, "decorative": False}})
    return json.dumps(blocks)


def build_portal(articles: int):
    """The province's portal (default site) and `articles` published articles; returns the
    home page, the people and the first article."""
    from lantoa.content.models import ArticlePage
    from lantoa.portal.actions import do_open_portal

    province, people = build_province()
    home = do_open_portal(province, hostname="127.0.0.1", actor=None)
    images = make_images()
    body = article_body(images)
    first = None
    for n in range(articles):
        article = ArticlePage(
            title=f"Chăm lo Tết cho đoàn viên, người lao động năm 2026 (đợt {n + 1})",
            slug=f"cham-lo-tet-2026-dot-{n + 1}",
            summary="Liên đoàn Lao động tỉnh dành gần 2 tỷ đồng chăm lo cho đoàn viên, người lao động dịp Tết.",
            body=body,
            owner=people["editor"],
        )
        home.add_child(instance=article)
        article.save_revision(user=people["admin"]).publish(user=people["admin"])
        first = first or ArticlePage.objects.get(pk=article.pk)
    return home, people, first

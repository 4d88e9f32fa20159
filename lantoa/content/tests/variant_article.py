"""An article that exercises every generator: abbreviations, an address and a hashtag in the
body, tags, a key message; written in the commune's section of the editorial world."""

from __future__ import annotations

from wagtail.rich_text import RichText

from lantoa.content.models import ArticlePage

TITLE = "Tháng Công nhân năm 2026 – An toàn, vệ sinh lao động"
SUMMARY = "LĐLĐ tỉnh phát động Tháng Công nhân với chủ đề ATVSLĐ. Hơn 90% CĐCS đã hưởng ứng."
BODY = (
    "<p>CĐCS các doanh nghiệp tổ chức đối thoại với NLĐ về TƯLĐTT; CNVCLĐ được tập huấn ATVSLĐ.</p>"
    "<ul><li>Xem kế hoạch tại https://vinhlong.congdoan.vn/ke-hoach #ThangCongNhan</li></ul>"
)
KEY_MESSAGE = "Đoàn viên an toàn, doanh nghiệp phát triển"
TAGS = ["Công đoàn Vĩnh Long", "Tháng Công nhân", "an toàn lao động"]


def write_variant_article(world, *, parent=None, author=None) -> ArticlePage:
    parent = parent or world["commune_section"]
    author = author or world["commune_editor"]
    article = ArticlePage(
        title=TITLE,
        summary=SUMMARY,
        key_message=KEY_MESSAGE,
        body=[("paragraph", RichText(BODY))],
        owner=author,
        live=False,
    )
    article.tags.add(*TAGS)
    parent.add_child(instance=article)
    article.save_revision(user=author)
    return ArticlePage.objects.get(pk=article.pk)

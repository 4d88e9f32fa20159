"""The press release is a Word document in the Decree 30 layout, issued by the article's unit,
printing the press-release variant as the spokesperson left it."""

import io

import docx
import pytest

from lantoa.content.press import press_release_document, render_press_release

from .editorial_world import editorial_world  # noqa: F401 - fixture
from .variant_article import TITLE, write_variant_article

pytestmark = pytest.mark.django_db


def paragraphs_of(content: bytes) -> list[str]:
    document = docx.Document(io.BytesIO(content))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return [paragraph.text for paragraph in document.paragraphs] + cells


def test_the_press_release_opens_in_word_and_holds_the_title(editorial_world):  # noqa: F811
    article = write_variant_article(editorial_world).get_latest_revision_as_object()
    text = "\n".join(paragraphs_of(render_press_release(article)))
    assert TITLE in text
    assert "THÔNG CÁO BÁO CHÍ" in text
    assert "CÔNG ĐOÀN PHƯỜNG PHÚ KHƯƠNG" in text
    assert "Số: …/TCBC-CĐ" in text


def test_the_press_release_prints_the_spokespersons_edits(editorial_world):  # noqa: F811
    article = write_variant_article(editorial_world).get_latest_revision_as_object()
    variant = next(v for v in article.variants.all() if v.kind == "press_release")
    variant.text = "Thông cáo về Tháng Công nhân\n\nĐoạn do người phát ngôn viết."
    document = press_release_document(article)
    assert document.title == "Thông cáo về Tháng Công nhân"
    assert list(document.introduction) == ["Đoạn do người phát ngôn viết."]
    assert document.parent_body == "Liên đoàn Lao động tỉnh Vĩnh Long"

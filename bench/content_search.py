"""Bench `content_search_p95`: the portal's article search over 50,000 articles.

Each database gets a fresh process (settings are read at import time): SQLite in a temporary
DATA_DIR, PostgreSQL in `lantoa_bench_search` (dropped and created afresh) when a server
answers on 127.0.0.1:5432 or BENCH_SEARCH_POSTGRES_URL is set. The process migrates, opens a
province's portal, inserts 50,000 articles in bulk (page rows with computed tree paths, then
the article rows and their word-index rows), and times `search_articles` for 50
Vietnamese queries, with and without diacritics, as the portal's search page asks (10 rows
with snippets and links): p95 of two passes after one warm-up pass, target 50 ms. The
numbers of articles each query finds are printed too, so the two databases can be compared.

    python -m bench.content_search            (also run by `make bench`)

Environment: BENCH_SEARCH_ARTICLES (default 50000), BENCH_DATABASES (default "sqlite,postgres").
"""

from __future__ import annotations

import datetime
import hashlib
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

from bench.run import postgres_url, recreate_postgres_database, worker_env

ROOT = Path(__file__).resolve().parent.parent
TARGET_MS = 50
SEED = 11
BATCH_SIZE = 2000
PASSES = 2

TITLE_TOPICS = [
    "An toàn lao động", "Vệ sinh lao động", "Thỏa ước lao động tập thể", "Tháng Công nhân",
    "Tết Sum vầy", "Mái ấm Công đoàn", "Bữa cơm Công đoàn", "Phòng chống cháy nổ",
    "Đối thoại tại nơi làm việc", "Bảo hiểm xã hội", "Tiền lương tối thiểu vùng", "Chuyến xe Công đoàn",
    "Phúc lợi đoàn viên", "Học tập và làm theo tư tưởng Hồ Chí Minh", "Chuyển đổi số", "Nhà ở xã hội",
    "Khám sức khỏe định kỳ", "Nữ công nhân", "Thi đua lao động giỏi", "Phòng chống ma túy",
    "Bình đẳng giới", "Đại hội Công đoàn các cấp", "Pháp luật lao động", "Hỗ trợ đoàn viên khó khăn",
]  # fmt: skip
TITLE_FORMS = [
    "{topic}: {place} triển khai kế hoạch năm {year}", "{place} tổng kết {topic_lower} năm {year}",
    "Hội nghị {topic_lower} tại {place}", "{topic} – những con số ấn tượng ở {place}",
    "Tuyên truyền {topic_lower} cho đoàn viên {place}", "{place}: ra quân {topic_lower}",
]  # fmt: skip
PLACES = [
    "Bến Tre", "Ba Tri", "Bình Đại", "Chợ Lách", "Giồng Trôm", "Mỏ Cày Nam", "Thạnh Phú", "Đồng Khởi",
    "Khu công nghiệp Giao Long", "Khu công nghiệp An Hiệp", "Công ty May Việt Tiến", "Phú Khương",
    "Mỹ Thạnh An", "Đắk Lắk", "Đà Nẵng", "Hà Nội", "Thừa Thiên Huế", "Quảng Ngãi",
]  # fmt: skip
SENTENCES = [
    "Ban Chấp hành Công đoàn cơ sở đã tổ chức hội nghị người lao động với sự tham gia của hơn 300 đoàn viên.",
    "Các đại biểu thảo luận về thỏa ước lao động tập thể, tiền lương, tiền thưởng và chế độ phúc lợi.",
    "Công tác an toàn, vệ sinh lao động được đặt lên hàng đầu, không để xảy ra tai nạn lao động nghiêm trọng.",
    "Liên đoàn Lao động tỉnh trao 150 suất quà Tết Sum vầy cho công nhân có hoàn cảnh khó khăn.",
    "Chương trình Chuyến xe Công đoàn đưa hơn 500 công nhân về quê đón Tết cổ truyền.",
    "Đoàn viên được khám sức khỏe định kỳ miễn phí và tư vấn về bảo hiểm xã hội một lần.",
    "Ban Nữ công phối hợp tổ chức tọa đàm về bình đẳng giới và phòng chống bạo lực gia đình.",
    "Người sử dụng lao động cam kết thực hiện đúng mức lương tối thiểu vùng từ ngày 01/7.",
    "Hội thi an toàn vệ sinh viên giỏi thu hút 42 đội đến từ các doanh nghiệp trong khu công nghiệp.",
    "Công đoàn ngành Giáo dục phát động phong trào thi đua dạy tốt, học tốt trong đoàn viên.",
    "Mái ấm Công đoàn được trao tặng cho gia đình đoàn viên có nhà ở xuống cấp nghiêm trọng.",
    "Đối thoại định kỳ tại nơi làm việc giúp giải quyết kịp thời các kiến nghị của người lao động.",
    "Nhiều doanh nghiệp đã ký kết thỏa ước lao động tập thể nhóm với nhiều điều khoản có lợi hơn luật.",
    "Cán bộ công đoàn được tập huấn kỹ năng chuyển đổi số và sử dụng phần mềm quản lý đoàn viên.",
    "Diễn tập phòng cháy, chữa cháy và cứu nạn, cứu hộ tại nhà xưởng với sự tham gia của lực lượng tại chỗ.",
    "Bữa cơm Công đoàn với suất ăn nâng cao được tổ chức tại 12 doanh nghiệp trên địa bàn.",
    "Tuyên truyền pháp luật lao động, Luật Công đoàn năm 2024 đến đông đảo công nhân, viên chức.",
    "Đại hội Công đoàn cơ sở nhiệm kỳ 2023–2028 bầu Ban Chấp hành gồm 9 đồng chí.",
    "Quỹ Tấm lòng vàng hỗ trợ đoàn viên bị bệnh hiểm nghèo, mỗi suất 5.000.000 đồng.",
    "Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh gắn với phong trào thi đua yêu nước.",
    "Ngày hội việc làm giới thiệu hơn 2.000 vị trí tuyển dụng cho người lao động mất việc.",
    "Phòng chống ma túy và tệ nạn xã hội tại khu nhà trọ công nhân được tăng cường.",
    "Đoàn kiểm tra liên ngành làm việc với doanh nghiệp nợ đóng bảo hiểm xã hội, kinh phí công đoàn.",
    "Tháng Công nhân năm nay có chủ đề “Công nhân lao động tiên phong, đổi mới, sáng tạo”.",
]
QUERIES = [
    "an toàn lao động", "an toan lao dong", "thoa uoc lao dong tap the", "Thỏa ước lao động tập thể",
    "Tết Sum vầy", "tet sum vay", "mái ấm công đoàn", "mai am cong doan", "bữa cơm công đoàn",
    "bua com cong doan", "chuyến xe công đoàn", "chuyen xe cong doan", "bảo hiểm xã hội",
    "bao hiem xa hoi", "lương tối thiểu vùng", "luong toi thieu vung", "phòng cháy chữa cháy",
    "phong chay chua chay", "khám sức khỏe", "kham suc khoe", "bình đẳng giới", "binh dang gioi",
    "đối thoại nơi làm việc", "doi thoai noi lam viec", "Bến Tre", "ben tre", "Đồng Khởi", "dong khoi",
    "Giao Long", "khu công nghiệp", "khu cong nghiep an hiep", "May Việt Tiến", "chuyển đổi số",
    "chuyen doi so", "nhà ở xã hội", "nha o xa hoi", "ma túy", "ma tuy nha tro", "Tháng Công nhân",
    "thang cong nhan 2026", "đại hội công đoàn", "dai hoi cong doan nhiem ky", "ĐOÀN VIÊN KHÓ KHĂN",
    "nữ công", "tấm lòng vàng", "tam long vang", "ngày hội việc làm", "hồ chí minh", "pháp luật lao động",
    "Phú Khương",
]  # fmt: skip


def out(line: str = "") -> None:
    print(line, flush=True)


# --- The dataset


def _words_title(rng: random.Random) -> str:
    topic = rng.choice(TITLE_TOPICS)
    form = rng.choice(TITLE_FORMS)
    title = form.format(topic=topic, topic_lower=topic[0].lower() + topic[1:], place=rng.choice(PLACES),
                        year=rng.randint(2022, 2026))  # fmt: skip
    return title[0].upper() + title[1:]


def _paragraphs(rng: random.Random) -> list[str]:
    return [" ".join(rng.sample(SENTENCES, 4)) for _ in range(rng.randint(2, 4))]


def portal(actor=None):
    """A province with a portal: its home is the articles' parent."""
    from lantoa.org import actions
    from lantoa.portal.actions import do_open_portal

    unit = actions.do_create_unit(
        code="BENCHSEARCH", kind="provincial", name="Liên đoàn Lao động tỉnh Bến Tre",
        parent=None, valid_from=datetime.date(2015, 1, 1), actor=actor,
    )  # fmt: skip
    return do_open_portal(unit, hostname="localhost", actor=actor)


def _child_path(parent_path: str, index: int) -> str:
    from wagtail.models import Page

    return Page._get_path(parent_path, len(parent_path) // Page.steplen + 1, index)


def insert_articles(home, count: int) -> None:
    """`count` live articles under `home`, inserted in bulk: page rows with their tree paths,
    then the article rows (Django's bulk_create refuses multi-table children, so the
    article table is inserted on its own)."""
    from django.contrib.contenttypes.models import ContentType
    from django.db import transaction
    from django.utils import timezone
    from wagtail.models import Page

    from lantoa.content.models import ArticlePage, ArticleWords
    from lantoa.content.word_index import words_row

    rng = random.Random(SEED)
    content_type = ContentType.objects.get_for_model(ArticlePage)
    now = timezone.now()
    local_fields = [f for f in ArticlePage._meta.local_concrete_fields]
    for first in range(0, count, BATCH_SIZE):
        pages, articles = [], []
        for n in range(first, min(first + BATCH_SIZE, count)):
            title = _words_title(rng)
            slug = f"bai-{n + 1}"
            published = now - datetime.timedelta(minutes=rng.randint(0, 3 * 365 * 24 * 60))
            paragraphs = _paragraphs(rng)
            summary = rng.choice(SENTENCES)
            page = Page(
                path=_child_path(home.path, n + 1), depth=home.depth + 1, numchild=0, title=title,
                draft_title=title, slug=slug, content_type=content_type, live=True, url_path=f"{home.url_path}{slug}/",
                first_published_at=published, last_published_at=published, locale_id=home.locale_id,
                translation_key=uuid.UUID(bytes=hashlib.md5(slug.encode()).digest()),  # noqa: S324 - an id, not a secret
            )  # fmt: skip
            pages.append(page)
            body = [{"type": "paragraph", "value": f"<p>{p}</p>", "id": str(uuid.uuid4())} for p in paragraphs]
            articles.append((title, summary, body, paragraphs))
        with transaction.atomic():
            Page.objects.bulk_create(pages)
            ids = dict(Page.objects.filter(path__in=[p.path for p in pages]).values_list("path", "pk"))
            rows = []
            for page, (title, summary, body, _text) in zip(pages, articles, strict=True):
                article = ArticlePage(page_ptr_id=ids[page.path], title=title, summary=summary, body=body)
                article.unit_id = home.unit_id
                article.path, article.live, article.first_published_at = page.path, True, page.first_published_at
                rows.append(article)
            ArticlePage.objects.get_queryset()._batched_insert(rows, local_fields, batch_size=500)
            ArticleWords.objects.bulk_create([words_row(article) for article in rows], batch_size=500)
    Page.objects.filter(pk=home.pk).update(numchild=count)


# --- Timing


def p95(samples: list[float]) -> float:
    ordered = sorted(samples)
    return ordered[max(0, int(round(0.95 * len(ordered))) - 1)]


def measure(database: str, count: int) -> int:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lantoa.settings")
    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import RequestFactory
    from wagtail.models import Site

    from lantoa.content.search import matching_articles, search_articles

    call_command("migrate", verbosity=0, interactive=False)
    started = time.perf_counter()
    home = portal()
    insert_articles(home, count)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    else:
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    out(f"# {database}: {count:,} articles inserted in {time.perf_counter() - started:.1f} s".replace(",", "."))
    site = Site.objects.get(root_page=home)
    request = RequestFactory().get("/tim-kiem/", HTTP_HOST="localhost")

    def run(query: str):
        return search_articles(query, site=site, limit=10, request=request)

    for query in QUERIES:  # warm-up: caches, the site root paths
        run(query)
    samples, slowest = [], []
    for _ in range(PASSES):
        for query in QUERIES:
            began = time.perf_counter()
            run(query)
            elapsed = (time.perf_counter() - began) * 1000
            samples.append(elapsed)
            slowest.append((elapsed, query))
    value = p95(samples)
    shown = f"{count:,}".replace(",", ".")
    out(f"BENCH content_search_p95_{database} {value:.1f} ms ({shown} articles, {len(QUERIES)} queries)")
    verdict = "met" if value <= TARGET_MS else "MISSED"
    out(f"#   target <= {TARGET_MS} ms (p95): {verdict}; median {statistics.median(samples):.1f} ms")
    out("#   slowest: " + "; ".join(f"{q!r} {ms:.1f} ms" for ms, q in sorted(slowest, reverse=True)[:3]))
    found = {query: matching_articles(query, site=site).count() for query in QUERIES}
    digest = hashlib.sha256(repr(sorted(found.items())).encode()).hexdigest()[:12]
    out(f"#   articles found per query (digest {digest}): " + ", ".join(f"{q!r} {n}" for q, n in found.items()))
    return 0


def run_child(database: str, data_dir: str, url: str | None) -> int:
    sys.stdout.flush()
    env = worker_env(data_dir, url)
    result = subprocess.run(  # noqa: S603 - our own interpreter and module
        [sys.executable, "-m", "bench.content_search", database], cwd=ROOT, env=env, check=False
    )
    if result.returncode:
        out(f"# content_search {database}: the benchmark failed (exit status {result.returncode})")
    return result.returncode


def main() -> int:
    wanted = {d.strip() for d in os.environ.get("BENCH_DATABASES", "sqlite,postgres").split(",") if d.strip()}
    status = 0
    if "sqlite" in wanted:
        data_dir = tempfile.mkdtemp(prefix="lantoa-bench-search-")
        try:
            status |= run_child("sqlite", data_dir, None)
        finally:
            shutil.rmtree(data_dir, ignore_errors=True)
    if "postgres" in wanted:
        url = os.environ.get("BENCH_SEARCH_POSTGRES_URL") or (
            postgres_url() and "postgresql://postgres@127.0.0.1:5432/lantoa_bench_search"
        )
        if not url:
            out("# content_search postgres: skipped (nothing on 127.0.0.1:5432)")
        else:
            recreate_postgres_database(url)
            data_dir = tempfile.mkdtemp(prefix="lantoa-bench-search-pg-")
            try:
                status |= run_child("postgres", data_dir, url)
            finally:
                shutil.rmtree(data_dir, ignore_errors=True)
    return status


if __name__ == "__main__":
    if len(sys.argv) > 1:
        sys.exit(measure(sys.argv[1], int(os.environ.get("BENCH_SEARCH_ARTICLES", "50000"))))
    sys.exit(main())

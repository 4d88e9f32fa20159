"""The demo portal: the Vĩnh Long federation's site, its sections and its articles.

Loaded after the demo plans (`load_demo_province`): the federation's portal on
`localhost` (it takes over the default site, already named after the province), an index
per content group, sections for the commune union of `captren.demo`, the grassroots union
of `coso.demo` under it and the industrial parks' union, a landing page for each running
campaign, an "about" page, and the articles of `lantoa.demo.content_stories` dated over the
past months.

Most articles are published; the others stand where the editorial workflow leaves them
(drafts, waiting for the head of board, the leader or the spokesperson, sent back,
rejected, scheduled), so each persona finds work in the admin. A published article gets
one revision dated the day it went live, not a replay of its approvals: forty workflows
would cost seconds and show nothing the waiting ones do not. Illustrations are drawn with
Pillow under fixed names in the media storage, so a second load (every test module that
loads the demo) reuses the files instead of writing new ones.
"""

from __future__ import annotations

import contextlib
import datetime
import hashlib
import io
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models.signals import post_save
from django.utils import timezone
from django.utils.html import escape
from modelsearch.backends import get_search_backends
from modelsearch.signal_handlers import post_save_signal_handler
from PIL import Image as PILImage
from PIL import ImageDraw, ImageFont
from wagtail.images import get_image_model
from wagtail.log_actions import log
from wagtail.models import Page, ReferenceIndex, Revision
from wagtail.signal_handlers import disable_reference_index_auto_update

from lantoa.content.groups import ContentGroup
from lantoa.content.models import ArticlePage
from lantoa.org.actions import ensure_unit_collection
from lantoa.org.approval import Decision, act
from lantoa.org.models import Unit
from lantoa.plans import calendar
from lantoa.plans.models import Campaign, CampaignState
from lantoa.plans.rollups import rebuild_rollups
from lantoa.plans.signals import rollups_paused
from lantoa.portal.actions import do_open_portal, do_open_section
from lantoa.portal.models import CampaignPage, PlainPage, PortalHomePage, TopicIndexPage, UnitSectionPage
from lantoa.vi import slugs

from . import content_stories as stories
from .plans import next_tet
from .province import REORG_DAY, key_units

D = datetime.date
SIZE = (1200, 675)
FONT_FILE = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf")
IMAGE_FOLDER = "original_images/demo"
SCHEDULED_IN_DAYS = 3
AUTHORS = {"commune": "captren.demo", "grassroots": "coso.demo"}  # the province's editor writes the rest
PEOPLE = ("admin", "tinh.tuyengiao", "tinh.truongban", "tinh.lanhdao", "tinh.phatngon", "captren.demo", "coso.demo")
UNION_FOUNDED = 1929  # 28/7/1929

INDEXED_PAGES = (ArticlePage, PortalHomePage, UnitSectionPage, TopicIndexPage, CampaignPage, PlainPage)
INDEXES = (
    (ContentGroup.IN_DEPTH, "Truyền thông chuyên sâu", "chuyen-sau",
     "Vị thế của giai cấp công nhân và tổ chức Công đoàn; chính sách, pháp luật; thương lượng, thỏa ước lao động "
     "tập thể và đấu tranh phản bác thông tin sai lệch."),
    (ContentGroup.REGULAR, "Thông tin thường xuyên", "thuong-xuyen",
     "Chính sách, pháp luật mới; phát triển đoàn viên, thành lập công đoàn cơ sở; phúc lợi và hỗ trợ đoàn viên."),
    (ContentGroup.HIGHLIGHT, "Hoạt động nổi bật", "hoat-dong-noi-bat",
     "Tháng Công nhân, Tháng hành động về an toàn, vệ sinh lao động, Ngày thành lập Công đoàn Việt Nam 28/7, "
     "Tết Sum vầy và các cuộc đối thoại với người lao động."),
    (ContentGroup.GOOD_PRACTICE, "Gương điển hình, cách làm hay", "guong-dien-hinh",
     "Những mô hình hiệu quả của các cấp công đoàn, gương người tốt, việc tốt trong đoàn viên, người lao động."),
    (ContentGroup.NEWS, "Tin tức", "tin-tuc", "Tin hoạt động của LĐLĐ tỉnh và các cấp công đoàn."),
)  # fmt: skip

ABOUT = (
    "Liên đoàn Lao động tỉnh Vĩnh Long là tổ chức chính trị - xã hội của giai cấp công nhân và người lao động "
    "trong tỉnh, đại diện, chăm lo và bảo vệ quyền, lợi ích hợp pháp, chính đáng của đoàn viên, người lao động.",
    "Từ ngày 01/7/2025, sau khi sắp xếp đơn vị hành chính, LĐLĐ tỉnh Vĩnh Long được tổ chức lại trên cơ sở "
    "LĐLĐ ba tỉnh Vĩnh Long, Bến Tre và Trà Vinh. Công đoàn xã, phường và Công đoàn các Khu công nghiệp tỉnh là "
    "công đoàn cấp trên trực tiếp của các công đoàn cơ sở.",
    "Cổng thông tin đăng tải tin, bài về hoạt động của các cấp công đoàn, chính sách, pháp luật liên quan đến "
    "người lao động và những gương điển hình, cách làm hay. Mọi phản ánh, kiến nghị xin gửi về công đoàn xã, "
    "phường nơi anh chị làm việc hoặc Văn phòng LĐLĐ tỉnh.",
)


@dataclass
class Portal:
    home: PortalHomePage
    sections: dict[str, Page]  # "province", "commune", "grassroots", "park"
    units: dict[str, Unit]
    campaigns: dict[str, Campaign]  # "running", "waiting"
    context: dict[str, str]


# --- Illustrations ------------------------------------------------------------------------


@cache
def _font(size: int):
    if FONT_FILE.exists():
        return ImageFont.truetype(str(FONT_FILE), size)
    return ImageFont.load_default(size=size)


def caption_font(caption: str):
    """The largest font (52 px down) in which the caption fits the picture's width."""
    size = 52
    while size > 24 and _font(size).getlength(caption) > SIZE[0] - 120:
        size -= 4
    return _font(size)


def draw_illustration(theme: stories.Theme, variant: int) -> bytes:
    """A 1200×675 JPEG: a vertical gradient, a few translucent shapes and the caption."""
    top, bottom, accent = (PILImage.new("RGB", (1, 1), colour).getpixel((0, 0)) for colour in theme.colours)
    mask = PILImage.linear_gradient("L").resize(SIZE)
    picture = PILImage.composite(PILImage.new("RGB", SIZE, bottom), PILImage.new("RGB", SIZE, top), mask)
    layer = PILImage.new("RGBA", SIZE, (0, 0, 0, 0))
    draw = ImageDraw.Draw(layer)
    for i in range(5):
        x, y, r = 150 + ((i * 263 + variant * 97) % 900), 90 + ((i * 151 + variant * 53) % 380), 60 + 25 * i
        draw.ellipse((x - r, y - r, x + r, y + r), fill=(*accent, 70))
    draw.rectangle((0, 520, SIZE[0], SIZE[1]), fill=(0, 0, 0, 110))
    picture = PILImage.alpha_composite(picture.convert("RGBA"), layer).convert("RGB")
    ImageDraw.Draw(picture).text((60, 560), theme.caption, font=caption_font(theme.caption), fill=(255, 255, 255))
    buffer = io.BytesIO()
    picture.save(buffer, "JPEG", quality=82)
    return buffer.getvalue()


def stored_file(name: str, theme: stories.Theme, variant: int) -> tuple[str, int, str]:
    """(storage name, size, sha1) of the illustration, drawn only when not stored yet."""
    path = f"{IMAGE_FOLDER}/{name}.jpg"
    if not default_storage.exists(path):
        path = default_storage.save(path, ContentFile(draw_illustration(theme, variant)))
    with default_storage.open(path, "rb") as handle:
        data = handle.read()
    return path, len(data), hashlib.sha1(data, usedforsecurity=False).hexdigest()


class Illustrations:
    """One illustration per theme and unit, in the unit's collection, made on first use."""

    def __init__(self, uploaded_by):
        self.uploaded_by = uploaded_by
        self.made: dict[tuple[str, int], object] = {}

    def for_story(self, story: stories.Story, unit: Unit):
        key = (story.theme, unit.pk)
        if key not in self.made:
            self.made[key] = self.make(story.theme, unit, len(self.made))
        return self.made[key]

    def make(self, theme_key: str, unit: Unit, variant: int):
        theme = stories.THEMES[theme_key]
        path, size, digest = stored_file(f"{theme_key}-{variant % 3}", theme, variant % 3)
        image = get_image_model()(
            title=f"{theme.title} – {unit.name}", file=path, collection=ensure_unit_collection(unit),
            width=SIZE[0], height=SIZE[1], file_size=size, file_hash=digest, uploaded_by_user=self.uploaded_by,
        )  # fmt: skip
        image.save()
        return image


# --- The portal's pages ------------------------------------------------------------------


def open_portal(units: dict[str, Unit], admin) -> tuple[PortalHomePage, dict[str, Page]]:
    """The federation's portal on localhost (the default site, named after the province
    by `name_the_site`) and the sections of the demo's publishing units."""
    home = do_open_portal(units["province"], hostname="localhost", actor=admin)
    home.intro = "Cổng thông tin điện tử của Liên đoàn Lao động tỉnh Vĩnh Long: tin, bài về hoạt động công đoàn."
    home.save(update_fields=["intro"])
    sections = {"province": home}
    for key in ("commune", "grassroots", "park"):  # parents first: a section nests under its nearest one
        sections[key] = do_open_section(units[key], actor=admin)
    return home, sections


def add_indexes(home: PortalHomePage) -> None:
    for group, title, slug, intro in INDEXES:
        home.add_child(instance=TopicIndexPage(title=title, slug=slug, content_group=group, intro=intro))


def add_about(home: PortalHomePage) -> None:
    body = [{"type": "paragraph", "value": f"<p>{escape(text)}</p>"} for text in ABOUT]
    home.add_child(instance=PlainPage(title="Giới thiệu", slug="gioi-thieu", body=body))


def add_campaign_pages(home: PortalHomePage, today: D) -> list[CampaignPage]:
    running = [c for c in Campaign.objects.filter(unit_id=home.unit_id) if c.state_on(today) == CampaignState.RUNNING]
    return [
        home.add_child(
            instance=CampaignPage(
                title=campaign.title,
                slug=slugs.slug(campaign.title, 80),
                campaign=campaign,
                intro=f"<p><b>{escape(campaign.key_message)}</b></p><p>{escape(campaign.objectives)}</p>",
            )
        )
        for campaign in running
    ]


# --- Articles ------------------------------------------------------------------------------


def story_day(story: stories.Story, today: D) -> D:
    """The day a story went live (or was written): `when` days ago, or the last such day
    of the year before today ("MM-DD", or "tet-N": N days before the lunar new year)."""
    if isinstance(story.when, int):
        return today - datetime.timedelta(days=story.when)
    if story.when.startswith("tet-"):
        before = datetime.timedelta(days=int(story.when[4:]))
        day = calendar.tet(today.year) - before
        return day if day < today else calendar.tet(today.year - 1) - before
    month, day_of_month = (int(part) for part in story.when.split("-"))
    day = D(today.year, month, day_of_month)
    return day if day < today else D(today.year - 1, month, day_of_month)


def moment(day: D, index: int) -> datetime.datetime:
    """A working hour of `day`, different from one article to the next."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(7 + index % 10, (index * 7) % 60)))


def fill(text: str, portal: Portal, day: D) -> str:
    return text.format(**portal.context, y=day.year, age=day.year - UNION_FOUNDED)


def article_body(story: stories.Story, index: int, image, portal: Portal, day: D) -> list[dict]:
    """The lead, the illustration, one to three of the theme's paragraphs and the quote."""
    theme = stories.THEMES[story.theme]
    words, said_by = story.quote
    body = [
        {"type": "paragraph", "value": f"<p>{escape(fill(story.lead, portal, day))}</p>"},
        {"type": "image", "value": {"image": image.pk, "alt_text": theme.alt, "decorative": False}},
    ]
    body += [{"type": "paragraph", "value": f"<p>{escape(p)}</p>"} for p in theme.paragraphs[: 1 + index % 3]]
    body.append({"type": "quote", "value": {"text": words, "attribution": fill(said_by, portal, day)}})
    return body


def new_article(story: stories.Story, index: int, portal: Portal, illustrations: Illustrations, author, day: D,
                published_at: datetime.datetime | None) -> ArticlePage:  # fmt: skip
    """The article saved once: live from `published_at` when given, else a draft."""
    section = portal.sections[story.section]
    title = fill(story.title, portal, day)
    article = ArticlePage(
        title=title, slug=f"{slugs.slug(title, 80)}-{index + 1}", summary=fill(story.summary, portal, day),
        body=article_body(story, index, illustrations.for_story(story, portal.units[story.section]), portal, day),
        content_group=story.group, audiences=list(story.audiences), for_press=story.for_press,
        campaign=portal.campaigns.get(story.campaign), owner=author, live=published_at is not None,
        first_published_at=published_at, last_published_at=published_at, has_unpublished_changes=False,
        key_message=portal.campaigns[story.campaign].key_message if story.campaign else "",
    )  # fmt: skip
    article.tags.add(*story.tags)
    section.add_child(instance=article)
    return article


def record_revision(article: ArticlePage, author, at: datetime.datetime) -> None:
    """The article's one revision, dated `at`, written without saving the page again; a
    live article is live at that revision, with a publishing entry in its history."""
    revision = Revision.objects.create(
        content_object=article, base_content_type=article.get_base_content_type(), user=author,
        content=article.serializable_data(), object_str=str(article), created_at=at,
    )  # fmt: skip
    ArticlePage.objects.filter(pk=article.pk).update(
        latest_revision=revision, latest_revision_created_at=at, draft_title=article.title,
        live_revision=revision if article.live else None, has_unpublished_changes=not article.live,
    )  # fmt: skip
    if article.live:
        log(article, "wagtail.publish", user=author, revision=revision, timestamp=at)


def decide(article: ArticlePage, user, decision: str, comment: str = "") -> None:
    state = ArticlePage.objects.get(pk=article.pk).current_workflow_task_state
    act(state, user, decision, comment)


def submit(article: ArticlePage, author, people: dict, story: stories.Story) -> None:
    """Send `article` into its workflow and take the decisions its state needs."""
    article.save_revision(user=author)
    article.get_workflow().start(article, author)
    head, leader = people["tinh.truongban"], people["tinh.lanhdao"]
    if story.state == stories.SENT_BACK:
        decide(article, head, Decision.REQUEST_CHANGES, story.note)
        return
    if story.state == stories.AT_BOARD_HEAD:
        return
    decide(article, head, Decision.APPROVE)
    if story.state == stories.REJECTED:
        decide(article, leader, Decision.REJECT, story.note)
    elif story.state == stories.AT_SPOKESPERSON:
        decide(article, leader, Decision.APPROVE)
    elif story.state == stories.SCHEDULED:
        decide(article, leader, Decision.APPROVE)  # the last approval schedules it (go_live_at)


def write_story(story: stories.Story, index: int, portal: Portal, illustrations: Illustrations, people: dict,
                today: D) -> ArticlePage:  # fmt: skip
    author = people[AUTHORS.get(story.section, "tinh.tuyengiao")]
    day = story_day(story, today)
    if story.section in ("commune", "grassroots"):
        # The commune unions opened with the reorganisation: nothing of theirs is older.
        day = min(today, max(day, REORG_DAY + datetime.timedelta(days=1 + index % 20)))
    published = story.state == stories.PUBLISHED
    at = moment(day, index)
    article = new_article(story, index, portal, illustrations, author, day, at if published else None)
    if story.state in (stories.PUBLISHED, stories.DRAFT):
        record_revision(article, author, at)
    else:
        if story.state == stories.SCHEDULED:
            article.go_live_at = moment(today + datetime.timedelta(days=SCHEDULED_IN_DAYS), 1)
        submit(article, author, people, story)
    return article


@contextlib.contextmanager
def indexes_updated_at_the_end(models: tuple[type, ...]):
    """Saves of `models` inside the block skip the search and reference indexes (a task
    each, run inline by the immediate backend); the caller indexes the rows once after."""
    for model in models:
        post_save.disconnect(post_save_signal_handler, sender=model)
    try:
        with disable_reference_index_auto_update():
            yield
    finally:
        for model in models:
            post_save.connect(post_save_signal_handler, sender=model)


def index_portal(home: PortalHomePage, images: list) -> None:
    """Search entries of the portal's pages and the illustrations, in one bulk add per
    model, and the references from articles to their illustrations."""
    by_model: dict[type, list] = {}
    for page in home.get_descendants(inclusive=True).specific():
        by_model.setdefault(type(page), []).append(page)
    by_model[get_image_model()] = images
    for backend in get_search_backends(with_auto_update=True):
        for model, objects in by_model.items():
            backend.add_bulk(model, objects)
    for article in by_model.get(ArticlePage, []):
        ReferenceIndex.create_or_update_for_object(article)


# --- Loading -------------------------------------------------------------------------------


def demo_units() -> dict[str, Unit]:
    units = key_units()
    return {"province": units["vinh_long"], "commune": units["commune"], "grassroots": units["grassroots"],
            "park": units["vinh_long_park"]}  # fmt: skip


def placeholders(units: dict[str, Unit], today: D) -> dict[str, str]:
    """What the stories' {province}, {commune}, {grassroots}, {park} and {next_tet} stand for."""
    return {**{key: unit.name for key, unit in units.items()}, "next_tet": str(next_tet(today).year)}


def load_demo_content(*, today: D, plans: dict) -> dict:
    """Open the Vĩnh Long portal and write its articles (after `load_demo_plans`), then
    recompute the targets that count articles; returns the portal's pages and articles."""
    people = {user.username: user for user in get_user_model().objects.filter(username__in=PEOPLE)}
    units = demo_units()
    running, waiting = plans["campaigns_vinh_long"]
    indexed = (*INDEXED_PAGES, get_image_model())
    with transaction.atomic(), rollups_paused(), indexes_updated_at_the_end(indexed):
        home, sections = open_portal(units, people["admin"])
        portal = Portal(home, sections, units, {"running": running, "waiting": waiting}, placeholders(units, today))
        add_indexes(portal.home)
        add_about(portal.home)
        campaign_pages = add_campaign_pages(portal.home, today)
        illustrations = Illustrations(people["tinh.tuyengiao"])
        articles = [
            write_story(story, index, portal, illustrations, people, today)
            for index, story in enumerate(stories.STORIES)
        ]
        index_portal(home, list(illustrations.made.values()))
        counted = plans["targets_vinh_long"]["articles"]
        rebuild_rollups([counted], today=today)
    return {"home": portal.home, "sections": portal.sections, "campaign_pages": campaign_pages, "articles": articles}

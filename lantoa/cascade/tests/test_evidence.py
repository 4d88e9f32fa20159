"""Evidence of a task: links checked to be a post of the right platform and kind, a Zalo
group's screenshot required, photos cleaned (location gone unless kept, at most 1600 px),
and a share's evidence confirming the article's publication on the unit's channel."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from lantoa.cascade import actions, evidence
from lantoa.cascade.models import TaskStatus
from lantoa.channels.models import Publication, PublicationStat, PublicationStatus

from .officer_world import jpeg_with_gps, task_of

PAGE, GROUP, ZALO = "share_facebook_page", "share_facebook_group", "share_zalo_group"


@pytest.mark.parametrize(
    "url",
    [
        "https://www.facebook.com/maysongtien/posts/pfbid02abcXYZ",
        "https://m.facebook.com/permalink.php?story_fbid=123456&id=789",
        "https://www.facebook.com/share/p/1AbCdEf/",
        "https://facebook.com/maysongtien/videos/987654321/",
        "https://web.facebook.com/photo/?fbid=1234567",
    ],
)
def test_a_page_post_is_accepted(url):
    assert evidence.check_link(PAGE, url) == url


@pytest.mark.parametrize(
    "url",
    [
        "https://www.facebook.com/maysongtien",  # the page itself
        "https://www.facebook.com/profile.php?id=1000123",  # a profile
        "https://www.facebook.com/groups/congnhansongtien/",  # a group
        "https://www.facebook.com/permalink.php?id=789",  # no post named
        "https://facebook.com.evil.example/maysongtien/posts/1",
        "https://zalo.me/g/songtien",
        "ftp://www.facebook.com/maysongtien/posts/1",
    ],
)
def test_what_is_not_a_page_post_is_refused_in_vietnamese(url):
    with pytest.raises(ValidationError) as refused:
        evidence.check_link(PAGE, url)
    assert "không phải đường dẫn của trang" in refused.value.messages[0]


def test_a_group_share_needs_a_post_in_a_group_not_the_group_or_its_invitation():
    assert evidence.check_link(GROUP, "https://www.facebook.com/groups/congnhan/posts/1234/")
    assert evidence.check_link(GROUP, "https://www.facebook.com/groups/congnhan/permalink/1234/")
    for url in ("https://www.facebook.com/groups/congnhan/", "https://www.facebook.com/groups/congnhan/?ref=invite",
                "https://www.facebook.com/maysongtien/posts/1"):  # fmt: skip
        with pytest.raises(ValidationError) as refused:
            evidence.check_link(GROUP, url)
        assert "lời mời vào nhóm" in refused.value.messages[0]


def test_a_zalo_group_share_takes_a_screenshot_not_a_link():
    with pytest.raises(ValidationError) as refused:
        evidence.check_link(ZALO, "https://zalo.me/g/songtien")
    assert "ảnh chụp màn hình" in refused.value.messages[0]
    assert set(evidence.missing_evidence(ZALO, url="", has_photo=False)) == {"photo"}
    assert evidence.missing_evidence(ZALO, url="", has_photo=True) == {}
    assert set(evidence.missing_evidence(PAGE, url="", has_photo=True)) == {"url"}
    assert evidence.missing_evidence("bulletin_board", url="", has_photo=False) == {}
    assert evidence.check_link("bulletin_board", "https://example.vn/anh-bang-tin") == "https://example.vn/anh-bang-tin"


def upload(content: bytes, name="anh.jpg"):
    return SimpleUploadedFile(name, content, content_type="image/jpeg")


def exif_of(content: bytes):
    with Image.open(io.BytesIO(content)) as image:
        return image.getexif(), image.size


def test_the_location_is_stripped_unless_the_officer_keeps_it():
    original, _size = exif_of(jpeg_with_gps())
    assert original.get_ifd(evidence.GPS_IFD) and original[0x010F]
    stripped, _size = exif_of(evidence.clean_photo(upload(jpeg_with_gps())).content)
    assert not stripped.get_ifd(evidence.GPS_IFD) and 0x010F not in stripped
    kept, _size = exif_of(evidence.clean_photo(upload(jpeg_with_gps()), keep_location=True).content)
    gps = kept.get_ifd(evidence.GPS_IFD)
    assert gps[1] == "N" and [float(v) for v in gps[2]] == [10.0, 14.0, 3.0]
    assert 0x010F not in kept  # only the location comes back, not the camera


def test_a_large_photo_is_made_at_most_1600_px_and_a_bad_one_refused():
    _exif, size = exif_of(evidence.clean_photo(upload(jpeg_with_gps(size=(3200, 1200)))).content)
    assert size == (1600, 600)
    with pytest.raises(ValidationError) as refused:
        evidence.clean_photo(upload(b"not an image at all", name="anh.png"))
    assert "JPEG, PNG hoặc WebP" in refused.value.messages[0] or "ảnh" in refused.value.messages[0].lower()


@pytest.mark.django_db
def test_a_share_done_with_a_link_confirms_the_publication_once(world):
    task = task_of(world.a, PAGE)
    url = "https://www.facebook.com/maysongtien/posts/pfbid0123"
    done = actions.do_mark(task, actor=world.officer_a, status=TaskStatus.DONE, url=url, reach=340)
    publication = Publication.objects.get(article=world.article, channel=world.page_channel)
    assert done.publication == publication
    task.refresh_from_db()
    assert task.publication_id == publication.pk
    assert (publication.status, publication.url, publication.confirmed_by) == (
        PublicationStatus.PUBLISHED, url, world.officer_a,
    )  # fmt: skip
    assert PublicationStat.objects.get(publication=publication).reach == 340
    again = "https://www.facebook.com/maysongtien/posts/pfbid0456"
    actions.do_mark(task, actor=world.officer_a, status=TaskStatus.DONE, url=again, reach=350, reactions=42,
                    comments=7)  # fmt: skip
    assert Publication.objects.filter(article=world.article, channel=world.page_channel).count() == 1
    assert Publication.objects.get(pk=publication.pk).url == again
    stat = PublicationStat.objects.get(publication=publication)
    assert (stat.reach, stat.reactions, stat.comments) == (350, 42, 7)  # the channel's figures count them once


@pytest.mark.django_db
def test_no_publication_without_a_channel_of_that_kind_or_for_other_actions(world):
    board = task_of(world.a, "bulletin_board")
    actions.do_mark(board, actor=None, status=TaskStatus.DONE, url="https://example.vn/bang-tin")
    other = task_of(world.b, PAGE)  # B has no Facebook page
    actions.do_mark(other, actor=None, status=TaskStatus.DONE, url="https://www.facebook.com/b/posts/1")
    assert not Publication.objects.filter(channel__unit__in=[world.b]).exists()
    board.refresh_from_db()
    other.refresh_from_db()
    assert board.publication_id is None and other.publication_id is None


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://www.facebook.com/maysongtien/posts/122100000000000042", "61550000000000123_122100000000000042"),
        ("https://m.facebook.com/permalink.php?story_fbid=123456&id=789", "789_123456"),
        ("https://www.facebook.com/maysongtien/posts/pfbid02abcXYZ", ""),  # Graph alone resolves these
        ("https://www.facebook.com/share/p/1AbCdEf/", ""),
        ("https://evil.example/maysongtien/posts/1", ""),
    ],
)
def test_a_post_s_graph_id_is_read_from_its_address_where_it_can_be(url, expected):
    from lantoa.channels.kinds.facebook_page.client import graph_post_id

    assert graph_post_id(url, page_id="61550000000000123") == expected


@pytest.mark.django_db
def test_figures_fetched_from_facebook_for_a_shared_post_count_in_how_it_was_received(world, settings):
    """A share confirmed by hand with the post's address: the statistics job reads the post's
    reach, reactions and comments from Graph, and "Mức độ lan tỏa" counts them once, in place
    of what the officer entered; a day before the fetch shows what was known then."""
    import datetime

    from django.utils import timezone

    from lantoa.cascade import reports
    from lantoa.channels import publishing
    from lantoa.channels.connections import do_connect
    from lantoa.channels.kinds.facebook_page.fake import FakeGraph

    with FakeGraph() as graph:
        settings.LANTOA_FACEBOOK_GRAPH_URL = graph.base_url
        do_connect(world.page_channel, account_id=graph.page_id, secrets={"page_token": graph.token})
        post = graph.add_post(message="Tháng Công nhân", reactions=57, comments=9, reach=410)
        number = post.post_id.split("_")[1]
        task = task_of(world.a, PAGE)
        yesterday = timezone.localdate() - datetime.timedelta(days=1)
        actions.do_mark(task, actor=world.officer_a, status=TaskStatus.DONE, day=yesterday, reach=340, reactions=3,
                        url=f"https://www.facebook.com/maysongtien/posts/{number}")  # fmt: skip
        before = reports.reception(world.sent, world.province, timezone.localdate())
        assert (before["reach"], before["reactions"], before["comments"]) == (340, 3, 0)

        assert publishing.fetch_statistics() == {"facebook_page": 1}

    after = reports.reception(world.sent, world.province, timezone.localdate())
    assert (after["reach"], after["reactions"], after["comments"]) == (410, 57, 9)
    then = reports.reception(world.sent, world.province, yesterday)
    assert (then["reach"], then["reactions"], then["comments"]) == (340, 3, 0)

"""A channel posted on by hand: its row shows the kit (the text of the variant its kind posts,
the variant's download where there is one, else the summary with a note), and "Đã đăng" takes
the post's address, day and an optional photo, stored in the unit's collection without the
location its file carried. A mistake shows the screen again with what was typed kept."""

import datetime
import io

import lxml.html
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import ExifTags
from PIL import Image as PILImage
from wagtail.images import get_image_model

from lantoa.channels import photos
from lantoa.channels.kinds.adapters import adapter_for
from lantoa.channels.models import Channel, ChannelKind, Publication, PublicationStatus
from lantoa.channels.tests import test_publishing
from lantoa.content.models import ArticlePage
from lantoa.org import actions
from lantoa.org.models import RoleKind
from lantoa.org.tests.factories import fresh, make_user

pytestmark = pytest.mark.django_db
S = PublicationStatus
portal, media_root = test_publishing.portal, test_publishing.media_root  # the portal's fixtures
channels, platform = test_publishing.channels, test_publishing.platform
publish, rows = test_publishing.publish, test_publishing.rows

BOARD = "Bảng tin khu phố 3"
GROUP_POST = "https://www.facebook.com/groups/congdoanphukhuong/posts/42"
GPS = ExifTags.IFD.GPSInfo
# Hà Nội's Hồ Gươm, as a phone writes it: what must not reach the server's copy.
LOCATION = {1: "N", 2: (21.0, 1.0, 44.0), 3: "E", 4: (105.0, 51.0, 9.0)}

HAND_KINDS = {
    ChannelKind.FACEBOOK_GROUP: ("Nhóm Facebook đoàn viên", "facebook_post"),
    ChannelKind.ZALO_GROUP: ("Nhóm Zalo tổ công đoàn", "zalo_message"),
    ChannelKind.RADIO_TV: ("Đài truyền thanh phường", "radio_script"),
    ChannelKind.LOUDSPEAKER: ("Loa khu phố 5", "loudspeaker_script"),
    ChannelKind.BULLETIN_BOARD: (BOARD, "board_sheet"),
    ChannelKind.OUTDOOR_PANEL: ("Pano ngã tư chợ", "poster"),
    ChannelKind.PRESS: ("Báo Vĩnh Long", "press_release"),
    ChannelKind.YOUTUBE: ("Kênh YouTube phường", ""),
}


@pytest.fixture
def hand_channels(portal, channels):
    """The commune's channels posted on by hand, one of each kind (the board is `channels`')."""
    for kind, (name, _) in HAND_KINDS.items():
        if kind != ChannelKind.BULLETIN_BOARD:
            Channel.objects.create(unit=portal["commune"], kind=kind, name=name)


@pytest.fixture
def signed_in(client, portal):
    client.force_login(portal["province_editor"])
    return client


def screen(client, article):
    response = client.get(reverse("channels_publications", args=[article.pk]))
    assert response.status_code == 200
    return lxml.html.fromstring(response.content.decode())


def channel_block(tree, name):
    (block,) = tree.xpath(f'//tbody[@data-channel="{name}"]')
    return block


def kit_text(block) -> str:
    (area,) = block.xpath('.//textarea[contains(@class, "lantoa-kit__copy")]')
    return (area.text or "").removeprefix("\n")


def photo_file(file_format="JPEG", *, size=(60, 30), orientation=None, name=None) -> SimpleUploadedFile:
    """A phone's photo: a GPS position, the camera's make, maybe an orientation."""
    exif = PILImage.Exif()
    exif[ExifTags.Base.Make] = "Điện thoại của cán bộ"
    if orientation:
        exif[ExifTags.Base.Orientation] = orientation
    exif.get_ifd(GPS).update(LOCATION)
    buffer = io.BytesIO()
    PILImage.new("RGB", size, "#c0392b").save(buffer, file_format, exif=exif.tobytes())
    data = buffer.getvalue()
    with PILImage.open(io.BytesIO(data)) as written:  # the test's own premise: the position is in the file
        assert written.getexif().get_ifd(GPS)[2] == LOCATION[2]
    extension = photos.EXTENSIONS[file_format]
    return SimpleUploadedFile(name or f"IMG_0001.{extension}", data, content_type=f"image/{file_format.lower()}")


def confirm(client, publication, **data):
    return client.post(reverse("channels_publication_confirm", args=[publication.pk]), data)


# --- The kit


def test_each_hand_kind_posts_its_own_variant():
    assert {kind: adapter_for(kind).variant_kind for kind in HAND_KINDS} == {
        kind: variant_kind for kind, (_, variant_kind) in HAND_KINDS.items()
    }
    assert adapter_for(ChannelKind.FACEBOOK_PAGE).variant_kind == "facebook_post"  # the API kinds keep theirs


def test_a_row_waiting_for_a_hand_post_shows_its_kit(
    signed_in, portal, hand_channels, platform, django_capture_on_commit_callbacks
):
    article = publish(portal, django_capture_on_commit_callbacks, title="Ngày hội văn hóa công nhân")
    live = ArticlePage.objects.get(pk=article.pk)
    variants = {variant.kind: variant.text for variant in live.variants.all()}
    tree = screen(signed_in, article)
    for kind, (name, variant_kind) in HAND_KINDS.items():
        block = channel_block(tree, name)
        assert block.get("data-status") == S.AWAITING_CONFIRMATION
        text = kit_text(block)
        if variant_kind:
            assert variants[variant_kind].strip() and text == variants[variant_kind], kind
            assert "không có phiên bản" not in block.text_content()
        else:
            assert text == live.summary
            assert "Bài viết không có phiên bản cho loại kênh này" in block.text_content()
        downloads = [a.get("href") for a in block.xpath(".//a[@download]")]
        expected = {
            "board_sheet": [reverse("content_variant_pdf", args=[article.pk, "board_sheet"])],
            "poster": [reverse("content_variant_pdf", args=[article.pk, "poster"])],
            "press_release": [reverse("content_press_release", args=[article.pk])],
        }.get(variant_kind, [])
        assert downloads == expected, kind
    today = timezone.localdate().strftime("%d/%m/%Y")
    assert typed(channel_block(tree, BOARD), "day") == today and not typed(channel_block(tree, BOARD), "url")
    # The page's row, sent through the API, has no kit.
    assert not channel_block(tree, "Công đoàn phường Phú Khương").xpath(".//textarea")
    pdf = signed_in.get(reverse("content_variant_pdf", args=[article.pk, "board_sheet"]))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")


def test_the_kit_is_what_went_live_not_a_draft(
    signed_in, portal, channels, platform, django_capture_on_commit_callbacks
):
    article = publish(portal, django_capture_on_commit_callbacks)
    live_text = ArticlePage.objects.get(pk=article.pk).variants.get(kind="board_sheet").text
    draft = ArticlePage.objects.get(pk=article.pk)
    draft.title = "Tiêu đề bản nháp chưa duyệt"
    draft.save_revision()
    text = kit_text(channel_block(screen(signed_in, article), BOARD))
    assert text == live_text and "bản nháp" not in text


def test_an_officer_who_may_only_read_sees_the_kit_without_the_form(
    client, portal, channels, platform, django_capture_on_commit_callbacks
):
    article = publish(portal, django_capture_on_commit_callbacks)
    reader = make_user("phukhuong.xem")
    actions.do_assign_role(user=reader, unit=portal["commune"], kind=RoleKind.VIEWER, actor=None)
    client.force_login(fresh(reader))
    block = channel_block(screen(client, article), BOARD)
    assert kit_text(block) and not block.xpath(".//form")


# --- The photo


@pytest.mark.parametrize("file_format", ["JPEG", "PNG", "WEBP"])
def test_a_photo_is_stored_in_the_units_collection_without_its_location(
    signed_in, portal, channels, platform, django_capture_on_commit_callbacks, file_format
):
    article = publish(portal, django_capture_on_commit_callbacks)
    board = rows(article)[BOARD]
    upload = photo_file(file_format, size=(60, 30), orientation=6)  # taken sideways
    response = confirm(signed_in, board, url=GROUP_POST, day="03/11/2026", photo=upload)
    assert response.status_code == 302
    board.refresh_from_db()
    assert board.status == S.PUBLISHED and board.url == GROUP_POST and board.photo is not None
    image = board.photo
    portal["commune"].refresh_from_db()
    assert image.collection == portal["commune"].collection and image.uploaded_by_user == portal["province_editor"]
    with image.open_file() as stored:
        data = stored.read()
    assert len(data) == image.file_size
    with PILImage.open(io.BytesIO(data)) as kept:
        assert kept.format == file_format
        assert not kept.getexif().get_ifd(GPS) and GPS not in kept.getexif()
        assert ExifTags.Base.Make not in kept.getexif() and "exif" not in kept.info and "xmp" not in kept.info
        assert kept.size == (30, 60) == (image.width, image.height)  # turned upright
    assert "Điện thoại".encode() not in data
    tree = screen(signed_in, article)
    (thumbnail,) = channel_block(tree, BOARD).xpath('.//a[@class="lantoa-publication-photo"]/img')
    assert thumbnail.get("alt") == f"Ảnh bài đăng trên {BOARD}"


def test_a_confirmation_without_a_photo_keeps_none(
    signed_in, portal, channels, platform, django_capture_on_commit_callbacks
):
    article = publish(portal, django_capture_on_commit_callbacks)
    board = rows(article)[BOARD]
    assert confirm(signed_in, board, url="", day="03/11/2026").status_code == 302
    board.refresh_from_db()
    assert board.status == S.PUBLISHED and board.photo is None
    assert not get_image_model().objects.exists()


# --- A mistake loses nothing


def refused(response, publication, field: str, message: str):
    """The screen shown again (no redirect), the row still waiting, the message by the field."""
    assert response.status_code == 200
    tree = lxml.html.fromstring(response.content.decode())
    block = channel_block(tree, publication.channel.name)
    (box,) = block.xpath(f'.//div[@data-field="{field}"]')
    assert message in box.text_content()
    publication.refresh_from_db()
    assert publication.status == S.AWAITING_CONFIRMATION and publication.photo is None
    assert not get_image_model().objects.exists()
    return block


def typed(block, field: str) -> str:
    (field_input,) = block.xpath(f'.//input[@name="{field}"]')
    return field_input.get("value")


@pytest.mark.parametrize(
    "upload, message",
    [
        (SimpleUploadedFile("to.jpg", b"\xff\xd8" + b"0" * photos.MAX_BYTES, content_type="image/jpeg"),
         "Ảnh lớn hơn 10 MB: hãy chọn ảnh nhỏ hơn."),
        (SimpleUploadedFile("ghi-chu.jpg", "Không phải ảnh".encode(), content_type="image/jpeg"),
         "Ảnh phải là tệp JPEG, PNG hoặc WebP."),
    ],
)  # fmt: skip
def test_a_photo_too_large_or_not_an_image_is_refused_and_the_address_kept(
    signed_in, portal, channels, platform, django_capture_on_commit_callbacks, upload, message
):
    article = publish(portal, django_capture_on_commit_callbacks)
    board = rows(article)[BOARD]
    upload.seek(0)
    block = refused(confirm(signed_in, board, url=GROUP_POST, day="03/11/2026", photo=upload), board, "photo", message)
    assert typed(block, "url") == GROUP_POST and typed(block, "day") == "03/11/2026"
    assert "Chưa xác nhận được" in lxml.html.tostring(block.getroottree().getroot(), encoding="unicode")


def test_a_gif_is_refused_as_a_wrong_type(signed_in, portal, channels, platform, django_capture_on_commit_callbacks):
    article = publish(portal, django_capture_on_commit_callbacks)
    board = rows(article)[BOARD]
    buffer = io.BytesIO()
    PILImage.new("RGB", (20, 20), "#2e86c1").save(buffer, "GIF")
    upload = SimpleUploadedFile("anh.gif", buffer.getvalue(), content_type="image/gif")
    block = refused(confirm(signed_in, board, url=GROUP_POST, day="03/11/2026", photo=upload), board, "photo",
                    "Ảnh phải là tệp JPEG, PNG hoặc WebP.")  # fmt: skip
    assert typed(block, "url") == GROUP_POST


@pytest.mark.parametrize(
    "day, message",
    [
        ("31/12/2099", "Ngày đăng không thể ở tương lai."),
        ("32/13/2026", "Hãy nhập ngày đăng theo dạng ngày/tháng/năm"),
        ("", "Hãy nhập ngày đăng."),
    ],
)
def test_a_bad_day_is_refused_with_what_was_typed_kept(
    signed_in, portal, channels, platform, django_capture_on_commit_callbacks, day, message
):
    article = publish(portal, django_capture_on_commit_callbacks)
    board = rows(article)[BOARD]
    upload = photo_file()
    block = refused(confirm(signed_in, board, url=GROUP_POST, day=day, photo=upload), board, "day", message)
    assert typed(block, "url") == GROUP_POST and (typed(block, "day") or "") == day
    assert "Hãy chọn lại ảnh" in block.text_content()  # a good photo is not kept by the browser
    assert kit_text(block)  # the kit is still there


def test_a_bad_address_is_refused_with_what_was_typed_kept(
    signed_in, portal, channels, platform, django_capture_on_commit_callbacks
):
    article = publish(portal, django_capture_on_commit_callbacks)
    board = rows(article)[BOARD]
    block = refused(confirm(signed_in, board, url="http://bài viết", day="03/11/2026"), board, "url",
                    "Hãy nhập đầy đủ địa chỉ bài đăng")  # fmt: skip
    assert typed(block, "url") == "http://bài viết" and typed(block, "day") == "03/11/2026"
    assert "Hãy chọn lại ảnh" not in block.text_content()


def test_a_sibling_commune_officer_still_gets_404_with_a_photo(
    client, portal, channels, platform, django_capture_on_commit_callbacks
):
    article = publish(portal, django_capture_on_commit_callbacks)
    board = rows(article)[BOARD]
    client.force_login(portal["sibling_officer"])
    assert confirm(client, board, url=GROUP_POST, day="03/11/2026", photo=photo_file()).status_code == 404
    board.refresh_from_db()
    assert board.status == S.AWAITING_CONFIRMATION and not get_image_model().objects.exists()


DAYS = st.one_of(
    st.text(max_size=40),
    st.dates(min_value=datetime.date(1900, 1, 1)).map(lambda day: day.strftime("%d/%m/%Y")),
    st.dates().map(lambda day: day.isoformat()),
)
URLS = st.one_of(
    st.text(max_size=600),
    st.text(max_size=520).map(lambda rest: f"https://www.facebook.com/{rest}"),
    st.from_regex(r"\A[a-z0-9.-]{1,80}(/[a-zA-Z0-9%?=&._-]{0,40})?\Z"),
)


def test_the_confirm_form_never_fails_whatever_is_typed(
    signed_in, portal, channels, platform, django_capture_on_commit_callbacks
):
    article = publish(portal, django_capture_on_commit_callbacks)
    board = rows(article)[BOARD]

    @settings(max_examples=30, derandomize=True, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(url=URLS, day=DAYS)
    def confirm_anything(url, day):
        Publication.objects.filter(pk=board.pk).update(status=S.AWAITING_CONFIRMATION, url="", published_at=None)
        response = confirm(signed_in, board, url=url, day=day)
        assert response.status_code in (200, 302)
        board.refresh_from_db()
        if response.status_code == 302:
            assert board.status == S.PUBLISHED and board.published_at.date() <= datetime.date.today()
            assert len(board.url) <= 500
        else:
            assert board.status == S.AWAITING_CONFIRMATION
            assert "Chưa xác nhận được" in response.content.decode()

    confirm_anything()

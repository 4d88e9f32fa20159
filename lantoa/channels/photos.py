"""The photo of a post made by hand ("Đã đăng"): a JPEG, PNG or WebP image of at most 10 MB,
stored as a Wagtail image in the collection of the channel's unit, without its metadata.

Wagtail keeps an upload's original file byte for byte (renditions are made from it, and the
original is served as it came), so what a phone writes in the file (where the photo was taken,
when, with which device: EXIF, XMP, comments) would stay readable by whoever opens it. The
photo is decoded and written again by Pillow with none of it: turned upright first (its EXIF
orientation goes with the rest), its colour profile kept.
"""

from __future__ import annotations

import hashlib
import io
import warnings
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.files.images import ImageFile
from django.db import transaction
from django.utils.translation import gettext as _
from PIL import Image as PILImage
from PIL import ImageOps, UnidentifiedImageError
from wagtail.images import get_image_model

MAX_BYTES = 10 * 1024 * 1024
MAX_PIXELS = 60_000_000  # more than a phone's camera takes; less than Pillow's bomb limits
EXTENSIONS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}
ACCEPT = "image/jpeg,image/png,image/webp"
SAVE_OPTIONS = {"JPEG": {"quality": 90}, "PNG": {"optimize": True}, "WEBP": {"quality": 90}}


@dataclass(frozen=True)
class CleanPhoto:
    """A checked photo, already written again without its metadata."""

    content: bytes
    extension: str


def wrong_type_message() -> str:
    return _("The photo must be a JPEG, PNG or WebP image.")


def checked_photo(upload) -> CleanPhoto:
    """The upload as a clean photo; ValidationError (in Vietnamese) for one that is too large,
    not an image of an accepted type, or cannot be read."""
    if upload.size > MAX_BYTES:
        raise ValidationError(_("The photo is larger than 10 MB: choose a smaller one."), code="too_large")
    upload.seek(0)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", PILImage.DecompressionBombWarning)
            with PILImage.open(upload) as image:
                if image.format not in EXTENSIONS:
                    raise ValidationError(wrong_type_message(), code="wrong_type")
                if image.width * image.height > MAX_PIXELS:
                    raise ValidationError(_("The photo has too many pixels: choose a smaller one."), code="too_big")
                image.load()
                return CleanPhoto(without_metadata(image), EXTENSIONS[image.format])
    except (UnidentifiedImageError, PILImage.DecompressionBombError, PILImage.DecompressionBombWarning) as error:
        raise ValidationError(wrong_type_message(), code="wrong_type") from error
    except (OSError, SyntaxError, ValueError, EOFError) as error:  # what Pillow raises for a damaged file
        raise ValidationError(_("The photo could not be read: the file may be damaged."), code="unreadable") from error


def without_metadata(image: PILImage.Image) -> bytes:
    """The image written again in its own format, upright, with its colour profile and nothing
    else of what its file carried (no EXIF, XMP, comment or text chunk)."""
    file_format = image.format
    icc_profile = image.info.get("icc_profile")
    upright = ImageOps.exif_transpose(image)  # a new image
    upright.info = {}
    options = dict(SAVE_OPTIONS[file_format])
    if icc_profile:
        options["icc_profile"] = icc_profile
    buffer = io.BytesIO()
    upright.save(buffer, file_format, **options)
    return buffer.getvalue()


def store_photo(photo: CleanPhoto, *, unit, title: str, actor=None):
    """A Wagtail image of `photo` in `unit`'s collection (made on first use)."""
    from lantoa.org.actions import ensure_unit_collection

    with transaction.atomic():
        image = get_image_model()(
            title=title[:255],
            collection=ensure_unit_collection(unit),
            file=ImageFile(io.BytesIO(photo.content), name=f"anh-dang-tay.{photo.extension}"),
            file_size=len(photo.content),
            file_hash=hashlib.sha1(photo.content, usedforsecurity=False).hexdigest(),
            uploaded_by_user=actor,
        )
        image.save()
    return image

"""Image files for the embedded server (`make run`, DEBUG off): Wagtail's renditions under
MEDIA_ROOT/images/, nothing else under MEDIA_ROOT.

Documents go through /documents/<id>/<name> and its scope hook; original images are shown
only through renditions (Wagtail's "original" filter writes one into images/ too). Only
raster image types are served, each with its own type, `nosniff` and a CSP that runs
nothing, so a file that is not what its name says cannot become a page. A reverse proxy can
take over with LANTOA_SERVE_MEDIA=0 (docs/deployment.md).
"""

from pathlib import Path, PurePosixPath

from django.conf import settings
from django.http import Http404
from django.views import static
from django.views.decorators.http import require_safe

IMAGES_FOLDER = "images"  # wagtail.images.models.AbstractRendition.get_upload_to
IMAGE_TYPES = {
    ".avif": "image/avif",
    ".gif": "image/gif",
    ".ico": "image/x-icon",
    ".jpeg": "image/jpeg",
    ".jpg": "image/jpeg",
    ".png": "image/png",
    ".webp": "image/webp",
}
CACHE_SECONDS = 24 * 60 * 60  # a rendition's name changes with its image; a day bounds a stale copy


def images_root() -> Path:
    return Path(settings.MEDIA_ROOT, IMAGES_FOLDER).resolve()


def image_file(path: str) -> Path:
    """The file `path` names inside the images folder, links resolved; 404 for anything else."""
    content_type = IMAGE_TYPES.get(PurePosixPath(path).suffix.lower())
    try:
        resolved = (images_root() / path).resolve()
    except (OSError, ValueError):  # NUL bytes, names too long
        raise Http404 from None
    if content_type is None or not resolved.is_relative_to(images_root()) or not resolved.is_file():
        raise Http404
    return resolved


@require_safe
def serve_media(request, path: str):
    """Every URL under MEDIA_URL lands here: image renditions are served, the rest is 404."""
    folder, _, rest = path.partition("/")
    if folder != IMAGES_FOLDER:
        raise Http404
    file = image_file(rest)
    response = static.serve(request, file.relative_to(images_root()).as_posix(), document_root=images_root())
    response["Content-Type"] = IMAGE_TYPES[file.suffix.lower()]
    response["Cache-Control"] = f"max-age={CACHE_SECONDS}"
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'"
    return response

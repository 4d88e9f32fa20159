"""Evidence of a unit task: what each action accepts as proof, the photo made fit to keep,
and the publication a share becomes.

- A share to a Facebook page or group is proven by the post's address: a post on
  facebook.com (a page's post, a group's post), never the group's or the profile's own
  address or an invitation. A Zalo group has no address per post, so its proof is a
  screenshot. The bulletin board, the loudspeaker, the poster and the meeting may add a photo.
- A photo is checked and written again without its metadata by the channels' helper
  (`lantoa.channels.photos`), made at most 1600 px on its longer side, and keeps where it was
  taken only when the officer asks ("giữ vị trí").
- A share marked done becomes the `channels.Publication` of the article on the unit's
  channel of that kind (`record_share`), so its reach is counted once.
"""

from __future__ import annotations

import io
import re
from urllib.parse import parse_qs, urlsplit

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from PIL import Image as PILImage

from lantoa.channels import photos

from .models import Action, TaskStatus

MAX_SIDE = 1600
GPS_IFD = 0x8825  # the EXIF tag that points at the location block
# The channel kind an action is done on (the meeting has none): its kit and its publication.
ACTION_CHANNEL_KINDS = {
    Action.SHARE_ZALO_GROUP: "zalo_group",
    Action.SHARE_FACEBOOK_PAGE: "facebook_page",
    Action.SHARE_FACEBOOK_GROUP: "facebook_group",
    Action.BULLETIN_BOARD: "bulletin_board",
    Action.LOUDSPEAKER: "loudspeaker",
    Action.POSTER: "poster_spot",
}
SHARE_ACTIONS = {Action.SHARE_ZALO_GROUP, Action.SHARE_FACEBOOK_PAGE, Action.SHARE_FACEBOOK_GROUP}
FACEBOOK_ACTIONS = {Action.SHARE_FACEBOOK_PAGE, Action.SHARE_FACEBOOK_GROUP}
# Where proof is a photo, not a link.
PHOTO_ONLY_ACTIONS = {Action.SHARE_ZALO_GROUP}

_ID = r"[\w.\-]+"
# A group's post: /groups/<group>/posts/<id>/ or /groups/<group>/permalink/<id>/.
GROUP_POST = re.compile(rf"^/groups/{_ID}/(posts|permalink)/{_ID}/?$")
# A page's (or a person's) post, photo, video or reel.
PAGE_POST = re.compile(rf"^/{_ID}/(posts|videos|photos)/({_ID}/)*{_ID}/?$|^/reel/\d+/?$")
# Facebook's own share links of one post ("Sao chép liên kết" in its app).
SHARED_POST = re.compile(rf"^/share/(p|v|r)/{_ID}/?$")
# Addresses that name one post by their query: ?story_fbid=… or ?fbid=… or ?v=….
QUERY_POSTS = {"/permalink.php": "story_fbid", "/story.php": "story_fbid", "/photo.php": "fbid",
               "/photo/": "fbid", "/watch/": "v"}  # fmt: skip


def is_facebook_host(host: str) -> bool:
    host = host.lower().rstrip(".")
    return host == "facebook.com" or host.endswith(".facebook.com")


def is_facebook_post(url: str, action: str) -> bool:
    """Whether `url` is the address of one post on Facebook fitting the action: a group's post
    for a group share, any other post for a page share (Facebook's share links fit both)."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not is_facebook_host(parts.hostname or ""):
        return False
    path = parts.path or "/"
    if SHARED_POST.match(path):
        return True
    if action == Action.SHARE_FACEBOOK_GROUP:
        return bool(GROUP_POST.match(path))
    if path.startswith("/groups/"):
        return False
    query_key = QUERY_POSTS.get(path)
    if query_key:
        return bool(parse_qs(parts.query).get(query_key, [""])[0].strip())
    return bool(PAGE_POST.match(path))


def check_link(action: str, url: str) -> str:
    """The link as given when it proves `action`; ValidationError (Vietnamese) otherwise."""
    url = (url or "").strip()
    if not url:
        return ""
    if action in PHOTO_ONLY_ACTIONS:
        raise ValidationError(
            _("A Zalo group has no address for each post: attach a screenshot of the shared post instead."),
            code="no_links",
        )
    if action in FACEBOOK_ACTIONS and not is_facebook_post(url, action):
        if action == Action.SHARE_FACEBOOK_GROUP:
            message = _("Enter the address of the post in the Facebook group (…facebook.com/groups/…/posts/…), "
                        "not the group's own address or an invitation.")  # fmt: skip
        else:
            message = _("Enter the address of the post on the Facebook page (…facebook.com/…/posts/…), "
                        "not the page's or a profile's own address.")  # fmt: skip
        raise ValidationError(message, code="not_a_post")
    return url


def missing_evidence(action: str, *, url: str, has_photo: bool) -> dict[str, str]:
    """What a "done" lacks, by form field: a Facebook share needs its post's address, a Zalo
    group share its screenshot; the other actions need nothing more."""
    if action in FACEBOOK_ACTIONS and not url:
        return {"url": _("Enter the address of the post that shares the article.")}
    if action in PHOTO_ONLY_ACTIONS and not has_photo:
        return {"photo": _("Attach a screenshot of the message shared in the Zalo group.")}
    return {}


# --- The photo


def clean_photo(upload, *, keep_location: bool = False) -> photos.CleanPhoto:
    """The upload checked and cleaned by `photos.checked_photo` (type, size, metadata),
    at most MAX_SIDE pixels on its longer side, with its location put back only when
    `keep_location` (nothing else of its EXIF comes back)."""
    clean = photos.checked_photo(upload)
    location = location_of(upload) if keep_location else None
    with PILImage.open(io.BytesIO(clean.content)) as image:
        too_big = max(image.size) > MAX_SIDE
        if not too_big and not location:
            return clean
        file_format = image.format
        icc_profile = image.info.get("icc_profile")
        image.load()
        if too_big:
            image.thumbnail((MAX_SIDE, MAX_SIDE), PILImage.Resampling.LANCZOS)
        options = dict(photos.SAVE_OPTIONS[file_format])
        if icc_profile:
            options["icc_profile"] = icc_profile
        if location:
            exif = PILImage.Exif()
            exif[GPS_IFD] = location
            options["exif"] = exif.tobytes()
        buffer = io.BytesIO()
        image.save(buffer, file_format, **options)
    return photos.CleanPhoto(buffer.getvalue(), clean.extension)


def location_of(upload) -> dict | None:
    """The GPS block of the upload's EXIF, if it has one."""
    upload.seek(0)
    try:
        with PILImage.open(upload) as image:
            gps = dict(image.getexif().get_ifd(GPS_IFD))
    except (OSError, ValueError, SyntaxError):
        return None
    finally:
        upload.seek(0)
    return gps or None


def store_photo(photo: photos.CleanPhoto, task, *, actor=None):
    """The photo as a Wagtail image in the collection of the task's unit."""
    title = f"{task.get_action_display()} – {task.dispatch.title}"
    return photos.store_photo(photo, unit=task.unit, title=title, actor=actor)


# --- A share is a publication


def channel_for(task):
    """The task unit's active channel of the action's kind (the oldest, if several)."""
    from lantoa.channels.models import Channel

    kind = ACTION_CHANNEL_KINDS.get(task.action)
    if not kind:
        return None
    day = timezone.localdate()
    return (
        Channel.objects.filter(unit_id=task.unit_id, kind=kind)
        .exclude(active_from__gt=day)
        .exclude(active_to__lt=day)
        .order_by("pk")
        .first()
    )


def record_share(task, actor):
    """A share done with its proof (a link, or a Zalo group's screenshot) confirms the
    article's publication on the unit's channel of that kind, made when missing, and the
    task keeps it. Nothing happens without an article or such a channel. Returns the
    publication, or None."""
    from lantoa.channels import publishing
    from lantoa.channels.models import Publication, PublicationStat, PublicationStatus
    from lantoa.content.models import ArticlePage

    if task.action not in SHARE_ACTIONS or task.status != TaskStatus.DONE:
        return None
    if not (task.evidence_url or task.evidence_photo_id):
        return None
    article_id = task.dispatch.article_id
    if not article_id or not ArticlePage.objects.filter(pk=article_id).exists():
        return None
    channel = channel_for(task)
    if channel is None:
        return None
    publication, _created = Publication.objects.get_or_create(
        article_id=article_id, channel=channel, defaults={"status": PublicationStatus.AWAITING_CONFIRMATION}
    )
    publishing.do_confirm(publication, url=task.evidence_url, day=task.done_on or timezone.localdate(),
                          photo=task.evidence_photo, actor=actor)  # fmt: skip
    entered = {"reach": task.reach, "reactions": task.reactions, "comments": task.comments}
    entered = {name: value for name, value in entered.items() if value is not None}
    if entered:
        PublicationStat.objects.update_or_create(
            publication=publication, on_date=task.done_on or timezone.localdate(),
            defaults={"fetched_at": timezone.now(), **entered},
        )  # fmt: skip
    if task.publication_id != publication.pk:
        task.publication = publication
        type(task).objects.filter(pk=task.pk).update(publication=publication)
    return publication

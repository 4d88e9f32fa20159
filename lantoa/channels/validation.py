"""Per-kind validation of a channel's address or handle, shared by forms and imports."""

from __future__ import annotations

import re
from urllib.parse import urlparse

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from .models import PHYSICAL_KINDS, ChannelKind

PHONE_RE = re.compile(r"^(\+84|0)\d{9,10}$")

# Hosts accepted for each online kind; a bare handle is accepted where noted.
HOSTS: dict[str, tuple[str, ...]] = {
    ChannelKind.FACEBOOK_PAGE: ("facebook.com", "fb.com", "m.facebook.com", "www.facebook.com"),
    ChannelKind.FACEBOOK_GROUP: ("facebook.com", "www.facebook.com", "m.facebook.com", "fb.com"),
    ChannelKind.ZALO_OA: ("zalo.me", "oa.zalo.me"),
    ChannelKind.ZALO_GROUP: ("zalo.me",),
    ChannelKind.YOUTUBE: ("youtube.com", "www.youtube.com", "m.youtube.com"),
    ChannelKind.TIKTOK: ("tiktok.com", "www.tiktok.com"),
    ChannelKind.VIBER: ("invite.viber.com", "viber.com", "www.viber.com"),
}
NEEDS_URL = {ChannelKind.PORTAL}


def _url(value: str):
    parsed = urlparse(value if "://" in value else f"https://{value}")
    if not parsed.netloc or "." not in parsed.netloc or " " in value:
        return None
    return parsed


def validate_channel_address(kind: str, address: str) -> str:
    """Return the normalised address, or raise ValidationError with a Vietnamese message."""
    address = (address or "").strip()
    if kind in PHYSICAL_KINDS or kind in {ChannelKind.PRESS, ChannelKind.RADIO_TV}:
        return address
    if not address:
        raise ValidationError(_("Enter the link or handle of this channel."))
    if kind == ChannelKind.ZALO_GROUP and PHONE_RE.match(address.replace(" ", "")):
        return address.replace(" ", "")
    if kind in HOSTS and address.startswith("@") and kind in {ChannelKind.YOUTUBE, ChannelKind.TIKTOK}:
        if re.fullmatch(r"@[\w.\-]{2,100}", address):
            return address
        raise ValidationError(_("The handle “%(value)s” is not valid.") % {"value": address})
    parsed = _url(address)
    if parsed is None:
        raise ValidationError(_("“%(value)s” is not a valid link.") % {"value": address})
    host = parsed.netloc.lower().split(":")[0]
    allowed = HOSTS.get(kind)
    if allowed and host not in allowed:
        raise ValidationError(
            _("A link of this kind must be on %(hosts)s.") % {"hosts": ", ".join(sorted(set(allowed)))}
        )
    if kind == ChannelKind.FACEBOOK_GROUP and not parsed.path.startswith("/groups/"):
        raise ValidationError(_("A Facebook group link looks like https://www.facebook.com/groups/…"))
    if kind == ChannelKind.ZALO_GROUP and not parsed.path.startswith("/g/"):
        raise ValidationError(_("A Zalo group link looks like https://zalo.me/g/…"))
    if parsed.path in ("", "/") and kind in HOSTS:
        raise ValidationError(_("The link must point to the page, group or channel itself."))
    scheme = parsed.scheme if "://" in address else "https"
    return f"{scheme}://{parsed.netloc}{parsed.path}" + (f"?{parsed.query}" if parsed.query else "")

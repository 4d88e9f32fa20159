"""Drop control characters from every form field and query parameter before a view reads them.

C0 control characters (BEL, ESC, NUL…) but TAB, LF and CR are never meant: they come from a
paste or an attack, and once stored they break every .docx and .xlsx written from the row
(XML refuses them). Cleaning here, once per request, covers the project's forms and
Wagtail's own (users, groups, collections, images, pages, settings) alike, which no form
mixin reaches. Passwords are left as typed, since they are hashed and never shown: stripping
them would lock out anyone whose password holds such a character. JSON bodies (the API,
Wagtail's dismissibles) and uploaded files are not touched; names typed there are cleaned on
save (`lantoa.vi.text.normalize`) and every export drops what is left.
"""

from __future__ import annotations

from django.http import QueryDict

from .text import strip_controls

FORM_CONTENT_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


def _cleaned(data: QueryDict) -> QueryDict | None:
    """A copy of `data` without control characters, or None when it holds none."""
    dirty = {
        key
        for key, values in data.lists()
        if "password" not in key and any(strip_controls(value) != value for value in values)
    }
    if not dirty:
        return None
    cleaned = data.copy()
    for key in dirty:
        cleaned.setlist(key, [strip_controls(value) for value in data.getlist(key)])
    cleaned._mutable = False
    return cleaned


class StripControlCharacters:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        # process_view, after CsrfViewMiddleware: the form is parsed once the view is known,
        # as Django's CSRF check parses it anyway.
        cleaned = _cleaned(request.GET)
        if cleaned is not None:
            request.GET = cleaned
        if request.method == "POST" and request.content_type in FORM_CONTENT_TYPES:
            cleaned = _cleaned(request.POST)
            if cleaned is not None:
                request.POST = cleaned
        return None

"""Records every export file and every page that shows people's personal data.

One mechanism covers every download, present and future: a response to a signed-in user
that carries `Content-Disposition: attachment` (the channel registry, plan and report
files, a person's export, Wagtail listings' ?export=csv/xlsx, documents) is recorded as an
export, unless the view already recorded it with more detail (`actions.record_access`).
Pages that show personal data are named in `PERSONAL_DATA_VIEWS` (URL name -> the keyword
argument naming the person, or None for listings of people); a successful GET of one is
recorded as a read.
"""

from __future__ import annotations

from urllib.parse import unquote

from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from .actions import REQUEST_MARK, REQUEST_NOTE, person_units, record_access
from .models import AccessAction

ACCOUNT_PAGE = _("Account page")
PEOPLE_LISTING = _("Listing of people")
ROLES_LISTING = _("Listing of roles")

# URL name -> (keyword argument that names the person, or None; what the page is).
# docs/privacy.md lists the same pages.
PERSONAL_DATA_VIEWS: dict[str, tuple[str | None, object]] = {
    "wagtailusers_users:index": (None, PEOPLE_LISTING),
    "wagtailusers_users:index_results": (None, PEOPLE_LISTING),
    "wagtailusers_users:edit": ("pk", ACCOUNT_PAGE),
    "wagtailusers_users:history": ("pk", ACCOUNT_PAGE),
    "wagtailusers_users:history_results": ("pk", ACCOUNT_PAGE),
    "wagtailusers_users:delete": ("pk", ACCOUNT_PAGE),
    "role:index": (None, ROLES_LISTING),
    "role:index_results": (None, ROLES_LISTING),
    "role:edit": (None, ROLES_LISTING),
    "privacy_person": ("pk", _("Personal data page")),
    "privacy_person_erase": ("pk", _("Personal data page")),
}


def _is_attachment(response) -> bool:
    return response.get("Content-Disposition", "").lower().startswith("attachment")


def _filename(response) -> str:
    """The file's name: RFC 6266's UTF-8 `filename*` when given, else the plain `filename`."""
    disposition = response.get("Content-Disposition", "")
    _before, found, rest = disposition.partition("filename*=UTF-8''")
    if found:
        return unquote(rest.split(";")[0].strip())
    _before, found, rest = disposition.partition('filename="')
    return rest.partition('"')[0] if found else ""


def _person(kwargs: dict, key: str):
    return get_user_model().objects.filter(pk=kwargs.get(key)).first() if str(kwargs.get(key, "")).isdigit() else None


class AccessRecordMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or getattr(request, REQUEST_MARK, False):
            return response
        if _is_attachment(response):
            note = getattr(request, REQUEST_NOTE, {})
            description = _filename(response) or request.path
            record_access(request, action=AccessAction.EXPORT, description=description, **note)
        elif request.method == "GET" and response.status_code == 200:
            self._record_read(request)
        return response

    def _record_read(self, request) -> None:
        match = request.resolver_match
        if match is None or match.view_name not in PERSONAL_DATA_VIEWS:
            return
        key, label = PERSONAL_DATA_VIEWS[match.view_name]
        person = _person(match.kwargs, key) if key else None
        record_access(
            request,
            action=AccessAction.READ,
            subject=person,
            units=person_units(person) if person else (),
            description=str(label),
        )

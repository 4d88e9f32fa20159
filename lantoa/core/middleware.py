"""A form posted without the fields its own management data announces, or with hidden
row ids that are no ids (a tampered or truncated submission), answers 400 with a
Vietnamese message instead of a server error. A ValidationError that escapes a view is
input nobody validated: the same answer."""

from django.core.exceptions import ValidationError
from django.http import HttpResponseBadRequest
from django.utils.datastructures import MultiValueDictKeyError
from django.utils.html import escape
from django.utils.translation import gettext as _


class IncompleteFormMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if request.method != "POST" or not isinstance(exception, MultiValueDictKeyError | ValidationError):
            return None
        message = _("The form arrived incomplete. Go back, reload the page and send it again.")
        return HttpResponseBadRequest(f"<!doctype html><html lang='vi'><meta charset='utf-8'><p>{escape(message)}</p>")

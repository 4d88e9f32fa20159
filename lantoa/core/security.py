"""Sign-in throttle answers and the Content-Security-Policy of every response.

The policy in settings (`CONTENT_SECURITY_POLICY`) is strict: scripts only from this site or
carrying the response's nonce, no inline styles, no plugins, no foreign frames or form
targets. The sign-in pages and the public site get it as it is. Wagtail 8's admin screens
cannot live under it (wagtail#1288): they get `ADMIN_REPLACEMENTS` on top, and the few
inline scripts Wagtail writes itself carry the nonce (`script_nonce`, used by the template
overrides in `lantoa/core/templates/wagtailadmin/` and by `install_chooser_script_nonce`).
What stays loose, and why, is listed in docs/dangerous-constructs.md.
"""

from __future__ import annotations

import contextvars

from csp.constants import SELF, UNSAFE_INLINE
from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS
from django.http import Http404, HttpResponse
from django.template.response import TemplateResponse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

ADMIN_PREFIX = "/admin/"
# Sign-in screens under /admin/ keep the strict policy.
STRICT_ADMIN_VIEWS = {"wagtailadmin_login", "wagtailadmin_password_reset"}
ADMIN_REPLACEMENTS = {
    # Wagtail's templates, its JavaScript (Stimulus controllers, React sidebar, Draftail)
    # and our figures write `style="…"` attributes and <style> elements.
    "style-src": [SELF, UNSAFE_INLINE],
    # Image previews of uploads are blob: URLs; Wagtail's icons and widgets use data: URLs.
    "img-src": [SELF, "data:", "blob:"],
    # The live preview panel frames the preview of the object being edited.
    "frame-src": [SELF],
}

_current_request: contextvars.ContextVar = contextvars.ContextVar("lantoa_csp_request", default=None)


def script_nonce() -> str:
    """The nonce of the response being rendered in this thread ("" outside a request)."""
    request = _current_request.get()
    nonce = getattr(request, "csp_nonce", None)
    return str(nonce) if nonce is not None else ""


def _is_loosened(request) -> bool:
    if not request.path_info.startswith(ADMIN_PREFIX):
        return False
    match = getattr(request, "resolver_match", None)
    return match is None or match.url_name not in STRICT_ADMIN_VIEWS


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware, with the admin's replacements and the request kept for
    `script_nonce` while the response renders."""

    def process_request(self, request):
        super().process_request(request)
        request._lantoa_csp_token = _current_request.set(request)

    def process_response(self, request, response):
        response = super().process_response(request, response)
        token = getattr(request, "_lantoa_csp_token", None)
        if token is not None:
            _current_request.reset(token)
            del request._lantoa_csp_token
        return response

    def get_policy_parts(self, request, response, report_only: bool = False) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        if not report_only and _is_loosened(request):
            parts.replace = {**ADMIN_REPLACEMENTS, **(parts.replace or {})}
        return parts


def install_chooser_script_nonce() -> None:
    """Wagtail's chooser widgets (units, images, documents, snippets, pages) end their HTML
    with an inline `<script>new Chooser(…)</script>`; give it the response's nonce."""
    from wagtail.admin.widgets.chooser import BaseChooser

    original = BaseChooser.render
    if getattr(original, "lantoa_nonce", False):
        return

    def render(self, *args, **kwargs):
        html = original(self, *args, **kwargs)
        head, found, tail = html.rpartition("<script>")
        nonce = script_nonce()
        if not found or not nonce:
            return html
        return mark_safe(f'{head}<script nonce="{nonce}">{tail}')  # noqa: S308 - Wagtail's own markup

    render.lantoa_nonce = True
    BaseChooser.render = render


# --- Sign-in throttle (django-axes)


def lockout_message() -> str:
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return _(
        "Too many failed sign-in attempts. Signing in is paused for %(minutes)d minutes; "
        "an administrator can unlock it sooner."
    ) % {"minutes": minutes}


def lockout_response(request, original_response, credentials) -> HttpResponse:
    """Axes' answer to a refused sign-in (`AXES_LOCKOUT_CALLABLE`): the same sign-in page,
    status 429, its form saying why, with the username kept and the password not."""
    context = getattr(original_response, "context_data", None) or {}
    form = context.get("form")
    if form is None or not isinstance(original_response, TemplateResponse):
        return HttpResponse(lockout_message(), status=429, content_type="text/plain; charset=utf-8")
    form.errors[NON_FIELD_ERRORS] = form.error_class([lockout_message()])
    response = TemplateResponse(request, original_response.template_name, context, status=429)
    return response.render()


def error_test_for_superusers(request):
    """Wagtail's /admin/failwhale/ raises on purpose, to try the error page and its report:
    superusers only; everyone else gets 404."""
    from wagtail.admin.views.home import error_test

    if not (request.user.is_authenticated and request.user.is_superuser):
        raise Http404
    return error_test(request)

"""Signing in without a password, outside the admin: a unit's one-time link (GET shows a
button, POST signs in, so a chat app's link preview does not use it up) and a code sent to
the user's phone. Every answer about a link is a 200 page: a 4xx would put the address,
token included, in the server's log."""

from __future__ import annotations

from django import forms
from django.contrib.auth import login
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from lantoa.privacy.actions import client_ip

from . import signin
from .phones import normalize_phone

BACKEND = "django.contrib.auth.backends.ModelBackend"
SESSION_PHONE = "lantoa_signin_phone"


def _sign_in(request, user):
    signin.complete_account(user)
    login(request, user, backend=BACKEND)
    return redirect(signin.landing_url(user))


def _private(response):
    response["Referrer-Policy"] = "no-referrer"
    response["X-Robots-Tag"] = "noindex"
    return response


def _address(request) -> str:
    return client_ip(request) or "unknown"


# --- One-time links


LINK_MESSAGES = {
    signin.LinkState.USED: gettext_lazy("This sign-in link has already been used. Each link works only once."),
    signin.LinkState.EXPIRED: gettext_lazy("This sign-in link has expired."),
    signin.LinkState.REVOKED: gettext_lazy("This sign-in link has been revoked."),
    signin.LinkState.UNKNOWN: gettext_lazy("This sign-in link is not valid."),
}


@never_cache
@require_http_methods(["GET", "POST"])
def link_signin(request, token: str):
    address = _address(request)
    if signin.is_over("link-failure", address, limit=signin.LINK_FAILURES_PER_ADDRESS_PER_HOUR):
        return _private(render(request, "org/signin/throttled.html"))
    state = signin.link_state(token)
    if state is signin.LinkState.VALID and request.method == "POST":
        user = signin.redeem_link(token)
        if user is not None:
            return _private(_sign_in(request, user))
        state = signin.link_state(token)
    if state is not signin.LinkState.VALID:
        signin.over_limit("link-failure", address, limit=signin.LINK_FAILURES_PER_ADDRESS_PER_HOUR)
        return _private(render(request, "org/signin/link_unusable.html", {"message": LINK_MESSAGES[state]}))
    return _private(render(request, "org/signin/link_confirm.html"))


# --- Codes by phone


class PhoneForm(forms.Form):
    phone = forms.CharField(
        label=gettext_lazy("Mobile phone number"),
        max_length=30,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel", "inputmode": "tel"}),
    )

    def clean_phone(self):
        return normalize_phone(self.cleaned_data["phone"])


class CodeForm(forms.Form):
    code = forms.RegexField(
        label=gettext_lazy("Sign-in code"),
        regex=r"^\s*\d{6}\s*$",
        max_length=12,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
        error_messages={"invalid": gettext_lazy("The code has six digits.")},
    )


@never_cache
@require_http_methods(["GET", "POST"])
def phone_signin(request):
    form = PhoneForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        phone = form.cleaned_data["phone"]
        try:
            signin.request_code(phone, address=_address(request))
        except signin.Throttled:
            return _private(render(request, "org/signin/throttled.html"))
        request.session[SESSION_PHONE] = phone
        return redirect("signin:phone_code")
    return _private(render(request, "org/signin/phone.html", {"form": form}))


@never_cache
@require_http_methods(["GET", "POST"])
def phone_code(request):
    phone = request.session.get(SESSION_PHONE)
    if not phone:
        return redirect("signin:phone")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = signin.check_code(phone, form.cleaned_data["code"].strip(), address=_address(request))
        except signin.Throttled:
            return _private(render(request, "org/signin/throttled.html"))
        if user is not None:
            request.session.pop(SESSION_PHONE, None)
            return _private(_sign_in(request, user))
        form.add_error("code", ValidationError(_("The code is wrong or has expired. Ask for a new code.")))
    context = {"form": form, "phone": phone}
    return _private(render(request, "org/signin/phone_code.html", context))

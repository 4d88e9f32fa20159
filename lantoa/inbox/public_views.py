"""The workers' pages on the public portal: the form (`/gop-y/`), the page with the
tracking code (`/gop-y/da-gui/<code>/`) and the status page by code (`/gop-y/tra-cuu/`).

The form is stored as a `RawEvent` keyed by its hidden submission token (a double submit
is one case) and processed at once so the worker leaves with a code. A filled spam trap
gets a made-up code and stores nothing. Both the form and the lookup are limited per
client address (`lantoa.org.signin.over_limit`), the lookup so codes cannot be guessed.
Nothing on these pages names the worker. The code page and the status page invite the
worker to send their code to their union's Zalo OA, to be told there of the answer
(`zalo_notice`).
"""

from __future__ import annotations

import logging

from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from lantoa.org import signin
from lantoa.privacy.actions import client_ip

from . import events, zalo_notice
from .forms import TOKEN_PATTERN, CodeForm, WorkerMessageForm, delete_attachments, new_token, normalize_code
from .intake import new_code, store_event
from .models import Case, CaseStatus, Direction, Intake, Message, RawEvent

log = logging.getLogger(__name__)
WINDOW = 10 * 60
FORMS_PER_WINDOW = 5
LOOKUPS_PER_WINDOW = 30

# What each status means to the worker who wrote.
STATUS_FOR_WORKER = {
    CaseStatus.NEW: _("Received, waiting to be handled"),
    CaseStatus.ASSIGNED: _("Passed to a union officer"),
    CaseStatus.IN_PROGRESS: _("Being handled"),
    CaseStatus.ANSWERED: _("Answered"),
    CaseStatus.CLOSED: _("Closed"),
}


def _address(request) -> str:
    return client_ip(request) or "unknown"


def _private(response):
    """Pages about one worker's message: never indexed, their address (the code) never sent
    to another site as a referrer. Not "no-referrer": the browser would then send the form's
    POST with `Origin: null`, which Django's CSRF check refuses."""
    response["Referrer-Policy"] = "same-origin"
    response["X-Robots-Tag"] = "noindex"
    return response


def _form_page(request, form, *, status=200, notice=""):
    context = {"form": form, "notice": notice, "token": token_to_render(form)}
    return _private(render(request, "inbox/public/form.html", context, status=status))


def token_to_render(form: WorkerMessageForm) -> str:
    """The submission token the page carries: the one sent (so sending the same form again
    is still one message), a fresh one when it was missing or malformed."""
    sent = form.data.get("token", "") if form.is_bound else form.initial.get("token", "")
    return sent if isinstance(sent, str) and TOKEN_PATTERN.match(sent) else new_token()


# --- The form


@never_cache
@require_http_methods(["GET", "POST"])
def submit(request):
    if request.method != "POST":
        return _form_page(request, WorkerMessageForm())
    form = WorkerMessageForm(request.POST, request.FILES)
    address = _address(request)
    if signin.is_over("inbox-form", address, limit=FORMS_PER_WINDOW, window=WINDOW):
        notice = _("Too many messages were sent from here in a short time. Please wait 10 minutes, then send again.")
        return _form_page(request, form, status=429, notice=notice)
    if form.is_trap_filled:
        signin.over_limit("inbox-form", address, limit=FORMS_PER_WINDOW, window=WINDOW)
        return redirect("inbox_public_sent", code=new_code())
    if not form.is_valid():
        return _form_page(request, form)
    code = code_of_submission(form, address)
    if code is None:
        notice = _(
            "We are sorry: your message could not be received just now. Nothing you wrote is lost: "
            "please press “Send” again in a moment."
        )
        return _form_page(request, form, status=503, notice=notice)
    return redirect("inbox_public_sent", code=code)


def code_of_submission(form: WorkerMessageForm, address: str) -> str | None:
    """The tracking code of the case this submission made, storing and processing it the
    first time; a repeat of the same token answers the first one's code. None when it
    could not be processed (kept, so the same form sent again tries once more)."""
    raw = RawEvent.objects.filter(key=form.key).first()
    if raw is None:
        attachments = form.save_attachments()
        raw, created = store_event(Intake.PORTAL, key=form.key, payload=form.payload(attachments))
        if created:
            # Counted only for new submissions: a double click is not a second message.
            signin.over_limit("inbox-form", address, limit=FORMS_PER_WINDOW, window=WINDOW)
        else:
            delete_attachments(attachments)
    try:
        events.process_event(raw.pk)
    except Exception:  # noqa: BLE001 - the worker is told and may send again; the event waits
        log.exception("inbox: portal submission %s could not be processed", raw.pk)
        return None
    message = Message.objects.filter(raw=raw, direction=Direction.IN).select_related("case").first()
    return message.case.code if message else None


@never_cache
@require_GET
def sent(request, code: str):
    """The tracking code, large. Only its shape is checked (a spam trap's made-up code
    looks the same), so this page says nothing about which codes exist."""
    normal = normalize_code(code)
    if normal is None:
        return not_found(request)
    if normal != code:
        return redirect("inbox_public_sent", code=normal)
    status_url = reverse("inbox_public_status", kwargs={"code": normal})
    context = {"code": normal, "status_url": status_url, **zalo_context(case_for_sent_page(request, normal))}
    return _private(render(request, "inbox/public/sent.html", context))


def case_for_sent_page(request, code: str) -> Case | None:
    """The case behind the code page, for its Zalo invitation; counted as a lookup, so this
    page tells no more about which codes exist than the throttled status page does."""
    _throttled, case = counted_lookup(request, code)
    return case


def counted_lookup(request, code: str) -> tuple[bool, Case | None]:
    """(whether the address looked up too many codes, the case of `code` when it did not);
    every look counts toward the limit."""
    if signin.over_limit("inbox-lookup", _address(request), limit=LOOKUPS_PER_WINDOW, window=WINDOW):
        return True, None
    normal = normalize_code(code)
    if not normal:
        return False, None
    return False, Case.objects.select_related("unit", "zalo_notify_channel").filter(code=normal).first()


def zalo_context(case: Case | None) -> dict:
    """The Zalo OA the worker may send their code to, or that will tell them (`zalo_notice`)."""
    oa, linked = zalo_notice.offer(case) if case is not None else (None, False)
    link = oa.address if oa is not None and oa.address.startswith("https://") else ""
    return {"zalo_oa": oa, "zalo_linked": linked, "zalo_link": link}


# --- The status page


@never_cache
@require_GET
def lookup(request):
    """The code form; a code typed any usual way goes to its status page."""
    if "ma" not in request.GET:
        return _private(render(request, "inbox/public/lookup.html", {"form": CodeForm()}))
    form = CodeForm(request.GET)
    if form.is_valid():
        return redirect("inbox_public_status", code=form.cleaned_data["ma"])
    return _private(render(request, "inbox/public/lookup.html", {"form": form}))


def case_by_code(request, code: str):
    """(the case, None) for a known code; (None, the page to answer) when the address looked
    up too many codes or the code is unknown. Every look counts toward the limit."""
    throttled, case = counted_lookup(request, code)
    if throttled:
        return None, _private(render(request, "inbox/public/throttled.html", status=429))
    return (case, None) if case is not None else (None, not_found(request))


@never_cache
@require_GET
def status(request, code: str):
    case, refusal = case_by_code(request, code)
    if refusal is not None:
        return refusal
    normal = case.code
    if normal != code:
        return redirect("inbox_public_status", code=normal)
    messages = case.messages.filter(direction__in=[Direction.IN, Direction.OUT]).order_by("created_at", "pk")
    context = {
        "case": case,
        "status_label": STATUS_FOR_WORKER.get(case.status, case.get_status_display()),
        "thread": list(messages.only("direction", "body", "created_at")),
        **zalo_context(case),
    }
    return _private(render(request, "inbox/public/status.html", context))


@never_cache
@require_GET
def download(request, code: str):
    """What the worker sent and the answers, as a JSON file (Law 91/2025: the right to
    obtain one's data)."""
    from django.http import HttpResponse

    from . import self_service

    case, refusal = case_by_code(request, code)
    if refusal is not None:
        return refusal
    data = self_service.export_for_code(case.code)
    response = HttpResponse(data, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{case.code}.json"'
    return _private(response)


@never_cache
@require_http_methods(["GET", "POST"])
def erase(request, code: str):
    """The worker deletes their personal data: a confirmation, then the erasure (messages,
    contact details, files); the union keeps only anonymised counts."""
    from . import self_service
    from .forms import EraseForm

    case, refusal = case_by_code(request, code)
    if refusal is not None:
        return refusal
    form = EraseForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        self_service.erase_for_code(case.code)
        return _private(render(request, "inbox/public/erased.html", {"code": case.code}))
    return _private(render(request, "inbox/public/erase.html", {"case": case, "form": form}))


def not_found(request):
    return _private(render(request, "inbox/public/not_found.html", status=404))

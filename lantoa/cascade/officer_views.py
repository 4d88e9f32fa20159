"""The grassroots officer's pages at /viec/, outside the Wagtail admin: "Việc cần làm" (the
user's pending tasks by dispatch, then the last ones done) and one task with its kit and
the form that marks it done with its evidence, or not applicable with a reason.

Server-rendered, usable without JavaScript (the copy and Web Share buttons are added by
`cascade/officer.js` where the browser has them), small enough for a cheap phone on a slow
line. A task that is not the user's to do answers 404 (`officer_queries.task_for`); a
visitor who is not signed in goes to the sign-in page and comes back.
"""

from __future__ import annotations

from functools import wraps

from django import forms
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from lantoa.channels import photos

from . import actions, evidence, officer_queries
from .models import Action, TaskStatus

DAY_FORMATS = ["%d/%m/%Y", "%d/%m/%y", "%Y-%m-%d"]
MAX_REACH = 10_000_000


def officer_page(view):
    """Signed-in users only; others go to the site's sign-in page, then back here."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path(), reverse("wagtailadmin_login"))
        return view(request, *args, **kwargs)

    return wrapped


def count_field(label) -> forms.IntegerField:
    return forms.IntegerField(
        label=label, required=False, min_value=0, max_value=MAX_REACH,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
        error_messages={"invalid": gettext_lazy("Enter a whole number, e.g. 15."),
                        "min_value": gettext_lazy("The number cannot be negative."),
                        "max_value": gettext_lazy("The number is too large.")},
    )  # fmt: skip


class MarkForm(forms.Form):
    outcome = forms.ChoiceField(
        label=gettext_lazy("Result of the task"),
        choices=[(TaskStatus.DONE, gettext_lazy("Done")), (TaskStatus.NOT_APPLICABLE, gettext_lazy("Not applicable"))],
        widget=forms.RadioSelect,
        error_messages={"required": gettext_lazy("Choose whether the task is done or does not apply.")},
    )
    day = forms.DateField(
        label=gettext_lazy("Day it was done"), input_formats=DAY_FORMATS,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off", "placeholder": "dd/mm/yyyy"}),
        error_messages={"required": gettext_lazy("Enter the day the task was done."),
                        "invalid": gettext_lazy("Enter the day as day/month/year, e.g. 05/03/2026.")},
    )  # fmt: skip
    url = forms.URLField(
        label=gettext_lazy("Address of the post"), required=False, max_length=500, assume_scheme="https",
        widget=forms.TextInput(attrs={"inputmode": "url", "placeholder": "https://", "autocomplete": "off"}),
        error_messages={"invalid": gettext_lazy("Enter the post's full address, starting with https://"),
                        "max_length": gettext_lazy("This address is too long.")},
    )  # fmt: skip
    photo = forms.FileField(
        label=gettext_lazy("Photo or screenshot"), required=False,
        widget=forms.FileInput(attrs={"accept": photos.ACCEPT}),
        error_messages={"empty": gettext_lazy("The photo's file is empty.")},
    )  # fmt: skip
    keep_location = forms.BooleanField(label=gettext_lazy("Keep where the photo was taken"), required=False)
    reach = forms.IntegerField(
        label=gettext_lazy("People reached"), required=False, min_value=0, max_value=MAX_REACH,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
        error_messages={"invalid": gettext_lazy("Enter the number of people as a whole number, e.g. 120."),
                        "min_value": gettext_lazy("The number of people cannot be negative."),
                        "max_value": gettext_lazy("The number of people is too large.")},
    )  # fmt: skip
    reactions = count_field(gettext_lazy("Reactions under the post"))
    comments = count_field(gettext_lazy("Comments under the post"))
    report = forms.CharField(
        label=gettext_lazy("What was done"), required=False, max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"max_length": gettext_lazy("Keep the report under 5,000 characters.")},
    )  # fmt: skip
    reason = forms.CharField(
        label=gettext_lazy("Why it does not apply"), required=False, max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"max_length": gettext_lazy("Keep the reason under 500 characters.")},
    )  # fmt: skip

    def __init__(self, action: str, *args, **kwargs):
        self.action = action
        kwargs.setdefault("initial", {"outcome": TaskStatus.DONE, "day": timezone.localdate().strftime("%d/%m/%Y")})
        super().__init__(*args, **kwargs)

    def clean_day(self):
        day = self.cleaned_data["day"]
        if day > timezone.localdate():
            raise ValidationError(_("The day cannot be after today."), code="future")
        return day

    def clean(self):
        data = super().clean()
        if data.get("outcome") == TaskStatus.NOT_APPLICABLE:
            if not (data.get("reason") or "").strip():
                self.add_error("reason", _("Say why this task does not apply to the unit."))
            return data
        if data.get("outcome") != TaskStatus.DONE:
            return data
        if self.action == Action.PLAN_DUTY and not (data.get("report") or "").strip():
            self.add_error("report", _("Say what was done."))
        if "url" in data:
            try:
                data["url"] = evidence.check_link(self.action, data["url"])
            except ValidationError as error:
                self.add_error("url", error)
        upload = data.get("photo")
        if upload:
            try:
                data["photo"] = evidence.clean_photo(upload, keep_location=data.get("keep_location", False))
            except ValidationError as error:
                self.add_error("photo", error)
        if "url" in data and "photo" not in self.errors:
            for field, message in evidence.missing_evidence(
                self.action, url=data["url"], has_photo=bool(upload)
            ).items():
                self.add_error(field, message)
        return data


def photo_lost(form: MarkForm) -> bool:
    """A good photo came with a mistake elsewhere: the browser does not send it again."""
    return bool(form.files.get("photo")) and "photo" not in form.errors


@officer_page
@require_GET
def index(request):
    work = officer_queries.my_work(request.user)
    channels = officer_queries.my_channels(request.user)
    return render(request, "cascade/officer/index.html",
                  {"work": work, "channels": channels, "today": timezone.localdate()})  # fmt: skip


@officer_page
@require_http_methods(["GET", "POST"])
def task_page(request, pk):
    task = officer_queries.task_for(request.user, pk)
    if task is None:
        raise Http404
    form = MarkForm(task.action)
    if request.method == "POST" and task.status != TaskStatus.RELAYED:
        form = MarkForm(task.action, request.POST, request.FILES)
        if form.is_valid():
            try:
                mark(task, form.cleaned_data, request.user)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Recorded: %(task)s.") % {"task": task.get_action_display()})
                return redirect("viec:index")
    return render(request, "cascade/officer/task.html", task_context(task, form))


def mark(task, data: dict, actor) -> None:
    with transaction.atomic():
        image = None
        done = data["outcome"] == TaskStatus.DONE
        if done and data.get("photo"):
            image = evidence.store_photo(data["photo"], task, actor=actor)
        actions.do_mark(
            task, actor=actor, status=data["outcome"], day=data["day"], url=data.get("url", "") if done else "",
            photo=image, reach=data.get("reach") if done else None, reason=data.get("reason", ""),
            report=data.get("report", "") if done else "",
            reactions=data.get("reactions") if done else None, comments=data.get("comments") if done else None,
        )  # fmt: skip


def task_context(task, form: MarkForm) -> dict:
    dispatch = task.dispatch
    relay_note = dispatch.note if dispatch.pk != task.root_id else ""
    return {
        "task": task,
        "dispatch": dispatch,
        "root": task.root,
        "original_note": task.root.note,
        "relay_note": relay_note,
        "relayed_by": dispatch.sender_unit if relay_note else None,
        "late": task.is_late(),
        "no_officer": bool(officer_queries.without_officer([task.unit_id])),
        "kit": officer_queries.kit_for_task(task),
        "form": form,
        "choose_photo_again": photo_lost(form) if form.is_bound else False,
        "photo_only": task.action in evidence.PHOTO_ONLY_ACTIONS,
        "plan_duty": task.action == Action.PLAN_DUTY,
        "share": task.action in evidence.SHARE_ACTIONS,
        "link_required": task.action in evidence.FACEBOOK_ACTIONS,
        "reach_label": reach_label(task.action),
        "accept": photos.ACCEPT,
    }


def reach_label(action: str) -> str:
    if action in evidence.SHARE_ACTIONS:
        return _("People in the group or following the page")
    if action == "loudspeaker":
        return _("Listeners (an estimate)")
    return _("People who saw or heard it")


@officer_page
@require_GET
def download(request, pk, kind):
    """A printed variant (A4 sheet, poster) of the task's article as PDF."""
    from lantoa.content.pdf import render_pdf
    from lantoa.content.variant_views import PDF_CONTENT_TYPE
    from lantoa.content.variants import PRINTED_KINDS, source_of, variant_for
    from lantoa.reports.downloads import attachment

    task = officer_queries.task_for(request.user, pk)
    article = officer_queries.article_of(task) if task is not None else None
    if article is None or kind not in PRINTED_KINDS:
        raise Http404
    source = source_of(article)
    content = render_pdf(kind, variant_for(article, kind).text, unit_name=source.unit_name, url=source.url)
    return attachment(content, filename=f"{article.slug}-{kind}.pdf", content_type=PDF_CONTENT_TYPE)

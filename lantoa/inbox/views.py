"""The inbox's staff screens in the Wagtail admin: "Hộp thư người lao động" (the cases of
the user's units, most urgent first) and a case's page (the thread, the contact, the reply
window, and what staff do: answer, note, assign, classify, set the status, resend a failed
answer).

Who sees what: `inbox.view_case` (a role's kind that grants it, on that role's subtree)
reads cases, 404 outside it; `inbox.change_case` handles them, otherwise the page is
read-only; the worker's name, phone, Zalo and e-mail show only with `inbox.view_contact`,
and every showing is recorded (lantoa.privacy). These two permissions are checked on the
roles that grant them (`holds`), not with `scope.has_perm`, which treats any "view_"
permission as reading the unit.
"""

from __future__ import annotations

import secrets

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Case as Choose
from django.db.models import IntegerField, Q, Value, When
from django.http import Http404
from django.shortcuts import redirect
from django.urls import path
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView, TemplateView

from lantoa.org import paths, scope
from lantoa.org.models import Unit
from lantoa.org.views import TitledAdminView
from lantoa.privacy.actions import record_access
from lantoa.privacy.models import AccessAction
from lantoa.vi.search import filter_folded

from . import actions, answers, routing
from .actions import CHANGE
from .models import Case, CaseStatus, Direction, Message, SendStatus, Urgency
from .staff_forms import (
    AnswerForm,
    AssignForm,
    CaseFilterForm,
    ClassifyForm,
    NoteForm,
    RecordForm,
    RetryForm,
    StatusForm,
)  # fmt: skip

VIEW = "inbox.view_case"
PERSONAL = "inbox.view_contact"
PAGE_SIZE = 50
WAITING = (CaseStatus.NEW, CaseStatus.ASSIGNED, CaseStatus.IN_PROGRESS)
URGENCY_RANK = Choose(
    When(urgency=Urgency.CRITICAL, then=Value(0)),
    When(urgency=Urgency.HIGH, then=Value(1)),
    default=Value(2),
    output_field=IntegerField(),
)


# --- Who sees what


def holds(user, perm: str, unit_id: int) -> bool:
    """Whether a role of `user` whose kind grants `perm` covers the unit."""
    if scope.scope_for(user).everything:
        return True
    return Unit.objects.filter(pk=unit_id).filter(scope.scope_for(user).perm_q(perm)).exists()


def readable_cases(user):
    """Cases of the units where a role of the user grants reading them, and the critical
    cases of the federations whose propaganda board the user heads (R13: alerted of them,
    they read them, without the worker's personal data or the right to handle them unless
    another role gives it); 403 to a user no role lets read cases at all."""
    if not user.has_perm(VIEW):
        raise PermissionDenied
    cases = Case.objects.all()
    if scope.scope_for(user).everything:
        return cases
    readable = Q(unit__in=Unit.objects.filter(scope.scope_for(user).perm_q(VIEW)))
    for federation in routing.watched_federation_paths(user):
        low, high = paths.subtree_bounds(federation)
        readable |= Q(urgency=Urgency.CRITICAL, unit__path__gte=low, unit__path__lt=high)
    return cases.filter(readable)


def readable_units(user):
    """The units offered by the list's unit filter."""
    if scope.scope_for(user).everything:
        return Unit.objects.current().order_by("path")
    return Unit.objects.filter(scope.scope_for(user).perm_q(VIEW)).order_by("path")


def access_case(user, pk) -> Case:
    case = readable_cases(user).select_related("unit", "contact", "assignee", "channel").filter(pk=pk).first()
    if case is None:
        raise Http404
    return case


# --- Formatting


def local_time(moment) -> str:
    return date_format(timezone.localtime(moment), "d/m/Y H:i") if moment else ""


def is_overdue(case: Case, now=None) -> bool:
    return bool(case.due_at and case.status in WAITING and case.due_at < (now or timezone.now()))


def classified_by_label(case: Case) -> str:
    if case.classified_by == "staff":
        return _("Staff")
    return case.classified_by or "—"


def person_label(user) -> str:
    return (user.get_full_name() or user.get_username()) if user else ""


# --- "Hộp thư người lao động"


def search_cases(cases, query: str):
    """Cases whose search text (code, subject, employer, the worker's messages; folded,
    kept by `search.refresh_case`) holds every word of the query."""
    return filter_folded(cases, query)


def filtered_cases(cases, filters: dict):
    for name in ("status", "topic", "urgency"):
        if name in filters:
            cases = cases.filter(**{name: filters[name]})
    if "unit" in filters:
        cases = cases.filter(unit=filters["unit"])
    if "q" in filters:
        cases = search_cases(cases, filters["q"])
    return cases


def ordered(cases):
    """Most urgent first, then the nearest (most overdue) deadline, then the oldest."""
    return cases.annotate(urgency_rank=URGENCY_RANK).order_by("urgency_rank", "due_at", "opened_at", "pk")


class CaseListView(TitledAdminView, TemplateView):
    template_name = "inbox/admin/case_list.html"
    page_title = gettext_lazy("Worker inbox")
    header_icon = "mail"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        cases = readable_cases(user)
        form = CaseFilterForm(self.request.GET or None, units=readable_units(user))
        filters = form.filters() if form.is_bound else {}
        cases = ordered(filtered_cases(cases, filters)).select_related("unit")
        page = Paginator(cases, PAGE_SIZE).get_page(self.request.GET.get("p"))
        now = timezone.now()
        query = self.request.GET.copy()
        query.pop("p", None)
        context.update(
            form=form,
            page_obj=page,
            filtered=bool(filters),
            query=query.urlencode(),
            rows=[{"case": c, "due": local_time(c.due_at), "overdue": is_overdue(c, now)} for c in page.object_list],
            may_record=scope.units_with_perm(user, CHANGE).exists(),
        )
        return context


# --- A case's page

FORMS = {
    "answer": AnswerForm,
    "note": NoteForm,
    "assign": AssignForm,
    "classify": ClassifyForm,
    "status": StatusForm,
    "retry": RetryForm,
}
DONE = {
    "answer": gettext_lazy("The answer was saved and is on its way to the worker."),
    "note": gettext_lazy("The internal note was added."),
    "assign": gettext_lazy("The case was assigned."),
    "classify": gettext_lazy("The topic and urgency were saved."),
    "status": gettext_lazy("The status was changed."),
    "retry": gettext_lazy("The answer will be sent again."),
}


class CaseView(TitledAdminView, TemplateView):
    template_name = "inbox/admin/case.html"
    page_title = gettext_lazy("Worker's case")
    header_icon = "mail"
    bound: tuple[str, object] | None = None  # the posted form that failed, shown again

    def get_page_subtitle(self):
        return self.case.code

    def dispatch(self, request, *args, **kwargs):
        self.case = access_case(request.user, kwargs["pk"])
        self.may_handle = scope.has_perm(request.user, actions.CHANGE, self.case.unit_id)
        return super().dispatch(request, *args, **kwargs)

    @cached_property
    def ready_answers(self) -> list:
        return answers.ready_answers_for(self.case)

    def make_form(self, name: str, data=None):
        form_class = FORMS[name]
        if name == "answer":
            return form_class(data, ready=self.ready_answers)
        if name == "assign":
            return form_class(data, case=self.case, actor=self.request.user)
        if name == "classify" and data is None:
            return form_class(initial={"topic": self.case.topic, "urgency": self.case.urgency})
        if name == "status" and data is None:
            return form_class(initial={"status": CaseStatus.IN_PROGRESS})
        return form_class(data)

    def post(self, request, *args, **kwargs):
        name = request.POST.get("action", "")
        if not self.may_handle or (name not in FORMS and name != "save_qa"):
            raise PermissionDenied
        if name == "save_qa":
            return self.save_as_qa()
        if name == "answer" and ("use_ready" in request.POST or "restore_typed" in request.POST):
            self.bound = ("answer", self.refilled_answer_form(request.POST))
            return self.get(request, *args, **kwargs)
        form = self.make_form(name, request.POST)
        if form.is_valid():
            try:
                self.perform(name, form.cleaned_data)
            except ValidationError as error:
                add_errors(form, error)
            else:
                messages.success(request, DONE[name])
                return redirect("inbox_case", self.case.pk)
        messages.error(request, _("Not saved: correct what is marked below."))
        self.bound = (name, form)
        return self.get(request, *args, **kwargs)

    def refilled_answer_form(self, data):
        """Without script: the answer form again, its text the chosen ready answer (what was
        typed kept aside, to restore) or, on "restore", what was typed before."""
        posted = self.make_form("answer", data)
        typed, text = data.get("typed", ""), data.get("text", "")
        if "restore_typed" in data:
            return AnswerForm(initial={"text": typed}, ready=self.ready_answers)
        chosen = posted.ready_choice()
        if chosen is None:
            posted.is_valid()
            posted.errors.clear()
            posted.add_error(None, _("Choose a ready answer from the list."))
            return posted
        return AnswerForm(initial={"ready": str(chosen.pk), "text": chosen.answer, "typed": text if text.strip()
                                   else ""}, ready=self.ready_answers)  # fmt: skip

    def save_as_qa(self):
        """A knowledge-base draft from the answered case (anonymised), opened for editing."""
        try:
            entry = answers.draft_from_case(self.case, actor=self.request.user)
        except ValidationError as error:
            for text in error.messages:
                messages.error(self.request, text)
            return redirect("inbox_case", self.case.pk)
        messages.success(self.request, _("A question-and-answer draft was made from the case: check it, then save."))
        return redirect("inbox_answer:edit", entry.pk)

    def perform(self, name: str, data: dict) -> None:
        actor, case = self.request.user, self.case
        if name == "answer":
            actions.do_answer(case, actor=actor, text=data["text"])
        elif name == "note":
            actions.do_note(case, actor=actor, text=data["text"])
        elif name == "assign":
            actions.do_assign(case, actor=actor, unit=data["unit"], user=data["user"])
        elif name == "classify":
            actions.do_classify(case, actor=actor, topic=data["topic"], urgency=data["urgency"])
        elif name == "status":
            actions.do_set_status(case, actor=actor, status=data["status"])
        else:
            message = case.messages.filter(pk=data["message"], direction=Direction.OUT).first()
            if message is None:
                raise ValidationError(_("This answer is not on this case."))
            actions.do_retry_answer(message, actor=actor)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        case = self.case
        forms = {}
        if self.may_handle:
            forms = {name: self.make_form(name) for name in FORMS if name != "retry"}
            if self.bound:
                forms[self.bound[0]] = self.bound[1]
        retry_error = self.bound[1] if self.bound and self.bound[0] == "retry" else None
        window = actions.window_of(case)
        answer_form = forms.get("answer")
        context.update(
            ready_texts={str(a.pk): a.answer for a in self.ready_answers} if self.may_handle else {},
            typed_aside=bool(answer_form is not None and not answer_form.is_bound and answer_form.initial.get("typed")),
            answered=self.may_handle and bool(answers.last_answer_of(case)),
            publish_consent=case.publish_consent,
            qa_entries=list(
                answers.readable_answers(self.request.user).filter(case=case).only("pk", "question", "public")
            ),
            case=case,
            may_handle=self.may_handle,
            forms=forms,
            retry_errors=retry_error.non_field_errors() if retry_error else [],
            window=window,
            window_closes=local_time(window.closes_at) if window else "",
            thread=thread_of(case),
            contact=case.contact,
            personal=self.personal_data(),
            facts={
                "opened": local_time(case.opened_at),
                "due": local_time(case.due_at),
                "overdue": is_overdue(case),
                "classified_by": classified_by_label(case),
                "assignee": person_label(case.assignee),
                "employer_unit": case.employer_unit.name if case.employer_unit_id else "",
            },
        )
        return context

    def personal_data(self) -> dict | None:
        """The worker's name and ways to reach them, for those allowed (the showing recorded)."""
        contact = self.case.contact
        if not contact.has_personal_data or not holds(self.request.user, PERSONAL, self.case.unit_id):
            return None
        record_access(self.request, action=AccessAction.READ, subject=contact, units=[self.case.unit_id],
                      description=_("Worker's contact on case %(code)s") % {"code": self.case.code})  # fmt: skip
        return {"name": contact.name, "phone": contact.phone, "zalo": contact.zalo, "email": contact.email}


def add_errors(form, error: ValidationError) -> None:
    """An action's refusal, on the field it names when the form has it."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def thread_of(case: Case) -> list[dict]:
    rows = []
    for message in case.messages.select_related("author").prefetch_related("attachments"):
        rows.append(
            {
                "message": message,
                "kind": message.direction,
                "when": local_time(message.created_at),
                "author": person_label(message.author) if message.author_id else "",
                "failed": message.send_status == SendStatus.FAILED,
                "attachments": list(message.attachments.all()),
            }
        )
    return rows


class RecordView(TitledAdminView, FormView):
    """A hotline call or a visit entered by the officer who took it: stored and received like
    every other delivery (one case per submission: the form's token is the key)."""

    template_name = "inbox/admin/record.html"
    page_title = gettext_lazy("Record a call or a visit")
    header_icon = "mail"
    form_class = RecordForm

    def dispatch(self, request, *args, **kwargs):
        if not scope.units_with_perm(request.user, CHANGE).exists():
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "actor": self.request.user}

    def get_context_data(self, **kwargs):
        token = self.request.POST.get("token", "") if self.request.method == "POST" else ""
        return {**super().get_context_data(**kwargs), "token": token or secrets.token_urlsafe(24)}

    def form_valid(self, form):
        from . import events
        from .intake import store_event

        token = self.request.POST.get("token", "")[:64] or secrets.token_urlsafe(24)
        data = form.cleaned_data
        payload = {
            "text": data["text"], "employer": data["employer"], "name": data["name"], "phone": data["phone"],
            "unit_id": data["unit"].pk, "to_upper_level": data["to_upper_level"], "consent": data["consent"],
            "contact_key": f"staff-{token}", "sent_at": timezone.now().isoformat(), "recorded_by": self.request.user.pk,
        }  # fmt: skip
        raw, _new = store_event(data["intake"], key=f"staff:{token}", payload=payload)
        message_id = events.process_event(raw.pk)
        message = Message.objects.filter(pk=message_id).select_related("case").first() if message_id else None
        if message is None:
            message = Message.objects.filter(raw=raw).select_related("case").first()
        messages.success(self.request, _("Recorded as case %(code)s.") % {"code": message.case.code})
        return redirect("inbox_case", pk=message.case_id)


urlpatterns = [
    path("inbox/cases/new/", RecordView.as_view(), name="inbox_record"),
    path("inbox/cases/", CaseListView.as_view(), name="inbox_cases"),
    path("inbox/cases/<int:pk>/", CaseView.as_view(), name="inbox_case"),
]

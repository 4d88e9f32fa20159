"""The Q&A knowledge base's staff screens ("Hỏi đáp" in the admin): a listing searched
without diacritics and filtered by topic and publication, create, edit, delete, and
publishing to (or withdrawing from) the portal's Q&A section.

Rights follow the cases': `inbox.view_case` reads the entries of a unit, `inbox.change_case`
writes and publishes them, both checked on the roles that grant them (`AnswerPolicy`), so a
unit's viewer, who reads the unit but not its cases, sees no entry. Saving and publishing go
through lantoa/inbox/answers.py, which checks again.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.ui.tables import BooleanColumn, Column, TitleColumn
from wagtail.admin.views import generic
from wagtail.admin.widgets.button import HeaderButton

from lantoa.org import scope
from lantoa.org.admin_scope import (
    ActionFormMixin,
    ScopedForm,
    ScopedModelViewSet,
    ScopedPermissionPolicy,
    register_log_scope,
)  # fmt: skip
from lantoa.org.views import TitledAdminView
from lantoa.vi.search import filter_folded

from . import answers
from .models import Answer

READ_ACTIONS = {"view"}
WRITE_ACTIONS = {"add", "change", "delete", "publish", "unpublish"}


def _readable_rows(queryset, user):
    return queryset.filter(pk__in=answers.readable_answers(user).values("pk"))


class AnswerPolicy(ScopedPermissionPolicy):
    """Reading entries is reading cases, writing them is handling cases, on their unit."""

    unit_permission = answers.CHANGE

    def __init__(self, model, *args, **kwargs):
        super().__init__(model, *args, **kwargs)
        register_log_scope(model, _readable_rows)

    def user_has_permission(self, user, action):
        if action in READ_ACTIONS:
            return user.has_perm(answers.VIEW)
        return action in WRITE_ACTIONS and user.has_perm(answers.CHANGE)

    def user_has_permission_for_instance(self, user, action, instance):
        if not self.user_has_permission(user, action):
            return False
        if action in READ_ACTIONS:
            return answers.readable_answers(user).filter(pk=instance.pk).exists()
        return scope.has_perm(user, answers.CHANGE, instance.unit_id)

    def instances_user_has_any_permission_for(self, user, actions):
        allowed = [action for action in actions if self.user_has_permission(user, action)]
        if not allowed:
            return Answer.objects.none()
        if set(allowed) & READ_ACTIONS:
            return answers.readable_answers(user)
        return Answer.objects.filter(unit__in=scope.units_with_perm(user, answers.CHANGE))


class AnswerForm(ScopedForm):
    """The unit (only those where the user handles cases), topic, question and answer; the
    portal shows an entry only once it is published."""

    unit_permission = answers.CHANGE

    class Meta:
        model = Answer
        fields = ["unit", "topic", "question", "answer"]
        widgets = {
            "question": forms.Textarea(attrs={"rows": 5}),
            "answer": forms.Textarea(attrs={"rows": 8}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].label_from_instance = lambda unit: unit.name
        self.fields["question"].help_text = _("Without the worker's name, phone, e-mail or employer.")


def _fields(form) -> dict:
    return {name: form.cleaned_data[name] for name in ("unit", "topic", "question", "answer")}


class ReadableObject:
    """404 for an entry the user may not read (also inside their reading scope of units)."""

    def get_object(self, *args, **kwargs):
        obj = super().get_object(*args, **kwargs)
        if obj is not None and not answers.readable_answers(self.request.user).filter(pk=obj.pk).exists():
            raise Http404
        return obj


def publish_buttons(view, answer: Answer) -> list:
    """The "Publish" or "Withdraw from the portal" button, on an entry the user may change."""
    if not scope.has_perm(view.request.user, answers.CHANGE, answer.unit_id):
        return []
    if answer.public:
        url = reverse("inbox_answer:unpublish", args=[answer.pk])
        return [HeaderButton(_("Withdraw from the portal"), url=url, icon_name="view")]
    if not answers.may_be_public(answer):
        return []
    return [HeaderButton(_("Publish on the portal"), url=reverse("inbox_answer:publish", args=[answer.pk]),
                         icon_name="upload")]  # fmt: skip


class AnswerIndexView(ScopedModelViewSet.index_view_class):
    def get_base_queryset(self):
        return _readable_rows(super().get_base_queryset(), self.request.user).select_related("unit")

    def search_queryset(self, queryset):
        if not self.is_searching:
            return queryset
        return filter_folded(queryset, self.search_query)


class AnswerCreateView(ActionFormMixin, generic.CreateView):
    def perform_action(self, form):
        return answers.do_save_answer(Answer(), actor=self.request.user, **_fields(form))


class AnswerEditView(ActionFormMixin, ReadableObject, ScopedModelViewSet.edit_view_class):
    def perform_action(self, form):
        answer = Answer.objects.get(pk=self.object.pk)
        return answers.do_save_answer(answer, actor=self.request.user, **_fields(form))

    @cached_property
    def header_buttons(self):
        return [*super().header_buttons, *publish_buttons(self, self.object)]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if self.request.method == "GET" and not answers.may_be_public(self.object):
            messages.warning(self.request, consent_note())
        return context


def consent_note() -> str:
    return _("The worker did not agree that their question be published: this entry serves as a ready answer only.")


class AnswerInspectView(ReadableObject, ScopedModelViewSet.inspect_view_class):
    pass


class AnswerDeleteView(ReadableObject, ScopedModelViewSet.delete_view_class):
    pass


class AnswerHistoryView(ReadableObject, ScopedModelViewSet.history_view_class):
    pass


class AnswerUsageView(ReadableObject, ScopedModelViewSet.usage_view_class):
    pass


class PublishView(TitledAdminView, TemplateView):
    """A confirmation, then the entry shown on (or withdrawn from) the portal's "Hỏi đáp"."""

    template_name = "inbox/admin/answer_publish.html"
    header_icon = "help"
    publish = True

    def get_page_title(self):
        return _("Publish on the portal") if self.publish else _("Withdraw from the portal")

    def dispatch(self, request, *args, **kwargs):
        answer = answers.readable_answers(request.user).select_related("case").filter(pk=kwargs["pk"]).first()
        if answer is None:
            raise Http404
        if not scope.has_perm(request.user, answers.CHANGE, answer.unit_id):
            raise PermissionDenied
        self.answer = answer
        return super().dispatch(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        try:
            if self.publish:
                answers.do_publish(self.answer, actor=request.user)
            else:
                answers.do_unpublish(self.answer, actor=request.user)
        except ValidationError as error:
            for text in error.messages:
                messages.error(request, text)
        else:
            done = _("The entry is on the portal.") if self.publish else _("The entry was withdrawn from the portal.")
            messages.success(request, done)
        return redirect("inbox_answer:edit", self.answer.pk)

    def get_context_data(self, **kwargs):
        allowed = not self.publish or answers.may_be_public(self.answer)
        return {
            **super().get_context_data(**kwargs),
            "answer": self.answer,
            "publish": self.publish,
            "allowed": allowed,
            "consent_note": "" if allowed else consent_note(),
            "edit_url": reverse("inbox_answer:edit", args=[self.answer.pk]),
        }


def _unit_name(answer: Answer) -> str:
    return answer.unit.name


class AnswerViewSet(ScopedModelViewSet):
    model = Answer
    icon = "help"
    menu_label = gettext_lazy("Questions and answers")
    menu_order = 177
    add_to_admin_menu = True
    index_view_class = AnswerIndexView
    add_view_class = AnswerCreateView
    edit_view_class = AnswerEditView
    inspect_view_class = AnswerInspectView
    delete_view_class = AnswerDeleteView
    history_view_class = AnswerHistoryView
    usage_view_class = AnswerUsageView
    inspect_view_enabled = True
    copy_view_enabled = False
    list_display = [
        TitleColumn("question", label=gettext_lazy("question"), url_name="inbox_answer:edit"),
        Column("topic", label=gettext_lazy("topic"), accessor="get_topic_display"),
        Column("unit", label=gettext_lazy("unit"), accessor=_unit_name),
        BooleanColumn("public", label=gettext_lazy("shown on the portal")),
    ]
    list_filter = ["topic", "public"]
    search_fields = ["search_text"]
    ordering = ["-updated_at", "-pk"]
    inspect_view_fields = ["unit", "topic", "question", "answer", "public", "published_at", "case"]

    def get_form_class(self, for_update=False):
        return AnswerForm

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("publish/<int:pk>/", PublishView.as_view(publish=True), name="publish"),
            path("unpublish/<int:pk>/", PublishView.as_view(publish=False), name="unpublish"),
        ]

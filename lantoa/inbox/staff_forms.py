"""Forms of the inbox's staff screens (lantoa/inbox/views.py): the list's filters and what
staff do on a case's page. They only check what was typed and offer the choices the user
may make; the actions (lantoa/inbox/actions.py) decide and refuse."""

from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from lantoa.org import scope
from lantoa.org.models import Role, Unit
from lantoa.org.roles import kinds_granting

from .actions import CHANGE
from .models import CaseStatus, Intake, Topic, Urgency

MAX_TEXT = 5000  # the actions cut platform answers shorter; this only bounds what is posted
ANY = [("", _("All"))]


class CapitalisedLabels:
    """Model verbose names are lower case; a label starts with a capital."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.label = capfirst(field.label)


class UnitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Unit) -> str:
        return obj.name


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.get_full_name() or obj.get_username()


class CaseFilterForm(CapitalisedLabels, forms.Form):
    """The list's filters (GET). An invalid value is ignored, never an error page."""

    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=200,
        widget=forms.TextInput(
            attrs={"placeholder": _("Code, subject, employer or the worker's words"), "enterkeyhint": "search"}
        ),
    )
    status = forms.ChoiceField(label=_("status"), required=False, choices=ANY + list(CaseStatus.choices))
    topic = forms.ChoiceField(label=_("topic"), required=False, choices=ANY + list(Topic.choices))
    urgency = forms.ChoiceField(label=_("urgency"), required=False, choices=ANY + list(Urgency.choices))
    unit = UnitChoiceField(label=_("unit"), required=False, queryset=Unit.objects.none(), empty_label=_("All"))

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units if units is not None else Unit.objects.none()

    def filters(self) -> dict:
        """The valid filters given, by name (the others dropped)."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {name: value for name, value in data.items() if value not in ("", None)}


class AnswerForm(CapitalisedLabels, forms.Form):
    """The answer, and a ready answer of the knowledge base to start from (`ready`: the
    case's page fills the text with it, by script or by "Dùng câu trả lời này"). `typed`
    keeps what was in the text before a ready answer replaced it, to restore it."""

    ready = forms.CharField(label=_("Ready answer"), required=False, max_length=20,
                            widget=forms.Select(attrs={"data-ready-answer": "", "data-confirm": _(
                                "Replace the text you typed with the ready answer?")}))  # fmt: skip
    text = forms.CharField(label=_("Answer to the worker"), max_length=MAX_TEXT, strip=False,
                           widget=forms.Textarea(attrs={"rows": 6}))  # fmt: skip
    typed = forms.CharField(required=False, max_length=MAX_TEXT, strip=False, widget=forms.HiddenInput)

    def __init__(self, *args, ready=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.ready_answers = {str(answer.pk): answer for answer in ready}
        if self.ready_answers:
            choices = [(pk, ready_label(answer)) for pk, answer in self.ready_answers.items()]
            self.fields["ready"].widget.choices = [("", _("(none: write it yourself)")), *choices]
        else:
            del self.fields["ready"]

    def clean_ready(self) -> str:
        """A ready answer gone since the page was drawn does not stop the answer being sent."""
        value = self.cleaned_data.get("ready", "")
        return value if value in self.ready_answers else ""

    def ready_choice(self):
        """The ready answer chosen in the posted data, None when none or an unknown one."""
        value = self.data.get("ready", "") if self.is_bound else ""
        return self.ready_answers.get(value) if isinstance(value, str) else None


def ready_label(answer) -> str:
    question = " ".join(answer.question.split())
    short = question if len(question) <= 80 else question[:79] + "…"
    return f"{answer.get_topic_display()}: {short}"


class NoteForm(CapitalisedLabels, forms.Form):
    text = forms.CharField(label=_("Internal note"), max_length=MAX_TEXT,
                           help_text=_("Seen by staff only, never by the worker."),
                           widget=forms.Textarea(attrs={"rows": 3}))  # fmt: skip


def handlers_of(unit_id: int):
    """People holding a role on the unit whose kind lets them handle cases."""
    users = Role.objects.filter(unit_id=unit_id, kind__in=kinds_granting(CHANGE)).values("user_id")
    return get_user_model().objects.filter(pk__in=users, is_active=True).order_by("first_name", "username")


class AssignForm(CapitalisedLabels, forms.Form):
    unit = UnitChoiceField(label=_("Unit handling it"), required=False, queryset=Unit.objects.none(),
                           empty_label=_("(unchanged)"))  # fmt: skip
    user = PersonChoiceField(label=_("Person handling it"), required=False,
                             queryset=get_user_model().objects.none(), empty_label=_("(unchanged)"))  # fmt: skip

    def __init__(self, *args, case, actor, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = scope.units_with_perm(actor, CHANGE).order_by("path")
        self.fields["user"].queryset = handlers_of(case.unit_id)
        self.initial.setdefault("user", case.assignee_id)

    def clean(self):
        data = super().clean()
        if not data.get("unit") and not data.get("user"):
            raise forms.ValidationError(_("Choose a unit or a person."))
        return data


class ClassifyForm(CapitalisedLabels, forms.Form):
    topic = forms.ChoiceField(label=_("topic"), choices=Topic.choices)
    urgency = forms.ChoiceField(label=_("urgency"), choices=Urgency.choices)


class StatusForm(CapitalisedLabels, forms.Form):
    status = forms.ChoiceField(
        label=_("status"),
        choices=[(CaseStatus.IN_PROGRESS, CaseStatus.IN_PROGRESS.label), (CaseStatus.CLOSED, CaseStatus.CLOSED.label)],
    )


class RetryForm(forms.Form):
    message = forms.IntegerField(min_value=1, max_value=2**63 - 1, widget=forms.HiddenInput)


class RecordForm(CapitalisedLabels, forms.Form):
    """A hotline call or a visit, entered by the officer who took it: what the worker said,
    the employer, how to reach them if they want an answer."""

    intake = forms.ChoiceField(label=_("intake"), choices=[(Intake.HOTLINE, Intake.HOTLINE.label),
                                                           (Intake.WALK_IN, Intake.WALK_IN.label)])  # fmt: skip
    unit = UnitChoiceField(label=_("Unit that received it"), queryset=Unit.objects.none(), empty_label=None)
    text = forms.CharField(label=_("What the worker said"), max_length=MAX_TEXT,
                           widget=forms.Textarea(attrs={"rows": 6}))  # fmt: skip
    employer = forms.CharField(label=_("employer"), max_length=255, required=False)
    to_upper_level = forms.BooleanField(label=_("The worker asked that their workplace union not see it"),
                                        required=False)  # fmt: skip
    name = forms.CharField(label=_("name"), max_length=200, required=False)
    phone = forms.CharField(label=_("phone"), max_length=20, required=False)
    consent = forms.BooleanField(
        label=_("The worker agreed that the union keeps and processes what they said"),
        error_messages={"required": _("Ask the worker's agreement before recording.")},
    )

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = scope.units_with_perm(actor, CHANGE).order_by("path")

    def clean_phone(self) -> str:
        from lantoa.org.phones import normalize_phone

        raw = self.cleaned_data["phone"].strip()
        return normalize_phone(raw) if raw else ""  # ValidationError in Vietnamese

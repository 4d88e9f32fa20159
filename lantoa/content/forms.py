"""The article editor's form."""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm

from lantoa.plans.models import AudienceKind


class ArticleForm(WagtailAdminPageForm):
    # The audiences are kept as a JSON list; staff tick them, they never type JSON.
    audiences = forms.MultipleChoiceField(
        label=_("Audiences"), required=False, choices=AudienceKind.choices, widget=forms.CheckboxSelectMultiple
    )

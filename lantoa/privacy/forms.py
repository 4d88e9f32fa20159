from django import forms
from django.utils.translation import gettext_lazy as _

from lantoa.org.admin_scope import ScopedForm
from lantoa.org.roles import ADMINISTER
from lantoa.vi.forms import NamedErrorsMixin

from .actions import BREACH_FIELDS
from .models import Breach


class EraseForm(NamedErrorsMixin, forms.Form):
    """Erasure is confirmed by typing the account's username."""

    username = forms.CharField(label=_("Type the username to confirm"), max_length=150)

    def __init__(self, *args, person, **kwargs):
        super().__init__(*args, **kwargs)
        self.person = person

    def clean_username(self):
        typed = self.cleaned_data["username"].strip()
        if typed != self.person.get_username():
            raise forms.ValidationError(_("The username typed is not this account's."))
        return typed


class BreachForm(ScopedForm):
    unit_permission = ADMINISTER

    class Meta:
        model = Breach
        fields = list(BREACH_FIELDS)

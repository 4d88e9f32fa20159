"""The locked sign-ins screen: accounts and addresses the throttle refuses now, each with
an unlock button (superusers; federation admins for the accounts they manage)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from lantoa.org.views import TitledAdminView

from . import queries
from .actions import do_unlock_signin


class UnlockForm(forms.Form):
    username = forms.CharField(required=False, max_length=255)
    ip_address = forms.GenericIPAddressField(required=False)

    def clean(self):
        data = super().clean()
        if bool(data.get("username")) == bool(data.get("ip_address")):
            raise forms.ValidationError(_("Choose one account or one address to unlock."))
        return data


class SigninLocksView(TitledAdminView, TemplateView):
    template_name = "core/signin_locks.html"
    page_title = gettext_lazy("Locked sign-ins")
    header_icon = "lock"

    def dispatch(self, request, *args, **kwargs):
        if not queries.may_unlock_signins(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        user = self.request.user
        sections = [(_("Accounts"), queries.locked_accounts(user), "username")]
        if user.is_superuser:
            sections.append((_("Addresses"), queries.locked_addresses(user), "ip_address"))
        return super().get_context_data(sections=sections, **kwargs)

    def post(self, request):
        form = UnlockForm(request.POST)
        if not form.is_valid():
            messages.error(request, " ".join(form.errors.get("__all__", [])) or _("Nothing to unlock."))
            return redirect("signin_locks")
        do_unlock_signin(**form.cleaned_data, actor=request.user)
        who = form.cleaned_data["username"] or form.cleaned_data["ip_address"]
        messages.success(request, _("“%(who)s” may sign in again.") % {"who": who})
        return redirect("signin_locks")

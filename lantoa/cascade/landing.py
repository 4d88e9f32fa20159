"""Where a user lands after signing in: a grassroots officer on "Việc cần làm" (/viec/),
everyone else on the workspace home. A `next` address, when the sign-in page was given one,
still wins. Served at the admin's sign-in address, under the admin's name for it, so every
link, throttle and policy that names `wagtailadmin_login` reaches it (lantoa/urls.py)."""

from __future__ import annotations

from django.urls import reverse
from wagtail.admin.views.account import LoginView as WagtailLoginView

from lantoa.org.models import Role, UnitKind


def is_grassroots_officer(user) -> bool:
    """A user whose roles are all on grassroots units (and who has at least one)."""
    if not getattr(user, "is_authenticated", False) or user.is_superuser:
        return False
    kinds = set(Role.objects.filter(user=user).values_list("unit__kind", flat=True))
    return kinds == {UnitKind.GRASSROOTS}


def landing_url(user) -> str:
    return reverse("viec:index") if is_grassroots_officer(user) else reverse("wagtailadmin_home")


class LoginView(WagtailLoginView):
    def get_success_url(self):
        """Wagtail's sign-in form sends the admin home as `next` when it was given none
        (`next|default:home_url`): that one is the default, so the landing decides."""
        url = self.get_redirect_url()
        if not url or url == reverse("wagtailadmin_home"):
            return landing_url(self.request.user)
        return url

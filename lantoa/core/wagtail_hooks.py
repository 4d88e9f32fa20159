from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from .queries import may_unlock_signins
from .signin_views import SigninLocksView


class SigninLocksMenuItem(MenuItem):
    def is_shown(self, request):
        return may_unlock_signins(request.user)


@hooks.register("register_admin_urls")
def register_signin_urls():
    return [path("signin-locks/", SigninLocksView.as_view(), name="signin_locks")]


@hooks.register("register_settings_menu_item")
def register_signin_locks_menu_item():
    return SigninLocksMenuItem(_("Locked sign-ins"), reverse("signin_locks"), icon_name="lock", order=900)


@hooks.register("register_log_actions")
def register_signin_log_actions(actions):
    actions.register_action("lantoa.signin.unlock", _("Sign-in unlocked"), _("Sign-in unlocked"))

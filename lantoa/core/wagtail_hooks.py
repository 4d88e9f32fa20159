from django.templatetags.static import static
from django.urls import NoReverseMatch, path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem, SubmenuMenuItem
from wagtail.admin.wagtail_hooks import SettingsMenuItem as WagtailSettingsMenuItem

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


# --- Lan Tỏa's own face: its stylesheet in every admin page, its guide in the help menu.

GUIDE_FALLBACK_PATH = "/admin/guide/"
# Wagtail's help items that lead to wagtail.org (its release notes and editor guide).
WAGTAIL_HELP_ITEMS = ("editor-guide", "whats-new-in-wagtail-")


def guide_url() -> str:
    try:
        return reverse("guide_index")
    except NoReverseMatch:
        return GUIDE_FALLBACK_PATH


@hooks.register("insert_global_admin_css")
def brand_css():
    return format_html('<link rel="stylesheet" href="{}">', static("core/brand.css"))


@hooks.register("register_help_menu_item")
def register_guide_menu_item():
    return MenuItem(_("User guide"), guide_url(), name="lantoa-guide", icon_name="help", order=900)


@hooks.register("construct_help_menu")
def help_menu_opens_the_guide(request, menu_items):
    """Wagtail's links to wagtail.org go; the project's guide stays, once (its own app may
    register an item for it too)."""
    kept, urls = [], set()
    for item in menu_items:
        if item.name.startswith(WAGTAIL_HELP_ITEMS):
            continue
        if item.url == guide_url() and item.url in urls:
            continue
        urls.add(item.url)
        kept.append(item)
    menu_items[:] = kept


@hooks.register("construct_main_menu")
def settings_menu_without_wagtail_version(request, menu_items):
    """Wagtail's "Cài đặt" submenu prints "Wagtail v8…" under it: the same submenu, without."""
    for index, item in enumerate(menu_items):
        if isinstance(item, WagtailSettingsMenuItem):
            menu_items[index] = SubmenuMenuItem(
                item.label, item.menu, name=item.name, icon_name=item.icon_name, classname=item.classname,
                order=item.order,
            )  # fmt: skip

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.widgets.button import Button
from wagtail.permissions import register_permission_policy

from .models import AccessRecord, Breach
from .queries import may_oversee
from .views import AccessRecordPolicy, AccessRecordViewSet, BreachPolicy, BreachViewSet, admin_urls

register_permission_policy(AccessRecord, AccessRecordPolicy(AccessRecord))
register_permission_policy(Breach, BreachPolicy(Breach))


class PrivacyMenu(ViewSetGroup):
    menu_label = _("Personal data")
    menu_icon = "lock"
    menu_order = 800
    items = (
        AccessRecordViewSet("access_record", url_prefix="privacy/access-records"),
        BreachViewSet("privacy_breach", url_prefix="privacy/breaches"),
    )


@hooks.register("register_admin_viewset")
def register_privacy_viewsets():
    return PrivacyMenu()


@hooks.register("register_admin_urls")
def register_privacy_urls():
    return admin_urls()


@hooks.register("register_user_listing_buttons")
def personal_data_button(user, request_user):
    """On the users listing: the person's data page, for those who oversee personal data."""
    if may_oversee(request_user) and user.pk != request_user.pk:
        yield Button(_("Personal data"), reverse("privacy_person", args=[user.pk]), icon_name="lock", priority=90)


@hooks.register("register_log_actions")
def register_privacy_log_actions(actions):
    for action, label in {
        "lantoa.privacy.export": _("Personal data exported"),
        "lantoa.privacy.erase": _("Personal data erased"),
    }.items():
        actions.register_action(action, label, label)

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from .queries import may_use_task_screen
from .views import admin_urls


class TaskMenuItem(MenuItem):
    def is_shown(self, request):
        return may_use_task_screen(request.user)


@hooks.register("register_admin_urls")
def register_task_urls():
    return admin_urls()


@hooks.register("register_settings_menu_item")
def register_task_menu_item():
    return TaskMenuItem(_("Background tasks"), reverse("lantoa_tasks"), icon_name="cogs", order=900)


@hooks.register("register_log_actions")
def register_task_log_actions(actions):
    actions.register_action("lantoa.lib.retry_task", _("Task retried"), _("Task retried"))

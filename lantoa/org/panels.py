from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.components import Component

from lantoa.channels.queries import channel_summary

from . import queries, scope


class ScopeSummaryPanel(Component):
    """Home dashboard card: the user's units, members and channels today."""

    name = "lantoa_scope_summary"
    order = 50
    template_name = "org/panels/scope_summary.html"

    def __init__(self, user):
        self.user = user

    def get_context_data(self, parent_context=None):
        today = timezone.localdate()
        roots = queries.top_states(self.user, today)
        return {
            "title": _("Your units today"),
            "branches": [{"root": r, "totals": queries.subtree_totals(r.path, today)} for r in roots[:10]],
            "channels": channel_summary(self.user),
            "roles": scope.Role.objects.filter(user=self.user).select_related("unit") if self.user.pk else [],
        }

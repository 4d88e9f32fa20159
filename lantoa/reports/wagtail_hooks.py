from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from lantoa.org.admin_scope import register_log_scope, scope_rows

from .models import SignedDocument

# The site history shows a document's entry only to those who read its unit.
register_log_scope(SignedDocument, scope_rows)


@hooks.register("register_log_actions")
def register_report_log_actions(actions):
    actions.register_action("lantoa.reports.make", _("Report made and signer recorded"), _("Report made"))

"""Approvals tell people: the deciders when something waits for them, the proposer when
it is decided. The content, cascade and inbox apps send theirs through `actions.do_notify`."""

from __future__ import annotations

from django.conf import settings
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from django.utils.translation import gettext
from wagtail.admin.admin_url_finder import AdminURLFinder
from wagtail.signals import task_submitted

from lantoa.org import approval
from lantoa.org.admin_scope import unit_id_of
from lantoa.org.models import RoleApprovalTask

from .actions import do_notify

SUBMITTED = "approval.submitted"
DECIDED = "approval.decided"


def review_url(obj) -> str:
    """The read-only review of the object where its app has one (URL name
    "<app>_<model>_review"), else its edit screen."""
    meta = obj._meta
    try:
        return reverse(f"{meta.app_label}_{meta.model_name}_review", args=[obj.pk])
    except NoReverseMatch:
        return AdminURLFinder().get_edit_url(obj) or ""


def edit_url(obj) -> str:
    return AdminURLFinder().get_edit_url(obj) or ""


def describe(obj) -> str:
    return f"{obj._meta.verbose_name} «{obj}»"


def notify_deciders(sender, instance, user=None, **kwargs) -> None:
    """Wagtail's task_submitted: the deciders of a role approval hear of it."""
    task = instance.task.specific
    if not isinstance(task, RoleApprovalTask):
        return
    obj = approval.content_of(instance.workflow_state)
    deciders = approval.nearest_holders(unit_id_of(obj), task.role_kind) - {getattr(user, "pk", None)}
    with translation.override(settings.LANGUAGE_CODE):
        who = (user.get_full_name() or user.get_username()) if user else gettext("Someone")
        message = gettext("%(who)s sent %(what)s for your approval.") % {"who": who, "what": describe(obj)}
    do_notify(deciders, kind=SUBMITTED, message=message, url=review_url(obj), unit_id=unit_id_of(obj))


def notify_proposer(sender, instance, task_state, user, decision, comment="", **kwargs) -> None:
    """After an answer, the person who sent the object for approval hears what happened."""
    requester_id = task_state.workflow_state.requested_by_id
    if not requester_id or requester_id == getattr(user, "pk", None):
        return
    with translation.override(settings.LANGUAGE_CODE):
        templates = {
            approval.Decision.APPROVE: gettext("%(what)s was approved."),
            approval.Decision.REQUEST_CHANGES: gettext("%(what)s was sent back for changes: %(comment)s"),
            approval.Decision.REJECT: gettext("%(what)s was rejected: %(comment)s"),
        }
        template = templates.get(decision)
        if template is None:
            return
        message = template % {"what": describe(instance), "comment": comment.strip() or "—"}
        message = message[:1].upper() + message[1:]
    do_notify([requester_id], kind=DECIDED, message=message, url=edit_url(instance), unit_id=unit_id_of(instance))


def connect() -> None:
    task_submitted.connect(notify_deciders, dispatch_uid="lantoa.workspace.notify_deciders")
    approval.decision_taken.connect(notify_proposer, dispatch_uid="lantoa.workspace.notify_proposer")

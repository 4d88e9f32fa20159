"""Approvals tell people: the deciders when something waits for them, the proposer when
it is decided. The content, cascade and inbox apps send theirs through `actions.do_notify`.

Articles' notices also go by e-mail (`EMAILED`). Wagtail's own moderation e-mails (in
English, to superusers on submission and to the requester on a decision) would double
them, so their receivers are replaced (`silence_wagtail_workflow_emails`)."""

from __future__ import annotations

from django.conf import settings
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from django.utils.translation import gettext
from wagtail.admin.admin_url_finder import AdminURLFinder
from wagtail.models import WorkflowState
from wagtail.signals import task_submitted, workflow_approved, workflow_rejected, workflow_submitted

from lantoa.org import approval
from lantoa.org.admin_scope import unit_id_of
from lantoa.org.models import RoleApprovalTask

from .actions import do_notify

SUBMITTED = "approval.submitted"
DECIDED = "approval.decided"
# Whose approval notices also go by e-mail ("app_label.model_name").
EMAILED = frozenset({"content.articlepage"})
# Wagtail's moderation e-mail receivers (wagtail.admin.signal_handlers), by dispatch_uid.
WAGTAIL_WORKFLOW_EMAILS = (
    (workflow_submitted, "workflow_state_submitted_email_notification"),
    (workflow_rejected, "workflow_state_rejected_email_notification"),
    (workflow_approved, "workflow_state_approved_email_notification"),
)


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
    # A page's draft title: the one the author just submitted, not the live one.
    return f"{obj._meta.verbose_name} «{getattr(obj, 'draft_title', '') or obj}»"


def by_email(obj) -> bool:
    return obj._meta.label_lower in EMAILED


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
    do_notify(
        deciders, kind=SUBMITTED, message=message, url=review_url(obj), unit_id=unit_id_of(obj), email=by_email(obj)
    )


def workflow_goes_on(task_state) -> bool:
    """An approval of one step of several: the workflow waits for the next one."""
    status = WorkflowState.objects.filter(pk=task_state.workflow_state_id).values_list("status", flat=True).first()
    return status == WorkflowState.STATUS_IN_PROGRESS


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
        if decision == approval.Decision.APPROVE and workflow_goes_on(task_state):
            templates[decision] = gettext("%(what)s passed “%(step)s” and goes on to the next step.")
        template = templates.get(decision)
        if template is None:
            return
        message = template % {"what": describe(instance), "comment": comment.strip() or "—", "step": task_state.task}
        message = message[:1].upper() + message[1:]
    do_notify(
        [requester_id],
        kind=DECIDED,
        message=message,
        url=edit_url(instance),
        unit_id=unit_id_of(instance),
        email=by_email(instance),
    )


def wagtail_workflow_email(sender, **kwargs) -> None:
    """Takes the place of Wagtail's moderation e-mails: ours are sent instead."""


def silence_wagtail_workflow_emails() -> None:
    """Remove Wagtail's moderation e-mail receivers, and hold their dispatch_uid so that
    Wagtail's own `register_signal_handlers` (wagtail.admin's ready, which may run after
    ours) connects nothing: a signal keeps the first receiver for a dispatch_uid."""
    for signal, uid in WAGTAIL_WORKFLOW_EMAILS:
        signal.disconnect(sender=WorkflowState, dispatch_uid=uid)
        signal.connect(wagtail_workflow_email, sender=WorkflowState, dispatch_uid=uid)


def connect() -> None:
    task_submitted.connect(notify_deciders, dispatch_uid="lantoa.workspace.notify_deciders")
    approval.decision_taken.connect(notify_proposer, dispatch_uid="lantoa.workspace.notify_proposer")
    silence_wagtail_workflow_emails()

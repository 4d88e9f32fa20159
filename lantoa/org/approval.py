"""Approval by role: a workflow step decided by whoever holds a role kind nearest above
the content.

`RoleApprovalTask` (in `lantoa.org.models`) is a Wagtail task for any page or snippet with
a unit (`admin_scope.unit_id_of`). Its deciders for an object are the users holding a
role of the task's kind on the NEAREST open unit, at or above the object's unit, where
someone active holds that kind: a commune's campaign waits for the commune's approver;
only when the commune has none does it go up to its parent, and so on. Superusers
decide everywhere, as in Wagtail.

A decider has three answers: approve; send back for changes (Wagtail's "needs changes",
the author edits and resubmits); reject, which ends the workflow for good with a
required reason recorded on the object (`RejectableMixin`): a rejected object is locked
and cannot be resubmitted.
"""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.db.models import CharField, Q, QuerySet, Subquery
from django.db.models.functions import Cast
from django.dispatch import Signal
from django.utils import timezone
from django.utils.translation import gettext, pgettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from wagtail.forms import TaskStateCommentForm
from wagtail.locks import BaseLock
from wagtail.models import Page, TaskState, WorkflowState

from lantoa.vi import formats

from . import paths, scope
from .models import Role, Unit


class Decision(models.TextChoices):
    # A context keeps these apart from Wagtail's "Reject", which means "request changes".
    APPROVE = "approve", pgettext_lazy("approval", "Approve")
    REQUEST_CHANGES = "request_changes", pgettext_lazy("approval", "Send back for changes")
    REJECT = "reject", pgettext_lazy("approval", "Reject")


class RejectionForm(forms.Form):
    """The reject action's modal: the reason is required, it is what the author reads."""

    comment = forms.CharField(
        label=_("Reason for rejection"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("The proposal ends here and cannot be resubmitted."),
    )

    def clean_comment(self) -> str:
        return self.cleaned_data["comment"].strip()


# --- Rejected objects


class RejectedLock(BaseLock):
    """A rejected object is read-only for everyone, superusers included."""

    def for_user(self, user) -> bool:
        return True

    def get_message(self, user) -> str:
        return gettext("Rejected on %(day)s: %(reason)s") % {
            "day": formats.date(timezone.localdate(self.object.rejected_at)),
            "reason": self.object.rejection_reason,
        }

    def get_locked_by(self, user) -> str:
        return pgettext("approval", "Rejected")

    def get_description(self, user) -> str:
        return gettext("A rejected proposal cannot be changed or resubmitted.")


class RejectableMixin(models.Model):
    """A workflow object that an approver may reject for good: who, when and why.

    Put it before Wagtail's `WorkflowMixin` and `LockableMixin`: once rejected, the object
    has no workflow to be submitted to and is locked for everyone."""

    rejected_at = models.DateTimeField(_("rejected at"), null=True, blank=True, editable=False)
    rejected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("rejected by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        editable=False,
        related_name="+",
    )
    rejection_reason = models.TextField(_("reason for rejection"), blank=True, editable=False)

    class Meta:
        abstract = True

    @property
    def is_rejected(self) -> bool:
        return self.rejected_at is not None

    def get_workflow(self):
        return None if self.is_rejected else super().get_workflow()

    def get_lock(self):
        return RejectedLock(self) if self.is_rejected else super().get_lock()

    def with_content_json(self, content):
        # The rejection belongs to the object, not to the revision being shown.
        obj = super().with_content_json(content)
        obj.rejected_at, obj.rejected_by_id, obj.rejection_reason = (
            self.rejected_at,
            self.rejected_by_id,
            self.rejection_reason,
        )
        return obj


def is_rejectable(obj) -> bool:
    """Only proposals never approved may be rejected: a change to an approved object is
    sent back or approved, the object itself stays."""
    obj = specific(obj)
    return isinstance(obj, RejectableMixin) and not obj.is_rejected and not getattr(obj, "first_published_at", None)


# --- Who decides


def nearest_holders(unit_id: int | None, role_kind: str) -> frozenset[int]:
    """Ids of the active users holding `role_kind` on the nearest open unit at or above
    `unit_id` where anyone holds it (two queries)."""
    path = Unit.objects.filter(pk=unit_id).values_list("path", flat=True).first() if unit_id else None
    if not path:
        return frozenset()
    rows = Role.objects.filter(
        kind=role_kind,
        unit_id__in=paths.ancestor_ids(path),
        unit__valid_to__isnull=True,
        user__is_active=True,
    ).values_list("unit__depth", "user_id")
    by_depth: dict[int, set[int]] = {}
    for depth, user_id in rows:
        by_depth.setdefault(depth, set()).add(user_id)
    return frozenset(by_depth[max(by_depth)]) if by_depth else frozenset()


def specific(obj):
    """Wagtail's workflow screens pass a plain `Page`: its unit lives on the specific page."""
    return obj.specific_deferred if type(obj) is Page else obj


def deciders_of(obj, role_kind: str) -> frozenset[int]:
    """`nearest_holders` for an object, cached on the instance for the request."""
    from .admin_scope import unit_id_of

    obj = specific(obj)
    cache = obj.__dict__.setdefault("_lantoa_deciders", {})
    if role_kind not in cache:
        cache[role_kind] = nearest_holders(unit_id_of(obj), role_kind)
    return cache[role_kind]


def can_decide(obj, user, role_kind: str) -> bool:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return user.is_superuser or user.pk in deciders_of(obj, role_kind)


def decided_units_q(user, role_kind: str, field: str = "path") -> Q:
    """Units whose nearest holder of `role_kind` is `user`: each subtree where the user
    holds the kind, less the subtrees below it where someone else holds it nearer."""
    holders = Role.objects.filter(kind=role_kind, unit__valid_to__isnull=True, user__is_active=True)
    own = sorted(set(holders.filter(user=user).values_list("unit__path", flat=True)))
    if not own:
        return Q(pk__in=[])
    below = holders.filter(scope.subtrees_q(own, "unit__path")).exclude(user=user)
    others = set(below.values_list("unit__path", flat=True))
    others |= set(own)
    territory = Q(pk__in=[])
    for path in own:
        nearer = [other for other in others if other != path and other.startswith(path)]
        query = scope.subtrees_q((path,), field)
        for other in scope.outermost(nearer):
            query &= ~scope.subtrees_q((other,), field)
        territory |= query
    return territory


def task_states_to_moderate(task, user) -> QuerySet[TaskState]:
    """In-progress states of `task` on objects the user decides, in one query: for each
    content type waiting on the task, a subquery of its objects in the user's territory."""
    from .admin_scope import unit_field_for

    states = task.task_states.filter(status=TaskState.STATUS_IN_PROGRESS)
    if user.is_superuser:
        return states
    territory_cache: dict[str, Q] = {}
    wanted = Q(pk__in=[])
    type_ids = states.values_list("workflow_state__content_type_id", flat=True).order_by().distinct()
    for content_type in ContentType.objects.filter(pk__in=list(type_ids)):
        model = content_type.model_class()
        if model is None:
            continue
        field = unit_field_for(model)
        path_field = "path" if field == "pk" else f"{field}__path"
        if path_field not in territory_cache:
            territory_cache[path_field] = decided_units_q(user, task.role_kind, path_field)
        ids = (
            model._default_manager.filter(territory_cache[path_field])
            .annotate(id_text=Cast("pk", output_field=CharField()))
            .values("id_text")
        )
        wanted |= Q(workflow_state__content_type=content_type, workflow_state__object_id__in=Subquery(ids))
    return states.filter(wanted)


# --- The answers

# Sent after an answer is recorded: sender is the object's model, with `instance` (the
# object), `task_state`, `user`, `decision` (a Decision value) and `comment`.
decision_taken = Signal()


def actions_for(obj, user, role_kind: str) -> list[tuple[str, str, bool]]:
    """Wagtail's (name, label, needs a form) triples the user may take on the object."""
    if not can_decide(obj, user, role_kind):
        return []
    answers = [
        (Decision.APPROVE.value, str(Decision.APPROVE.label), False),
        (Decision.REQUEST_CHANGES.value, str(Decision.REQUEST_CHANGES.label), True),
    ]
    if is_rejectable(obj):
        answers.append((Decision.REJECT.value, str(Decision.REJECT.label), True))
    return answers


def content_of(workflow_state: WorkflowState):
    obj = workflow_state.content_object
    return obj.specific if isinstance(obj, Page) else obj


@transaction.atomic
def act(task_state: TaskState, user, action_name: str, comment: str = "") -> None:
    """Carry out one answer on the task state (the task's `on_action`)."""
    if action_name == Decision.APPROVE:
        task_state.approve(user=user, comment=comment)
    elif action_name == Decision.REQUEST_CHANGES:
        task_state.reject(user=user, comment=comment)
    elif action_name == Decision.REJECT:
        reject_for_good(task_state, user, comment)
    else:
        raise PermissionDenied
    obj = content_of(task_state.workflow_state)
    transaction.on_commit(
        lambda: decision_taken.send(
            type(obj), instance=obj, task_state=task_state, user=user, decision=action_name, comment=comment
        )
    )


def reject_for_good(task_state: TaskState, user, reason: str) -> None:
    """End the workflow with a rejection: the task state is rejected with the reason (the
    history shows it), the workflow state is closed without "needs changes", and the
    object records who rejected it, when and why."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(gettext("Give the reason for the rejection."))
    workflow_state = task_state.workflow_state
    obj = content_of(workflow_state)
    if not is_rejectable(obj):
        raise ValidationError(gettext("This proposal cannot be rejected."))
    task_state.reject(user=user, update=False, comment=reason)
    WorkflowState.objects.filter(pk=workflow_state.pk).update(status=WorkflowState.STATUS_CANCELLED)
    now = timezone.now()
    type(obj)._default_manager.filter(pk=obj.pk).update(
        rejected_at=now, rejected_by=user if getattr(user, "pk", None) else None, rejection_reason=reason
    )
    obj.rejected_at, obj.rejected_by_id, obj.rejection_reason = now, getattr(user, "pk", None), reason


def form_for_action(action_name: str):
    return RejectionForm if action_name == Decision.REJECT else TaskStateCommentForm

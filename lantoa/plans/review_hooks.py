"""Hooks of the approver's review of campaigns (`review_views`), imported by the app's
`wagtail_hooks`.

For campaigns only (pages will be published for real): the edit form and listing lead
the deciders of a waiting campaign to its review ("Xem và duyệt") instead of Wagtail's
workflow buttons; Wagtail's "Publish" reads "Phê duyệt" (an approver who saves and
approves in one step); and approving that way says what happened."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.snippets.action_menu import ActionMenuItem, PublishMenuItem, WorkflowMenuItem

from lantoa.org.approval import Decision

from .models import Campaign
from .review_views import answers_for, done_message, urlpatterns

REVIEW_URL_NAME = "plans_campaign_review"


class ReviewMenuItem(ActionMenuItem):
    """The decider's way from the edit form to the review page."""

    label = _("Review for approval")
    name = "action-review"
    icon_name = "view"

    def is_shown(self, context):
        return True

    def get_url(self, parent_context):
        return reverse(REVIEW_URL_NAME, args=[parent_context["instance"].pk])


class ApproveMenuItem(PublishMenuItem):
    """Wagtail's publish button on a campaign: publishing a campaign approves it."""

    label = Decision.APPROVE.label
    template_name = "plans/includes/campaign_approve_menu_item.html"


@hooks.register("register_admin_urls")
def register_campaign_review_urls():
    return urlpatterns


@hooks.register("construct_snippet_action_menu")
def campaign_review_action_menu(menu_items, request, context):
    if context.get("model") is not Campaign:
        return
    instance = context.get("instance")
    if context.get("view") == "edit" and instance is not None and answers_for(instance, request.user):
        # A decider reads the summary and answers there, not on the raw form.
        menu_items[:] = [item for item in menu_items if not isinstance(item, PublishMenuItem | WorkflowMenuItem)]
        menu_items.insert(0, ReviewMenuItem(order=-1))
        return
    for index, item in enumerate(menu_items):
        if type(item) is PublishMenuItem:
            menu_items[index] = ApproveMenuItem(order=item.order)
        elif isinstance(item, WorkflowMenuItem) and item.name == Decision.APPROVE:
            item.label = Decision.APPROVE.label


def campaigns_to_review(user) -> frozenset[int]:
    """Ids of the campaigns waiting for the user's decision (one query, kept on the user
    object for the request)."""
    cached = getattr(user, "_lantoa_campaigns_to_review", None)
    if cached is None:
        from django.contrib.contenttypes.models import ContentType
        from wagtail.models import TaskState

        content_type = ContentType.objects.get_for_model(Campaign)
        ids = (
            TaskState.objects.reviewable_by(user)
            .filter(workflow_state__base_content_type=content_type)
            .values_list("workflow_state__object_id", flat=True)
        )
        cached = frozenset(int(pk) for pk in ids)
        user._lantoa_campaigns_to_review = cached
    return cached


@hooks.register("register_snippet_listing_buttons")
def campaign_review_listing_button(snippet, user, next_url=None):
    from wagtail.admin.widgets.button import ListingButton

    if isinstance(snippet, Campaign) and snippet.pk in campaigns_to_review(user):
        yield ListingButton(
            _("Review for approval"), url=reverse(REVIEW_URL_NAME, args=[snippet.pk]), icon_name="view", priority=5
        )


@hooks.register("after_publish")
def campaign_approved_message(request, obj):
    """Publishing a campaign from its form approves it: say so, and show the result."""
    if isinstance(obj, Campaign):
        messages.success(request, done_message(obj, Decision.APPROVE))
        return redirect(reverse(REVIEW_URL_NAME, args=[obj.pk]))
    return None


@hooks.register("construct_snippet_listing_buttons")
def campaign_listing_without_more_menu(buttons, snippet, user):
    """The campaign listing's title links to the form; its rows carry no "More" menu (only
    "Xem và duyệt", above), as before the title column had buttons."""
    if isinstance(snippet, Campaign):
        buttons.clear()

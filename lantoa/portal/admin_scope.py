"""What Wagtail's page screens show a user, read from the page permission policy.

Wagtail already asks `UnitPagePermissionPolicy` (`lantoa.portal.page_permissions`) for
each page screen, the explorer, admin page search (explorable pages only) and the
moderation reports (pages the user may change). Three places list pages without asking:
the page chooser, the bulk actions on pages, and the chosen-pages answer of the chooser.
The moderation reports list the workflow states of every snippet of a model the user may
change (campaigns of other unions too): they keep only objects the user may change.
Here they are narrowed: a live page is public, so every chooser offers it; a draft is
offered only to those who may edit it; a bulk action acts only on pages the user may
change, and an id outside them is as if it did not exist.
"""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, Q, QuerySet
from django.db.models.functions import Cast
from wagtail.models import Page, get_default_page_content_type
from wagtail.permissions import policy_registry
from wagtail.snippets.models import get_editable_models


def page_policy():
    return policy_registry.get_by_type(Page)


def editable_pages(user) -> QuerySet[Page]:
    """Pages `user` may change: in their sections, or their own under an "add" right."""
    return page_policy().instances_user_has_any_permission_for(user, {"change"})


def choosable_pages(pages: QuerySet[Page], user) -> QuerySet[Page]:
    """`pages` narrowed to live pages and the drafts `user` may edit."""
    if user.is_superuser:
        return pages
    return pages.filter(Q(live=True) | Q(pk__in=editable_pages(user).values("pk")))


def bulk_actionable_pages(pages: QuerySet[Page], user) -> QuerySet[Page]:
    """`pages` narrowed to those `user` may change: a bulk action never names the others."""
    if user.is_superuser:
        return pages
    return pages.filter(pk__in=editable_pages(user).values("pk"))


def _as_object_ids(queryset) -> QuerySet:
    # Workflow states hold object ids as text (a generic relation).
    return queryset.values_list(Cast("pk", output_field=CharField()), flat=True)


def changeable_workflow_objects_q(user, prefix: str = "") -> Q:
    """Workflow states (fields under `prefix`) of pages and snippets `user` may change."""
    query = Q(
        **{
            f"{prefix}base_content_type": get_default_page_content_type(),
            f"{prefix}object_id__in": _as_object_ids(editable_pages(user)),
        }
    )
    for model in get_editable_models(user):
        changeable = policy_registry.get_by_type(model).instances_user_has_permission_for(user, "change")
        query |= Q(
            **{
                f"{prefix}content_type": ContentType.objects.get_for_model(model),
                f"{prefix}object_id__in": _as_object_ids(changeable),
            }
        )
    return query

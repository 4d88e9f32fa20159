"""Rights on portal pages come from roles, like every other right (`lantoa.org.scope`).

Wagtail decides page rights from `GroupPagePermission` rows: a group holds a permission
on a page and its descendants. Lan Tỏa grants none of those rows. Instead
`UnitPagePermissionPolicy` computes the same kind of grant from the user's roles: a
role whose kind grants `wagtailcore.<action>_page` (`lantoa.org.roles.ROLE_PERMISSIONS`)
on a unit's subtree grants that action on the outermost portal sections (homes and unit
sections) of units in that subtree. Sections nest like the tree, so a province editor
writes in the whole portal and a commune editor in the commune's section only; an editor
below who is a viewer above writes below only. Every page screen, the explorer, page
choosers, admin search, bulk actions and workflow editing read the policy.

Publishing is the editorial workflow's job: `WorkflowPublishingTester` lets only
superusers publish a page directly while a workflow applies to it; the last approval
publishes without this check (`lantoa.content.publishing`).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.db.models import Q
from wagtail.models import Page, PagePermissionTester
from wagtail.permission_policies.pages import PagePermissionPolicy

from lantoa.org import paths, scope
from lantoa.org.models import Role
from lantoa.org.roles import kinds_granting

PAGE_ACTIONS = ("add", "change", "publish", "bulk_delete", "lock", "unlock")


@dataclass(frozen=True)
class PageGrant:
    """What Wagtail reads from a `GroupPagePermission`: a page and a permission."""

    page: Page
    permission: Permission

    @property
    def page_id(self) -> int:
        return self.page.pk


def _page_permissions() -> dict[str, Permission]:
    codenames = [f"{action}_page" for action in PAGE_ACTIONS]
    rows = Permission.objects.filter(content_type__app_label="wagtailcore", codename__in=codenames)
    return {perm.codename: perm for perm in rows.select_related("content_type")}


def section_pages_in(prefixes) -> list[Page]:
    """The outermost homes and unit sections of units in the subtrees of `prefixes`."""
    from .models import PortalHomePage, UnitSectionPage

    if not prefixes:
        return []
    in_subtrees = scope.subtrees_q(prefixes, "unit__path")
    found: list[Page] = []
    for model in (PortalHomePage, UnitSectionPage):
        found += list(model.objects.filter(in_subtrees).only("id", "path", "depth", "url_path", "title"))
    found.sort(key=lambda page: page.path)
    outermost: list[Page] = []
    for page in found:
        if not any(page.path.startswith(kept.path) for kept in outermost):
            outermost.append(page)
    return outermost


class UnitPagePermissionPolicy(PagePermissionPolicy):
    def get_all_permissions_for_user(self, user):
        if not user.is_active or user.is_anonymous or user.is_superuser:
            return []
        user_scope = scope.scope_for(user)
        grants: list[PageGrant] = []
        sections_by_prefixes: dict[tuple[str, ...], list[Page]] = {}
        for codename, permission in _page_permissions().items():
            prefixes = scope.outermost(user_scope.perm_prefixes.get(f"wagtailcore.{codename}", ()))
            if not prefixes:
                continue
            if prefixes not in sections_by_prefixes:
                sections_by_prefixes[prefixes] = section_pages_in(prefixes)
            grants += [PageGrant(page, permission) for page in sections_by_prefixes[prefixes]]
        return grants

    def _holders_q(self, actions, unit_ids=None) -> Q:
        kinds = {kind for action in actions for kind in kinds_granting(f"wagtailcore.{action}_page")}
        roles = Role.objects.filter(kind__in=kinds, unit__valid_to__isnull=True)
        if unit_ids is not None:
            roles = roles.filter(unit_id__in=unit_ids)
        return Q(pk__in=roles.values("user_id"))

    def users_with_any_permission(self, actions, include_superusers=True):
        actions = set(actions) | ({"add"} if "change" in actions else set())
        query = self._holders_q(actions)
        if include_superusers:
            query |= Q(is_superuser=True)
        return get_user_model()._default_manager.filter(is_active=True).filter(query).distinct()

    def users_with_any_permission_for_instance(self, actions, instance, include_superusers=True):
        unit_path = _unit_path_of(instance)
        unit_ids = paths.ancestor_ids(unit_path) if unit_path else []
        query = self._holders_q(set(actions), unit_ids)
        if include_superusers:
            query |= Q(is_superuser=True)
        return get_user_model()._default_manager.filter(is_active=True).filter(query).distinct()


def _unit_path_of(page) -> str | None:
    from lantoa.org.models import Unit

    unit_id = getattr(page.specific_deferred, "unit_id", None) if isinstance(page, Page) else None
    return Unit.objects.filter(pk=unit_id).values_list("path", flat=True).first() if unit_id else None


class WorkflowPublishingTester(PagePermissionTester):
    """Pages under a workflow are published by its last approval, not by a button."""

    def _workflow_applies(self) -> bool:
        return self.page.specific_deferred.get_workflow() is not None

    def can_publish(self):
        if self.user.is_superuser:
            return super().can_publish()
        return super().can_publish() and not self._workflow_applies()

    def can_publish_subpage(self):
        return self.user.is_superuser and super().can_publish_subpage()

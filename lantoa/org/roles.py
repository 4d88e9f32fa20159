"""What each role kind may do. A role grants its permissions on its unit's subtree only
(`lantoa.org.scope.has_perm`); the Django groups built from this table only decide which
menus and screens a user sees at all."""

from __future__ import annotations

from .models import RoleKind

VIEW_PERMISSIONS = [
    "wagtailadmin.access_admin",
    "org.view_unit",
    "org.view_role",
    "channels.view_channel",
    "plans.view_plan",
    "plans.view_target",
    "plans.view_campaign",
    "cascade.view_dispatch",
    "cascade.view_unittask",
]
PLAN_EDIT = [
    "plans.add_plan",
    "plans.change_plan",
    "plans.add_target",
    "plans.change_target",
    "plans.delete_target",
    "plans.add_manualvalue",
    "plans.add_campaign",
    "plans.change_campaign",
    "plans.record_spending",
]
# The Standing Committee's approval publishes a campaign, so approvers hold "publish";
# editors and officers do not, so what they propose must pass the workflow.
CAMPAIGN_DECIDE = ["plans.change_campaign", "plans.publish_campaign"]
# Portal pages (lantoa.portal.page_permissions): writers add and change pages in their
# units' sections; reviewers change them; leaders may also withdraw (unpublish) them.
# Publishing itself is the editorial workflow's last approval.
PAGE_WRITE = ["wagtailcore.add_page", "wagtailcore.change_page"]
PAGE_REVIEW = ["wagtailcore.change_page"]
PAGE_LEAD = ["wagtailcore.change_page", "wagtailcore.publish_page"]
CHANNEL_EDIT = ["channels.add_channel", "channels.change_channel", "channels.delete_channel"]
# The cascade (lantoa.cascade): send content down, relay it, and mark a unit's tasks done;
# held on a subtree, so a hub acts for its units that have no officer.
CASCADE_ACT = ["cascade.add_dispatch", "cascade.change_unittask"]
# The inbox (lantoa.inbox): workers' cases of the unit's subtree, read and handled; their
# personal data (name, phone, Zalo, e-mail) only where the role needs it (each read logged).
INBOX_READ = ["inbox.view_case"]
INBOX_HANDLE = ["inbox.view_case", "inbox.change_case"]
INBOX_PERSONAL = ["inbox.view_contact"]
# Structural changes to the tree, accounts, the task screen and personal-data oversight.
ADMINISTER = "org.administer_unit"
ROLE_PERMISSIONS: dict[str, list[str]] = {
    RoleKind.FEDERATION_ADMIN: VIEW_PERMISSIONS
    + CHANNEL_EDIT
    + [
        "org.add_unit",
        "org.change_unit",
        ADMINISTER,
        "org.view_reorganisation",
        "org.add_role",
        "org.change_role",
        "org.delete_role",
        "org.add_user",
        "org.change_user",
    ]
    + PLAN_EDIT
    + PAGE_WRITE
    + CASCADE_ACT
    + INBOX_HANDLE
    + INBOX_PERSONAL,
    RoleKind.EDITOR: VIEW_PERMISSIONS + CHANNEL_EDIT + PLAN_EDIT + PAGE_WRITE + CASCADE_ACT + INBOX_HANDLE,
    RoleKind.APPROVER: VIEW_PERMISSIONS + CAMPAIGN_DECIDE + PAGE_LEAD + INBOX_READ,
    # The head of a board (Trưởng ban) reviews the board's articles before the leader.
    RoleKind.BOARD_HEAD: VIEW_PERMISSIONS + PAGE_REVIEW + INBOX_HANDLE + INBOX_PERSONAL,
    # The spokesperson reviews (and may correct) statements to the press before they go out.
    RoleKind.SPOKESPERSON: VIEW_PERMISSIONS + PAGE_REVIEW + INBOX_READ,
    RoleKind.UNIT_OFFICER: VIEW_PERMISSIONS
    + CHANNEL_EDIT
    + PLAN_EDIT
    + ["org.change_unit"]
    + PAGE_WRITE
    + CASCADE_ACT
    + INBOX_HANDLE
    + INBOX_PERSONAL,
    # Collaborators write drafts (Wagtail's "add": create pages and edit their own).
    RoleKind.COLLABORATOR: VIEW_PERMISSIONS + ["wagtailcore.add_page"],
    # Finance records what was spent on approved campaigns; it proposes nothing.
    RoleKind.FINANCE: VIEW_PERMISSIONS + ["plans.record_spending"],
    RoleKind.VIEWER: VIEW_PERMISSIONS,
}
MEDIA_EDITING_ROLES = {RoleKind.FEDERATION_ADMIN, RoleKind.EDITOR, RoleKind.UNIT_OFFICER, RoleKind.COLLABORATOR}
MEDIA_PERMISSIONS = {
    True: [
        "wagtailimages.add_image",
        "wagtailimages.change_image",
        "wagtailimages.choose_image",
        "wagtaildocs.add_document",
        "wagtaildocs.change_document",
        "wagtaildocs.choose_document",
    ],
    False: ["wagtailimages.choose_image", "wagtaildocs.choose_document"],
}


# Reads that not every role has: workers' cases and their personal data are read only
# where a role grants them (`INBOX_READ`, `INBOX_PERSONAL`), not by any reader of the unit.
RESTRICTED_READS = frozenset(INBOX_HANDLE + INBOX_PERSONAL)


def is_read_permission(perm: str) -> bool:
    """ "app.view_model" and the admin's entry are read rights: every role's whole subtree
    (except `RESTRICTED_READS`, held only where a role grants them)."""
    if perm in RESTRICTED_READS:
        return False
    return perm == "wagtailadmin.access_admin" or perm.split(".", 1)[-1].startswith("view_")


def kinds_granting(perm: str) -> list[str]:
    return [kind for kind, perms in ROLE_PERMISSIONS.items() if perm in perms]

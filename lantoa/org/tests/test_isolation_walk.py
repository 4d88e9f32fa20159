"""The isolation walk: every admin and API URL, as the officer of one grassroots union.

Every URL pattern of the project is resolved and looked up in `TABLE`; a pattern that is
not there fails the walk with its route, so a new admin view or `api/` endpoint must be
classified before it ships. Then, logged in as the officer of union A:

- listings, choosers, searches and CSV/XLSX exports must not mention sibling union B's
  objects, and the project's own listings must show A's (an empty page cannot pass);
- every URL that takes the id of one of B's objects (unit, channel, role, reorganisation,
  image, document, collection, media group, B's officer, B's uploads and editing session,
  plan, target, plan duty, campaign with its revisions and workflow states) answers 404
  or 403, or Wagtail's permission-denied redirect to the dashboard, on GET and, for views
  that change things, on POST; B's objects are exactly as before afterwards;
- areas an officer has no business in (pages, workflows, sites, redirects, ...) deny access.

Further tests: Wagtail's bulk actions, channels created for or moved to B's unit, the
forms and choosers offered to A, A's own plan screens, and the union tree rooted at B.
Known leaks not yet fixed are marked (`leak`, BULK_LEAKS) and expected to fail (strict xfail).
"""

from __future__ import annotations

import datetime
import html
import io
import json
from dataclasses import dataclass, field
from types import SimpleNamespace
from urllib.parse import urlencode, urlsplit

import openpyxl
import pytest
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.contrib.messages import ERROR, get_messages
from django.core.files.base import ContentFile
from django.test import RequestFactory
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.urls.resolvers import RegexPattern
from django.utils import timezone
from wagtail.admin.models import EditingSession
from wagtail.admin.views.bulk_action.registry import bulk_action_registry
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import (
    GroupCollectionPermission,
    Page,
    PageViewRestriction,
    Revision,
    Task,
    TaskState,
    UploadedFile,
    WorkflowState,
)

from lantoa.cascade import actions as cascade_actions
from lantoa.cascade.models import Action, Dispatch, UnitTask
from lantoa.channels.actions import do_save_channel
from lantoa.channels.models import Channel, Publication, PublicationStatus
from lantoa.content.models import ArticlePage
from lantoa.org import actions
from lantoa.org.models import Reorganisation
from lantoa.plans import actions as plan_actions
from lantoa.plans.models import (
    CalendarEvent,
    Campaign,
    ManualValue,
    Plan,
    Responsibility,
    Target,
    Theme,
)
from lantoa.portal.actions import do_open_portal, do_open_section
from lantoa.portal.admin_views import (
    ScopedChosenMultipleView,
    ScopedPageTypesUsageReportView,
    ScopedWorkflowTasksView,
    ScopedWorkflowView,
)
from lantoa.privacy.actions import do_save_breach
from lantoa.privacy.models import Breach
from lantoa.workspace.models import Notification

# A crawl: on the SQLite pass only (the scope's queries have their own tests on both databases).
pytestmark = pytest.mark.sqlite_only

# --- The URL patterns of the project


@dataclass(frozen=True)
class Route:
    route: str
    name: str | None
    params: tuple[str, ...]  # named parameters, in route order
    positional: int  # unnamed regex groups

    @property
    def key(self) -> str:
        return self.name or self.route


def _params_of(pattern) -> tuple[tuple[str, ...], int]:
    if isinstance(pattern, RegexPattern):
        names = tuple(sorted(pattern.regex.groupindex, key=pattern.regex.groupindex.get))
        return names, pattern.regex.groups - len(names)
    return tuple(pattern.converters), 0


def iter_routes(resolver=None, prefix="", namespaces=(), params=(), positional=0):
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        names, unnamed = _params_of(entry.pattern)
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            inner = namespaces + ((entry.namespace,) if entry.namespace else ())
            yield from iter_routes(entry, route, inner, params + names, positional + unnamed)
        elif isinstance(entry, URLPattern):
            name = ":".join(namespaces + (entry.name,)) if entry.name else None
            yield Route(route, name, params + names, positional + unnamed)


# --- The classification table


@dataclass(frozen=True)
class Of:
    """A parameter that takes the id of another of B's objects: `Of("task_state")`."""

    name: str


@dataclass(frozen=True)
class Check:
    """How the walk treats one URL pattern.

    listing   GET, plus search and ?export=csv / ?export=xlsx variants: nothing of B's in the
              body (whatever the status); with `show_a`, the plain GET is 200 and shows A's.
    object    every parameter is the id of B's `target` (or of the B object an `Of` names): GET is
              denied (405 allowed with `post_only`); with `write`, POST is denied too and B's
              objects are unchanged.
    denied    an area without union data that an officer may not use: GET is denied. With
              `post_only` GET may answer 405, with `get_renders` Wagtail renders the page
              without a permission check (it must not mention B); then POST must be denied.
    own       acts on the caller's own things only: GET and POST with B's ids must not
              mention B nor change B's objects, whatever the status.
    harmless  no union data (forms, assets, the caller's own account): GET must not fail
              and must not mention B.
    public    the public site and files: the officer gets the status an anonymous visitor gets.
    skip      not requested here; `note` says why or which test covers it.

    `leak` marks a known leak, found and not yet fixed: the walk leaves the pattern out and
    test_known_leaks_still_leak expects it to fail (strict xfail), so a fix shows up there.
    """

    kind: str
    target: str | None = None
    write: bool = False
    post_only: bool = False
    get_renders: bool = False
    show_a: bool = False
    search: str = ""
    params: dict = field(default_factory=dict)
    query: str = ""  # may name B's objects: "?id={image}"
    refused: tuple[int, ...] = ()  # denied: further statuses that refuse a POST
    note: str = ""
    leak: str = ""


def listing(*, show_a=False, search="", query="", note="", leak="", **params):
    return Check("listing", show_a=show_a, search=search, query=query, note=note, leak=leak, params=params)


def obj(target, *, write=False, post_only=False, query="", note="", leak="", **params):
    return Check(
        "object", target=target, write=write, post_only=post_only, query=query, note=note, leak=leak, params=params
    )


def denied(note="", *, post_only=False, get_renders=False, refused=(), **params):
    return Check("denied", post_only=post_only, get_renders=get_renders, refused=refused, params=params, note=note)


def harmless(note="", **params):
    return Check("harmless", params=params, note=note)


def public(note="", **params):
    return Check("public", params=params, note=note)


def own(target, note=""):
    return Check("own", target=target, note=note)


def skip(note):
    return Check("skip", note=note)


UNIT_SEARCH = "Công đoàn cơ sở"
PLAN_SEARCH = "Kế hoạch tuyên truyền"
CAMPAIGN_SEARCH = "Chiến dịch"
# lantoa/plans/views.py: `list_filter = ["plan"]` builds its choices from every Plan row.
PAGE = {"page_id": 2, "parent_page_id": 2, "pk": 2}  # Wagtail's initial home page
DRAFT_SEARCH = "Bản nháp"  # both sides' drafts: A's may show, B's must not
ARTICLE_TYPE = {"content_type_app_name": "content", "content_type_model_name": "articlepage"}

TABLE: dict[str, Check] = {
    # --- Public, outside the admin
    "healthz": public("service health, no data"),
    "front_page": public("the federation's name and a sign-in link, no data"),
    "wagtaildocs_serve": public("document download: same answer as for an anonymous visitor"),
    "wagtaildocs_authenticate_with_password": public(restriction_id=1),
    "wagtailcore_authenticate_with_password": public(page_view_restriction_id=1, page_id=2),
    "wagtailcore_login": public(),
    "media": public("image renditions only; the rest of /media/ is 404", path="images/missing.png"),
    "wagtail_serve": public(args=("",)),
    "portal_rss": public("the portal's feed: live articles only"),
    "portal_section_rss": public("a section's feed: live articles only", section_id=Of("section")),
    "portal_sitemap": public("live pages only"),
    # --- Admin shell, the officer's own account, static helpers
    "wagtailadmin_home": listing(show_a=True),
    "admin/test404/": harmless(),
    "wagtailadmin_error_test": denied("raises on purpose for superusers; 404 for everyone else"),
    "admin/^.*/$": harmless("catch-all 404"),
    "wagtailadmin_account": harmless("own account"),
    "wagtailadmin_logout": skip("ends the walker's session"),
    "wagtailadmin_dismissibles": harmless("own dismissed hints"),
    "wagtailadmin_block_preview": harmless(),
    "wagtailadmin_sprite": harmless(),
    "wagtailadmin_login": harmless(),
    "wagtailadmin_password_reset": harmless("disabled in settings"),
    "wagtailadmin_password_reset_done": harmless(),
    "wagtailadmin_password_reset_confirm": harmless(uidb64="MQ", token="x-y"),  # noqa: S106
    "wagtailadmin_password_reset_complete": harmless(),
    "wagtailadmin_javascript_catalog": harmless(),
    "wagtailadmin_choose_page_external_link": harmless("link form"),
    "wagtailadmin_choose_page_email_link": harmless("link form"),
    "wagtailadmin_choose_page_phone_link": harmless("link form"),
    "wagtailadmin_choose_page_anchor_link": harmless("link form"),
    "wagtailadmin_tag_autocomplete": harmless("tag vocabulary, not union objects"),
    "wagtailadmin_tag_model_autocomplete": harmless(app_name="wagtailimages", model_name="image"),
    "wagtailembeds:chooser": harmless("embed URL form"),
    "wagtailembeds:chooser_upload": harmless("embed URL form"),
    "wagtailadmin_editing_sessions:ping": obj(
        "channel", write=True, post_only=True, app_label="channels", model_name="channel", session_id=0
    ),
    "wagtailadmin_editing_sessions:release": own("editing_session", "releases only the caller's own sessions"),
    # --- Admin API
    "wagtailadmin_api:pages:listing": listing(search=DRAFT_SEARCH),
    "wagtailadmin_api:pages:detail": obj("draft"),
    "wagtailadmin_api:pages:find": obj("draft", query="?id={draft}"),
    "wagtailadmin_api:pages:action": obj("article", write=True, post_only=True, action_name="move"),
    "wagtailadmin_api:images:listing": listing(show_a=True, search="hội nghị"),
    "wagtailadmin_api:images:detail": obj("image"),
    "wagtailadmin_api:images:find": obj("image", query="?id={image}"),
    "wagtailadmin_api:documents:listing": listing(show_a=True, search="nghị quyết"),
    "wagtailadmin_api:documents:detail": obj("document"),
    "wagtailadmin_api:documents:find": obj("document", query="?id={document}"),
    # --- Union units, roles, reorganisations, tree
    "unit:index": listing(show_a=True, search=UNIT_SEARCH),
    "unit:index_results": listing(show_a=True, search=UNIT_SEARCH),
    "unit:add": listing(note="form: B must not be offered as parent"),
    "unit:edit": obj("unit", write=True),
    "unit:delete": obj("unit", write=True),
    "unit:history": obj("unit"),
    "unit:history_results": obj("unit"),
    "unit:usage": obj("unit"),
    "unit:inspect": obj("unit"),
    "unit_chooser:choose": listing(show_a=True, search=UNIT_SEARCH),
    "unit_chooser:choose_results": listing(show_a=True, search=UNIT_SEARCH),
    "unit_chooser:chosen": obj("unit"),
    "unit_chooser:chosen_multiple": listing(query="?id={unit}"),
    "unit_chooser:create": listing(),
    "role:index": listing(show_a=True, search="officer"),
    "role:index_results": listing(show_a=True, search="officer"),
    "role:add": listing(),
    "role:edit": obj("role", write=True),
    "role:delete": obj("role", write=True),
    "role:history": obj("role"),
    "role:history_results": obj("role"),
    "role:usage": obj("role"),
    "reorganisation:index": listing(),
    "reorganisation:index_results": listing(),
    "reorganisation:add": denied(),
    "reorganisation:edit": obj("reorganisation", write=True),
    "reorganisation:delete": obj("reorganisation", write=True),
    "reorganisation:history": obj("reorganisation"),
    "reorganisation:history_results": obj("reorganisation"),
    "reorganisation:usage": obj("reorganisation"),
    "reorganisation:inspect": obj("reorganisation"),
    "org_tree": listing(show_a=True),
    "org_reorganise": obj("unit", write=True),
    # --- Channels
    "channel:index": listing(show_a=True, search="Nhóm Zalo"),
    "channel:index_results": listing(show_a=True, search="Nhóm Zalo"),
    "channel:add": listing(show_a=True, note="form: only A is offered as unit"),
    "channel:edit": obj("channel", write=True),
    "channel:delete": obj("channel", write=True),
    "channel:history": obj("channel"),
    "channel:history_results": obj("channel"),
    "channel:usage": obj("channel"),
    "channel:inspect": obj("channel"),
    "channels_xlsx_export": listing(show_a=True, note="the registry as .xlsx"),
    "channels_xlsx_import_review": denied("an import is its uploader's, in their session: 404", token="f" * 32),
    "channels_xlsx_import_confirm": denied(
        "an import is its uploader's, in their session: 404", post_only=True, token="f" * 32
    ),
    "channels_xlsx_import_progress": denied("an import is its uploader's, in their session: 404", token="f" * 32),
    "channel_verification:index": denied("the queue is for roles above a unit; A's officer has none"),
    "channel_verification:verify": obj("channel", write=True, post_only=True),
    "channel_verification:refuse": obj("channel", write=True),
    "channels_xlsx_import": listing(note="upload form; rows for B's unit: see lantoa/channels/tests"),
    # --- Plans, their dashboard and exports
    "plan:index": listing(show_a=True, search=PLAN_SEARCH),
    "plan:index_results": listing(show_a=True, search=PLAN_SEARCH),
    "plan:add": listing(show_a=True, note="form: only A is offered as issuing unit, only A's plans to adopt"),
    "plan:edit": obj("plan", write=True),
    "plan:delete": obj("plan", write=True),
    "plan:history": obj("plan"),
    "plan:history_results": obj("plan"),
    "plan:usage": obj("plan"),
    "plan:inspect": obj("plan"),
    "plans_dashboard": obj("plan"),
    "plans_target": obj("plan", target_pk=Of("target")),
    "plans_export_plan_docx": obj("plan"),
    "plans_export_report_docx": obj("plan"),
    "plans_report_signer": obj("plan", note="the signer form before the report's download"),
    "plans_export_report_xlsx": obj("plan"),
    "plans_calendar": listing(show_a=True, note="A's one-off event shows, B's does not"),
    # --- Targets (a plan's duties are cascade tasks: viec:* and cascade_* below)
    "target:index": listing(show_a=True),
    "target:index_results": listing(show_a=True),
    "target:add": listing(show_a=True, note="form: only A's plans are offered"),
    "target:edit": obj("target", write=True),
    "target:delete": obj("target", write=True),
    "target:history": obj("target"),
    "target:history_results": obj("target"),
    "target:usage": obj("target"),
    "plans_manual_value": obj("target", write=True),
    "plans_assign": obj("responsibility", write=True),
    "plans_adopt": obj("plan", write=True, note="B's plan is neither A's nor received from above"),
    # --- Campaigns: a snippet under the Standing Committee's workflow
    "wagtailsnippets_plans_campaign:list": listing(show_a=True, search=CAMPAIGN_SEARCH),
    "wagtailsnippets_plans_campaign:list_results": listing(show_a=True, search=CAMPAIGN_SEARCH),
    "wagtailsnippets_plans_campaign:add": listing(show_a=True, note="form: only A's plans, themes, unit, channels"),
    "wagtailsnippets_plans_campaign:edit": obj("campaign", write=True),
    "wagtailsnippets_plans_campaign:delete": obj("campaign", write=True),
    "wagtailsnippets_plans_campaign:unpublish": obj("campaign", write=True),
    "wagtailsnippets_plans_campaign:lock": obj("campaign", write=True, post_only=True),
    "wagtailsnippets_plans_campaign:unlock": obj("campaign", write=True, post_only=True),
    "wagtailsnippets_plans_campaign:history": obj("campaign"),
    "wagtailsnippets_plans_campaign:history_results": obj("campaign"),
    "wagtailsnippets_plans_campaign:usage": obj("campaign"),
    "wagtailsnippets_plans_campaign:inspect": obj("campaign"),
    "wagtailsnippets_plans_campaign:revisions_compare": obj(
        "campaign", revision_id_a="earliest", revision_id_b="latest"
    ),
    "wagtailsnippets_plans_campaign:revisions_revert": obj("campaign", write=True, revision_id=Of("campaign_revision")),
    "wagtailsnippets_plans_campaign:revisions_unschedule": obj(
        "campaign", write=True, revision_id=Of("campaign_revision")
    ),
    "wagtailsnippets_plans_campaign:workflow_action": obj(
        "pending_campaign", write=True, action_name="approve", task_state_id=Of("task_state")
    ),
    "wagtailsnippets_plans_campaign:collect_workflow_action_data": obj(
        "pending_campaign", write=True, action_name="approve", task_state_id=Of("task_state")
    ),
    "wagtailsnippets_plans_campaign:confirm_workflow_cancellation": obj("pending_campaign"),
    "wagtailsnippets_plans_campaign:workflow_history": obj("pending_campaign"),
    "wagtailsnippets_plans_campaign:workflow_history_detail": obj(
        "pending_campaign", workflow_state_id=Of("workflow_state")
    ),
    "wagtailsnippetchoosers_plans_campaign:choose": listing(show_a=True, search=CAMPAIGN_SEARCH),
    "wagtailsnippetchoosers_plans_campaign:choose_results": listing(show_a=True, search=CAMPAIGN_SEARCH),
    "wagtailsnippetchoosers_plans_campaign:chosen": obj("campaign"),
    "wagtailsnippetchoosers_plans_campaign:chosen_multiple": listing(query="?id={campaign}&id={pending_campaign}"),
    "wagtailsnippetchoosers_plans_campaign:create": listing(note="form: only A's plans, themes, unit, channels"),
    "plans_close_campaign": obj("campaign", write=True),
    "plans_record_spending": obj("campaign", write=True),
    "plans_campaign_review": obj("pending_campaign", write=True, note="the approver's review and three answers"),
    "plans_spending_index": listing(show_a=True, note="approved campaigns where the user records spending"),
    # --- The JSON API (the walker is logged in: session authentication)
    "api:api-root": harmless("the API's root, no data"),
    "api:openapi-json": harmless("the API's schema, no data"),
    "api:openapi-view": harmless("the API's documentation page, no data"),
    "api:list_plans": listing(show_a=True),
    "api:get_plan": obj("plan"),
    "api:search": listing(search=DRAFT_SEARCH, note="the API's search: B's draft under none"),
    # --- Images
    "wagtailimages:index": listing(show_a=True, search="hội nghị"),
    "wagtailimages:index_results": listing(show_a=True, search="hội nghị"),
    "wagtailimages:add": listing(note="form: only A's collection is offered"),
    "wagtailimages:add_multiple": listing(),
    "wagtailimages:edit": obj("image", write=True),
    "wagtailimages:delete": obj("image", write=True),
    "wagtailimages:url_generator": obj("image"),
    "wagtailimages:url_generator_output": obj("image"),
    "wagtailimages:preview": obj("image", filter_spec="original"),
    "wagtailimages:image_usage": obj("image"),
    "wagtailimages:edit_multiple": obj("image", write=True, post_only=True),
    "wagtailimages:delete_multiple": obj("image", write=True, post_only=True),
    "wagtailimages:create_multiple_from_uploaded_image": obj("image_upload", write=True, post_only=True),
    "wagtailimages:delete_upload_multiple": obj("image_upload", write=True, post_only=True),
    "wagtailimages_chooser:choose": listing(show_a=True, search="hội nghị"),
    "wagtailimages_chooser:choose_results": listing(show_a=True, search="hội nghị"),
    "wagtailimages_chooser:chosen": obj("image"),
    "wagtailimages_chooser:chosen_multiple": listing(query="?id={image}"),
    "wagtailimages_chooser:create": listing(),
    "wagtailimages_chooser:select_format": obj("image", write=True),
    # --- Documents
    "wagtaildocs:index": listing(show_a=True, search="nghị quyết"),
    "wagtaildocs:index_results": listing(show_a=True, search="nghị quyết"),
    "wagtaildocs:add": listing(note="form: only A's collection is offered"),
    "wagtaildocs:add_multiple": listing(),
    "wagtaildocs:edit": obj("document", write=True),
    "wagtaildocs:delete": obj("document", write=True),
    "wagtaildocs:document_usage": obj("document"),
    "wagtaildocs:edit_multiple": obj("document", write=True, post_only=True),
    "wagtaildocs:delete_multiple": obj("document", write=True, post_only=True),
    "wagtaildocs:create_multiple_from_uploaded_document": obj("document_upload", write=True, post_only=True),
    "wagtaildocs:delete_upload_multiple": obj("document_upload", write=True, post_only=True),
    "wagtaildocs_chooser:choose": listing(show_a=True, search="nghị quyết"),
    "wagtaildocs_chooser:choose_results": listing(show_a=True, search="nghị quyết"),
    "wagtaildocs_chooser:chosen": obj("document"),
    "wagtaildocs_chooser:chosen_multiple": listing(query="?id={document}"),
    "wagtaildocs_chooser:create": listing(),
    # --- Collections, users, groups
    "wagtailadmin_collections:index": listing(),
    "wagtailadmin_collections:add": listing(),
    "wagtailadmin_collections:edit": obj("collection", write=True),
    "wagtailadmin_collections:delete": obj("collection", write=True),
    "wagtailadmin_collections:set_privacy": obj("collection", write=True),
    # --- Personal data: the access record, the breach register, a person's data
    "access_record:index": denied("superusers and federation admins: lantoa/privacy/tests"),
    "access_record:index_results": denied("superusers and federation admins"),
    "privacy_breach:index": denied("superusers and federation admins"),
    "privacy_breach:index_results": denied("superusers and federation admins"),
    "privacy_breach:add": denied("superusers and federation admins"),
    "privacy_breach:edit": obj("breach", write=True),
    "privacy_breach:delete": obj("breach", write=True),
    "privacy_breach:history": obj("breach"),
    "privacy_breach:history_results": obj("breach"),
    "privacy_breach:usage": obj("breach"),
    "privacy_breach:inspect": obj("breach"),
    "privacy_person": obj("user"),
    "privacy_person_export_json": obj("user"),
    "privacy_person_export_xlsx": obj("user"),
    "privacy_person_erase": obj("user", write=True),
    "wagtailusers_users:index": listing(search="officer"),
    "wagtailusers_users:index_results": listing(search="officer"),
    "wagtailusers_users:add": denied(),
    "wagtailusers_users:edit": obj("user", write=True),
    "wagtailusers_users:delete": obj("user", write=True),
    "wagtailusers_users:history": obj("user"),
    "wagtailusers_users:history_results": obj("user"),
    "wagtailusers_users:usage": obj("user"),
    "wagtailusers_groups:index": listing(),
    "wagtailusers_groups:index_results": listing(),
    "wagtailusers_groups:add": denied(),
    "wagtailusers_groups:edit": obj("group", write=True),
    "wagtailusers_groups:delete": obj("group", write=True),
    "wagtailusers_groups:history": obj("group"),
    "wagtailusers_groups:history_results": obj("group"),
    "wagtailusers_groups:usage": obj("group"),
    # --- Reports
    "lantoa_site_history": listing(show_a=True, search="Sông", note="Wagtail's report, its date filter bounded"),
    "lantoa_site_history_results": listing(show_a=True, search="Sông"),
    "signin_locks": denied("superusers and federation admins unlock sign-ins"),
    "lantoa_tasks": denied("task screen: superusers and federation admins only"),
    # --- The workspace: one's own notifications
    "workspace_notifications": harmless("the caller's own notifications"),
    "workspace_notifications_read_all": own("notification", "marks only the caller's own notifications read"),
    "workspace_notification_open": own("notification", "another's notification is 404 and stays unread"),
    "workspace_search": listing(search=UNIT_SEARCH, note="the one search: every kind, B's rows under none"),
    "guide_index": harmless("the user guide: the same text for every staff user"),
    "guide_page": harmless("the user guide: the same text for every staff user", slug="bien-tap-vien"),
    "lantoa_task_retry": denied(post_only=True, pk="00000000-0000-0000-0000-000000000000"),
    "wagtailadmin_reports:site_history": listing(show_a=True, search="Sông"),
    "wagtailadmin_reports:site_history_results": listing(show_a=True, search="Sông"),
    "wagtailadmin_reports:locked_pages": listing(),
    "wagtailadmin_reports:locked_pages_results": listing(),
    "wagtailadmin_reports:workflow": listing(),
    "wagtailadmin_reports:workflow_results": listing(),
    "wagtailadmin_reports:workflow_tasks": listing(),
    "wagtailadmin_reports:workflow_tasks_results": listing(),
    "wagtailadmin_reports:aging_pages": listing(),
    "wagtailadmin_reports:aging_pages_results": listing(),
    "wagtailadmin_reports:page_types_usage": listing(),
    "wagtailadmin_reports:page_types_usage_results": listing(),
    # --- Bulk actions: see test_bulk_actions_leave_b_alone
    "wagtail_bulk_action": skip("every registered bulk action: test_bulk_actions_leave_b_alone"),
    # --- Areas without union data that an officer may not use
    "wagtailsites:index": denied(),
    "wagtailsites:index_results": denied(),
    "wagtailsites:add": denied(),
    "wagtailsites:edit": denied(pk=1),
    "wagtailsites:delete": denied(pk=1),
    "wagtailsites:history": denied(pk=1),
    "wagtailsites:history_results": denied(pk=1),
    "wagtailsites:usage": denied(pk=1),
    "wagtailsites:copy": denied(pk=1),
    "wagtailredirects:index": denied(),
    "wagtailredirects:index_results": denied(),
    "wagtailredirects:add": denied(),
    "wagtailredirects:edit": denied(redirect_id=1),
    "wagtailredirects:delete": denied(redirect_id=1),
    "wagtailredirects:start_import": denied(),
    "wagtailredirects:process_import": denied(),
    "wagtailsettings:edit": denied(app_name="wagtailcore", model_name="site", pk=1),
    "wagtailsettings:preview_on_edit": denied(app_name="wagtailcore", model_name="site", pk=1),
    "wagtailforms:index": denied(),
    "wagtailforms:index_results": denied(),
    "wagtailforms:list_submissions": denied(**PAGE),
    "wagtailforms:list_submissions_results": denied(**PAGE),
    "wagtailforms:delete_submissions": denied(**PAGE),
    "wagtailsnippets:index": denied(),
    "wagtailadmin_workflows:index": denied(),
    "wagtailadmin_workflows:index_results": denied(),
    "wagtailadmin_workflows:add": denied(),
    "wagtailadmin_workflows:enable": denied(post_only=True, pk=1),
    "wagtailadmin_workflows:disable": denied(pk=1),
    "wagtailadmin_workflows:edit": denied(pk=1),
    "wagtailadmin_workflows:usage": denied(pk=1),
    "wagtailadmin_workflows:usage_results": denied(pk=1),
    "wagtailadmin_workflows:remove": denied(post_only=True, page_pk=2, workflow_pk=1),
    "wagtailadmin_workflows:add_task": denied(app_label="wagtailcore", model_name="groupapprovaltask"),
    "wagtailadmin_workflows:select_task_type": denied(),
    "wagtailadmin_workflows:task_index": denied(),
    "wagtailadmin_workflows:task_index_results": denied(),
    "wagtailadmin_workflows:edit_task": denied(pk=1),
    "wagtailadmin_workflows:disable_task": denied(pk=1),
    "wagtailadmin_workflows:enable_task": denied(post_only=True, pk=1),
    # Wagtail lets any admin user pick a workflow task (names only); creating one is denied.
    "wagtailadmin_workflows:task_chooser": harmless("workflow task names, no union data"),
    "wagtailadmin_workflows:task_chooser_results": harmless("workflow task names, no union data"),
    "wagtailadmin_workflows:task_chooser_create": denied(
        "POST: 400 without the add-task permission", get_renders=True, refused=(400,)
    ),
    "wagtailadmin_workflows:task_chosen": harmless("workflow task names, no union data", task_id=1),
    # Pages: the portal's sections; B's section, live article and draft in the workflow. Live
    # pages are public (choosers may offer them, their titles carry no marker); drafts are
    # their section's editors' (lantoa/portal/page_permissions.py, lantoa/portal/wagtail_hooks.py).
    "wagtailadmin_explore_root": listing(note="the user's explorable root: their own sections"),
    # Wagtail redirects a page outside the user's explorable root to that root (A's section).
    "wagtailadmin_explore": listing(parent_page_id=Of("section"), note="denied, or A's own section instead"),
    "wagtailadmin_explore_results": listing(parent_page_id=Of("section"), note="denied, or A's own section"),
    "wagtailadmin_choose_page": listing(note="live pages and the drafts the user may edit"),
    "wagtailadmin_choose_page_child": listing(parent_page_id=Of("section"), note="B's live article only"),
    "wagtailadmin_choose_page_search": listing(search=DRAFT_SEARCH),
    # Served by lantoa.portal.admin_views (before Wagtail's admin in lantoa/urls.py).
    "wagtailadmin_choose_page_chosen_multiple": listing(query="?id={draft}"),
    "portal_choose_page_chosen_multiple": listing(query="?id={draft}"),
    **{
        f"portal_{name}{suffix}": listing()
        for name in ("page_types_usage", "workflow_report", "workflow_tasks_report")
        for suffix in ("", "_results")
    },
    "portal_search": public("the portal's search: live articles of the site only"),
    "wagtailadmin_pages:add": obj("section", write=True, **ARTICLE_TYPE),
    "wagtailadmin_pages:preview_on_add": obj("section", write=True, **ARTICLE_TYPE),
    "wagtailadmin_pages:type_use": listing(search=DRAFT_SEARCH, **ARTICLE_TYPE),
    "wagtailadmin_pages:type_use_results": listing(search=DRAFT_SEARCH, **ARTICLE_TYPE),
    "wagtailadmin_pages:choose_parent": listing(
        note="the pages the user may add an article under", app_label="content", model_name="articlepage"
    ),
    "wagtailadmin_pages:usage": obj("draft"),
    "wagtailadmin_pages:edit": obj("draft", write=True),
    "wagtailadmin_pages:preview_on_edit": obj("draft", write=True),
    "wagtailadmin_pages:view_draft": obj("draft"),
    "wagtailadmin_pages:add_subpage": obj("section"),
    "wagtailadmin_pages:delete": obj("draft", write=True),
    "wagtailadmin_pages:unpublish": obj("article", write=True),
    "wagtailadmin_pages:convert_alias": obj("article", write=True),
    "wagtailadmin_pages:search": listing(search=DRAFT_SEARCH),
    "wagtailadmin_pages:search_results": listing(search=DRAFT_SEARCH),
    "wagtailadmin_pages:move": obj("article", write=True),
    "wagtailadmin_pages:move_confirm": denied(
        "GET renders the question (B's live title, public); POST is denied",
        get_renders=True,
        page_to_move_id=Of("article"),
        destination_id=Of("section"),
    ),
    "wagtailadmin_pages:set_page_position": obj("article", write=True, post_only=True),
    "wagtailadmin_pages:copy": obj("draft", write=True),
    "wagtailadmin_pages:workflow_action": obj(
        "draft", write=True, action_name="approve", task_state_id=Of("page_task_state")
    ),
    "wagtailadmin_pages:collect_workflow_action_data": obj(
        "draft", write=True, action_name="approve", task_state_id=Of("page_task_state")
    ),
    "wagtailadmin_pages:confirm_workflow_cancellation": harmless(
        "says whether a confirmation is needed", page_id=Of("draft")
    ),
    "wagtailadmin_pages:workflow_preview": obj("draft", task_id=Of("page_task")),
    "wagtailadmin_pages:set_privacy": obj("article", write=True),
    "wagtailadmin_pages:lock": obj("draft", write=True, post_only=True),
    "wagtailadmin_pages:unlock": obj("draft", write=True, post_only=True),
    "wagtailadmin_pages:revisions_index": obj("draft"),
    "wagtailadmin_pages:revisions_view": obj("draft", revision_id=Of("draft_revision")),
    "wagtailadmin_pages:revisions_revert": obj("draft", write=True, revision_id=Of("draft_revision")),
    "wagtailadmin_pages:revisions_unschedule": obj("draft", write=True, revision_id=Of("draft_revision")),
    "wagtailadmin_pages:revisions_compare": obj("draft", revision_id_a="earliest", revision_id_b="latest"),
    "wagtailadmin_pages:workflow_history": obj("draft"),
    "wagtailadmin_pages:workflow_history_detail": obj("draft", workflow_state_id=Of("page_workflow_state")),
    "wagtailadmin_pages:history": obj("draft"),
    "wagtailadmin_pages:history_results": obj("draft"),
    # Articles' variants and downloads (lantoa/content/variant_views.py)
    "content_variants": obj("draft"),
    "content_variant_pdf": obj("draft", kind="board_sheet"),
    "content_press_release": obj("draft"),
    "channels_publications": obj("draft"),
    "channels_publication_retry": obj("publication", write=True, post_only=True),
    "channels_publication_confirm": obj("publication", write=True, post_only=True),
    "channels_connect_facebook": obj("channel", write=True),
    "channels_connect_email": obj("channel", write=True),
    "channels_connect_zalo": obj("channel", write=True, post_only=True),
    "channels_connect_zalo_key": obj("channel", write=True),
    "channels_disconnect": obj("channel", write=True, post_only=True),
    "channels_connect_zalo_callback": harmless(
        "Zalo's return address: acts only on the flow this session started; without one it goes back to the registry"
    ),
    # The officer's pages (lantoa/cascade/officer_views.py), outside the admin.
    "viec:index": listing(show_a=True, note="the tasks of A's union"),
    "viec:task": obj("unit_task", write=True),
    "viec:download": obj("unit_task", kind="board_sheet"),
    # The cascade's staff screens (lantoa/cascade/views.py): B's dispatch is its commune's to B.
    "cascade_dispatches": listing(show_a=True, note="dispatches A's unit sent or received"),
    "cascade_dispatch_article": obj("article", write=True, note="the dispatch form of B's live article"),
    "cascade_dispatch_campaign": obj("campaign", write=True, note="the dispatch form of B's approved campaign"),
    "cascade_dispatch": obj("dispatch"),
    "cascade_dispatch_xlsx": obj("dispatch"),
    "cascade_dispatch_relay": obj("dispatch", write=True, post_only=True),
    # The inbox (lantoa/inbox): each side's worker wrote to their own union.
    "inbox_cases": listing(show_a=True, note="cases routed to A's union"),
    "inbox_case": obj("case", write=True),
    "inbox_record": listing(note="form: only the units where the user handles cases are offered"),
    "inbox_dashboard": listing(show_a=True, note="figures of A's union; ?don_vi= of B's unit is 404"),
    "inbox_export": listing(query="?don_vi={unit}", note="xlsx of the cases A reads; B's unit gives an empty file"),
    "inbox_answer:index": listing(show_a=True, note="entries of units where the user reads cases"),
    "inbox_answer:index_results": listing(show_a=True),
    "inbox_answer:add": listing(note="form: only units where the user handles cases are offered"),
    "inbox_answer:edit": obj("answer", write=True),
    "inbox_answer:delete": obj("answer", write=True),
    "inbox_answer:inspect": obj("answer"),
    "inbox_answer:history": obj("answer"),
    "inbox_answer:history_results": obj("answer"),
    "inbox_answer:usage": obj("answer"),
    "inbox_answer:publish": obj("answer", write=True),
    "inbox_answer:unpublish": obj("answer", write=True),
    "inbox_qa_list": public("published entries of the site's units; internal ones never"),
    "inbox_qa_detail": public("a published entry by id; an internal or unknown one is 404", pk=999999),
    "routing_rule:index": listing(show_a=True, note="rules of the units where the user handles cases"),
    "routing_rule:index_results": listing(show_a=True),
    "routing_rule:add": listing(note="form: only units where the user handles cases are offered, as unit and target"),
    "routing_rule:edit": obj("rule", write=True),
    "routing_rule:delete": obj("rule", write=True),
    "routing_rule:history": obj("rule"),
    "routing_rule:history_results": obj("rule"),
    "routing_rule:usage": obj("rule"),
    "inbox_public_form": public("the workers' form on the portal"),
    "inbox_public_sent": public("repeats the code it is given, nothing stored is read", code="LT-AAAAA-BBBBB"),
    "inbox_public_lookup": public("the tracking-code form"),
    "inbox_public_status": public("a case by its tracking code: an unknown one is 404", code="LT-AAAAA-BBBBB"),
    "inbox_public_download": public("the worker's copy by code: an unknown one is 404", code="LT-AAAAA-BBBBB"),
    "inbox_public_erase": public("the worker's erasure by code: an unknown one is 404", code="LT-AAAAA-BBBBB"),
    "inbox_webhook_zalo": public("Zalo's deliveries, by signature; a GET is 405"),
    "inbox_webhook_messenger": public("Messenger's deliveries and handshake, by signature and token"),
    # Sign-in without a password (lantoa/org/signin_views.py): the same page for everyone.
    "signin:link": public("a one-time link: an unknown token answers its explanation", token="khong-co-that"),
    "signin:phone": public("the phone number form"),
    "signin:phone_code": public("without a phone asked for, back to the form"),
    # Officer accounts of a subtree (lantoa/org/accounts_views.py): federation admins only.
    "org_officer_accounts": denied("needs org.add_user"),
}


# Wagtail's moderation and page-type reports, served scoped by lantoa.portal.admin_views.
PAGE_REPORTS = [
    f"wagtailadmin_reports:{name}{suffix}"
    for name in ("workflow", "workflow_tasks", "page_types_usage")
    for suffix in ("", "_results")
]

# The federation admin of A's commune union manages its accounts and units.
ADMIN_CHECKS: dict[str, Check] = {
    "wagtailusers_users:add": listing(note="form: a new account, without superuser status or groups"),
    "wagtailusers_users:index": listing(show_a=True, search="officer"),
    "wagtailusers_users:index_results": listing(show_a=True, search="officer"),
    "access_record:index": listing(),
    "access_record:index_results": listing(),
    "privacy_breach:index": listing(show_a=True),
    "privacy_breach:index_results": listing(show_a=True),
    "privacy_breach:add": listing(note="form: only units of the commune are offered"),
    "signin_locks": listing(note="locked sign-ins of the accounts the admin manages"),
    "lantoa_tasks": listing(note="tasks naming only the commune's units"),
    "channel_verification:index": listing(note="channels of the units below the commune waiting for verification"),
    # A writer of the commune's section: Wagtail's form-page index opens (there are no form pages).
    "wagtailforms:index": listing(),
    "wagtailforms:index_results": listing(),
    # A page writer passes these reports' permission check; lantoa.portal.admin_views scopes them.
    **{key: listing() for key in PAGE_REPORTS},
    # The commune's own tasks and its units' without an officer: A has one, so none of A's show.
    "viec:index": listing(note="the commune's tasks; A's union has its own officer"),
    # The subtrees whose accounts the admin manages: its commune only (B's: test_bulk_accounts).
    "org_officer_accounts": listing(note="the commune's officer accounts"),
    # An administrator approves nothing: A's pending campaign is not on their home.
    "wagtailadmin_home": listing(note="the commune's totals; no approvals (the admin is no approver)"),
}


def unclassified_routes() -> list[str]:
    return sorted({f"{r.route}  (name: {r.name})" for r in iter_routes() if r.key not in TABLE})


def test_every_url_pattern_is_classified():
    """A new URL pattern (a new admin view, an `api/` endpoint) must be classified in TABLE."""
    missing = unclassified_routes()
    assert not missing, "Unclassified URL patterns, add them to TABLE:\n" + "\n".join(missing)
    stale = sorted(set(TABLE) - {r.key for r in iter_routes()})
    assert not stale, "TABLE entries without a URL pattern:\n" + "\n".join(stale)


# --- Two sibling grassroots unions


def _unit(parent, code, kind, name, valid_from, actor):
    return actions.do_create_unit(code=code, kind=kind, name=name, parent=parent, valid_from=valid_from, actor=actor)


def _side(slug, unit, root):
    """A union's officer, channel, image, document, pending uploads and editing session."""
    users = get_user_model()
    officer = users.objects.create_user(f"{slug}_officer", f"{slug}@example.vn", "mat-khau-123")
    role = actions.do_assign_role(user=officer, unit=unit, kind="unit_officer", actor=root)
    officer = users.objects.get(pk=officer.pk)
    channel = do_save_channel(
        Channel(),
        actor=root,
        unit=unit,
        kind="zalo_group",
        name=f"Nhóm Zalo {slug} công nhân",
        address=f"https://zalo.me/g/{slug}",
    )
    # The officer's own edit puts their name on an audit-log entry.
    channel = do_save_channel(channel, actor=officer, audience_count=120, audience_counted_on=datetime.date(2025, 8, 1))
    unit.refresh_from_db()  # the role gave the unit its collection
    collection = actions.ensure_unit_collection(unit)
    image_model, document_model = get_image_model(), get_document_model()
    image = image_model.objects.create(
        title=f"Ảnh {slug} hội nghị",
        collection=collection,
        uploaded_by_user=officer,
        file=get_test_image_file(f"{slug}.png", size=(8, 8)),
    )
    image.tags.add("hội nghị")
    document = document_model.objects.create(
        title=f"Tài liệu {slug} nghị quyết",
        collection=collection,
        uploaded_by_user=officer,
        file=ContentFile(b"nghi quyet", name=f"{slug}.txt"),
    )
    uploads = [
        UploadedFile.objects.create(
            for_content_type=ContentType.objects.get_for_model(model),
            uploaded_by_user=officer,
            file=get_test_image_file(f"{slug}-upload.png", size=(8, 8)),
        )
        for model in (image_model, document_model)
    ]
    editing_session = EditingSession.objects.create(
        user=officer,
        content_type=ContentType.objects.get_for_model(Channel),
        object_id=str(channel.pk),
        last_seen_at=timezone.now(),
    )
    breach = do_save_breach(
        Breach(), actor=root, unit=unit, title=f"Sự cố {slug} lộ danh sách", discovered_at=timezone.now(),
        data_affected="Họ tên, số điện thoại",
    )  # fmt: skip
    notification = Notification.objects.create(
        recipient=officer, kind="approval.decided", message=f"Chiến dịch {slug} đã được duyệt", url="/admin/"
    )
    return SimpleNamespace(
        **_plan_side(slug, unit),
        breach=breach,
        notification=notification,
        slug=slug,
        unit=unit,
        officer=officer,
        role=role,
        channel=channel,
        collection=collection,
        image=image,
        document=document,
        image_upload=uploads[0],
        document_upload=uploads[1],
        editing_session=editing_session,
        reorganisation=Reorganisation.objects.get(unit=unit),
        group=GroupCollectionPermission.objects.filter(collection=collection).first().group,
    )


def _campaign(plan, unit, title, start):
    campaign = Campaign(
        plan=plan, theme=plan.themes.first(), unit=unit, title=title, start_date=start, end_date=start.replace(day=28)
    )
    return plan_actions.do_propose_campaign(campaign, actor=None)


def _plan_side(slug, unit) -> dict:
    """A union's plan with a theme and a responsibility, a target, the responsibility handed to
    the union itself (a plan duty: a dispatch and its task), an approved campaign, a campaign
    waiting for the Standing Committee, and a one-off calendar event."""
    day = datetime.date
    plan = Plan(
        issuing_unit=unit,
        number=1,
        symbol="KH-CĐCS",
        place="Vĩnh Long",
        issued_on=day(2026, 1, 15),
        title=f"Kế hoạch tuyên truyền {slug} năm 2026",
        period_start=day(2026, 1, 1),
        period_end=day(2026, 12, 31),
        status="issued",
    )
    plan.themes = [Theme(title=f"Chủ đề {slug} an toàn lao động")]
    plan.responsibilities = [Responsibility(unit=unit, heading=f"Ban chấp hành {slug}", duties="Tổ chức tuyên truyền")]
    plan = plan_actions.do_save_plan(plan, actor=None)
    target = plan_actions.do_save_target(
        Target(plan=plan, title=f"Chỉ tiêu {slug} chiến dịch", indicator="campaigns_run", target_value=1,
               deadline=day(2026, 12, 31)),
        actor=None,
    )  # fmt: skip
    (plan_duty,) = plan_actions.do_assign_responsibility(
        plan.responsibilities.get(), actor=None, title=f"Nhiệm vụ {slug} tuyên truyền", due_on=day(2026, 12, 15),
        units=[unit],
    )  # fmt: skip
    campaign = _campaign(plan, unit, f"Chiến dịch {slug} Tháng Công nhân", day(2026, 5, 1))
    campaign = plan_actions.do_decide_campaign(campaign, actor=None, approve=True)
    pending = _campaign(plan, unit, f"Chiến dịch {slug} an toàn vệ sinh lao động", day(2026, 6, 1))
    event = CalendarEvent.objects.create(unit=unit, title=f"Đại hội {slug}", start=timezone.localdate())
    return {
        "plan": plan,
        "theme": plan.themes.get(),
        "responsibility": plan.responsibilities.get(),
        "target": target,
        "plan_duty": plan_duty,
        "plan_dispatch": plan_duty.dispatch,
        "campaign": campaign,
        "campaign_revision": campaign.latest_revision,
        "pending_campaign": pending,
        "task_state": pending.current_workflow_task_state,
        "workflow_state": pending.current_workflow_state,
        "calendar_event": event,
    }


@pytest.fixture
def world(settings, tmp_path):
    """Confederation > province > commune union > grassroots unions A and B, built with the actions."""
    settings.MEDIA_ROOT = tmp_path
    day = datetime.date
    root = get_user_model().objects.create_superuser("quantri", "quantri@example.vn", "mat-khau-123")
    confederation = _unit(None, "TLD", "confederation", "Tổng Liên đoàn Lao động Việt Nam", day(1929, 7, 28), root)
    province = _unit(confederation, "VL", "provincial", "Liên đoàn Lao động tỉnh Vĩnh Long", day(1976, 1, 1), root)
    commune = _unit(province, "VL-PK", "commune", "Công đoàn phường Phú Khương", day(2025, 7, 1), root)
    # B sits under another commune, so that the commune admin of A's commune must not reach it either.
    other_commune = _unit(province, "VL-LH", "commune", "Công đoàn xã Long Hồ", day(2025, 7, 1), root)
    a = _unit(commune, "SONGTIEN-A", "grassroots", "Công đoàn cơ sở Công ty TNHH May Sông Tiền", day(2025, 7, 1), root)
    b = _unit(
        other_commune,
        "HAMLUONG-B",
        "grassroots",
        "Công đoàn cơ sở Công ty CP Thủy sản Hàm Luông",
        day(2025, 7, 1),
        root,
    )
    plan_actions.ensure_campaign_workflow()
    sides = SimpleNamespace(a=_side("songtien", a, root), b=_side("hamluong", b, root))
    _portal(root, province, [(sides.a, commune), (sides.b, other_commune)])
    _cascade(province, sides.a.article, [sides.a, sides.b])
    _dispatches([(sides.a, commune), (sides.b, other_commune)])
    _cases([sides.a, sides.b])
    commune_admin = get_user_model().objects.create_user("phukhuong_quantri", "pk@example.vn", "mat-khau-123")
    actions.do_assign_role(user=commune_admin, unit=commune, kind="federation_admin", actor=root)
    mixed = get_user_model().objects.create_user("phukhuong_bientap", "bt@example.vn", "mat-khau-123")
    actions.do_assign_role(user=mixed, unit=commune, kind="editor", actor=root)
    actions.do_assign_role(user=mixed, unit=province, kind="viewer", actor=root)
    return SimpleNamespace(
        root=root,
        commune=commune,
        a=sides.a,
        b=sides.b,
        commune_admin=get_user_model().objects.get(pk=commune_admin.pk),
        mixed=get_user_model().objects.get(pk=mixed.pk),
    )


def _portal(root, province, communes) -> None:
    """The province's portal with a section for each side's commune, and in each section a
    live article and a draft article waiting in the editorial workflow. A live article is
    public, so its title carries no side marker (choosers offer it to everyone); a draft
    carries its side's slug, so any screen that shows it to the other side fails the walk."""
    do_open_portal(province, hostname="localhost", actor=root)
    for side, commune in communes:
        side.section = do_open_section(commune, actor=root)
        side.article = _article(side.section, root, f"Tin {commune.code} đã đăng")
        side.article.save_revision(user=root).publish(user=root)
        side.article.refresh_from_db()
        side.publication = Publication.objects.create(
            article=side.article, channel=side.channel, status=PublicationStatus.AWAITING_CONFIRMATION
        )
        side.draft = _article(side.section, root, f"Bản nháp {side.slug} chờ duyệt")
        side.draft.save_revision(user=root)
        side.draft_revision = side.draft.latest_revision
        side.draft.get_workflow().start(side.draft, root)
        side.draft = ArticlePage.objects.get(pk=side.draft.pk)
        side.page_workflow_state = side.draft.current_workflow_state
        side.page_task_state = side.draft.current_workflow_task_state
        side.page_task = side.page_task_state.task


def _cascade(province, article, sides) -> None:
    """The province sends an article to every grassroots union: each side gets its task."""
    dispatch, _new = cascade_actions.do_dispatch(
        sender=province, actor=None, title="Hưởng ứng Tháng Công nhân", actions=["bulletin_board"],
        due_on=timezone.localdate() + datetime.timedelta(days=7), targets={"kinds": ["grassroots"]}, article=article,
    )  # fmt: skip
    cascade_actions.fan_out(dispatch.pk)
    for side in sides:
        side.unit_task = UnitTask.objects.get(dispatch=dispatch, unit=side.unit)


def _cases(sides) -> None:
    """A worker of each side's company writes to their union through the portal's form; each
    side's union has a routing rule."""
    from lantoa.inbox import intake
    from lantoa.inbox.models import Answer, Intake, RoutingRule

    for side in sides:
        message = intake.receive(intake.Inbound(
            intake=Intake.PORTAL, external_id=f"walk-{side.slug}", sent_at=timezone.now(), unit_id=side.unit.pk,
            text=f"Công nhân {side.slug} hỏi về tiền lương tháng 11", name=f"Người lao động {side.slug}",
        ))  # fmt: skip
        side.case = message.case
        side.rule = RoutingRule.objects.create(unit=side.unit, topic="osh", target_role="unit_officer")
        side.answer = Answer.objects.create(
            unit=side.unit, topic="wages", question=f"Hỏi đáp {side.slug} về tiền lương",
            answer="Công ty phải trả lương đúng hạn.", case=side.case,
        )  # fmt: skip


def _dispatches(sides) -> None:
    """Each side's commune sends its side's article to its side's union (the title names the side)."""
    for side, commune in sides:
        side.dispatch, _new = cascade_actions.do_dispatch(
            sender=commune, actor=None, title=f"Việc {side.slug} gửi cơ sở", actions=["poster"],
            due_on=timezone.localdate() + datetime.timedelta(days=5), targets={}, article=side.article,
        )  # fmt: skip
        cascade_actions.fan_out(side.dispatch.pk)


def _article(section, author, title: str) -> ArticlePage:
    article = ArticlePage(title=title, summary=f"{title}: tóm tắt.", owner=author, live=False)
    section.add_child(instance=article)
    return ArticlePage.objects.get(pk=article.pk)


# Who walks: the officer of grassroots union A, and the federation admin of A's commune union.
PERSONAS = ["officer", "commune_admin"]


def walker(world, persona):
    return {"officer": world.a.officer, "commune_admin": world.commune_admin, "mixed": world.mixed}[persona]


def check_for(key: str, persona: str) -> Check:
    """The classification of a pattern for a persona: the commune admin may use some areas an officer may not."""
    return ADMIN_CHECKS.get(key, TABLE[key]) if persona == "commune_admin" else TABLE[key]


# --- Reading responses


def body_text(response) -> str:
    """The text a response shows: HTML unescaped, JSON decoded, spreadsheet cells; read once."""
    if not hasattr(response, "walk_text"):
        response.walk_text = _read_text(response)
    return response.walk_text


def _read_text(response) -> str:
    raw = b"".join(response.streaming_content) if getattr(response, "streaming", False) else response.content
    content_type = response.get("Content-Type", "")
    if "spreadsheetml" in content_type:
        book = openpyxl.load_workbook(io.BytesIO(raw), read_only=True)
        return "\n".join(
            str(cell) for sheet in book.worksheets for row in sheet.iter_rows(values_only=True) for cell in row if cell
        )
    text = raw.decode("utf-8", errors="replace")
    if "json" in content_type:
        text = json.dumps(json.loads(text), ensure_ascii=False)
    return html.unescape(text)


def mentions(text: str, side) -> list[str]:
    """Which of a union's markers (name, code, slug of its officer and objects) the text holds."""
    folded = text.casefold()
    markers = [side.unit.name, side.unit.code, side.slug, side.unit.name.split("Công ty ")[-1]]
    return [marker for marker in markers if marker.casefold() in folded]


def denial(response) -> bool:
    """404, 403, or Wagtail's permission-denied redirect to the dashboard with its error message."""
    if response.status_code in (403, 404):
        return True
    if response.status_code == 302 and urlsplit(response["Location"]).path == reverse("wagtailadmin_home"):
        return any(message.level == ERROR for message in get_messages(response.wsgi_request))
    return False


def fetch(client, url, data=None):
    """GET (or POST `data`), following redirects other than a denial, within the site."""
    response = client.get(url) if data is None else client.post(url, data)
    for _hop in range(3):
        location = response.get("Location", "") if response.status_code in (301, 302) else ""
        if not location.startswith("/") or denial(response):
            break
        response = client.get(location)
    return response


def snapshot(world) -> dict:
    """Every stored field of B's objects, B's tags and memberships, and the page tree."""
    b = world.b
    objects = [
        b.unit,
        b.officer,
        b.role,
        b.channel,
        b.collection,
        b.image,
        b.document,
        b.image_upload,
        b.document_upload,
        b.editing_session,
        b.reorganisation,
        b.group,
        b.plan,
        b.theme,
        b.responsibility,
        b.target,
        b.plan_duty,
        b.plan_dispatch,
        b.campaign,
        b.pending_campaign,
        b.campaign_revision,
        b.task_state,
        b.workflow_state,
        b.calendar_event,
        b.breach,
        b.notification,
        b.unit_task,
        b.dispatch,
        b.case,
    ]
    state = {f"{type(o).__name__} {o.pk}": type(o).objects.filter(pk=o.pk).values().first() for o in objects}
    state["image tags"] = sorted(b.image.tags.names())
    state["document tags"] = sorted(b.document.tags.names())
    state["group permissions"] = sorted(b.group.permissions.values_list("codename", flat=True))
    state["group collection permissions"] = sorted(
        GroupCollectionPermission.objects.filter(group=b.group).values_list("collection_id", "permission_id")
    )
    state["officer groups"] = sorted(b.officer.groups.values_list("pk", flat=True))
    state["channels of B"] = sorted(Channel.objects.filter(unit=b.unit).values_list("pk", flat=True))
    state["collections under B"] = b.collection.get_descendants().count()
    # Every page but A's own section's, which A's writers may change.
    others = Page.objects.exclude(path__startswith=world.a.section.path).order_by("pk")
    state["pages"] = list(others.values("pk", "path", "title", "live", "locked"))
    state["workflow tasks"] = Task.objects.count()
    state |= page_rows_of(b)
    state |= plan_rows_of(b)
    return state


def plan_rows_of(side) -> dict:
    """Which plans, targets, plan duties, campaigns and events B has, and their children."""
    plans = Plan.objects.filter(issuing_unit=side.unit)
    campaigns = Campaign.objects.filter(unit=side.unit)
    workflow_states = [state for campaign in campaigns for state in campaign.workflow_states.all()]
    return {
        "plans of B": sorted(plans.values_list("pk", flat=True)),
        "themes of B": sorted(Theme.objects.filter(plan__in=plans).values_list("pk", "title")),
        "responsibilities of B": sorted(
            Responsibility.objects.filter(plan__in=plans).values_list("pk", "heading", "duties")
        ),
        "targets of B": sorted(Target.objects.filter(plan__in=plans).values_list("pk", flat=True)),
        "figures of B": sorted(ManualValue.objects.filter(target__plan__in=plans).values_list("pk", flat=True)),
        "plan duties of B": sorted(
            UnitTask.objects.filter(unit=side.unit, action=Action.PLAN_DUTY).values_list("pk", "status", "report")
        ),
        "dispatches of B's plans": sorted(Dispatch.objects.filter(plan__in=plans).values_list("pk", "status")),
        "campaigns of B": sorted(campaigns.values_list("pk", "live", "locked", "closed_on")),
        "campaign revisions of B": sorted(pk for c in campaigns for pk in c.revisions.values_list("pk", flat=True)),
        "workflow states of B": sorted((state.pk, state.status) for state in workflow_states),
        "task states of B": sorted(
            TaskState.objects.filter(workflow_state__in=workflow_states).values_list("pk", "status")
        ),
        "calendar events of B": sorted(CalendarEvent.objects.filter(unit=side.unit).values_list("pk", "title")),
    }


def page_rows_of(side) -> dict:
    """B's pages as stored: revisions, workflow and task states, privacy, aliases and copies."""
    pages = Page.objects.filter(path__startswith=side.section.path)
    page_ids = [str(pk) for pk in pages.values_list("pk", flat=True)]
    page_type = ContentType.objects.get_for_model(Page)
    states = WorkflowState.objects.filter(base_content_type=page_type, object_id__in=page_ids)
    return {
        "pages of B": sorted(pages.values_list("pk", "path", "title", "draft_title", "live", "locked", "owner_id")),
        "page revisions of B": sorted(
            Revision.objects.filter(base_content_type=page_type, object_id__in=page_ids).values_list("pk", flat=True)
        ),
        "page workflow states of B": sorted(states.values_list("pk", "status")),
        "page task states of B": sorted(
            TaskState.objects.filter(workflow_state__in=states).values_list("pk", "status")
        ),
        "page privacy of B": sorted(PageViewRestriction.objects.filter(page__in=pages).values_list("pk", flat=True)),
        "copies of B's pages": Page.objects.filter(title__in=pages.values("title")).count(),
    }


def changed(before, after) -> list[str]:
    return sorted(key for key in before if before[key] != after.get(key))


# --- The walk


def targets_of(side) -> dict:
    names = (
        "unit",
        "channel",
        "role",
        "reorganisation",
        "image",
        "document",
        "collection",
        "group",
        "image_upload",
        "document_upload",
        "editing_session",
        "plan",
        "responsibility",
        "target",
        "plan_duty",
        "plan_dispatch",
        "campaign",
        "campaign_revision",
        "pending_campaign",
        "task_state",
        "workflow_state",
        "breach",
        "notification",
        "section",
        "article",
        "draft",
        "draft_revision",
        "publication",
        "page_workflow_state",
        "page_task_state",
        "page_task",
        "unit_task",
        "dispatch",
        "case",
        "rule",
        "answer",
    )
    return {"user": side.officer, **{name: getattr(side, name) for name in names}}


def build_url(route: Route, check: Check, world) -> str:
    targets = targets_of(world.b)
    kwargs = {}
    for name in route.params:
        if name in check.params:
            value = check.params[name]
            kwargs[name] = targets[value.name].pk if isinstance(value, Of) else value
        else:
            kwargs[name] = targets[check.target].pk if check.target else 1
    if route.name is None:
        url = "/" + route.route.replace("^.*/$", "nowhere/")
    elif route.name == "wagtaildocs_serve":
        url = reverse(route.name, args=[world.b.document.pk, world.b.document.filename])
    elif route.positional:
        url = reverse(route.name, args=check.params["args"])
    else:
        url = reverse(route.name, kwargs=kwargs)
    return url + check.query.format(**{name: target.pk for name, target in targets.items()})


def with_query(url: str, **params) -> str:
    return f"{url}{'&' if '?' in url else '?'}{urlencode(params)}"


def post_data(world) -> dict:
    """A submission that would rename, move or delete whatever it reached, into A's reach."""
    a, b = world.a, world.b
    return {
        "name": "Đã bị sửa",
        "title": "Đã bị sửa",
        "short_name": "Sửa",
        "username": "da_bi_sua",
        "email": "sua@example.vn",
        "first_name": "Sửa",
        "last_name": "Sửa",
        "is_active": "",
        "user": a.officer.pk,
        "unit": a.unit.pk,
        "parent": a.unit.pk,
        "target": a.unit.pk,
        "collection": a.collection.pk,
        "kind": "zalo_group",
        "address": "https://zalo.me/g/suadoi",
        "purpose": "both",
        "tags": "bi-sua",
        "code": "SUA",
        "member_count": 1,
        "worker_count": 1,
        "female_member_count": 0,
        "operation": "close",
        "decision": "approve",  # the campaign review's answers
        "request_changes-comment": "Đã bị sửa",
        "reject-comment": "Đã bị sửa",
        "on_date": "01/01/2030",
        "effective_date": "01/01/2030",
        "valid_from": "01/07/2025",
        "restriction_type": "none",
        "format": "fullwidth",
        "alt_text": "x",
        "image_is_decorative": "on",
        f"image-{b.image.pk}-title": "Đã bị sửa",
        f"image-{b.image.pk}-collection": a.collection.pk,
        f"doc-{b.document.pk}-title": "Đã bị sửa",
        f"doc-{b.document.pk}-collection": a.collection.pk,
        f"upload-{b.image_upload.pk}-title": "Đã bị sửa",
        f"upload-{b.document_upload.pk}-title": "Đã bị sửa",
    }


def walk_one(client, route: Route, check: Check, world, user=None) -> list[str]:
    where = f"{route.route} [{route.name}]"
    url = build_url(route, check, world)
    before = snapshot(world)
    problems = []

    def expect_denied(method, response, also=()):
        if not (denial(response) or response.status_code in also):
            seen = mentions(body_text(response), world.b)
            problems.append(f"{where}: {method} {url} answered {response.status_code}, not a denial (B shown: {seen})")

    def expect_no_b(method, variant, response):
        if response.status_code >= 500:
            problems.append(f"{where}: {method} {variant} answered {response.status_code}")
        elif seen := mentions(body_text(response), world.b):
            problems.append(f"{where}: {method} {variant} ({response.status_code}) shows B: {seen}")

    if check.kind == "listing":
        variants = [url, with_query(url, export="csv"), with_query(url, export="xlsx")]
        variants += [with_query(url, q=check.search)] if check.search else []
        for variant in variants:
            response = client.get(variant)
            expect_no_b("GET", variant, response)
            shows_a = response.status_code == 200 and mentions(body_text(response), world.a)
            if check.show_a and variant == url and not shows_a:
                problems.append(f"{where}: GET {url} ({response.status_code}) does not show A's objects")
    elif check.kind == "object":
        expect_denied("GET", fetch(client, url), also=(405,) if check.post_only else ())
        if check.write:
            expect_denied("POST", fetch(client, url, post_data(world)))
    elif check.kind == "denied":
        response = fetch(client, url)
        if check.get_renders and response.status_code == 200:
            expect_no_b("GET", url, response)
        else:
            expect_denied("GET", response, also=(405,) if check.post_only else ())
        if check.post_only or check.get_renders:
            expect_denied("POST", fetch(client, url, post_data(world)), also=check.refused)
    elif check.kind == "own":
        expect_no_b("GET", url, client.get(url))
        expect_no_b("POST", url, client.post(url, post_data(world)))
    elif check.kind == "harmless":
        expect_no_b("GET", url, client.get(url))
    elif check.kind == "public":
        officer = client.get(url)
        client.logout()
        anonymous = client.get(url)
        client.force_login(user or world.a.officer)
        if officer.status_code != anonymous.status_code:
            problems.append(f"{where}: {url}: the officer gets {officer.status_code}, visitors {anonymous.status_code}")
        if route.name != "wagtaildocs_serve" and (seen := mentions(body_text(officer), world.b)):
            problems.append(f"{where}: GET {url} ({officer.status_code}) shows B: {seen}")
    if diff := changed(before, snapshot(world)):
        problems.append(f"{where}: {url} changed B's {diff}")
    return problems


@pytest.mark.django_db
@pytest.mark.parametrize("persona", PERSONAS)
def test_a_side_sees_and_changes_nothing_of_b(world, client, persona):
    assert not unclassified_routes(), "classify every URL pattern first (test_every_url_pattern_is_classified)"
    client.force_login(walker(world, persona))
    problems, counts = [], {}
    for route in iter_routes():
        check = check_for(route.key, persona)
        kind = "known leak" if check.leak else check.kind
        counts[kind] = counts.get(kind, 0) + 1
        if not check.leak:
            problems += walk_one(client, route, check, world, walker(world, persona))
    print("URL patterns walked, by class:", dict(sorted(counts.items())))
    assert not problems, "B is reachable from A:\n" + "\n".join(problems)


# Writes a reader of the province may make on B's objects: choosing B's image for a page is
# using it, which the province's media group ("dùng tư liệu") grants to every role there.
MIXED_MAY = {"wagtailimages_chooser:select_format"}
# Pages a reader opens (GET shows B) whose POST is an answer only a decider may give: the
# mixed persona reads them; their POST must leave B unchanged. The dispatch form of B's
# article or campaign opens for a reader, who may send it only from their own units.
READ_THEN_ANSWER = {"plans_campaign_review", "cascade_dispatch_article", "cascade_dispatch_campaign"}


def post_changes_nothing(client, route, world) -> list[str]:
    url = build_url(route, check_for(route.key, "commune_admin"), world)
    before = snapshot(world)
    client.post(url, post_data(world))
    diff = changed(before, snapshot(world))
    return [f"POST {url} changed B's {diff}"] if diff else []


def write_check(check: Check) -> bool:
    return (check.kind == "object" and check.write) or check.kind == "denied"


@pytest.mark.django_db
def test_an_editor_below_who_reads_above_changes_nothing_above(world, client):
    """The mixed-role persona: editor of A's commune union and viewer of the province. The
    viewer role lets them read B (under the province); no write URL lets them change B,
    because each right holds only where the role granting it sits."""
    client.force_login(world.mixed)
    problems, walked = [], 0
    for route in iter_routes():
        # Editor of the commune, like its administrator: the commune's own screens open.
        check = check_for(route.key, "commune_admin")
        if check.leak or not write_check(check) or route.key in MIXED_MAY:
            continue
        walked += 1
        if route.key in READ_THEN_ANSWER:
            problems += post_changes_nothing(client, route, world)
            continue
        problems += walk_one(client, route, check, world, world.mixed)
    print("write URL patterns walked as the mixed persona:", walked)
    assert walked > 80
    assert not problems, "B is changeable by a reader of the province:\n" + "\n".join(problems)


KNOWN_LEAKS = [
    pytest.param(key, marks=pytest.mark.xfail(strict=True, reason=check.leak), id=key)
    for key, check in TABLE.items()
    if check.leak
]


@pytest.mark.django_db
@pytest.mark.parametrize("key", KNOWN_LEAKS)
def test_known_leaks_still_leak(world, client, key):
    """A pattern marked `leak` is walked on its own; once fixed it passes here (XPASS fails
    the run): then drop its `leak` so the main walk covers it again."""
    client.force_login(world.a.officer)
    routes = [route for route in iter_routes() if route.key == key]
    assert routes, f"no URL pattern {key}"
    assert not walk_one(client, routes[0], TABLE[key], world)


# --- Bulk actions


def bulk_targets(world) -> dict:
    """The B object each bulk-actionable model is tried on (pages: B's live article)."""
    user_meta = get_user_model()._meta
    return {
        ("wagtailimages", "image"): world.b.image,
        ("wagtaildocs", "document"): world.b.document,
        (user_meta.app_label, user_meta.model_name): world.b.officer,
        ("wagtailcore", "page"): world.b.article,
        ("plans", "campaign"): world.b.campaign,
    }


# Known leaks, found and not yet fixed: left out of the test below, expected to fail on their own.
BULK_LEAKS: dict[tuple[str, str, str], str] = {}


def try_bulk_action(client, world, app_label, model_name, action, target) -> list[str]:
    """GET and POST one bulk action on B's object and on "all": what showed B or changed B's objects."""
    problems = []
    base = reverse("wagtail_bulk_action", args=[app_label, model_name, action])
    for ids in (str(target.pk), "all"):
        url = with_query(base, id=ids)
        before = snapshot(world)
        response = client.get(url)
        if seen := mentions(body_text(response), world.b):
            problems.append(f"GET {url} ({response.status_code}) shows B: {seen}")
        data = {**post_data(world), "next": "/admin/", "role": world.b.group.pk, "mark_as_active": ""}
        response = client.post(url, data)
        if seen := mentions(body_text(response), world.b):
            problems.append(f"POST {url} ({response.status_code}) shows B: {seen}")
        if diff := changed(before, snapshot(world)):
            problems.append(f"POST {url} changed B's {diff}")
    return problems


@pytest.mark.django_db
@pytest.mark.parametrize("persona", PERSONAS)
def test_bulk_actions_leave_b_alone(world, client, persona):
    """Every registered bulk action, on B's object and on "all", as A's side: B unchanged and unnamed."""
    client.force_login(walker(world, persona))
    bulk_action_registry.get_bulk_actions_for_model("wagtailcore", "page")  # loads the registry
    targets = bulk_targets(world)
    problems, tried = [], 0
    for app_label, models in sorted(bulk_action_registry.actions.items()):
        for model_name, bulk_actions in sorted(models.items()):
            if (app_label, model_name) not in targets:
                problems.append(f"bulk actions of {app_label}.{model_name}: no B object to try them on, add one")
                continue
            for action in sorted(bulk_actions):
                if (app_label, model_name, action) not in BULK_LEAKS:
                    target = targets[(app_label, model_name)]
                    problems += try_bulk_action(client, world, app_label, model_name, action, target)
                    tried += 1
    assert tried >= 10, "the bulk action registry looks empty"
    assert not problems, "\n".join(problems)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "app_label, model_name, action",
    [pytest.param(*key, marks=pytest.mark.xfail(strict=True, reason=why)) for key, why in BULK_LEAKS.items()],
)
def test_known_bulk_leaks_still_leak(world, client, app_label, model_name, action):
    """Once fixed, this passes (XPASS fails the run): then drop the entry from BULK_LEAKS."""
    client.force_login(world.a.officer)
    target = bulk_targets(world)[(app_label, model_name)]
    assert not try_bulk_action(client, world, app_label, model_name, action, target)


@pytest.mark.django_db
def test_bulk_actions_still_work_on_a(world, client):
    client.force_login(world.a.officer)
    url = with_query(reverse("wagtail_bulk_action", args=["wagtailimages", "image", "add_tags"]), id=world.a.image.pk)
    assert world.a.image.title in body_text(client.get(url))
    client.post(url, {"tags": "tổng kết"})
    assert "tổng kết" in world.a.image.tags.names()


# --- Forms, choosers and the tree


@pytest.mark.django_db
def test_a_channel_cannot_be_created_for_or_moved_to_b(world, client):
    client.force_login(world.a.officer)
    fields = {"kind": "zalo_group", "name": "Nhóm Zalo mới", "address": "https://zalo.me/g/nhommoi", "purpose": "both"}
    count = Channel.objects.count()

    response = client.post(reverse("channel:add"), {**fields, "unit": world.b.unit.pk})
    assert response.status_code == 200 and response.context["form"].errors.get("unit")
    assert Channel.objects.count() == count

    response = client.post(reverse("channel:edit", args=[world.a.channel.pk]), {**fields, "unit": world.b.unit.pk})
    assert response.status_code == 200 and response.context["form"].errors.get("unit")
    assert Channel.objects.get(pk=world.a.channel.pk).unit == world.a.unit

    response = client.post(reverse("channel:add"), {**fields, "unit": world.a.unit.pk})
    assert response.status_code == 302
    assert Channel.objects.filter(unit=world.a.unit, name=fields["name"]).exists()


@pytest.mark.django_db
def test_forms_and_choosers_offer_a_and_never_b(world, client):
    client.force_login(world.a.officer)
    urls = [
        reverse("channel:add"),
        reverse("channel:edit", args=[world.a.channel.pk]),
        reverse("unit:edit", args=[world.a.unit.pk]),
        reverse("wagtailimages:add"),
        reverse("wagtailimages:edit", args=[world.a.image.pk]),
        reverse("wagtaildocs:add"),
        reverse("wagtaildocs:edit", args=[world.a.document.pk]),
        reverse("unit_chooser:choose"),
        with_query(reverse("unit_chooser:choose_results"), q="Hàm Luông"),
        reverse("wagtailimages_chooser:choose"),
        reverse("wagtaildocs_chooser:choose"),
        reverse("wagtailimages_chooser:create"),
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert not mentions(body_text(response), world.b), url
    chooser = body_text(client.get(reverse("unit_chooser:choose")))
    assert world.a.unit.name in chooser and world.b.unit.name not in chooser


@pytest.mark.django_db
def test_the_tree_rooted_at_b_is_not_found(world, client):
    client.force_login(world.a.officer)
    tree = reverse("org_tree")
    assert client.get(with_query(tree, don_vi=world.b.unit.pk)).status_code == 404
    assert client.get(with_query(tree, don_vi=world.b.unit.pk, ngay="01/08/2025")).status_code == 404
    response = client.get(with_query(tree, don_vi=world.a.unit.pk))
    assert response.status_code == 200 and world.a.unit.name in body_text(response)
    assert not mentions(body_text(client.get(with_query(tree, don_vi=world.commune.pk))), world.b)


@pytest.mark.django_db
def test_a_reaches_its_own_plan_screens(world, client):
    """The walk's denials on B's ids are not broken URLs: the same screens open on A's ids."""
    client.force_login(world.a.officer)
    a = world.a
    campaign_views = "wagtailsnippets_plans_campaign"
    screens = [
        reverse("plans_dashboard", args=[a.plan.pk]),
        reverse("plans_target", args=[a.plan.pk, a.target.pk]),
        reverse("plan:edit", args=[a.plan.pk]),
        reverse("target:edit", args=[a.target.pk]),
        reverse("plans_manual_value", args=[a.target.pk]),
        reverse("viec:task", args=[a.plan_duty.pk]),
        reverse("cascade_dispatch", args=[a.plan_dispatch.pk]),
        reverse(f"{campaign_views}:edit", args=[a.campaign.pk]),
        reverse(f"{campaign_views}:workflow_history", args=[a.pending_campaign.pk]),
        reverse(f"{campaign_views}:workflow_history_detail", args=[a.pending_campaign.pk, a.workflow_state.pk]),
        reverse("plans_close_campaign", args=[a.campaign.pk]),
        reverse("api:get_plan", kwargs={"plan_id": a.plan.pk}),
        reverse("plans_calendar"),
    ]
    for url in screens:
        response = client.get(url)
        assert response.status_code == 200, url
        text = body_text(response)
        assert mentions(text, world.a) and not mentions(text, world.b), url
    for name in ("plans_export_plan_docx", "plans_report_signer", "plans_export_report_xlsx"):
        assert client.get(reverse(name, args=[a.plan.pk])).status_code == 200, name
    # The report asks for its signer first.
    response = client.get(reverse("plans_export_report_docx", args=[a.plan.pk]))
    assert response.status_code == 302 and response["Location"] == reverse("plans_report_signer", args=[a.plan.pk])
    # B's target under A's plan: the drill-down reads targets of the plan it was given.
    assert client.get(reverse("plans_target", args=[a.plan.pk, world.b.target.pk])).status_code == 404


@pytest.mark.django_db
def test_site_history_shows_a_and_not_b(world, client):
    client.force_login(world.a.officer)
    response = client.get(reverse("wagtailadmin_reports:site_history"))
    text = body_text(response)
    assert world.a.unit.name in text and world.a.channel.name in text
    assert not mentions(text, world.b)
    # The filter choices (users who acted, object types, actions) are scoped too.
    assert world.a.officer.username in text and world.b.officer.username not in text


@pytest.mark.django_db
@pytest.mark.xfail(strict=True, reason="Wagtail's tag vocabulary is global: B's image tags are offered to A")
def test_image_tags_of_b_are_not_offered_to_a(world, client):
    world.b.image.tags.add("hamluong-noi-bo")
    client.force_login(world.a.officer)
    for url in (reverse("wagtailimages:index"), reverse("wagtailimages_chooser:choose")):
        assert "hamluong-noi-bo" not in body_text(client.get(url)), url


@pytest.fixture
def admin_elsewhere(world):
    """The federation administrator of another province (holds org.add_user and org.change_user)."""
    other = _unit(
        world.commune.parent.parent,
        "TV",
        "provincial",
        "Liên đoàn Lao động tỉnh Trà Vinh",
        datetime.date(1992, 1, 1),
        world.root,
    )
    admin = get_user_model().objects.create_user("travinh_admin", "tv@example.vn", "mat-khau-123")
    actions.do_assign_role(user=admin, unit=other, kind="federation_admin", actor=world.root)
    return get_user_model().objects.get(pk=admin.pk)


@pytest.mark.django_db
def test_a_federation_admin_elsewhere_cannot_bulk_change_b_officer(world, admin_elsewhere, client):
    """Wagtail's user bulk actions check only `org.change_user`: scoped, they never reach B's officer."""
    client.force_login(admin_elsewhere)
    before = snapshot(world)
    for action, data in (("set_active_state", {"mark_as_active": ""}), ("assign_role", {"role": world.b.group.pk})):
        url = with_query(reverse("wagtail_bulk_action", args=["org", "user", action]), id=world.b.officer.pk)
        assert client.get(url).status_code == 404
        assert client.post(url, data).status_code == 404
    assert not changed(before, snapshot(world))


@pytest.mark.django_db
def test_staff_cannot_grant_superuser_status_or_groups(world, admin_elsewhere, client):
    """Groups follow roles; otherwise a federation admin could join B's media group, or make a superuser."""
    client.force_login(admin_elsewhere)
    groups = set(admin_elsewhere.groups.all())
    url = with_query(reverse("wagtail_bulk_action", args=["org", "user", "assign_role"]), id=admin_elsewhere.pk)
    client.post(url, {"role": world.b.group.pk})
    assert set(admin_elsewhere.groups.all()) == groups

    form = client.get(reverse("wagtailusers_users:add")).context["form"]
    assert "is_superuser" not in form.fields and "groups" not in form.fields
    password = "Mat-khau-dai-9!"  # noqa: S105
    response = client.post(
        reverse("wagtailusers_users:add"),
        {
            "username": "nguoi_moi",
            "email": "moi@example.vn",
            "first_name": "Mới",
            "last_name": "Người",
            "password1": password,
            "password2": password,
            "is_superuser": "on",
            "groups": [world.b.group.pk],
        },
    )
    assert response.status_code == 302
    created = get_user_model().objects.get(username="nguoi_moi")
    assert not created.is_superuser and not created.groups.exists()

    response = client.post(
        reverse("wagtailusers_users:edit", args=[admin_elsewhere.pk]),
        {
            "username": "travinh_admin",
            "email": "tv@example.vn",
            "first_name": "A",
            "last_name": "B",
            "is_superuser": "on",
            "groups": [world.b.group.pk],
        },
    )
    assert response.status_code == 302
    admin = get_user_model().objects.get(pk=admin_elsewhere.pk)
    assert not admin.is_superuser and set(admin.groups.all()) == groups


# --- Portal pages: A's own screens, and bulk actions on lists that mix A's and B's pages


@pytest.mark.django_db
def test_a_commune_editor_reaches_its_own_page_screens(world, client):
    """The walk's denials on B's pages are not broken URLs: the commune admin of A's commune
    (a writer in its section) opens the same screens on A's pages, and sees A's draft."""
    client.force_login(world.commune_admin)
    a, draft_title = world.a, world.a.draft.title
    showing_the_draft = [
        reverse("wagtailadmin_explore", args=[a.section.pk]),
        reverse("wagtailadmin_pages:edit", args=[a.draft.pk]),
        reverse("wagtailadmin_pages:history", args=[a.draft.pk]),
        reverse("wagtailadmin_pages:workflow_history", args=[a.draft.pk]),
        with_query(reverse("wagtailadmin_pages:search"), q=DRAFT_SEARCH),
        with_query(reverse("wagtailadmin_choose_page_search"), q=DRAFT_SEARCH),
        reverse("wagtailadmin_choose_page_child", args=[a.section.pk]),
    ]
    for url in showing_the_draft:
        response = client.get(url)
        assert response.status_code == 200, url
        text = body_text(response)
        assert draft_title in text and not mentions(text, world.b), url
    response = client.get(reverse("wagtailadmin_pages:add", args=["content", "articlepage", a.section.pk]))
    assert response.status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("action", ["delete", "unpublish", "move", "publish"])
def test_b_pages_in_a_bulk_id_list_are_left_out(world, client, action):
    """Wagtail's page bulk actions check each page, but list the refused ones by title: scoped,
    B's pages in an `?id=` list are as if absent, and stay as they were."""
    client.force_login(world.commune_admin)
    before = snapshot(world)
    ids = [world.a.article.pk, world.b.article.pk, world.b.draft.pk]
    url = (
        reverse("wagtail_bulk_action", args=["wagtailcore", "page", action]) + "?" + urlencode([("id", i) for i in ids])
    )
    response = client.get(url)
    assert response.status_code == 200 and world.a.article.title in body_text(response)
    assert not mentions(body_text(response), world.b) and world.b.article.title not in body_text(response)
    client.post(url, {"chooser": world.a.section.pk, "move_applicable": "on", "next": "/admin/"})
    assert not changed(before, snapshot(world))


def _as(user, url):
    request = RequestFactory().get(url)
    request.user = user
    request.session = {}
    request._messages = []
    return request


@pytest.mark.django_db
def test_the_scoped_chooser_and_page_reports_name_nothing_of_b(world):
    """`lantoa.portal.admin_views` replaces the two page screens Wagtail lists without asking
    the policy; called directly until `lantoa.urls` serves them at Wagtail's addresses."""
    admin = world.commune_admin
    ids = f"?id={world.a.draft.pk}&id={world.b.draft.pk}&id={world.b.article.pk}"
    chosen = body_text(ScopedChosenMultipleView.as_view()(_as(admin, "/admin/choose-page/chosen-multiple/" + ids)))
    assert world.a.draft.title in chosen and world.b.article.title in chosen
    assert not mentions(chosen, world.b)
    report = ScopedPageTypesUsageReportView.as_view()(_as(admin, "/admin/reports/page-types-usage/"))
    assert not mentions(body_text(report.render()), world.b)
    for view in (ScopedWorkflowView, ScopedWorkflowTasksView):
        text = body_text(view.as_view()(_as(admin, "/admin/reports/workflow/")).render())
        assert world.a.draft.title in text and world.a.pending_campaign.title in text, view
        assert not mentions(text, world.b), view

"""The user guide's registry: one page per role, and every screen a page shows.

Each `Shot` names a screen by its admin URL (a path, or a URL name whose arguments are
found in the demo province), the demo login that sees it, and the heading the screen
shows. `make guide` (manage.py make_guide) takes the screenshots from this registry; a
test opens every registered screen over the demo and fails when it is gone or its
heading changed, so the guide never shows a screen that no longer exists.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

STATIC_DIR = "workspace/guide"  # under the app's static/ folder


@dataclass(frozen=True)
class Shot:
    key: str  # the screenshot's file name: static/workspace/guide/<key>.png
    username: str  # the demo login the screenshot is taken as
    heading: str  # text the screen's title (its <h1>) shows, as the demo shows it
    path: str = ""  # an admin path, or…
    url_name: str = ""  # …a URL name with
    args: Callable[[], tuple] | None = None  # its arguments, looked up in the demo
    query: str = ""  # appended to the URL ("?q=…")
    menu: str = ""  # where the screen lives in the sidebar, as the user reads it
    full_page: bool = False

    def url(self) -> str:
        if self.path:
            return self.path + self.query
        return reverse(self.url_name, args=self.args() if self.args else ()) + self.query

    @property
    def static_path(self) -> str:
        return f"{STATIC_DIR}/{self.key}.png"


@dataclass(frozen=True)
class GuidePage:
    slug: str
    title: str
    username: str  # the demo login that plays this role
    summary: str
    shots: tuple[str, ...]  # keys of SHOTS, in the order the page shows them

    @property
    def template(self) -> str:
        return f"workspace/guide/{self.slug}.html"


# --- The demo objects the screens open (looked up when a URL is built) -----------------


def _units():
    from lantoa.demo.province import key_units

    return key_units()


def _province_plan():
    """Vĩnh Long's plan, adopted from the confederation's plan."""
    from lantoa.plans.models import Plan

    return Plan.objects.get(issuing_unit=_units()["vinh_long"], adopted_from__isnull=False)


def province_plan_args() -> tuple:
    return (_province_plan().pk,)


def national_plan_args() -> tuple:
    return (_province_plan().adopted_from_id,)


def groups_target_args() -> tuple:
    plan = _province_plan()
    return (plan.pk, plan.targets.get(indicator="units_with_groups").pk)


def budget_target_args() -> tuple:
    plan = _province_plan()
    return (plan.pk, plan.targets.get(indicator="budget_spent").pk)


def _campaign(state: str):
    from lantoa.plans.models import Campaign

    # `state` is computed (approval, dates, closing), not a column.
    return next(c for c in Campaign.objects.filter(unit=_units()["vinh_long"]).order_by("pk") if c.state == state)


def proposed_campaign_args() -> tuple:
    return (_campaign("proposed").pk,)


def running_campaign_args() -> tuple:
    return (_campaign("running").pk,)


def commune_duty_args() -> tuple:
    """The commune's most urgent pending plan duty, as the officer opens it from /viec/."""
    from lantoa.cascade.models import Action, TaskStatus, UnitTask

    duties = UnitTask.objects.filter(unit=_units()["commune"], action=Action.PLAN_DUTY, status=TaskStatus.PENDING)
    return (duties.order_by("due_on", "pk").first().pk,)


def commune_unit_args() -> tuple:
    return (_units()["commune"].pk,)


def commune_officer_args() -> tuple:
    from django.contrib.auth import get_user_model

    return (get_user_model().objects.get(username="captren.demo").pk,)


# --- The screens ------------------------------------------------------------------------
# Menu paths and headings are what the Vietnamese interface shows (the guide's content).

EDITOR = "tinh.tuyengiao"
APPROVER = "tinh.lanhdao"
SPOKESPERSON = "tinh.phatngon"
FINANCE = "tinh.taichinh"
COMMUNE = "captren.demo"
GRASSROOTS = "coso.demo"
ADMIN = "admin"

_SHOTS = [
    # Home ("Việc của tôi") and the bell, per role.
    Shot("editor_home", EDITOR, "Việc của tôi", path="/admin/", menu="Trang chủ"),
    Shot("approver_home", APPROVER, "Việc của tôi", path="/admin/", menu="Trang chủ"),
    Shot("spokesperson_home", SPOKESPERSON, "Việc của tôi", path="/admin/", menu="Trang chủ"),
    Shot("finance_home", FINANCE, "Việc của tôi", path="/admin/", menu="Trang chủ"),
    Shot("commune_home", COMMUNE, "Việc của tôi", path="/admin/", menu="Trang chủ"),
    Shot("grassroots_home", GRASSROOTS, "Việc của tôi", path="/admin/", menu="Trang chủ"),
    Shot("admin_home", ADMIN, "Việc của tôi", path="/admin/", menu="Trang chủ"),
    Shot("notifications", APPROVER, "Thông báo", url_name="workspace_notifications", menu="Thông báo"),
    # Plans, targets, the work sent down (a plan's duties among it).
    Shot("editor_plans", EDITOR, "Kế hoạch", url_name="plan:index", menu="Kế hoạch và chiến dịch › Kế hoạch"),
    Shot(
        "editor_adopt",
        EDITOR,
        "Cụ thể hóa thành kế hoạch của đơn vị",
        url_name="plans_adopt",
        args=national_plan_args,
        menu="Kế hoạch và chiến dịch › Kế hoạch › (kế hoạch cấp trên) › Cụ thể hóa",
    ),
    Shot(
        "editor_dashboard",
        EDITOR,
        "Theo dõi thực hiện kế hoạch",
        url_name="plans_dashboard",
        args=province_plan_args,
        menu="Kế hoạch và chiến dịch › Kế hoạch › (kế hoạch) › Theo dõi thực hiện",
    ),
    Shot(
        "editor_assignments",
        EDITOR,
        "Việc đã gửi xuống",
        url_name="cascade_dispatches",
        menu="Việc đã gửi xuống",
    ),
    Shot(
        "editor_report",
        EDITOR,
        "Lập báo cáo kết quả thực hiện",
        url_name="plans_report_signer",
        args=province_plan_args,
        menu="Kế hoạch và chiến dịch › Kế hoạch › (kế hoạch) › Theo dõi thực hiện › Báo cáo",
    ),
    Shot("editor_search", EDITOR, "Tìm kiếm", path="/admin/search/", query="?q=Giao+Long", menu="Tìm kiếm"),
    Shot("editor_campaigns", EDITOR, "Chiến dịch", url_name="wagtailsnippets_plans_campaign:list", menu="Chiến dịch"),
    Shot("editor_calendar", EDITOR, "Lịch công đoàn", url_name="plans_calendar", menu="Lịch công đoàn"),
    Shot(
        "editor_channels",
        EDITOR,
        "Kênh truyền thông",
        url_name="channel:index",
        menu="Kênh truyền thông › Sổ kênh truyền thông",
    ),
    Shot(
        "editor_verification",
        EDITOR,
        "Chờ xác minh",
        url_name="channel_verification:index",
        menu="Kênh truyền thông › Chờ xác minh",
    ),
    Shot(
        "editor_import",
        EDITOR,
        "Nhập sổ kênh từ Excel",
        url_name="channels_xlsx_import",
        menu="Kênh truyền thông › Sổ kênh truyền thông › Nhập từ Excel",
    ),
    # Approver.
    Shot(
        "approver_campaign",
        APPROVER,
        "Xem và duyệt chiến dịch",
        url_name="plans_campaign_review",
        args=proposed_campaign_args,
        menu="Trang chủ › Chiến dịch chờ duyệt › (chiến dịch)",
    ),
    Shot(
        "approver_dashboard",
        APPROVER,
        "Theo dõi thực hiện kế hoạch",
        url_name="plans_dashboard",
        args=province_plan_args,
        menu="Kế hoạch và chiến dịch › Kế hoạch › (kế hoạch) › Theo dõi thực hiện",
    ),
    # Spokesperson.
    Shot("spokesperson_calendar", SPOKESPERSON, "Lịch công đoàn", url_name="plans_calendar", menu="Lịch công đoàn"),
    Shot(
        "spokesperson_campaigns",
        SPOKESPERSON,
        "Chiến dịch",
        url_name="wagtailsnippets_plans_campaign:list",
        menu="Chiến dịch",
    ),
    Shot(
        "spokesperson_channels",
        SPOKESPERSON,
        "Kênh truyền thông",
        url_name="channel:index",
        menu="Kênh truyền thông › Sổ kênh truyền thông",
    ),
    # Finance.
    Shot(
        "finance_spending", FINANCE, "Chi tiêu chiến dịch", url_name="plans_spending_index", menu="Chi tiêu chiến dịch"
    ),
    Shot(
        "finance_record",
        FINANCE,
        "Ghi chi tiêu",
        url_name="plans_record_spending",
        args=running_campaign_args,
        menu="Chi tiêu chiến dịch › (chiến dịch) › Ghi chi tiêu",
    ),
    Shot(
        "finance_budget_target",
        FINANCE,
        "Giải ngân",
        url_name="plans_target",
        args=budget_target_args,
        menu="Kế hoạch và chiến dịch › Kế hoạch › (kế hoạch) › Theo dõi thực hiện › (chỉ tiêu kinh phí)",
    ),
    # Commune (upper-level) union.
    Shot("commune_plans", COMMUNE, "Kế hoạch", url_name="plan:index", menu="Kế hoạch và chiến dịch › Kế hoạch"),
    Shot(
        "commune_own_line",
        COMMUNE,
        "nhóm Zalo",
        url_name="plans_target",
        args=groups_target_args,
        menu="Kế hoạch và chiến dịch › Kế hoạch › (kế hoạch của tỉnh) › Theo dõi thực hiện › (chỉ tiêu)",
    ),
    Shot(
        "commune_adopt",
        COMMUNE,
        "Cụ thể hóa thành kế hoạch của đơn vị",
        url_name="plans_adopt",
        args=province_plan_args,
        menu="Kế hoạch và chiến dịch › Kế hoạch › (kế hoạch của tỉnh) › Cụ thể hóa",
    ),
    # The officer's work pages (/viec/), outside the admin: the home page links to them.
    Shot(
        "commune_assignments",
        COMMUNE,
        "Việc cần làm",
        url_name="viec:index",
        menu="Trang chủ › Việc cần làm",
    ),
    Shot(
        "commune_report_done",
        COMMUNE,
        "Thực hiện nhiệm vụ theo kế hoạch",  # the task page's title: the plan duty's action
        url_name="viec:task",
        args=commune_duty_args,
        menu="Việc cần làm › (nhiệm vụ) › Báo cáo kết quả",
    ),
    Shot(
        "commune_verification",
        COMMUNE,
        "Chờ xác minh",
        url_name="channel_verification:index",
        menu="Kênh truyền thông › Chờ xác minh",
    ),
    Shot("commune_tree", COMMUNE, "Cây tổ chức công đoàn", url_name="org_tree", menu="Cây tổ chức công đoàn"),
    # Grassroots union.
    Shot(
        "grassroots_channels",
        GRASSROOTS,
        "Kênh truyền thông",
        url_name="channel:index",
        menu="Kênh truyền thông › Sổ kênh truyền thông",
    ),
    Shot(
        "grassroots_channel_new",
        GRASSROOTS,
        "Kênh truyền thông",
        url_name="channel:add",
        menu="Kênh truyền thông › Sổ kênh truyền thông › Thêm kênh truyền thông",
    ),
    Shot(
        "grassroots_own_line",
        GRASSROOTS,
        "nhóm Zalo",
        url_name="plans_target",
        args=groups_target_args,
        menu="Kế hoạch và chiến dịch › Kế hoạch › (kế hoạch của tỉnh) › Theo dõi thực hiện › (chỉ tiêu)",
    ),
    Shot("grassroots_calendar", GRASSROOTS, "Lịch công đoàn", url_name="plans_calendar", menu="Lịch công đoàn"),
    # Federation administrator.
    Shot("admin_tree", ADMIN, "Cây tổ chức công đoàn", url_name="org_tree", menu="Cây tổ chức công đoàn"),
    Shot(
        "admin_reorganise",
        ADMIN,
        "Sắp xếp tổ chức",
        url_name="org_reorganise",
        args=commune_unit_args,
        menu="Tổ chức công đoàn › Đơn vị công đoàn › (đơn vị) › Sắp xếp tổ chức",
    ),
    Shot("admin_roles", ADMIN, "Vai trò", url_name="role:index", menu="Tổ chức công đoàn › Người dùng và vai trò"),
    Shot("admin_users", ADMIN, "Người dùng", url_name="wagtailusers_users:index", menu="Cài đặt › Người dùng"),
    Shot(
        "admin_access_records",
        ADMIN,
        "Nhật ký truy cập dữ liệu cá nhân",
        url_name="access_record:index",
        menu="Dữ liệu cá nhân › Nhật ký truy cập dữ liệu cá nhân",
    ),
    Shot("admin_tasks", ADMIN, "Tác vụ nền", url_name="lantoa_tasks", menu="Cài đặt › Tác vụ nền"),
]

SHOTS: dict[str, Shot] = {shot.key: shot for shot in _SHOTS}

PAGES: list[GuidePage] = [
    GuidePage(
        "bien-tap-vien",
        _("Provincial propaganda officer (editor)"),
        EDITOR,
        _("Plans, targets, campaigns, the channel registry and the yearly report of the federation."),
        (
            "editor_home",
            "editor_search",
            "editor_verification",
            "editor_campaigns",
            "editor_assignments",
            "editor_dashboard",
            "editor_channels",
            "editor_import",
            "editor_calendar",
            "editor_adopt",
            "editor_plans",
            "editor_report",
        ),
    ),
    GuidePage(
        "lanh-dao-duyet",
        _("Leader who approves (approver)"),
        APPROVER,
        _("Approves the campaigns of their unit and follows the plan's progress."),
        (
            "approver_home",
            "notifications",
            "approver_campaign",
            "approver_dashboard",
        ),
    ),
    GuidePage(
        "nguoi-phat-ngon",
        _("Spokesperson"),
        SPOKESPERSON,
        _("Follows the calendar, the campaigns running and the press channels."),
        (
            "spokesperson_home",
            "spokesperson_calendar",
            "spokesperson_campaigns",
            "spokesperson_channels",
        ),
    ),
    GuidePage(
        "tai-chinh",
        _("Finance officer"),
        FINANCE,
        _("Records what approved campaigns spent and follows the budget target."),
        (
            "finance_home",
            "finance_spending",
            "finance_record",
            "finance_budget_target",
        ),
    ),
    GuidePage(
        "cong-doan-cap-tren-co-so",
        _("Upper-level union officer (commune, ward)"),
        COMMUNE,
        _("Adapts the province's plan, reports assigned tasks, verifies the channels of grassroots unions."),
        (
            "commune_home",
            "commune_assignments",
            "commune_report_done",
            "commune_verification",
            "commune_plans",
            "commune_own_line",
            "commune_tree",
            "commune_adopt",
        ),
    ),
    GuidePage(
        "cong-doan-co-so",
        _("Grassroots union officer"),
        GRASSROOTS,
        _("Registers the unit's channels, follows its own line of the targets and reports what it did."),
        (
            "grassroots_home",
            "grassroots_calendar",
            "grassroots_channels",
            "grassroots_channel_new",
            "grassroots_own_line",
        ),
    ),
    GuidePage(
        "quan-tri",
        _("Federation administrator"),
        ADMIN,
        _("Keeps the union tree, the accounts and roles, personal data and background tasks in order."),
        (
            "admin_home",
            "admin_tasks",
            "admin_roles",
            "admin_users",
            "admin_tree",
            "admin_reorganise",
            "admin_access_records",
        ),
    ),
]

PAGES_BY_SLUG: dict[str, GuidePage] = {page.slug: page for page in PAGES}


def shots_of(page: GuidePage) -> list[Shot]:
    return [SHOTS[key] for key in page.shots]

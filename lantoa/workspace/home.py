"""The panels of the home page "Việc của tôi", one per kind of work, each shown only to
the roles it concerns (`panels_for`). Their rows come from `home_queries`; every panel
says plainly when there is nothing to do."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.components import Component

from lantoa.channels.queries import may_use_verification_queue

from . import home_queries as q


class HomePanel(Component):
    """A card of the home page: a title, up to ten rows and a link to the full listing."""

    name = ""
    title = ""
    template_name = ""
    order = 100
    all_url_name = ""

    class Media:
        css = {"all": ["workspace/home.css"]}

    def __init__(self, user, today=None):
        self.user = user
        self.today = today or timezone.localdate()

    def listing(self) -> q.Listing:
        raise NotImplementedError

    @cached_property
    def data(self) -> q.Listing:
        return self.listing()

    def all_url(self) -> str:
        return q.optional_url(self.all_url_name) if self.all_url_name else ""

    def get_context_data(self, parent_context=None):
        return {"panel": self, "listing": self.data, "all_url": self.all_url(), "today": self.today}


class WorkPanel(HomePanel):
    name = "lantoa_home_work"
    title = _("Work of my units")
    template_name = "workspace/home/work.html"
    order = 10
    all_url_name = "viec:index"

    def listing(self):
        return q.my_work(self.user, self.today)


class DecisionsPanel(HomePanel):
    name = "lantoa_home_decisions"
    title = _("Waiting for my decision")
    template_name = "workspace/home/decisions.html"
    order = 5
    all_url_name = "wagtailsnippets_plans_campaign:list"

    def listing(self):
        return q.waiting_for_me(self.user, self.today)


class SpendingPanel(HomePanel):
    name = "lantoa_home_spending"
    title = _("Spending to record")
    template_name = "workspace/home/spending.html"
    order = 15
    all_url_name = "plans_spending_index"

    def listing(self):
        return q.spending_to_record(self.user, self.today)


class VerificationPanel(HomePanel):
    name = "lantoa_home_verification"
    title = _("Channels waiting for verification")
    template_name = "workspace/home/verification.html"
    order = 20
    all_url_name = "channel_verification:index"

    def listing(self):
        return q.channels_to_verify(self.user, self.today)


class LateUnitsPanel(HomePanel):
    name = "lantoa_home_late_units"
    title = _("Lower units late on their work")
    template_name = "workspace/home/late_units.html"
    order = 25
    all_url_name = "cascade_dispatches"

    def listing(self):
        return q.late_lower_units(self.user, self.today)


class TargetsPanel(HomePanel):
    name = "lantoa_home_targets"
    title = _("Targets of the plans I carry out")
    template_name = "workspace/home/targets.html"
    order = 30
    all_url_name = "plan:index"

    def listing(self):
        return q.my_targets(self.user, self.today)


class CalendarPanel(HomePanel):
    name = "lantoa_home_calendar"
    title = _("Coming up in the union calendar")
    template_name = "workspace/home/calendar.html"
    order = 40
    all_url_name = "plans_calendar"

    def listing(self):
        return q.upcoming_events(self.user, self.today)

    def get_context_data(self, parent_context=None):
        return {**super().get_context_data(parent_context), "propose_url": q.campaign_add_url(self.user)}


class CriticalCasesPanel(HomePanel):
    """Open critical cases (a stoppage, an accident): first on the page of everyone who reads
    one, the propaganda board's head and the spokesperson alerted of it among them (R13)."""

    name = "lantoa_home_critical_cases"
    title = _("Critical cases")
    template_name = "workspace/home/critical_cases.html"
    order = 1
    all_url_name = "inbox_cases"

    def listing(self):
        return q.critical_cases(self.user, self.today)

    def all_url(self) -> str:
        url = super().all_url()
        return f"{url}?urgency=critical" if url else ""


class MyCasesPanel(HomePanel):
    name = "lantoa_home_my_cases"
    title = _("Cases assigned to me")
    template_name = "workspace/home/my_cases.html"
    order = 8
    all_url_name = "inbox_cases"

    def listing(self):
        return q.cases_assigned_to_me(self.user, self.today)


def case_panels(user, today=None) -> list[HomePanel]:
    """The workers' cases, only where there is one: a critical case open in a unit whose
    cases the user reads, a case waiting for the user's answer."""
    if not user.has_perm(q.INBOX_VIEW):
        return []
    panels = [CriticalCasesPanel(user, today), MyCasesPanel(user, today)]
    return [panel for panel in panels if panel.data.total]


def panels_for(user, today=None) -> list[HomePanel]:
    """The panels that apply to the user's roles: every role's own work, then the
    approver's, finance's and the upper level's, and the workers' cases that concern them."""
    where = q.footing(user)
    panels: list[HomePanel] = [WorkPanel(user, today), TargetsPanel(user, today), CalendarPanel(user, today)]
    if where.decides():
        panels.append(DecisionsPanel(user, today))
    if where.keeps_accounts() and user.has_perm(q.SPENDING_PERMISSION):
        panels.append(SpendingPanel(user, today))
    if may_use_verification_queue(user):
        panels.append(VerificationPanel(user, today))
    if where.has_lower_units:
        panels.append(LateUnitsPanel(user, today))
    panels += case_panels(user, today)
    return sorted(panels, key=lambda panel: panel.order)


def roles_line(user) -> list[dict]:
    """ "Biên tập viên – Liên đoàn Lao động tỉnh Vĩnh Long", one per role, for the header."""
    return [
        {"kind": role.get_kind_display(), "unit": role.unit.name, "url": f"{reverse('org_tree')}?don_vi={role.unit_id}"}
        for role in q.footing(user).roles
    ]


class MyUnitsLine(Component):
    """One line under the title: the user's roles and their units."""

    name = "lantoa_home_my_units"
    template_name = "workspace/home/my_units.html"
    order = 0

    class Media:
        css = {"all": ["workspace/home.css"]}

    def __init__(self, user):
        self.user = user

    def get_context_data(self, parent_context=None):
        return {"roles": roles_line(self.user), "officer_pages_url": q.optional_url("viec:index")}

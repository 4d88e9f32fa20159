"""The officer accounts screen: for a unit's subtree, create the grassroots units' missing
officer accounts (in the background when many), print their sign-in sheets and revoke
their links. Federation administrators, on their own subtree (`org.add_user`)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.generic import TemplateView

from lantoa.lib.query_params import object_id

from . import scope, signin
from .bulk_accounts import ACCOUNTS_PERM, officer_q, start_officer_accounts
from .models import Role, RoleKind, Unit, UnitKind
from .signin_sheets import render_sheets
from .views import TitledAdminView

PAGE_SIZE = 100
MAX_SHEETS = 200  # one request's PDF; larger subtrees print page by page


def may_manage_accounts(user) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and user.has_perm(ACCOUNTS_PERM)


def top_units(user):
    """The units whose subtrees the user manages accounts of, outermost only."""
    found = scope.scope_for(user)
    if found.everything:
        return Unit.objects.current().filter(parent__isnull=True)
    return Unit.objects.current().filter(path__in=found.perm_prefixes.get(ACCOUNTS_PERM, ()))


def grassroots_rows(root: Unit):
    """The open grassroots units of the subtree, each with its officer's username and
    whether it has a usable link."""
    officers = Role.objects.filter(unit=OuterRef("pk"), kind=RoleKind.UNIT_OFFICER).order_by("created_at", "pk")
    return (
        Unit.objects.current()
        .in_subtree(root.path)
        .filter(kind=UnitKind.GRASSROOTS)
        .annotate(
            officer_username=officers.values("user__username")[:1],
            has_link=Exists(signin.outstanding_links().filter(unit=OuterRef("pk"))),
        )
        .order_by("sort_name", "pk")
    )


def hub_rows(root: Unit):
    hubs = Unit.objects.current().filter(parent=root).exclude(kind=UnitKind.GRASSROOTS).order_by("sort_name")
    return [{"unit": hub, **subtree_counts(hub)} for hub in hubs[:200]]


def subtree_counts(root: Unit) -> dict[str, int]:
    units = Unit.objects.current().in_subtree(root.path).filter(kind=UnitKind.GRASSROOTS)
    total = units.count()
    return {"total": total, "without": units.exclude(officer_q()).count()}


class OfficerAccountsView(TitledAdminView, TemplateView):
    template_name = "org/officer_accounts.html"
    page_title = gettext_lazy("Officer accounts")
    header_icon = "user"

    def dispatch(self, request, *args, **kwargs):
        if not may_manage_accounts(request.user):
            raise PermissionDenied
        unit_id = object_id(request.GET.get("don_vi") or request.POST.get("don_vi") or "")
        self.root = scope.access_unit(request.user, unit_id, perm=ACCOUNTS_PERM) if unit_id else None
        return super().dispatch(request, *args, **kwargs)

    def get_page_subtitle(self):
        return self.root.name if self.root else ""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if self.root is None:
            context["tops"] = [{"unit": unit, **subtree_counts(unit)} for unit in top_units(self.request.user)]
            return context
        page = Paginator(grassroots_rows(self.root), PAGE_SIZE).get_page(self.request.GET.get("p"))
        context.update(
            root=self.root,
            counts=subtree_counts(self.root),
            hubs=hub_rows(self.root),
            page=page,
            max_sheets=MAX_SHEETS,
        )
        return context

    def post(self, request, *args, **kwargs):
        if self.root is None:
            raise PermissionDenied
        action = request.POST.get("action")
        try:
            if action == "create":
                return self.create_accounts()
            if action == "print":
                return self.print_sheets()
            if action == "revoke":
                return self.revoke_links()
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        return self.back()

    def back(self):
        return redirect(reverse("org_officer_accounts") + f"?don_vi={self.root.pk}")

    def chosen_units(self):
        ids = [pk for pk in (object_id(v) for v in self.request.POST.getlist("unit")) if pk]
        return list(Unit.objects.current().in_subtree(self.root.path).filter(pk__in=ids).order_by("sort_name", "pk"))

    def create_accounts(self):
        count, background = start_officer_accounts(self.root, actor=self.request.user)
        if background:
            text = ngettext(
                "Creating %(count)s officer account in the background: see the task screen.",
                "Creating %(count)s officer accounts in the background: see the task screen.",
                count,
            )
        else:
            text = ngettext("%(count)s officer account created.", "%(count)s officer accounts created.", count)
        messages.success(self.request, text % {"count": count})
        return self.back()

    def print_sheets(self):
        units = self.chosen_units()
        if not units or len(units) > MAX_SHEETS:
            messages.error(
                self.request,
                _("Choose between 1 and %(max)s units with an officer account to print.") % {"max": MAX_SHEETS},
            )
            return self.back()
        links = signin.do_issue_signin_links(units, actor=self.request.user)
        if not links:
            messages.error(self.request, _("None of the chosen units has an officer account yet."))
            return self.back()
        pdf = render_sheets(links, lambda token: self.request.build_absolute_uri(reverse("signin:link", args=[token])))
        response = HttpResponse(pdf, content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="phieu-dang-nhap-{self.root.code}.pdf"'
        response["Cache-Control"] = "no-store"
        return response

    def revoke_links(self):
        revoked = signin.do_revoke_signin_links(self.chosen_units(), actor=self.request.user)
        messages.success(
            self.request,
            ngettext("%(count)s sign-in link revoked.", "%(count)s sign-in links revoked.", revoked)
            % {"count": revoked},
        )
        return self.back()


def admin_urls():
    return [path("org/officer-accounts/", OfficerAccountsView.as_view(), name="org_officer_accounts")]

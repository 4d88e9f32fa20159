from urllib.parse import urlsplit

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import OuterRef, Subquery
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST
from django.views.generic import FormView, TemplateView
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views import generic
from wagtail.admin.viewsets.base import ViewSet, ViewSetGroup
from wagtail.admin.widgets.button import Button

from lantoa.org import scope
from lantoa.org.admin_scope import ActionFormMixin, ScopedModelViewSet, ScopedWriteObject
from lantoa.org.views import TitledAdminView
from lantoa.vi.columns import NumberColumn

from . import actions, queries
from .forms import ChannelForm, RefuseChannelForm
from .models import Channel, ChannelEvent, ChannelEventKind, ChannelKind, Verification

QUEUE_PAGE_SIZE = 50


class ChannelCreateView(ActionFormMixin, generic.CreateView):
    def perform_action(self, form):
        return actions.do_save_channel(Channel(), actor=self.request.user, **form.submitted())


class ChannelEditView(ActionFormMixin, ScopedWriteObject, generic.EditView):
    def perform_action(self, form):
        channel = Channel.objects.get(pk=self.object.pk)
        return actions.do_save_channel(channel, actor=self.request.user, opened=form.opened(), **form.submitted())


class ChannelDeleteView(ScopedWriteObject, generic.DeleteView):
    def delete_action(self):
        actions.do_delete_channel(self.object, actor=self.request.user)


class VerificationColumn(Column):
    """The channel's verification state as its unit reads it, with the reason of a refusal."""

    def get_value(self, instance):
        label = instance.get_verification_display()
        reason = getattr(instance, "refusal_reason", None)
        if instance.verification == Verification.REFUSED and reason:
            return f"{label}: {reason}"  # both already in Vietnamese
        return label


class ChannelIndexView(ScopedModelViewSet.index_view_class):
    def get_base_queryset(self):
        refusals = ChannelEvent.objects.filter(channel=OuterRef("pk"), kind=ChannelEventKind.UNVERIFIED)
        reason = Subquery(refusals.order_by("-on_date", "-pk").values("reason")[:1])
        return super().get_base_queryset().annotate(refusal_reason=reason)

    @cached_property
    def header_more_buttons(self):
        buttons = [*super().header_more_buttons]
        if self.request.user.has_perm("channels.add_channel"):
            buttons.append(
                Button(_("Import from Excel"), reverse("channels_xlsx_import"), icon_name="upload", priority=50)
            )
        export_url = reverse("channels_xlsx_export")
        buttons.append(
            Button(_("Download the registry for re-import (.xlsx)"), export_url, icon_name="download", priority=60)
        )
        return buttons


class ChannelInspectView(ScopedModelViewSet.inspect_view_class):
    """The channel's fields, then its connection to its platform account (connect_views)."""

    def get_context_data(self, **kwargs):
        from .connect_views import connection_context

        return {**super().get_context_data(**kwargs), **connection_context(self.request.user, self.object)}

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        if self.object.kind == ChannelKind.ZALO_OA:
            # "Kết nối Zalo OA" posts here and is redirected to Zalo's permission page;
            # browsers hold a form's redirects to the page's `form-action` too.
            response._csp_update = {"form-action": [origin_of(settings.LANTOA_ZALO_OAUTH_URL)]}
        return response


def origin_of(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


class ChannelViewSet(ScopedModelViewSet):
    model = Channel
    icon = "globe"
    menu_label = _("Channel registry")
    index_view_class = ChannelIndexView
    add_view_class = ChannelCreateView
    edit_view_class = ChannelEditView
    delete_view_class = ChannelDeleteView
    list_display = [
        TitleColumn("name", label=_("name"), url_name="channel:edit", sort_key="sort_name"),
        Column("get_kind_display", label=_("kind")),
        Column("unit", label=_("unit")),
        NumberColumn("audience_count", label=_("members or followers")),
        VerificationColumn("verification", label=_("verification")),
    ]
    list_filter = ["kind", "purpose", "verification"]
    search_fields = ["name", "address", "unit__name"]
    ordering = ["sort_name"]
    copy_view_enabled = False
    inspect_view_enabled = True
    inspect_view_class = ChannelInspectView
    inspect_template_name = "channels/connect/inspect.html"
    inspect_view_fields_exclude = ["sort_name", "search_text", "version"]

    def get_form_class(self, for_update=False):
        return ChannelForm


# --- Verification by the level above


def verifiable_channel(request, pk) -> Channel:
    """A channel the user verifies: 404 outside the reading scope, 403 when the user
    holds no right to change channels strictly above its unit."""
    channel = get_object_or_404(scope.scope_queryset(Channel.objects.all(), request.user), pk=pk)
    if not queries.verifiable_channels(request.user).filter(pk=channel.pk).exists():
        raise PermissionDenied
    return channel


class QueueAccess:
    def dispatch(self, request, *args, **kwargs):
        if not queries.may_use_verification_queue(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class VerificationQueueView(QueueAccess, TitledAdminView, TemplateView):
    template_name = "channels/verification_queue.html"
    page_title = _("Awaiting verification")
    header_icon = "tick"

    def get_context_data(self, **kwargs):
        waiting = queries.verification_queue(self.request.user)
        page = Paginator(waiting, QUEUE_PAGE_SIZE).get_page(self.request.GET.get("p"))
        return {**super().get_context_data(**kwargs), "page": page, "refuse_form": RefuseChannelForm()}


@require_POST
def verify_channel(request, pk):
    if not queries.may_use_verification_queue(request.user):
        raise PermissionDenied
    channel = verifiable_channel(request, pk)
    try:
        actions.do_verify_channel(channel, actor=request.user)
    except ValidationError as error:
        messages.warning(request, " ".join(error.messages))
    else:
        messages.success(request, gettext("“%(channel)s” is verified.") % {"channel": channel.name})
    return redirect(queue_url(request))


def queue_url(request) -> str:
    page = request.POST.get("p", "")
    url = reverse("channel_verification:index")
    return f"{url}?p={page}" if page.isdigit() else url


class RefuseChannelView(TitledAdminView, FormView):
    """The reason a channel is not verified; the queue posts here directly, and an
    empty reason comes back to this page with the message."""

    template_name = "channels/refuse_channel.html"
    form_class = RefuseChannelForm
    page_title = _("Refuse verification")
    header_icon = "cross"

    def dispatch(self, request, *args, **kwargs):
        if not queries.may_use_verification_queue(request.user):
            raise PermissionDenied
        self.channel = verifiable_channel(request, kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_page_subtitle(self):
        return str(self.channel)

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "channel": self.channel}

    def form_valid(self, form):
        try:
            actions.do_refuse_channel(self.channel, actor=self.request.user, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(self.request, gettext("“%(channel)s” is not verified.") % {"channel": self.channel.name})
        return redirect(queue_url(self.request))


class QueueMenuItem(MenuItem):
    def is_shown(self, request):
        return queries.may_use_verification_queue(request.user)


class VerificationViewSet(ViewSet):
    """The queue of channels the level above verifies, with its two actions."""

    icon = "tick"
    menu_label = _("Awaiting verification")
    menu_item_class = QueueMenuItem

    def get_urlpatterns(self):
        return [
            path("", VerificationQueueView.as_view(), name="index"),
            path("<int:pk>/verify/", verify_channel, name="verify"),
            path("<int:pk>/refuse/", RefuseChannelView.as_view(), name="refuse"),
        ]


class ChannelsMenu(ViewSetGroup):
    menu_label = _("Channels")
    menu_icon = "globe"
    menu_order = 210
    items = (
        ChannelViewSet("channel", url_prefix="channels"),
        VerificationViewSet("channel_verification", url_prefix="channel-verification"),
    )

from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import BooleanColumn, Column, TitleColumn
from wagtail.admin.views import generic
from wagtail.admin.widgets.button import Button

from lantoa.org.admin_scope import ActionFormMixin, ScopedModelViewSet, ScopedWriteObject

from . import actions
from .forms import ChannelForm
from .models import Channel


def _channel_fields(form) -> dict:
    data = form.submitted()
    verified = data.pop("verified", False)
    return {"verified": verified, **data}


class ChannelCreateView(ActionFormMixin, generic.CreateView):
    def perform_action(self, form):
        return actions.do_save_channel(Channel(), actor=self.request.user, **_channel_fields(form))


class ChannelEditView(ActionFormMixin, ScopedWriteObject, generic.EditView):
    def perform_action(self, form):
        channel = Channel.objects.get(pk=self.object.pk)
        return actions.do_save_channel(channel, actor=self.request.user, opened=form.opened(), **_channel_fields(form))


class ChannelDeleteView(ScopedWriteObject, generic.DeleteView):
    def delete_action(self):
        actions.do_delete_channel(self.object, actor=self.request.user)


class ChannelIndexView(ScopedModelViewSet.index_view_class):
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


class ChannelViewSet(ScopedModelViewSet):
    model = Channel
    icon = "globe"
    menu_label = _("Channel registry")
    menu_order = 210
    add_to_admin_menu = True
    index_view_class = ChannelIndexView
    add_view_class = ChannelCreateView
    edit_view_class = ChannelEditView
    delete_view_class = ChannelDeleteView
    list_display = [
        TitleColumn("name", label=_("name"), url_name="channel:edit", sort_key="sort_name"),
        Column("get_kind_display", label=_("kind")),
        Column("unit", label=_("unit")),
        Column("audience_count", label=_("members or followers")),
        BooleanColumn("verified", label=_("verified")),
    ]
    list_filter = ["kind", "purpose", "verified"]
    search_fields = ["name", "address", "unit__name"]
    ordering = ["sort_name"]
    copy_view_enabled = False
    inspect_view_enabled = True
    inspect_view_fields_exclude = ["sort_name", "search_text", "version"]

    def get_form_class(self, for_update=False):
        return ChannelForm

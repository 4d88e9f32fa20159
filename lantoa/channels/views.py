from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import BooleanColumn, Column, TitleColumn
from wagtail.admin.views import generic

from lantoa.org.admin_scope import ActionFormMixin, ScopedModelViewSet, ScopedWriteObject

from . import actions
from .forms import ChannelForm
from .models import Channel


def _channel_fields(form) -> dict:
    data = dict(form.cleaned_data)
    verified = data.pop("verified", False)
    return {"verified": verified, **data}


class ChannelCreateView(ActionFormMixin, generic.CreateView):
    def perform_action(self, form):
        return actions.do_save_channel(Channel(), actor=self.request.user, **_channel_fields(form))


class ChannelEditView(ActionFormMixin, ScopedWriteObject, generic.EditView):
    def perform_action(self, form):
        channel = Channel.objects.get(pk=self.object.pk)
        return actions.do_save_channel(channel, actor=self.request.user, **_channel_fields(form))


class ChannelDeleteView(ScopedWriteObject, generic.DeleteView):
    def delete_action(self):
        actions.do_delete_channel(self.object, actor=self.request.user)


class ChannelViewSet(ScopedModelViewSet):
    model = Channel
    icon = "globe"
    menu_label = _("Channel registry")
    menu_order = 210
    add_to_admin_menu = True
    add_view_class = ChannelCreateView
    edit_view_class = ChannelEditView
    delete_view_class = ChannelDeleteView
    list_display = [
        TitleColumn("name", label=_("name"), url_name="channel:edit"),
        Column("get_kind_display", label=_("kind")),
        Column("unit", label=_("unit")),
        Column("audience_count", label=_("members or followers")),
        BooleanColumn("verified", label=_("verified")),
    ]
    list_filter = ["kind", "purpose", "verified"]
    search_fields = ["name", "address", "unit__name"]
    list_export = [
        "unit",
        "kind",
        "name",
        "address",
        "purpose",
        "audience_count",
        "audience_counted_on",
        "verified",
        "verified_on",
        "location",
        "funding_source",
        "cost",
    ]
    export_filename = "kenh-truyen-thong"
    copy_view_enabled = False
    inspect_view_enabled = True

    def get_form_class(self, for_update=False):
        return ChannelForm

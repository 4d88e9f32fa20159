"""Admin views to import the channel registry from .xlsx and to download it."""

from __future__ import annotations

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import FormView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from lantoa.org import scope
from lantoa.vi.forms import NamedErrorsMixin

from . import xlsx
from .models import Channel

VIEW_PERMISSIONS = ("view", "add", "change", "delete")


def can_import(user) -> bool:
    return user.has_perm("channels.add_channel")


def can_export(user) -> bool:
    return any(user.has_perm(f"channels.{action}_channel") for action in VIEW_PERMISSIONS)


def _file_help_text() -> str:
    return _("At most %(size)s MB and %(rows)s channel rows.") % {
        "size": xlsx.MAX_FILE_BYTES // (1024 * 1024),
        "rows": f"{xlsx.MAX_ROWS:,}".replace(",", "."),
    }


class ImportForm(NamedErrorsMixin, forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Excel file (.xlsx)"),
        help_text=lazy(_file_help_text, str)(),
        widget=forms.ClearableFileInput(attrs={"accept": f".xlsx,{xlsx.XLSX_CONTENT_TYPE}"}),
        error_messages={
            "required": gettext_lazy("Choose the Excel file to import."),
            "empty": lazy(xlsx.empty_file_message, str)(),
            "invalid": gettext_lazy("The uploaded file could not be read."),
        },
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > xlsx.MAX_FILE_BYTES:
            raise forms.ValidationError(xlsx.too_big_message())
        return upload


class ChannelImportView(WagtailAdminTemplateMixin, FormView):
    template_name = "channels/import.html"
    form_class = ImportForm
    page_title = gettext_lazy("Import the channel registry from Excel")
    header_icon = "upload"

    def dispatch(self, request, *args, **kwargs):
        if not can_import(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("channel:index"), "label": _("Channel registry")},
            {"url": "", "label": self.get_page_title()},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            # Column headers and value labels are the file format: shown as written in the sheet.
            columns_text=_quoted(header for _key, header in xlsx.COLUMNS),
            required_columns_text=_quoted(xlsx.HEADERS[key] for key in xlsx.REQUIRED_KEYS),
            headers=xlsx.HEADERS,
            yes=xlsx.YES,
            no=xlsx.NO,
            kind_labels=list(xlsx.KIND_LABELS.values()),
            purpose_labels=list(xlsx.PURPOSE_LABELS.values()),
            funding_labels=list(xlsx.FUNDING_LABELS.values()),
            export_url=reverse("channels_xlsx_export"),
            index_url=reverse("channel:index"),
            can_edit=self.request.user.has_perm("channels.change_channel"),
        )
        return context

    def form_valid(self, form):
        result = xlsx.import_channels(form.cleaned_data["file"], actor=self.request.user)
        # Show the report with an empty form, ready for the corrected file.
        context = self.get_context_data(
            form=self.form_class(),
            result=result,
            saved_sections=[
                (_("Channels added"), _saved_rows(result.created)),
                (_("Channels updated"), _saved_rows(result.updated)),
            ],
        )
        return self.render_to_response(context)


def _quoted(names) -> str:
    return ", ".join(f"«{name}»" for name in names)


def _saved_rows(saved: list[xlsx.SavedRow]) -> list[dict]:
    return [
        {
            "row": item.row,
            "name": item.channel.name,
            "unit": item.channel.unit.name,
            "kind": item.channel.get_kind_display(),
            "edit_url": reverse("channel:edit", args=[item.channel.pk]),
        }
        for item in saved
    ]


class ChannelExportView(View):
    def get(self, request):
        if not can_export(request.user):
            raise PermissionDenied
        channels = scope.scope_queryset(Channel.objects.all(), request.user)
        content = xlsx.export_channels(channels)
        filename = f"kenh-truyen-thong-{timezone.localdate():%d-%m-%Y}.xlsx"
        response = HttpResponse(content, content_type=xlsx.XLSX_CONTENT_TYPE)
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response

"""Admin views to import the channel registry from .xlsx and to download it."""

from __future__ import annotations

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.urls import reverse
from django.utils import timezone
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


class ImportForm(NamedErrorsMixin, forms.Form):
    file = forms.FileField(
        label="Tệp Excel (.xlsx)",
        help_text=f"Tối đa {xlsx.MAX_FILE_BYTES // (1024 * 1024)} MB và {xlsx.MAX_ROWS:,} dòng kênh.".replace(",", "."),
        widget=forms.ClearableFileInput(attrs={"accept": f".xlsx,{xlsx.XLSX_CONTENT_TYPE}"}),
        error_messages={
            "required": "Hãy chọn tệp Excel cần nhập.",
            "empty": "Tệp tải lên trống.",
            "invalid": "Không đọc được tệp tải lên.",
        },
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > xlsx.MAX_FILE_BYTES:
            raise forms.ValidationError(f"Tệp quá lớn: chỉ nhận tệp tối đa {xlsx.MAX_FILE_BYTES // (1024 * 1024)} MB.")
        return upload


class ChannelImportView(WagtailAdminTemplateMixin, FormView):
    template_name = "channels/import.html"
    form_class = ImportForm
    page_title = "Nhập sổ kênh từ Excel"
    header_icon = "upload"

    def dispatch(self, request, *args, **kwargs):
        if not can_import(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("channel:index"), "label": "Sổ kênh truyền thông"},
            {"url": "", "label": self.get_page_title()},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            columns=[header for _key, header in xlsx.COLUMNS],
            required_columns=[xlsx.HEADERS[key] for key in xlsx.REQUIRED_KEYS],
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
                ("Kênh đã thêm", _saved_rows(result.created)),
                ("Kênh đã cập nhật", _saved_rows(result.updated)),
            ],
        )
        return self.render_to_response(context)


def _saved_rows(saved: list[xlsx.SavedRow]) -> list[dict]:
    return [
        {
            "row": item.row,
            "name": item.channel.name,
            "unit": item.channel.unit.name,
            "kind": xlsx.KIND_LABELS.get(item.channel.kind, item.channel.kind),
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

"""Admin views to import the channel registry from .xlsx (preview, then confirm) and to
download it."""

from __future__ import annotations

from django import forms
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.db.models.functions import Substr
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import FormView, TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from lantoa.org import paths, scope
from lantoa.org.models import Unit
from lantoa.vi.formats import number as vi_number
from lantoa.vi.forms import NamedErrorsMixin

from . import imports, xlsx
from .models import Channel

VIEW_PERMISSIONS = ("view", "add", "change", "delete")


def can_import(user) -> bool:
    return scope.units_with_perm(user, "channels.add_channel").exists()


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


class ImportPageMixin(WagtailAdminTemplateMixin):
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
            headers=xlsx.HEADERS,
            index_url=reverse("channel:index"),
            import_url=reverse("channels_xlsx_import"),
            export_url=reverse("channels_xlsx_export"),
        )
        return context


class ChannelImportView(ImportPageMixin, FormView):
    """Upload a file: it is kept and previewed; nothing is written before confirmation."""

    template_name = "channels/import.html"
    form_class = ImportForm

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            # Column headers and value labels are the file format: shown as written in the sheet.
            columns_text=_quoted(header for _key, header in xlsx.COLUMNS),
            required_columns_text=_quoted(xlsx.HEADERS[key] for key in xlsx.REQUIRED_KEYS),
            kind_labels=list(xlsx.KIND_LABELS.values()),
            purpose_labels=list(xlsx.PURPOSE_LABELS.values()),
            funding_labels=list(xlsx.FUNDING_LABELS.values()),
            units_sheet=xlsx.UNITS_SHEET_TITLE,
            background_rows=imports.BACKGROUND_ROWS,
        )
        return context

    def form_valid(self, form):
        pending, preview = imports.start(form.cleaned_data["file"], actor=self.request.user)
        if pending is None:
            return self.render_to_response(self.get_context_data(form=self.form_class(), file_error=preview.file_error))
        imports.remember(self.request, pending.token)
        return redirect("channels_xlsx_import_review", pending.token)


def _pending_or_404(request, token: str) -> imports.PendingImport:
    pending = imports.load(request, token)
    if pending is None:
        raise Http404
    return pending


class ChannelImportReviewView(ImportPageMixin, TemplateView):
    """One page per import: the preview and its confirm button, the progress bar while the
    rows are written, then the result."""

    template_name = "channels/import_review.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        pending = _pending_or_404(self.request, self.kwargs["token"])
        context.update(
            pending=pending,
            preview=pending.preview,
            result=pending.result,
            working=pending.status in (imports.Status.QUEUED, imports.Status.RUNNING),
            confirm_url=reverse("channels_xlsx_import_confirm", args=[pending.token]),
            progress_url=reverse("channels_xlsx_import_progress", args=[pending.token]),
            background_rows=imports.BACKGROUND_ROWS,
            can_edit=True,
        )
        return context


class ChannelImportConfirmView(ImportPageMixin, View):
    def post(self, request, token: str):
        pending = _pending_or_404(request, token)
        imports.confirm(pending, actor=request.user)
        return redirect("channels_xlsx_import_review", pending.token)


class ChannelImportProgressView(ImportPageMixin, View):
    """The progress of a confirmed import as JSON, polled by the review page."""

    def get(self, request, token: str):
        return JsonResponse(_pending_or_404(request, token).progress())


def _quoted(names) -> str:
    return ", ".join(f"«{name}»" for name in names)


# --- Export


def _top_units(user):
    if scope.scope_for(user).everything:
        return Unit.objects.filter(parent__isnull=True)
    return Unit.objects.filter(path__in=scope.scope_for(user).read_prefixes)


def _split_entries(channels, unit: Unit) -> list[dict]:
    """One file per unit directly below `unit` (and one of `unit`'s own channels), with counts."""
    child_length = len(unit.path) + paths.SEGMENT
    in_subtree = channels.filter(unit__in=Unit.objects.in_subtree(unit.path))
    counts = dict(
        in_subtree.annotate(branch=Substr("unit__path", 1, child_length))
        .values("branch")
        .annotate(n=Count("pk"))
        .values_list("branch", "n")
    )
    url = reverse("channels_xlsx_export")
    entries = []
    own = channels.filter(unit=unit).count()
    if own:
        entries.append({"unit": unit, "own": True, "count": own, "url": f"{url}?unit={unit.pk}&own=1"})
    for child in Unit.objects.filter(parent=unit).order_by("sort_name", "pk"):
        count = counts.get(child.path, 0)
        if count:
            entries.append({"unit": child, "own": False, "count": count, "url": f"{url}?unit={child.pk}"})
    return entries


class ChannelExportView(View):
    """The registry as the user reads it, ready to be imported back. A registry over the
    import's limits is offered as one file per unit below instead."""

    def get(self, request):
        if not can_export(request.user):
            raise PermissionDenied
        channels = scope.scope_queryset(Channel.objects.all(), request.user)
        unit = self._unit(request)
        chosen = channels
        if unit is not None:
            own = request.GET.get("own") == "1"
            chosen = channels.filter(unit=unit) if own else channels.filter(unit__in=Unit.objects.in_subtree(unit.path))
        count = chosen.count()
        if count > xlsx.MAX_ROWS:
            return self._split(request, channels, unit, count)
        writable = scope.units_with_perm(request.user, "channels.add_channel")
        if unit is not None:
            writable = writable.in_subtree(unit.path)
        content = xlsx.export_channels(chosen, writable_units=writable)
        if len(content) > xlsx.MAX_FILE_BYTES:
            return self._split(request, channels, unit, count)
        suffix = f"-{unit.code}" if unit is not None else ""
        filename = f"kenh-truyen-thong{suffix}-{timezone.localdate():%d-%m-%Y}.xlsx"
        response = HttpResponse(content, content_type=xlsx.XLSX_CONTENT_TYPE)
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response

    @staticmethod
    def _unit(request) -> Unit | None:
        pk = request.GET.get("unit")
        return scope.access_unit(request.user, pk) if pk else None

    @staticmethod
    def _split(request, channels, unit, count):
        roots = [unit] if unit is not None else list(_top_units(request.user))
        return ExportSplitView.as_view()(
            request,
            count=vi_number(count),
            max_rows=xlsx.MAX_ROWS,
            max_rows_text=vi_number(xlsx.MAX_ROWS),
            max_mb=xlsx.MAX_FILE_BYTES // (1024 * 1024),
            groups=[{"root": root, "entries": _split_entries(channels, root)} for root in roots],
            index_url=reverse("channel:index"),
        )


class ExportSplitView(WagtailAdminTemplateMixin, TemplateView):
    """Shown instead of a file too large to import back: one file per unit below."""

    template_name = "channels/export_split.html"
    page_title = gettext_lazy("Download the registry for re-import (.xlsx)")
    header_icon = "download"

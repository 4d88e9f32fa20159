"""An article's publications on its unit's channels: where it went, where it failed and why,
"Thử lại" for a failed send, "Đã đăng" for a post made by hand.

A row waiting for a hand post shows its kit: the text of the variant its channel kind posts
(`adapter_for(kind).variant_kind`; the summary when the article has none), to select and copy,
and the variant's download (poster, A4 sheet, press release) where the variant screen offers one.
Its "Đã đăng" form takes the post's address, day and photo (`photos`); a form with a mistake
shows the screen again with what was typed and the reason next to the field.

Reading: whoever may open the article's variants (`content.variant_views.access_article`).
Acting: whoever may change the channel, or publish pages, on its unit (`ACT_PERMS`): the
leader who approved the article retries what failed.
"""

from __future__ import annotations

from dataclasses import dataclass

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django.views.generic import TemplateView

from lantoa.content.models import ArticlePage
from lantoa.content.variant_views import access_article
from lantoa.org import scope
from lantoa.org.views import TitledAdminView

from . import photos, publishing
from .kits import Kit, kit_for
from .models import Publication, PublicationStatus

ACT_PERMS = ("channels.change_channel", "wagtailcore.publish_page")
AWAITING = (PublicationStatus.AWAITING_CONFIRMATION, PublicationStatus.MANUAL_ACTION)


class ConfirmForm(forms.Form):
    url = forms.URLField(
        label=gettext_lazy("address of the post"), required=False, max_length=500, assume_scheme="https",
        widget=forms.TextInput(attrs={"inputmode": "url", "placeholder": "https://", "autocomplete": "off"}),
        error_messages={"invalid": gettext_lazy("Enter the post's full address, e.g. https://www.facebook.com/…")},
    )  # fmt: skip
    day = forms.DateField(
        label=gettext_lazy("posted on"),
        widget=forms.DateInput(format="%d/%m/%Y", attrs={"inputmode": "numeric", "autocomplete": "off"}),
        error_messages={
            "required": gettext_lazy("Enter the day of posting."),
            "invalid": gettext_lazy("Enter the day of posting as day/month/year, e.g. 05/03/2026."),
        },
    )
    photo = forms.FileField(
        label=gettext_lazy("photo of the post"), required=False,
        widget=forms.FileInput(attrs={"accept": photos.ACCEPT}),
        error_messages={"empty": gettext_lazy("The photo's file is empty.")},
    )  # fmt: skip

    def clean_day(self):
        day = self.cleaned_data["day"]
        if day > timezone.localdate():
            raise ValidationError(_("The day of posting cannot be in the future."), code="future")
        return day

    def clean_photo(self) -> photos.CleanPhoto | None:
        upload = self.cleaned_data.get("photo")
        return photos.checked_photo(upload) if upload else None


def confirm_form(publication: Publication, data=None, files=None) -> ConfirmForm:
    """The "Đã đăng" form of one row (its fields' ids unique on the screen)."""
    return ConfirmForm(data, files, auto_id=f"confirm-{publication.pk}-%s", initial={"day": timezone.localdate()})


@dataclass(frozen=True)
class Row:
    publication: Publication
    may_act: bool
    retryable: bool
    kit: Kit | None = None
    form: ConfirmForm | None = None
    choose_photo_again: bool = False


def may_act(user, publication: Publication) -> bool:
    return any(scope.has_perm(user, perm, publication.channel.unit_id) for perm in ACT_PERMS)


def actable_unit_ids(user) -> set[int]:
    return {pk for perm in ACT_PERMS for pk in scope.units_with_perm(user, perm).values_list("pk", flat=True)}


class PublicationsView(TitledAdminView, TemplateView):
    template_name = "channels/publications/index.html"
    page_title = gettext_lazy("Publications on the channels")
    header_icon = "globe"
    bound: tuple[int, ConfirmForm] | None = None  # a row's form sent back with its mistakes

    def get_page_subtitle(self):
        return self.article.title

    def get(self, request, *args, **kwargs):
        self.article = access_article(request.user, kwargs["pk"])
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        publications = list(
            Publication.objects.filter(article_id=self.article.pk)
            .select_related("channel", "confirmed_by", "photo")
            .order_by("channel__kind", "channel__sort_name")
        )
        context.update(
            article=self.article,
            rows=self.rows(publications),
            edit_url=reverse("wagtailadmin_pages:edit", args=[self.article.pk]),
        )
        return context

    def rows(self, publications: list[Publication]) -> list[Row]:
        actable = actable_unit_ids(self.request.user)
        live = None
        if any(p.status in AWAITING for p in publications):
            # The kit is what went live, not a draft being revised.
            live = ArticlePage.objects.prefetch_related("variants").filter(pk=self.article.pk).first()
        return [self.row(publication, publication.channel.unit_id in actable, live) for publication in publications]

    def row(self, publication: Publication, acts: bool, live: ArticlePage | None) -> Row:
        retryable = publishing.is_retryable(publication)
        if publication.status not in AWAITING or live is None:
            return Row(publication, acts, retryable)
        kit = kit_for(publication.channel.kind, live)
        if not acts or retryable:
            return Row(publication, acts, retryable, kit)
        if self.bound and self.bound[0] == publication.pk:
            form = self.bound[1]
            return Row(publication, acts, retryable, kit, form, choose_photo_again=_photo_lost(form))
        return Row(publication, acts, retryable, kit, confirm_form(publication))


def _photo_lost(form: ConfirmForm) -> bool:
    """A good photo came with a mistake elsewhere: the browser does not keep it."""
    return bool(form.files.get("photo")) and "photo" not in form.errors


def _acted_on(request, pk) -> Publication:
    publication = get_object_or_404(Publication.objects.select_related("channel"), pk=pk)
    access_article(request.user, publication.article_id)  # 404 for an article one cannot read
    if not may_act(request.user, publication):
        raise Http404
    return publication


@require_POST
def retry(request, pk):
    publication = _acted_on(request, pk)
    if publishing.do_retry(publication, actor=request.user):
        messages.success(request, _("Sending again to %(channel)s.") % {"channel": publication.channel.name})
    else:
        messages.warning(request, _("Only a failed sending can be tried again."))
    return redirect("channels_publications", publication.article_id)


@require_POST
def confirm(request, pk):
    publication = _acted_on(request, pk)
    form = confirm_form(publication, request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Not confirmed: correct what is marked on %(channel)s's row.")
                       % {"channel": publication.channel.name})  # fmt: skip
        return _screen_with(request, publication, form)
    photo, day = form.cleaned_data["photo"], form.cleaned_data["day"]
    with transaction.atomic():
        image = None
        if photo is not None:
            title = f"{publication.channel.name} – {publication.article.title}"
            image = photos.store_photo(photo, unit=publication.channel.unit, title=title, actor=request.user)
        publishing.do_confirm(publication, url=form.cleaned_data["url"], day=day, photo=image, actor=request.user)
    messages.success(request, _("Posted on %(channel)s: confirmed.") % {"channel": publication.channel.name})
    return redirect("channels_publications", publication.article_id)


def _screen_with(request, publication: Publication, form: ConfirmForm):
    """The publications screen, `publication`'s form bound to what was sent (no redirect:
    that would lose it)."""
    view = PublicationsView(bound=(publication.pk, form))
    view.setup(request, pk=publication.article_id)
    return view.get(request, pk=publication.article_id)


urlpatterns = [
    path("channels/articles/<int:pk>/publications/", PublicationsView.as_view(), name="channels_publications"),
    path("channels/publications/<int:pk>/retry/", retry, name="channels_publication_retry"),
    path("channels/publications/<int:pk>/confirm/", confirm, name="channels_publication_confirm"),
]

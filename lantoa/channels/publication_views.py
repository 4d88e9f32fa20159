"""An article's publications on its unit's channels: where it went, where it failed and why,
"Thử lại" for a failed send, "Đã đăng" for a post made by hand.

Reading: whoever may open the article's variants (`content.variant_views.access_article`).
Acting: whoever may change the channel, or publish pages, on its unit (`ACT_PERMS`): the
leader who approved the article retries what failed.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django.views.generic import TemplateView

from lantoa.content.variant_views import access_article
from lantoa.org import scope
from lantoa.org.views import TitledAdminView

from . import publishing
from .models import Publication, PublicationStatus

ACT_PERMS = ("channels.change_channel", "wagtailcore.publish_page")


class ConfirmForm(forms.Form):
    url = forms.URLField(label=gettext_lazy("address of the post"), required=False, max_length=500,
                         assume_scheme="https")  # fmt: skip
    day = forms.DateField(label=gettext_lazy("posted on"))


def may_act(user, publication: Publication) -> bool:
    return any(scope.has_perm(user, perm, publication.channel.unit_id) for perm in ACT_PERMS)


def actable_unit_ids(user) -> set[int]:
    return {pk for perm in ACT_PERMS for pk in scope.units_with_perm(user, perm).values_list("pk", flat=True)}


class PublicationsView(TitledAdminView, TemplateView):
    template_name = "channels/publications/index.html"
    page_title = gettext_lazy("Publications on the channels")
    header_icon = "globe"

    def get_page_subtitle(self):
        return self.article.title

    def get(self, request, *args, **kwargs):
        self.article = access_article(request.user, kwargs["pk"])
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        rows = list(
            Publication.objects.filter(article_id=self.article.pk)
            .select_related("channel", "confirmed_by")
            .order_by("channel__kind", "channel__sort_name")
        )
        actable = actable_unit_ids(self.request.user)
        context.update(
            article=self.article,
            rows=[(row, row.channel.unit_id in actable, publishing.is_retryable(row)) for row in rows],
            awaiting=(PublicationStatus.AWAITING_CONFIRMATION, PublicationStatus.MANUAL_ACTION),
            today=timezone.localdate(),
            edit_url=reverse("wagtailadmin_pages:edit", args=[self.article.pk]),
        )
        return context


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
    form = ConfirmForm(request.POST)
    if form.is_valid():
        day = form.cleaned_data["day"]
        if day > timezone.localdate():
            messages.error(request, _("The day of posting cannot be in the future."))
        else:
            publishing.do_confirm(publication, url=form.cleaned_data["url"], day=day, actor=request.user)
            messages.success(request, _("Posted on %(channel)s: confirmed.") % {"channel": publication.channel.name})
    else:
        errors = "; ".join(str(error) for field_errors in form.errors.values() for error in field_errors)
        messages.error(request, _("Not confirmed: %(errors)s") % {"errors": errors})
    return redirect("channels_publications", publication.article_id)


urlpatterns = [
    path("channels/articles/<int:pk>/publications/", PublicationsView.as_view(), name="channels_publications"),
    path("channels/publications/<int:pk>/retry/", retry, name="channels_publication_retry"),
    path("channels/publications/<int:pk>/confirm/", confirm, name="channels_publication_confirm"),
]

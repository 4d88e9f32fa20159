"""Articles and their channel variants.

An article is a Wagtail page written once and published on the portal; its variants
(Facebook post, Zalo article and message, radio and loudspeaker scripts, board sheet,
poster, press release) are generated from it and may be edited before approval. The
article lives in its unit's portal section (`lantoa.portal`), so its unit is the
section's unit, and its approval is the editorial workflow (`lantoa.content.workflows`).
"""

from __future__ import annotations

from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from modelcluster.models import model_from_serializable_data
from taggit.models import TaggedItemBase
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.fields import StreamField
from wagtail.images.blocks import ImageBlock
from wagtail.models import Orderable, Page
from wagtail.search import index
from wagtail.snippets.widgets import AdminSnippetChooser

from lantoa.org.approval import RejectableMixin
from lantoa.portal.models import PortalPageMixin
from lantoa.vi.slugs import fill_empty_slug

from .forms import ArticleForm
from .groups import ContentGroup


class QuoteBlock(blocks.StructBlock):
    text = blocks.TextBlock(label=_("quote"))
    attribution = blocks.CharBlock(label=_("said by"), required=False, max_length=200)

    class Meta:
        icon = "openquote"
        label = _("Quote")
        template = "content/blocks/quote.html"


class DocumentLinkBlock(blocks.StructBlock):
    document = DocumentChooserBlock(label=_("document"))
    title = blocks.CharBlock(label=_("title shown"), required=False, max_length=200)

    class Meta:
        icon = "doc-full"
        label = _("Document")
        template = "content/blocks/document.html"


class VideoLinkBlock(blocks.StructBlock):
    """A video shown as a link card: nothing is fetched from the platform at render time."""

    url = blocks.URLBlock(label=_("video address"))
    title = blocks.CharBlock(label=_("title"), max_length=200)
    caption = blocks.CharBlock(label=_("caption"), required=False, max_length=300)

    class Meta:
        icon = "media"
        label = _("Video")
        template = "content/blocks/video.html"


class ArticleBody(blocks.StreamBlock):
    paragraph = blocks.RichTextBlock(
        label=_("Paragraph"), features=["bold", "italic", "h2", "h3", "ol", "ul", "link", "document-link"]
    )
    image = ImageBlock(label=_("Image"), template="content/blocks/image.html")
    quote = QuoteBlock()
    document = DocumentLinkBlock()
    video = VideoLinkBlock()


class ArticleTag(TaggedItemBase):
    content_object = ParentalKey("content.ArticlePage", on_delete=models.CASCADE, related_name="tagged_items")


class CampaignChooser(AdminSnippetChooser):
    """The article's campaign chooser, without "Edit this campaign": writers and reviewers of
    articles need not hold the right to change campaigns (the link would refuse them)."""

    @property
    def model(self):
        from lantoa.plans.models import Campaign

        return Campaign


class ArticlePage(RejectableMixin, PortalPageMixin, Page):
    """One piece of content, written once: the portal article and the source of every
    channel variant."""

    summary = models.TextField(_("summary"), max_length=600)
    body = StreamField(ArticleBody(), verbose_name=_("body"), blank=True)
    content_group = models.CharField(
        _("content group"), max_length=20, choices=ContentGroup.choices, default=ContentGroup.REGULAR, db_index=True
    )
    audiences = models.JSONField(_("audiences"), default=list, blank=True)
    key_message = models.CharField(_("key message"), max_length=300, blank=True)
    campaign = models.ForeignKey(
        "plans.Campaign",
        verbose_name=_("campaign"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="articles",
    )
    for_press = models.BooleanField(
        _("addressed to the press"), default=False, help_text=_("Needs a spokesperson's approval.")
    )
    official_statement = models.BooleanField(
        _("official statement"), default=False, help_text=_("Needs a spokesperson's approval.")
    )
    tags = ClusterTaggableManager(through=ArticleTag, blank=True, verbose_name=_("tags"))

    parent_page_types = ["portal.PortalHomePage", "portal.UnitSectionPage"]
    subpage_types: list[str] = []
    base_form_class = ArticleForm

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        FieldPanel("body"),
        MultiFieldPanel(
            [
                FieldPanel("content_group"),
                FieldPanel("audiences"),
                FieldPanel("key_message"),
                FieldPanel("campaign", widget=CampaignChooser(show_edit_link=False)),
                FieldPanel("tags"),
            ],
            heading=_("Plan and audiences"),
        ),
        MultiFieldPanel([FieldPanel("for_press"), FieldPanel("official_statement")], heading=_("Press")),
        InlinePanel("variants", heading=_("Channel variants"), label=_("variant")),
    ]

    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("body"),
        index.FilterField("content_group"),
        index.FilterField("unit_id"),
    ]

    class Meta:
        verbose_name = _("article")
        verbose_name_plural = _("articles")

    @property
    def needs_spokesperson(self) -> bool:
        return self.for_press or self.official_statement

    def body_text(self) -> str:
        """The body as plain text, paragraph by paragraph (quotes included)."""
        from .text import stream_text

        return stream_text(self.body)

    def full_clean(self, *args, **kwargs):
        from .variants import sync_variants

        fill_empty_slug(self)  # before the variants, which print the article's address
        sync_variants(self)  # generated variants follow the article until an editor changes them
        super().full_clean(*args, **kwargs)

    def minimal_clean(self):
        # What Wagtail runs instead of full_clean when saving a draft.
        fill_empty_slug(self)
        super().minimal_clean()

    def save(self, *args, **kwargs):
        """Saved, then indexed for search (`word_index`): a full save writes what the page
        shows; a draft revision of a live page (Wagtail saves only a few fields) leaves
        the live words indexed, while a never-published draft is found by its latest text."""
        result = super().save(*args, **kwargs)
        if kwargs.get("update_fields") is None or not self.live:
            from .word_index import index_article

            index_article(self)
        return result

    def get_workflow(self):
        from .workflows import workflow_for

        if self.is_rejected:
            return None
        return workflow_for(self)


class VariantKind(models.TextChoices):
    FACEBOOK_POST = "facebook_post", _("Facebook page post")
    ZALO_ARTICLE = "zalo_article", _("Zalo OA article")
    ZALO_MESSAGE = "zalo_message", _("Zalo OA message")
    RADIO_SCRIPT = "radio_script", _("Radio script")
    LOUDSPEAKER_SCRIPT = "loudspeaker_script", _("Loudspeaker script")
    BOARD_SHEET = "board_sheet", _("Bulletin-board sheet (A4)")
    POSTER = "poster", _("Poster")
    PRESS_RELEASE = "press_release", _("Press release")


class Variant(Orderable):
    """The article as one channel needs it. `generated` keeps the last generated text:
    while `text` equals it, a change to the article regenerates the variant; once an
    editor changes `text`, their words are kept."""

    article = ParentalKey(ArticlePage, on_delete=models.CASCADE, related_name="variants")
    kind = models.CharField(_("channel"), max_length=30, choices=VariantKind.choices)
    text = models.TextField(_("text"), blank=True)
    # A hidden field of the editor's form: drafts keep their variants in revisions only, so
    # the form rebuilds them on each save and must carry what was generated with them.
    generated = models.TextField(blank=True)

    panels = [FieldPanel("kind"), FieldPanel("text"), FieldPanel("generated", widget=forms.HiddenInput)]

    class Meta(Orderable.Meta):
        verbose_name = _("channel variant")
        verbose_name_plural = _("channel variants")
        constraints = [models.UniqueConstraint(fields=["article", "kind"], name="content_variant_one_per_kind")]

    def __str__(self) -> str:
        return self.get_kind_display()

    @classmethod
    def from_serializable_data(cls, data, check_fks=True, strict_fks=False):
        """A variant as a revision keeps it, without the check that its article's row
        exists: modelcluster would look the article up once per variant (the editor's
        every load of the latest revision), yet the variant is always built inside the
        article being loaded, which then points its `article` at itself. The variant has
        no other key to check."""
        return model_from_serializable_data(cls, data, check_fks=False, strict_fks=strict_fks)

    @property
    def is_edited(self) -> bool:
        return self.text != self.generated


@register_setting(icon="tasks")
class EditorialSettings(BaseGenericSetting):
    """Which workflow an article goes through; created by the migrations, changeable by
    staff without a deploy."""

    regular_workflow = models.ForeignKey(
        "wagtailcore.Workflow",
        verbose_name=_("workflow for articles"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    press_workflow = models.ForeignKey(
        "wagtailcore.Workflow",
        verbose_name=_("workflow for the press and official statements"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Includes the spokesperson's approval."),
    )

    class Meta:
        verbose_name = _("editorial workflows")


class ArticleWords(models.Model):
    """An article's folded words for search (`lantoa.content.word_index`), with what the
    search filters on: live, path (the site) and unit (drafts of units one may edit)."""

    sort_key = models.BigIntegerField(primary_key=True)
    page = models.OneToOneField(ArticlePage, on_delete=models.CASCADE, related_name="+")
    live = models.BooleanField()
    path = models.CharField(max_length=255)
    unit = models.ForeignKey(
        "org.Unit", null=True, on_delete=models.SET_NULL, related_name="+", db_index=False, db_constraint=False
    )
    title_words = models.TextField()
    text_words = models.TextField()

    def __str__(self):
        return self.title_words

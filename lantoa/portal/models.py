"""The public portal's page types.

Each federation with a portal is a Wagtail Site whose root is a `PortalHomePage` for the
federation's unit. Units that publish have a `UnitSectionPage`, nested like the union tree
(a commune's section under its nearest publishing ancestor's). Every portal page belongs
to a unit: a home or a section names it, any other page takes the unit of the section it
lives in. Rights on pages follow the roles on that unit's subtree
(`lantoa.portal.page_permissions`).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.images.blocks import ImageBlock
from wagtail.models import Page
from wagtail.search import index

from lantoa.content.groups import ContentGroup

SECTION_TYPES = ("portal.PortalHomePage", "portal.UnitSectionPage")


class PortalPageMixin(models.Model):
    """A portal page's unit: named on homes and sections, inherited by everything else."""

    unit = models.ForeignKey(
        "org.Unit",
        verbose_name=_("unit"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )

    names_unit = False  # homes and sections choose their unit; other pages inherit it

    class Meta:
        abstract = True

    def inherit_unit(self) -> None:
        if self.names_unit or not self.path:
            return
        parent = self.get_parent()
        self.unit_id = getattr(parent.specific, "unit_id", None) if parent else None

    def save(self, *args, **kwargs):
        self.inherit_unit()
        return super().save(*args, **kwargs)

    def permissions_for_user(self, user):
        from .page_permissions import WorkflowPublishingTester

        return WorkflowPublishingTester(user, self)


class SectionMixin(PortalPageMixin):
    names_unit = True

    class Meta:
        abstract = True

    def clean(self):
        super().clean()
        if not self.unit_id:
            raise ValidationError({"unit": _("Choose the unit whose section this is.")})


class PortalHomePage(SectionMixin, Page):  # noqa: DJ008 - Page gives __str__
    """A federation's portal: the root page of its Wagtail Site."""

    intro = models.TextField(_("introduction"), blank=True)

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "portal.UnitSectionPage",
        "portal.TopicIndexPage",
        "portal.CampaignPage",
        "portal.PlainPage",
        "content.ArticlePage",
    ]
    content_panels = [*Page.content_panels, FieldPanel("unit"), FieldPanel("intro")]

    class Meta:
        verbose_name = _("portal home")
        verbose_name_plural = _("portal homes")


class UnitSectionPage(SectionMixin, Page):  # noqa: DJ008 - Page gives __str__
    """A publishing unit's own section; its articles live under it."""

    intro = models.TextField(_("introduction"), blank=True)

    parent_page_types = ["portal.PortalHomePage", "portal.UnitSectionPage"]
    subpage_types = ["portal.UnitSectionPage", "portal.CampaignPage", "portal.PlainPage", "content.ArticlePage"]
    content_panels = [*Page.content_panels, FieldPanel("unit"), FieldPanel("intro")]

    class Meta:
        verbose_name = _("unit section")
        verbose_name_plural = _("unit sections")


class TopicIndexPage(PortalPageMixin, Page):  # noqa: DJ008 - Page gives __str__
    """The articles of one content group (1.1–1.4, news) across the portal."""

    content_group = models.CharField(_("content group"), max_length=20, choices=ContentGroup.choices)
    intro = models.TextField(_("introduction"), blank=True)

    parent_page_types = ["portal.PortalHomePage"]
    subpage_types: list[str] = []
    content_panels = [*Page.content_panels, FieldPanel("content_group"), FieldPanel("intro")]

    class Meta:
        verbose_name = _("content group index")
        verbose_name_plural = _("content group indexes")


class CampaignPage(PortalPageMixin, Page):  # noqa: DJ008 - Page gives __str__
    """A campaign's landing page: its message and the articles written for it."""

    campaign = models.ForeignKey(
        "plans.Campaign", verbose_name=_("campaign"), on_delete=models.PROTECT, related_name="landing_pages"
    )
    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])

    parent_page_types = ["portal.PortalHomePage", "portal.UnitSectionPage"]
    subpage_types: list[str] = []
    content_panels = [*Page.content_panels, FieldPanel("campaign"), FieldPanel("intro")]

    class Meta:
        verbose_name = _("campaign page")
        verbose_name_plural = _("campaign pages")


class PlainPage(PortalPageMixin, Page):  # noqa: DJ008 - Page gives __str__
    """An ordinary page: about the federation, contacts, how to join."""

    body = StreamField(
        [
            (
                "paragraph",
                blocks.RichTextBlock(label=_("Paragraph"), features=["bold", "italic", "h2", "h3", "ol", "ul", "link"]),
            ),
            ("image", ImageBlock(label=_("Image"))),
        ],
        verbose_name=_("body"),
        blank=True,
    )

    parent_page_types = ["portal.PortalHomePage", "portal.UnitSectionPage"]
    subpage_types: list[str] = []
    content_panels = [*Page.content_panels, FieldPanel("body")]
    search_fields = [*Page.search_fields, index.SearchField("body")]

    class Meta:
        verbose_name = _("plain page")
        verbose_name_plural = _("plain pages")

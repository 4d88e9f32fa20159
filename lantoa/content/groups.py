"""The plan's content groups: imported by the portal's indexes as well as by articles."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ContentGroup(models.TextChoices):
    """The plan's content groups (plan 196, part III.1) and plain news."""

    IN_DEPTH = "in_depth", _("1.1 In-depth content")
    REGULAR = "regular", _("1.2 Regular updates")
    HIGHLIGHT = "highlight", _("1.3 Highlight activities")
    GOOD_PRACTICE = "good_practice", _("1.4 Good practices and exemplary people")
    NEWS = "news", _("News")

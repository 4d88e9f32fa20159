"""The union tree: units, their dated history, successions and roles.

`Unit` holds the current state of a unit (denormalised for fast listings);
`UnitState` holds every period of a unit's placement, name and counts, so the tree can
be read as of any day. Only `lantoa.org.actions` writes these models.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from lantoa.vi.search import searchable
from lantoa.vi.text import normalize, person_sort_key, sort_key

from . import paths
from .phones import normalize_phone, validate_stored_phone


class SearchableMixin:
    """Keeps the stored collation key and folded search text of a row in step with it.

    Subclasses name the fields they derive from; `save()` (also with update_fields) and
    `refresh_derived()` (for bulk inserts) fill `sort_name` and `search_text`."""

    SORTED_BY: tuple[str, ...] = ("name",)
    SEARCHED_IN: tuple[str, ...] = ("name",)
    NORMALISED: tuple[str, ...] = ("name",)

    def sort_value(self) -> str:
        return sort_key(" ".join(str(getattr(self, f) or "") for f in self.SORTED_BY))

    def refresh_derived(self) -> None:
        for field in self.NORMALISED:
            value = getattr(self, field)
            if isinstance(value, str):
                setattr(self, field, normalize(value))
        self.sort_name = self.sort_value()
        self.search_text = searchable(*(str(getattr(self, f) or "") for f in self.SEARCHED_IN))

    def save(self, *args, **kwargs):
        self.refresh_derived()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and set(update_fields) & set(self.SEARCHED_IN + self.SORTED_BY):
            kwargs["update_fields"] = {*update_fields, "sort_name", "search_text"}
        super().save(*args, **kwargs)


class User(SearchableMixin, AbstractUser):
    """A staff account. Vietnamese names: `last_name` holds the family name (họ), and
    `first_name` the middle and given names (tên đệm và tên): "Nguyễn" + "Thị Thu Hà"."""

    SORTED_BY = ()
    SEARCHED_IN = ("username", "last_name", "first_name", "email")
    FOLDED_SEARCH = ("search_text",)
    NORMALISED = ("last_name", "first_name")

    sort_name = models.CharField(max_length=255, blank=True, db_index=True, editable=False)
    search_text = models.CharField(max_length=1000, blank=True, editable=False)
    # A Vietnamese mobile number in its one stored form (+84…), for signing in by code.
    phone = models.CharField(
        _("mobile phone"), max_length=12, blank=True, default="", validators=[validate_stored_phone]
    )

    class Meta(AbstractUser.Meta):
        swappable = "AUTH_USER_MODEL"
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [models.UniqueConstraint(fields=["phone"], condition=~Q(phone=""), name="unique_user_phone")]

    def clean(self):
        super().clean()
        if self.phone:
            self.phone = normalize_phone(self.phone)

    def sort_value(self) -> str:
        return person_sort_key(self.last_name, self.first_name or self.username)

    def get_full_name(self) -> str:
        """The name in Vietnamese order: family name first."""
        return f"{self.last_name} {self.first_name}".strip()

    def get_short_name(self) -> str:
        return self.first_name.split()[-1] if self.first_name.strip() else self.username


class UnitKind(models.TextChoices):
    CONFEDERATION = "confederation", _("National confederation")
    PROVINCIAL = "provincial", _("Provincial federation")
    BOARD = "board", _("Federation board or department")
    COMMUNE = "commune", _("Commune or ward union")
    INDUSTRIAL_PARK = "industrial_park", _("Industrial-park union")
    SECTOR = "sector", _("Sector union")
    CORPORATION = "corporation", _("Corporation union")
    DISTRICT = "district", _("District federation")
    GRASSROOTS = "grassroots", _("Grassroots union")


UPPER_LEVEL_KINDS = {
    UnitKind.COMMUNE,
    UnitKind.INDUSTRIAL_PARK,
    UnitKind.SECTOR,
    UnitKind.CORPORATION,
    UnitKind.DISTRICT,
}


class UnitQuerySet(models.QuerySet):
    def open_on(self, day: datetime.date):
        return self.filter(valid_from__lte=day).filter(Q(valid_to__isnull=True) | Q(valid_to__gt=day))

    def current(self):
        return self.filter(valid_to__isnull=True)

    def in_subtree(self, path: str):
        low, high = paths.subtree_bounds(path)
        return self.filter(path__gte=low, path__lt=high)


class Unit(SearchableMixin, models.Model):
    SEARCHED_IN = ("name", "short_name", "code", "employer")
    FOLDED_SEARCH = ("search_text",)
    NORMALISED = ("name", "short_name", "address", "employer", "sector")

    code = models.CharField(_("code"), max_length=32, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=UnitKind.choices)
    name = models.CharField(_("name"), max_length=255)
    short_name = models.CharField(_("short name"), max_length=80, blank=True)
    parent = models.ForeignKey(
        "self", verbose_name=_("parent unit"), null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    path = models.CharField(max_length=255, db_index=True, editable=False)
    depth = models.PositiveSmallIntegerField(default=0, editable=False)
    # Place: current units use the 2025 administrative units (vietnam-provinces codes);
    # units that ended before 2025 keep their old district and province as recorded.
    province_code = models.PositiveIntegerField(_("province"), null=True, blank=True)
    ward_code = models.PositiveIntegerField(_("commune or ward"), null=True, blank=True)
    old_province = models.CharField(_("former province"), max_length=100, blank=True)
    old_district = models.CharField(_("former district"), max_length=100, blank=True)
    address = models.CharField(_("address"), max_length=255, blank=True)
    employer = models.CharField(_("employer"), max_length=255, blank=True)
    sector = models.CharField(_("sector"), max_length=120, blank=True)
    member_count = models.PositiveIntegerField(_("members"), default=0)
    worker_count = models.PositiveIntegerField(_("workers"), default=0)
    female_member_count = models.PositiveIntegerField(_("female members"), default=0)
    counted_on = models.DateField(_("counted on"), null=True, blank=True)
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    collection = models.OneToOneField(
        "wagtailcore.Collection", null=True, blank=True, on_delete=models.SET_NULL, editable=False, related_name="+"
    )
    sort_name = models.CharField(max_length=255, blank=True, db_index=True, editable=False)
    search_text = models.CharField(max_length=1000, blank=True, editable=False)

    objects = UnitQuerySet.as_manager()

    class Meta:
        verbose_name = _("union unit")
        verbose_name_plural = _("union units")
        ordering = ["path"]
        permissions = [("administer_unit", _("Can reorganise units and oversee accounts, tasks and personal data"))]
        indexes = [models.Index(fields=["kind", "path"])]

    def __str__(self) -> str:
        return self.name

    def is_open_on(self, day: datetime.date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or self.valid_to > day)

    @property
    def is_current(self) -> bool:
        return self.valid_to is None

    @property
    def is_grassroots(self) -> bool:
        return self.kind == UnitKind.GRASSROOTS

    def place_label(self) -> str:
        from .places import place_label

        return place_label(self)


class UnitStateQuerySet(models.QuerySet):
    def on(self, day: datetime.date):
        return self.filter(valid_from__lte=day).filter(Q(valid_to__isnull=True) | Q(valid_to__gt=day))

    def in_subtree(self, path: str):
        low, high = paths.subtree_bounds(path)
        return self.filter(path__gte=low, path__lt=high)


class UnitState(models.Model):
    """One period [valid_from, valid_to) of a unit's place in the tree, name and counts."""

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="states")
    parent = models.ForeignKey(Unit, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    path = models.CharField(max_length=255)
    depth = models.PositiveSmallIntegerField(default=0)
    name = models.CharField(max_length=255)
    short_name = models.CharField(max_length=80, blank=True)
    member_count = models.PositiveIntegerField(default=0)
    worker_count = models.PositiveIntegerField(default=0)
    female_member_count = models.PositiveIntegerField(default=0)
    valid_from = models.DateField()
    valid_to = models.DateField(null=True, blank=True)

    objects = UnitStateQuerySet.as_manager()

    class Meta:
        ordering = ["path", "valid_from"]
        indexes = [
            models.Index(fields=["path", "valid_from"]),
            models.Index(fields=["unit", "valid_from"]),
            models.Index(fields=["path"], condition=Q(valid_to__isnull=False), name="unitstate_closed_path"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gt=models.F("valid_from")),
                name="unitstate_period_not_empty",
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} [{self.valid_from}–{self.valid_to or ''})"


class SuccessionKind(models.TextChoices):
    MERGE = "merge", _("Merged into")


class Succession(models.Model):
    """`predecessor` ended on `on_date` and its work continues in `successor`."""

    predecessor = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="successions_out")
    successor = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="successions_in")
    kind = models.CharField(max_length=10, choices=SuccessionKind.choices, default=SuccessionKind.MERGE)
    on_date = models.DateField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["predecessor"], name="one_successor_per_unit")]

    def __str__(self) -> str:
        return f"{self.predecessor} → {self.successor} ({self.on_date:%d/%m/%Y})"


class ReorgKind(models.TextChoices):
    CREATE = "create", _("Create")
    MOVE = "move", _("Move")
    MERGE = "merge", _("Merge")
    RENAME = "rename", _("Rename")
    CLOSE = "close", _("Close")
    RECOUNT = "recount", _("Update counts")


class Reorganisation(models.Model):
    """The audit trail of changes to the tree, one row per operation."""

    FOLDED_SEARCH = ("unit__search_text", "target__search_text")

    kind = models.CharField(_("operation"), max_length=10, choices=ReorgKind.choices)
    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="reorganisations")
    target = models.ForeignKey(
        Unit, verbose_name=_("target unit"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    on_date = models.DateField(_("effective date"))
    decision = models.CharField(_("decision"), max_length=255, blank=True)
    details = models.JSONField(_("details"), default=dict, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), null=True, blank=True, on_delete=models.SET_NULL
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        ordering = ["-on_date", "-id"]
        verbose_name = _("reorganisation")
        verbose_name_plural = _("reorganisations")

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.unit}"


class RoleKind(models.TextChoices):
    FEDERATION_ADMIN = "federation_admin", _("Federation administrator")
    EDITOR = "editor", _("Editor")
    APPROVER = "approver", _("Approver")
    BOARD_HEAD = "board_head", _("Head of board")
    SPOKESPERSON = "spokesperson", _("Spokesperson")
    UNIT_OFFICER = "unit_officer", _("Unit officer")
    COLLABORATOR = "collaborator", _("Collaborator")
    FINANCE = "finance", _("Finance")
    VIEWER = "viewer", _("Viewer")


class Role(models.Model):
    """A staff user's role in a unit; it applies to the unit's whole subtree."""

    FOLDED_SEARCH = ("user__search_text", "unit__search_text")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="lantoa_roles"
    )
    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="roles")
    kind = models.CharField(_("role"), max_length=20, choices=RoleKind.choices)
    title = models.CharField(_("position"), max_length=120, blank=True)
    created_at = models.DateTimeField(_("given on"), auto_now_add=True)

    class Meta:
        verbose_name = _("role")
        verbose_name_plural = _("roles")
        constraints = [models.UniqueConstraint(fields=["user", "unit", "kind"], name="unique_role")]

    def __str__(self) -> str:
        return f"{self.user} – {self.get_kind_display()} – {self.unit}"


class SignInLink(models.Model):
    """A one-time sign-in link, printed as a QR code on a unit's sheet. Only the SHA-256 of
    its token is kept: the token itself exists on the printed sheet alone."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="signin_links"
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires at"))
    used_at = models.DateTimeField(_("used at"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("sign-in link")
        verbose_name_plural = _("sign-in links")
        indexes = [models.Index(fields=["user", "expires_at"])]

    def __str__(self) -> str:
        return f"{self.user} ({self.expires_at:%d/%m/%Y})"


class SignInCode(models.Model):
    """A six-digit code sent to a user's phone; only its keyed hash is kept."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    code_hash = models.CharField(max_length=64, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    attempts = models.PositiveSmallIntegerField(default=0)
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["user", "expires_at"])]

    def __str__(self) -> str:
        return f"{self.user} ({self.expires_at:%d/%m/%Y %H:%M})"


# Wagtail's models load after ours in INSTALLED_APPS order only at runtime; importing the
# Task base here, next to the one model that needs it, keeps the tree's models plain.
from wagtail.models import Task  # noqa: E402


class RoleApprovalTask(Task):
    """A workflow step decided by the holders of `role_kind` on the nearest unit at or
    above the content's unit (`lantoa.org.approval`), for any page or snippet with a unit."""

    role_kind = models.CharField(_("role"), max_length=20, choices=RoleKind.choices, default=RoleKind.APPROVER)

    admin_form_fields = [*Task.admin_form_fields, "role_kind"]

    class Meta:
        verbose_name = _("approval by role")
        verbose_name_plural = _("approvals by role")

    def start(self, workflow_state, user=None):
        from wagtail.models import LockableMixin

        from . import approval

        obj = approval.content_of(workflow_state)
        if (
            isinstance(obj, LockableMixin)
            and obj.locked_by_id
            and not approval.can_decide(obj, obj.locked_by, self.role_kind)
        ):
            # Like Wagtail's group approval: a lock held by someone who cannot decide is lifted.
            type(obj)._default_manager.filter(pk=obj.pk).update(locked=False, locked_by=None, locked_at=None)
        return super().start(workflow_state, user=user)

    def user_can_access_editor(self, obj, user):
        from .approval import can_decide

        return can_decide(obj, user, self.role_kind)

    def locked_for_user(self, obj, user):
        from .approval import can_decide

        return not can_decide(obj, user, self.role_kind)

    def user_can_lock(self, obj, user):
        from .approval import can_decide

        return can_decide(obj, user, self.role_kind)

    def user_can_unlock(self, obj, user):
        return False

    def get_actions(self, obj, user):
        from .approval import actions_for

        return actions_for(obj, user, self.role_kind)

    def on_action(self, task_state, user, action_name, **kwargs):
        from .approval import act

        return act(task_state, user, action_name, comment=kwargs.get("comment", ""))

    def get_form_for_action(self, action):
        from .approval import form_for_action

        return form_for_action(action)

    def get_task_states_user_can_moderate(self, user, **kwargs):
        from .approval import task_states_to_moderate

        return task_states_to_moderate(self, user)

    @classmethod
    def get_description(cls):
        return _("The holders of the chosen role on the nearest unit at or above the content's unit decide")

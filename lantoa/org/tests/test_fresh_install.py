"""A fresh install (migrate, no demo) has what the first administrator needs."""

import pytest
from django.contrib.auth.models import Group
from django.core.management.sql import emit_post_migrate_signal
from django.utils import translation

from lantoa.org.models import RoleKind
from lantoa.org.roles import ROLE_PERMISSIONS

pytestmark = pytest.mark.django_db


def group_name(kind) -> str:
    with translation.override("vi"):
        return f"Vai trò: {RoleKind(kind).label}"


def group_permissions(kind) -> set[str]:
    group = Group.objects.get(name=group_name(kind))
    return {f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.select_related("content_type")}


def test_migrate_creates_every_role_group_with_exactly_its_permissions():
    assert Group.objects.filter(name__startswith="Vai trò:").count() == len(RoleKind)
    for kind in RoleKind:
        assert group_permissions(kind) == set(ROLE_PERMISSIONS[kind]), kind


def test_migrating_again_repairs_a_group_without_duplicating_it():
    editor = Group.objects.get(name=group_name(RoleKind.EDITOR))
    editor.permissions.clear()
    emit_post_migrate_signal(verbosity=0, interactive=False, db="default")  # what migrate ends with
    assert Group.objects.filter(name=editor.name).count() == 1
    assert group_permissions(RoleKind.EDITOR) == set(ROLE_PERMISSIONS[RoleKind.EDITOR])

"""Who oversees personal data, and the scoped reads of this app.

Superusers oversee everything. A federation administrator oversees the units they may
read (`lantoa.org.scope`): an access record belongs to the units it names and to the
units where its actor held a role; a breach belongs to its responsible unit; a person is
one of the accounts `scope.visible_user_accounts` shows them. Everyone else (unit
officers, editors, viewers...) oversees nothing and is refused these screens.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from lantoa.org import scope
from lantoa.org.models import Role, RoleKind

from .models import AccessRecord, AccessRecordUnit

_CACHE_ATTR = "_lantoa_oversees_privacy"


def may_oversee(user) -> bool:
    """Superusers and federation administrators (cached on the user object)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if user.is_superuser:
        return True
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is None:
        cached = Role.objects.filter(user=user, kind=RoleKind.FEDERATION_ADMIN).exists()
        setattr(user, _CACHE_ATTR, cached)
    return cached


def visible_access_records(user) -> QuerySet[AccessRecord]:
    if not may_oversee(user):
        return AccessRecord.objects.none()
    if scope.scope_for(user).everything:
        return AccessRecord.objects.all()
    links = AccessRecordUnit.objects.filter(unit__in=scope.visible_units(user))
    return AccessRecord.objects.filter(pk__in=links.values("record_id"))


def manageable_people(user) -> QuerySet:
    """Accounts whose personal data the user may export or erase."""
    accounts = get_user_model().objects.all()
    if not may_oversee(user):
        return accounts.none()
    if user.is_superuser:
        return accounts
    return scope.visible_user_accounts(accounts, user).exclude(is_superuser=True)


def may_manage_account(actor, person) -> bool:
    return manageable_people(actor).filter(pk=person.pk).exists()


def access_person(user, pk):
    """A person's account for the privacy screens: 403 for non-overseers, 404 out of scope."""
    if not may_oversee(user):
        raise PermissionDenied
    try:
        return manageable_people(user).get(pk=pk)
    except (get_user_model().DoesNotExist, ValueError, TypeError):
        raise Http404 from None

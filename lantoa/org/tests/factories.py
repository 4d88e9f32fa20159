"""Small trees built through the actions, shared by the org tests."""

import datetime
import itertools

from django.contrib.auth import get_user_model

from lantoa.org import actions

_codes = itertools.count(1)
D = datetime.date


def make_unit(parent, kind="grassroots", name=None, *, actor=None, valid_from=D(2015, 1, 1), **fields):
    n = next(_codes)
    return actions.do_create_unit(
        code=f"U{n:05d}",
        kind=kind,
        name=name or f"Công đoàn cơ sở số {n}",
        parent=parent,
        valid_from=valid_from,
        actor=actor,
        **fields,
    )


def make_user(username, **extra):
    return get_user_model().objects.create_user(username, f"{username}@example.vn", "mat-khau-123", **extra)


def fresh(user):
    """The same user, reloaded: scope and permission caches live on the instance."""
    return get_user_model().objects.get(pk=user.pk)

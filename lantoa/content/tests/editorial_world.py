"""The editorial personas: the commune world with a portal, a province section and a
commune section, and the people of the editorial workflow on the province (head of
board, leader, spokesperson) besides the provincial and commune editors."""

from __future__ import annotations

import pytest

from lantoa.content.models import ArticlePage
from lantoa.org import actions as org_actions
from lantoa.org.models import RoleKind
from lantoa.org.tests.factories import fresh, make_user
from lantoa.portal.actions import do_open_portal, do_open_section


@pytest.fixture(name="editorial_world")
def editorial_world_fixture(commune_world):
    world = dict(commune_world)
    province, commune = world["province"], world["commune"]

    def person(username, unit, kind):
        user = make_user(username, is_staff=True)
        org_actions.do_assign_role(user=user, unit=unit, kind=kind, actor=None)
        return fresh(user)

    world["board_head"] = person("tinh.truongban", province, RoleKind.BOARD_HEAD)
    world["leader"] = person("tinh.lanhdao", province, RoleKind.APPROVER)
    world["spokesperson"] = person("tinh.phatngon", province, RoleKind.SPOKESPERSON)
    world["commune_editor"] = person("phukhuong.bientap", commune, RoleKind.EDITOR)
    world["home"] = do_open_portal(province, hostname="localhost", actor=None)
    world["commune_section"] = do_open_section(commune, actor=None)
    return world


def write_article(parent, author, *, title="Tháng Công nhân 2026", **fields) -> ArticlePage:
    """A draft article under `parent`, its first revision saved by `author`."""
    article = ArticlePage(
        title=title, summary="Công đoàn tỉnh phát động Tháng Công nhân.", owner=author, live=False, **fields
    )
    parent.add_child(instance=article)
    article.save_revision(user=author)
    return ArticlePage.objects.get(pk=article.pk)


def submit(article, author) -> ArticlePage:
    """Save a revision and start the article's workflow, as the editor's "submit" does."""
    article.save_revision(user=author)
    article.get_workflow().start(article, author)
    return ArticlePage.objects.get(pk=article.pk)


# The name other test modules import it by (`from .editorial_world import editorial_world`).
editorial_world = editorial_world_fixture

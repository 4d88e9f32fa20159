"""Rights on portal pages come from roles on the union tree: a province editor writes in the
whole portal, a commune editor in the commune's section only, an editor below who reads
above writes below only; a collaborator edits only their own drafts; while the editorial
workflow applies, nobody but a superuser publishes directly. The page chooser offers live
pages to everyone and drafts only to those who may edit them."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from wagtail.models import Page

from lantoa.content.tests.editorial_world import editorial_world, write_article  # noqa: F401 - fixture
from lantoa.org import actions as org_actions
from lantoa.org.models import RoleKind
from lantoa.org.tests.factories import fresh, make_user
from lantoa.portal.actions import do_open_section
from lantoa.portal.admin_scope import bulk_actionable_pages, choosable_pages, editable_pages

pytestmark = pytest.mark.django_db


def person(username, *roles):
    user = make_user(username, is_staff=True)
    for unit, kind in roles:
        org_actions.do_assign_role(user=user, unit=unit, kind=kind, actor=None)
    return fresh(user)


@pytest.fixture
def portal(editorial_world):  # noqa: F811 - the fixture
    """The editorial world, with a section for the other commune and a draft in each place."""
    world = dict(editorial_world)
    other_commune = world["sibling"].parent  # the sibling grassroots union's commune
    world["other_section"] = do_open_section(other_commune, actor=None)
    world["mixed"] = person(
        "phukhuong.hondop", (world["commune"], RoleKind.EDITOR), (world["province"], RoleKind.VIEWER)
    )
    world["collaborator"] = person("phukhuong.congtacvien", (world["commune"], RoleKind.COLLABORATOR))
    world["home_draft"] = write_article(world["home"], world["province_editor"], title="Bài của tỉnh")
    world["commune_draft"] = write_article(world["commune_section"], world["commune_editor"], title="Bài của phường")
    world["other_draft"] = write_article(world["other_section"], world["province_editor"], title="Bài của xã")
    return world


def rights(user, page) -> dict[str, bool]:
    tester = Page.objects.get(pk=page.pk).specific.permissions_for_user(user)
    return {
        "add": tester.can_add_subpage(),
        "edit": tester.can_edit(),
        "publish": tester.can_publish(),
        "delete": tester.can_delete(),
    }


def writes(user, page) -> bool:
    return rights(user, page)["edit"]


def test_a_province_editor_writes_everywhere_in_the_portal(portal):
    editor = portal["province_editor"]
    for place in ("home", "commune_section", "other_section", "home_draft", "commune_draft", "other_draft"):
        assert writes(editor, portal[place]), place
    assert rights(editor, portal["commune_section"])["add"]


def test_a_commune_editor_writes_in_the_commune_section_only(portal):
    editor = portal["commune_editor"]
    assert rights(editor, portal["commune_section"])["add"]
    assert writes(editor, portal["commune_draft"])
    for place in ("home", "home_draft", "other_section", "other_draft"):
        assert rights(editor, portal[place]) == {"add": False, "edit": False, "publish": False, "delete": False}, place


def test_an_editor_below_who_reads_above_writes_below_only(portal):
    mixed = portal["mixed"]
    assert writes(mixed, portal["commune_draft"]) and rights(mixed, portal["commune_section"])["add"]
    for place in ("home", "home_draft", "other_section", "other_draft"):
        assert not any(rights(mixed, portal[place]).values()), place


def test_an_approver_reviews_but_does_not_publish_while_the_workflow_applies(portal):
    leader = portal["leader"]
    assert writes(leader, portal["commune_draft"])
    assert not rights(leader, portal["commune_draft"])["publish"]
    assert not rights(leader, portal["home"])["add"], "an approver writes no new pages"


def test_nobody_but_a_superuser_publishes_an_article_directly(portal):
    draft = portal["commune_draft"]
    assert draft.get_workflow() is not None
    for who in ("province_editor", "commune_editor", "mixed", "leader", "board_head", "collaborator"):
        assert not rights(portal[who], draft)["publish"], who
        assert (
            not Page.objects.get(pk=portal["commune_section"].pk)
            .permissions_for_user(portal[who])
            .can_publish_subpage()
        ), who
    assert rights(portal["superuser"], draft)["publish"]


def test_a_collaborator_edits_only_their_own_drafts(portal):
    collaborator = portal["collaborator"]
    own = write_article(portal["commune_section"], collaborator, title="Bài cộng tác viên")
    assert rights(collaborator, portal["commune_section"])["add"]
    assert writes(collaborator, own)
    assert not writes(collaborator, portal["commune_draft"])
    assert not writes(collaborator, portal["other_draft"])
    assert set(editable_pages(collaborator)) == {Page.objects.get(pk=own.pk)}


def test_anonymous_visitors_and_officers_without_a_section_write_nothing(portal):
    for user in (AnonymousUser(), portal["officer"]):
        for place in ("home", "commune_section", "commune_draft"):
            assert not any(rights(user, portal[place]).values()), (user, place)


def test_a_spokesperson_may_correct_but_never_publishes_directly(portal):
    page_rights = rights(portal["spokesperson"], portal["commune_draft"])
    assert page_rights["edit"] and not page_rights["publish"] and not page_rights["add"]


def test_the_chooser_offers_live_pages_and_only_the_drafts_one_may_edit(portal):
    portal["other_draft"].save_revision(user=portal["superuser"]).publish(user=portal["superuser"])
    chosen = {page.title for page in choosable_pages(Page.objects.all(), portal["commune_editor"])}
    assert "Bài của phường" in chosen, "the commune's own draft"
    assert "Bài của xã" in chosen, "live elsewhere: public anyway"
    assert "Bài của tỉnh" not in chosen, "a draft above the commune"
    everything = set(Page.objects.values_list("title", flat=True))
    assert {page.title for page in choosable_pages(Page.objects.all(), portal["superuser"])} == everything


def test_bulk_actions_reach_only_pages_one_may_change(portal):
    drafts = Page.objects.filter(pk__in=[portal[name].pk for name in ("home_draft", "commune_draft", "other_draft")])
    assert {page.title for page in bulk_actionable_pages(drafts, portal["commune_editor"])} == {"Bài của phường"}
    assert bulk_actionable_pages(drafts, portal["province_editor"]).count() == 3
    assert bulk_actionable_pages(drafts, portal["officer"]).count() == 0  # no section, no page rights

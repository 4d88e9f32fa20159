"""The world the search tests read: a province with two communes, each with a channel, a
plan with a target, a campaign, a person, an image and a document, all named after "Giao
Long" so that a search for it would find the sibling's rows if the scope leaked.

Giao Long's own rows carry "Giao Long" in their unit's name; the sibling commune's
grassroots union is "Công ty May Giao Long" (a company named after the place)."""

from __future__ import annotations

from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file

from lantoa.channels.actions import do_save_channel
from lantoa.channels.models import Channel
from lantoa.inbox import intake
from lantoa.org import actions as org_actions
from lantoa.org.models import RoleKind
from lantoa.org.tests.factories import D, fresh, make_unit, make_user
from lantoa.plans import actions
from lantoa.plans.models import Campaign, Plan, Target, Theme


def person(username, unit, kind, **names):
    user = make_user(username, **names)
    org_actions.do_assign_role(user=user, unit=unit, kind=kind, actor=None)
    return fresh(user)


def unit_rows(unit, slug: str, *, uploader) -> SimpleNamespace:
    """A channel, a plan with a target and a campaign, an image, a document and a worker's
    case of `unit`."""
    channel = do_save_channel(
        Channel(),
        actor=None,
        unit=unit,
        kind="zalo_group",
        name=f"Cán bộ {unit.name}",
        address=f"https://zalo.me/g/{slug}",
    )
    plan = Plan(
        issuing_unit=unit, number=7, symbol="KH-CĐ", place="Vĩnh Long", issued_on=D(2026, 1, 10),
        title=f"Truyền thông năm 2026 của {unit.name}", period_start=D(2026, 1, 1), period_end=D(2026, 12, 31),
        status="issued",
    )  # fmt: skip
    plan.themes = [Theme(title="Đoàn viên với chuyển đổi số")]
    plan = actions.do_save_plan(plan, actor=None)
    target = actions.do_save_target(
        Target(plan=plan, title=f"Số tin bài về {unit.name}", indicator="manual", target_value=Decimal(40),
               deadline=D(2026, 12, 31)),
        actor=None,
    )  # fmt: skip
    actions.ensure_campaign_workflow()
    campaign = actions.do_propose_campaign(
        Campaign(plan=plan, theme=plan.themes.get(), unit=unit, title=f"Tháng Công nhân tại {unit.name}",
                 start_date=D(2026, 5, 1), end_date=D(2026, 5, 31)),
        actor=None,
        submit=False,
    )  # fmt: skip
    collection = org_actions.ensure_unit_collection(unit)
    image = get_image_model().objects.create(
        title=f"Hội nghị đoàn viên {unit.name}", collection=collection, uploaded_by_user=uploader,
        file=get_test_image_file(f"{slug}.png", size=(8, 8)),
    )  # fmt: skip
    document = get_document_model().objects.create(
        title=f"Nghị quyết {unit.name}", collection=collection, uploaded_by_user=uploader,
        file=ContentFile(b"nghi quyet", name=f"{slug}.txt"),
    )  # fmt: skip
    case = intake.receive(intake.Inbound(
        intake="portal", external_id=f"form-{slug}", text=f"Công nhân của {unit.name} hỏi về tiền tăng ca",
        sent_at=timezone.now(), unit_id=unit.pk,
    )).case  # fmt: skip
    return SimpleNamespace(
        unit=unit, channel=channel, plan=plan, target=target, campaign=campaign, image=image, document=document,
        case=case,
    )  # fmt: skip


def articles(province, giao_long, sibling) -> SimpleNamespace:
    """The province's portal with a live article on Giao Long, a draft of Giao Long's and a
    draft of the sibling company's union, each in its unit's section."""
    from lantoa.content.tests.search_world import publish
    from lantoa.portal.actions import do_open_portal, do_open_section

    home = do_open_portal(province, hostname="localhost", actor=None)
    own_section, sibling_section = do_open_section(giao_long, actor=None), do_open_section(sibling, actor=None)
    return SimpleNamespace(
        live=publish(home, "Xã Giao Long ra quân Tháng Công nhân", days_ago=3),
        own_draft=publish(own_section, "Dự thảo: hội thao Giao Long", live=False),
        sibling_draft=publish(sibling_section, "Dự thảo: Công ty May Giao Long tăng ca", live=False),
    )


def build_search_world() -> SimpleNamespace:
    province = make_unit(None, "provincial", "Liên đoàn Lao động tỉnh Vĩnh Long", valid_from=D(1976, 1, 1))
    giao_long = make_unit(province, "commune", "Công đoàn xã Giao Long")
    sibling_commune = make_unit(province, "commune", "Công đoàn xã Phú Túc")
    sibling = make_unit(sibling_commune, "grassroots", "Công đoàn cơ sở Công ty May Giao Long")
    officer = person("canbo.giaolong", giao_long, RoleKind.UNIT_OFFICER, last_name="Trần", first_name="Văn Giao")
    sibling_officer = person("canbo.maygiaolong", sibling, RoleKind.UNIT_OFFICER, last_name="Lê", first_name="Thị Hoa")
    editor = person("bientap.tinh", province, RoleKind.EDITOR)
    viewer = person("xem.tinh", province, RoleKind.VIEWER)
    return SimpleNamespace(
        province=province,
        officer=officer,
        sibling_officer=sibling_officer,
        editor=editor,
        viewer=viewer,
        own=unit_rows(giao_long, "giaolong", uploader=officer),
        sibling=unit_rows(sibling, "maygiaolong", uploader=sibling_officer),
        articles=articles(province, giao_long, sibling),
    )


@pytest.fixture(name="search_world")
def search_world_fixture(db):
    return build_search_world()

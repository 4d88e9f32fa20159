"""The demo portal over the demo province and plans, loaded once per module."""

import datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone
from wagtail.images import get_image_model
from wagtail.models import Page, Site, TaskState, WorkflowState

from lantoa.content.groups import ContentGroup
from lantoa.content.models import ArticlePage
from lantoa.demo.province import load_demo_province
from lantoa.plans import rollups
from lantoa.portal.models import CampaignPage, PlainPage, PortalHomePage, TopicIndexPage, UnitSectionPage

pytestmark = [pytest.mark.django_db, pytest.mark.sqlite_only]


@pytest.fixture(scope="module")
def loaded(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        today = timezone.localdate()
        units = load_demo_province(today=today)
        yield {"today": today, "units": units, **units["plans"], **units["content"]}
        transaction.set_rollback(True)


def waiting_on(role_kind):
    states = TaskState.objects.filter(
        status=TaskState.STATUS_IN_PROGRESS,
        task__roleapprovaltask__role_kind=role_kind,
        workflow_state__base_content_type=ContentType.objects.get_for_model(Page),
    )
    return ArticlePage.objects.filter(pk__in=[int(s.workflow_state.object_id) for s in states])


def test_the_demo_has_articles_in_every_content_group(loaded):
    articles = ArticlePage.objects.all()
    assert articles.count() >= 55
    assert set(articles.filter(live=True).values_list("content_group", flat=True)) == set(ContentGroup.values)


def test_the_portal_has_its_sections_indexes_campaign_page_and_about_page(loaded):
    home = PortalHomePage.objects.get(unit=loaded["units"]["vinh_long"])
    assert set(TopicIndexPage.objects.child_of(home).values_list("content_group", flat=True)) == set(
        ContentGroup.values
    )
    assert set(UnitSectionPage.objects.values_list("unit", flat=True)) == {
        loaded["units"][key].pk for key in ("commune", "grassroots", "vinh_long_park")
    }
    running, _waiting = loaded["campaigns_vinh_long"]
    assert CampaignPage.objects.get().campaign == running
    assert PlainPage.objects.get().title == "Giới thiệu"
    assert ArticlePage.objects.filter(campaign=running, live=True).count() >= 5


def test_most_articles_are_published_with_consistent_dates(loaded):
    today = loaded["today"]
    live = ArticlePage.objects.filter(live=True)
    assert live.count() > 0.8 * ArticlePage.objects.count()
    for article in live:
        assert article.first_published_at == article.last_published_at
        assert article.live_revision.created_at == article.first_published_at
        assert timezone.localdate(article.first_published_at) <= today
    days = {timezone.localdate(a.first_published_at) for a in live}
    assert min(days) < today - datetime.timedelta(days=90)  # spread over the past months


def test_articles_wait_at_each_step_of_the_editorial_workflow(loaded):
    assert waiting_on("board_head").count() == 2
    assert waiting_on("approver").count() == 2
    (press,) = waiting_on("spokesperson")
    assert press.for_press and press.title.startswith("Thông cáo báo chí")
    in_workflow = WorkflowState.objects.filter(base_content_type=ContentType.objects.get_for_model(Page))
    submitted = {int(pk) for pk in in_workflow.values_list("object_id", flat=True)}
    drafts = [a for a in ArticlePage.objects.filter(live=False, go_live_at__isnull=True) if a.pk not in submitted]
    assert len(drafts) == 3 and all(a.latest_revision_id for a in drafts)


def test_one_article_was_sent_back_and_one_rejected_with_their_reasons(loaded):
    sent_back = WorkflowState.objects.get(status=WorkflowState.STATUS_NEEDS_CHANGES)
    comment = sent_back.current_task_state.comment
    assert comment.startswith("Đề nghị bổ sung")
    (rejected,) = ArticlePage.objects.filter(rejected_at__isnull=False)
    assert rejected.rejection_reason.startswith("Nội dung quảng bá") and not rejected.live


def test_one_article_is_scheduled_for_the_coming_days(loaded):
    (scheduled,) = ArticlePage.objects.filter(live=False, go_live_at__isnull=False)
    assert scheduled.go_live_at.date() > loaded["today"]
    assert scheduled.latest_revision.approved_go_live_at == scheduled.go_live_at


def test_articles_are_illustrated_with_images_of_their_units_collections_and_alt_text(loaded):
    for article in ArticlePage.objects.all():
        (image,) = [block.value for block in article.body if block.block_type == "image"]
        assert image.contextual_alt_text.startswith("Hình minh họa")
        assert image.collection_id == article.unit.collection_id
        assert (image.width, image.height) == (1200, 675)
    assert get_image_model().objects.filter(title__startswith="Minh họa").count() >= 8


def test_the_portal_home_answers_at_the_root_of_localhost(loaded, client):
    site = Site.objects.get(hostname="localhost")
    assert site.is_default_site and site.site_name == loaded["units"]["vinh_long"].name
    response = client.get("/", HTTP_HOST="localhost")
    assert response.status_code == 200
    assert "Liên đoàn Lao động tỉnh Vĩnh Long" in response.content.decode()


def test_the_articles_target_counts_the_articles_published_in_the_plan_period(loaded):
    target = loaded["targets_vinh_long"]["articles"]
    assert target.indicator == "articles_published" and not target.manual_values.exists()
    today = loaded["today"]
    start = timezone.make_aware(datetime.datetime.combine(target.plan.period_start, datetime.time.min))
    published = ArticlePage.objects.filter(live=True, first_published_at__gte=start).count()
    assert published > 40
    row = rollups.stored(target, target.measured_unit_id, today)
    assert row is not None and row.value == published


def test_the_demo_sent_work_down_the_tree_in_every_state(loaded):
    from lantoa.cascade import compliance
    from lantoa.cascade.models import Dispatch, TaskStatus, UnitTask

    cascade = loaded["units"]["cascade"]
    older, recent = Dispatch.objects.get(pk=cascade["older"]), Dispatch.objects.get(pk=cascade["recent"])
    today = loaded["today"]
    statuses = set(UnitTask.objects.filter(dispatch=older).values_list("status", flat=True))
    assert statuses == {TaskStatus.DONE, TaskStatus.PENDING, TaskStatus.NOT_APPLICABLE}
    figures = compliance.compliance_of(older, older.sender_unit_id, today)
    assert figures.done_late > 0 and figures.late > 0 and figures.on_time > 0 and figures.not_applicable > 0
    assert older.due_on < today and older.created_at.date() < older.due_on
    relay = Dispatch.objects.get(parent=recent)
    commune, grassroots = loaded["units"]["commune"], loaded["units"]["grassroots"]
    assert relay.sender_unit == commune and relay.note and relay.sent_by.username == "captren.demo"
    assert set(UnitTask.objects.filter(dispatch=recent, unit=commune).values_list("status", flat=True)) == {
        TaskStatus.RELAYED
    }
    shared = UnitTask.objects.get(dispatch=relay, unit=grassroots, action="share_zalo_group")
    assert shared.status == TaskStatus.DONE and shared.done_by.username == "coso.demo"
    assert compliance.compliance_of(recent, recent.sender_unit_id, today).done >= 1  # relayed work counts up

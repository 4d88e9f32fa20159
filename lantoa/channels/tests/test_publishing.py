"""An article published on the portal goes out on its unit's channels: sent through an
adapter where the kind has one and the channel is connected, else waiting for an officer's
confirmation; failures show with their reason, are retried when waiting may help, ask for a
reconnection when the credential is refused; "Thử lại" queues again; withdrawing follows."""

import datetime

import pytest
from django.utils import timezone

from lantoa.channels import publishing
from lantoa.channels.kinds import adapters
from lantoa.channels.kinds.base import PlatformError, Posted
from lantoa.channels.models import (
    Channel,
    ChannelKind,
    Connection,
    ConnectionStatus,
    Publication,
    PublicationStatus,
    Purpose,
)
from lantoa.portal.tests import portal_world
from lantoa.portal.tests.portal_world import publish_article
from lantoa.workspace.models import Notification

pytestmark = pytest.mark.django_db
S = PublicationStatus
portal, media_root = portal_world.portal, portal_world.media_root  # the portal's fixtures


class FakePageAdapter(adapters.Adapter):
    """Stands in for a platform: records what it was asked, fails as told."""

    kind = ChannelKind.FACEBOOK_PAGE
    sends = True
    variant_kind = "facebook_post"

    def __init__(self):
        self.posted, self.failures, self.withdrawn = [], [], []

    def publish(self, connection, content, *, resume=""):
        if self.failures:
            raise self.failures.pop(0)
        self.posted.append(content)
        return Posted(external_id=f"123_{len(self.posted)}", url=f"https://www.facebook.com/123_{len(self.posted)}")

    def withdraw(self, connection, external_id):
        self.withdrawn.append(external_id)


@pytest.fixture
def platform(monkeypatch):
    fake = FakePageAdapter()
    monkeypatch.setitem(adapters.ADAPTERS, ChannelKind.FACEBOOK_PAGE, fake)
    return fake


@pytest.fixture
def channels(portal):
    commune = portal["commune"]

    def channel(kind, name, **fields):
        return Channel.objects.create(unit=commune, kind=kind, name=name, **fields)

    made = {
        "page": channel(ChannelKind.FACEBOOK_PAGE, "Công đoàn phường Phú Khương"),
        "zalo": channel(ChannelKind.ZALO_OA, "Zalo OA Công đoàn Phú Khương"),
        "board": channel(ChannelKind.BULLETIN_BOARD, "Bảng tin khu phố 3"),
        "closed": channel(ChannelKind.LOUDSPEAKER, "Loa cũ", active_to=datetime.date(2024, 1, 1)),
        "hotline": channel(ChannelKind.ZALO_GROUP, "Nhóm hỏi đáp", purpose=Purpose.FEEDBACK),
    }
    Connection.objects.create(channel=made["page"], account_id="123")
    return made


def publish(portal, django_capture_on_commit_callbacks, n=1, **fields):
    with django_capture_on_commit_callbacks(execute=True):
        return publish_article(portal["section"], n, **fields)


def rows(article):
    return {p.channel.name: p for p in Publication.objects.filter(article=article).select_related("channel")}


def test_publishing_sends_where_it_can_and_waits_for_confirmation_elsewhere(
    portal, channels, platform, django_capture_on_commit_callbacks
):
    article = publish(portal, django_capture_on_commit_callbacks, title="Ra quân Tháng Công nhân")
    found = rows(article)
    assert set(found) == {"Công đoàn phường Phú Khương", "Zalo OA Công đoàn Phú Khương", "Bảng tin khu phố 3"}
    page = found["Công đoàn phường Phú Khương"]
    assert page.status == S.PUBLISHED and page.url == "https://www.facebook.com/123_1" and page.attempts == 1
    assert platform.posted[0].title == "Ra quân Tháng Công nhân" and platform.posted[0].link == article.full_url
    assert found["Zalo OA Công đoàn Phú Khương"].status == S.AWAITING_CONFIRMATION  # no connection
    assert found["Bảng tin khu phố 3"].status == S.AWAITING_CONFIRMATION


def test_a_passing_failure_is_retried_and_shown_until_it_passes(
    portal, channels, platform, django_capture_on_commit_callbacks
):
    platform.failures = [PlatformError("Facebook đang quá tải, sẽ thử lại.", code="2", retryable=True)]
    article = publish(portal, django_capture_on_commit_callbacks)
    page = rows(article)["Công đoàn phường Phú Khương"]
    assert page.status == S.PUBLISHED and page.attempts == 2 and page.error == ""  # the inline backend retries at once


def test_a_refused_credential_asks_for_reconnection_and_tells_the_officers(
    portal, channels, platform, django_capture_on_commit_callbacks
):
    from lantoa.org import actions
    from lantoa.org.models import RoleKind
    from lantoa.org.tests.factories import make_user

    officer = make_user("phukhuong.canbo")
    actions.do_assign_role(user=officer, unit=portal["commune"], kind=RoleKind.UNIT_OFFICER, actor=None)
    platform.failures = [PlatformError("Mã truy cập của trang đã hết hiệu lực.", code="190", reconnect=True)]
    article = publish(portal, django_capture_on_commit_callbacks)
    page = rows(article)["Công đoàn phường Phú Khương"]
    assert page.status == S.FAILED and page.attempts == 1 and "hết hiệu lực" in page.error
    connection = Connection.objects.get(channel=channels["page"])
    assert connection.status == ConnectionStatus.NEEDS_RECONNECT
    notice = Notification.objects.get(recipient=officer)
    assert "Công đoàn phường Phú Khương" in notice.message and "hết hiệu lực" in notice.message

    connection.status = ConnectionStatus.CONNECTED
    connection.save()
    with django_capture_on_commit_callbacks(execute=True):
        assert publishing.do_retry(page)
    page.refresh_from_db()
    assert page.status == S.PUBLISHED and page.attempts == 2
    assert not publishing.do_retry(page)  # only failed rows are retried


def test_unpublishing_withdraws_by_api_and_lists_the_rest_for_manual_action(
    portal, channels, platform, django_capture_on_commit_callbacks
):
    article = publish(portal, django_capture_on_commit_callbacks)
    board = rows(article)["Bảng tin khu phố 3"]
    publishing.do_confirm(board, url="", day=datetime.date(2026, 11, 3), actor=portal["officer"])
    with django_capture_on_commit_callbacks(execute=True):
        article.unpublish()
    found = rows(article)
    assert found["Công đoàn phường Phú Khương"].status == S.WITHDRAWN and platform.withdrawn == ["123_1"]
    assert found["Bảng tin khu phố 3"].status == S.MANUAL_ACTION
    assert found["Zalo OA Công đoàn Phú Khương"].status == S.WITHDRAWN


def test_publishing_again_does_not_send_twice(portal, channels, platform, django_capture_on_commit_callbacks):
    article = publish(portal, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        article.save_revision().publish()
    assert len(platform.posted) == 1 and Publication.objects.filter(article=article).count() == 3


# --- The article's publications screen


def test_the_screen_lists_the_rows_and_retry_and_confirm_work(
    client, portal, channels, platform, django_capture_on_commit_callbacks
):
    from django.urls import reverse

    platform.failures = [PlatformError("Facebook từ chối: thiếu nội dung bài.", code="100")]
    article = publish(portal, django_capture_on_commit_callbacks, title="Hội thao công nhân")
    client.force_login(portal["province_editor"])
    html = client.get(reverse("channels_publications", args=[article.pk])).content.decode()
    assert "Facebook từ chối: thiếu nội dung bài." in html and "Gửi lỗi" in html and "Thử lại" in html
    assert "Chờ xác nhận" in html and "Bảng tin khu phố 3" in html
    page = rows(article)["Công đoàn phường Phú Khương"]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("channels_publication_retry", args=[page.pk]), follow=True)
    assert "Đang gửi lại tới Công đoàn phường Phú Khương." in response.content.decode()
    page.refresh_from_db()
    assert page.status == S.PUBLISHED
    board = rows(article)["Bảng tin khu phố 3"]
    response = client.post(reverse("channels_publication_confirm", args=[board.pk]), {"url": "", "day": "31/12/2099"},
                           follow=True)  # fmt: skip
    assert "Ngày đăng không thể ở tương lai." in response.content.decode()
    client.post(reverse("channels_publication_confirm", args=[board.pk]), {"url": "", "day": "03/11/2026"})
    board.refresh_from_db()
    assert board.status == S.PUBLISHED and board.confirmed_by == portal["province_editor"]


def test_a_sibling_commune_officer_cannot_see_or_act(
    client, portal, channels, platform, django_capture_on_commit_callbacks
):
    from django.urls import reverse

    article = publish(portal, django_capture_on_commit_callbacks)
    board = rows(article)["Bảng tin khu phố 3"]
    client.force_login(portal["sibling_officer"])
    assert client.get(reverse("channels_publications", args=[article.pk])).status_code == 404
    response = client.post(reverse("channels_publication_confirm", args=[board.pk]), {"day": "03/11/2026"})
    assert response.status_code == 404
    board.refresh_from_db()
    assert board.status == S.AWAITING_CONFIRMATION


# --- Through the real Facebook client, against the fake Graph API


@pytest.fixture
def graph(settings, channels):
    from lantoa.channels.connections import do_connect
    from lantoa.channels.kinds.facebook_page.fake import FakeGraph

    with FakeGraph(page_id="61550000000000123", token="EAAG-trang-phu-khuong") as fake:
        settings.LANTOA_FACEBOOK_GRAPH_URL = fake.base_url
        do_connect(channels["page"], account_id=fake.page_id, secrets={"page_token": fake.token})
        yield fake


def test_a_page_post_goes_out_and_a_revoked_token_asks_for_reconnection(
    portal, channels, graph, django_capture_on_commit_callbacks
):
    article = publish(portal, django_capture_on_commit_callbacks, title="Ra quân Tháng Công nhân")
    page = rows(article)["Công đoàn phường Phú Khương"]
    assert page.status == S.PUBLISHED and page.external_id in graph.posts
    graph.revoke_token()
    second = publish(portal, django_capture_on_commit_callbacks, n=2)
    failed = rows(second)["Công đoàn phường Phú Khương"]
    assert failed.status == S.FAILED and failed.attempts == 1 and "kết nối lại" in failed.error
    assert "EAAG-trang-phu-khuong" not in failed.error
    assert Connection.objects.get(channel=channels["page"]).status == ConnectionStatus.NEEDS_RECONNECT


def test_statistics_are_read_back_and_the_reach_counts_as_of_each_day(
    portal, channels, graph, django_capture_on_commit_callbacks
):
    from lantoa.channels.models import PublicationStat
    from lantoa.org.models import UnitState
    from lantoa.plans import indicators

    article = publish(portal, django_capture_on_commit_callbacks)
    page = rows(article)["Công đoàn phường Phú Khương"]
    post = graph.posts[page.external_id]
    post.reactions, post.comments, post.shares, post.reach = 120, 14, 9, 3400
    today = timezone.localdate()
    assert publishing.fetch_statistics() == {"facebook_page": 1}
    stat = PublicationStat.objects.get(publication=page)
    assert (stat.on_date, stat.reactions, stat.comments, stat.shares, stat.reach) == (today, 120, 14, 9, 3400)
    post.reach = 5000
    publishing.fetch_statistics()  # a second read the same day replaces the day's figures
    assert PublicationStat.objects.get(publication=page).reach == 5000

    province = UnitState.objects.on(today).get(unit=portal["province"])
    assert indicators.compute("publication_reach", province, today).value == 5000
    assert indicators.compute("publication_reach_by_kind", province, today, channel_kind="zalo_oa").value == 0
    yesterday = today - datetime.timedelta(days=1)
    assert indicators.compute("publication_reach", province, yesterday).value == 0  # not known then


def test_a_row_left_sending_by_a_dead_worker_can_be_tried_again(
    portal, channels, platform, django_capture_on_commit_callbacks
):
    article = publish(portal, django_capture_on_commit_callbacks)
    board = rows(article)["Bảng tin khu phố 3"]
    Publication.objects.filter(pk=board.pk).update(status=S.SENDING)
    assert not publishing.do_retry(board)  # still being sent, as far as anyone knows
    stale = timezone.now() - publishing.stale_sending() - datetime.timedelta(minutes=1)
    Publication.objects.filter(pk=board.pk).update(updated_at=stale)
    assert publishing.is_retryable(board)
    with django_capture_on_commit_callbacks(execute=True):
        assert publishing.do_retry(board)
    board.refresh_from_db()
    assert board.status == S.FAILED and "thủ công" in board.error  # a hand channel says what to do instead


def interrupt(publication, seconds_ago: float) -> None:
    """The row as a worker that died mid-send left it."""
    Publication.objects.filter(pk=publication.pk).update(
        status=S.SENDING, external_id="", url="", updated_at=timezone.now() - datetime.timedelta(seconds=seconds_ago)
    )


@pytest.mark.parametrize("posted_before_death", [True, False])
def test_a_send_interrupted_by_a_dead_worker_is_finished_once(
    portal, channels, graph, django_capture_on_commit_callbacks, posted_before_death
):
    article = publish(portal, django_capture_on_commit_callbacks, title="Ra quân Tháng Công nhân")
    page = rows(article)["Công đoàn phường Phú Khương"]
    if not posted_before_death:  # the worker died before Facebook got the post
        graph.posts.pop(page.external_id)
    interrupt(page, seconds_ago=publishing.stale_sending().total_seconds() + 5)
    sent = publishing.send(page.pk)
    assert sent is not None and sent.status == S.PUBLISHED
    assert len(graph.posts) == 1 and sent.external_id in graph.posts  # one post on the page, not two
    assert [r["path"] for r in graph.requests].count(f"{graph.page_id}/feed") == (1 if posted_before_death else 2)


def test_a_row_another_worker_is_sending_right_now_is_left_alone(
    portal, channels, graph, django_capture_on_commit_callbacks
):
    article = publish(portal, django_capture_on_commit_callbacks)
    page = rows(article)["Công đoàn phường Phú Khương"]
    interrupt(page, seconds_ago=1)
    with pytest.raises(publishing.StillSending) as busy:  # retried after its back-off, not dropped
        publishing.send(page.pk)
    assert busy.value.retryable
    assert not publishing.do_retry(page)
    assert len(graph.posts) == 1
    page.refresh_from_db()
    assert page.status == S.SENDING and page.error == ""  # the other worker's row, untouched


def test_a_worker_slow_past_the_stale_limit_does_not_post_what_another_took_over(
    portal, channels, graph, django_capture_on_commit_callbacks, monkeypatch
):
    article = publish(portal, django_capture_on_commit_callbacks)
    page = rows(article)["Công đoàn phường Phú Khương"]
    graph.posts.clear()
    Publication.objects.filter(pk=page.pk).update(status=S.QUEUED, external_id="", url="")
    real_content_for = publishing.content_for

    def taken_over_meanwhile(publication):
        """While this worker reads the content, another one reclaims the row and claims it."""
        Publication.objects.filter(pk=publication.pk).update(attempts=publication.attempts + 1)
        return real_content_for(publication)

    monkeypatch.setattr(publishing, "content_for", taken_over_meanwhile)
    assert publishing.send(page.pk) is None
    assert graph.posts == {}


def test_retry_of_a_stuck_row_looks_for_the_post_first(portal, channels, graph, django_capture_on_commit_callbacks):
    article = publish(portal, django_capture_on_commit_callbacks)
    page = rows(article)["Công đoàn phường Phú Khương"]
    interrupt(page, seconds_ago=publishing.stale_sending().total_seconds() + 60)
    with django_capture_on_commit_callbacks(execute=True):
        assert publishing.do_retry(page)
    page.refresh_from_db()
    assert page.status == S.PUBLISHED and page.external_id in graph.posts and len(graph.posts) == 1


def test_a_token_refused_while_reading_statistics_asks_for_reconnection(
    portal, channels, graph, django_capture_on_commit_callbacks
):
    publish(portal, django_capture_on_commit_callbacks)
    graph.revoke_token()
    assert publishing.fetch_statistics() == {}
    connection = Connection.objects.get(channel=channels["page"])
    assert connection.status == ConnectionStatus.NEEDS_RECONNECT and "EAAG-trang-phu-khuong" not in connection.problem

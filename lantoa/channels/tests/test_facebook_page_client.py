"""The Facebook Page client against the local Graph fake: posts published, edited, deleted
and counted; every refusal said in Vietnamese with the right retry/reconnect flags; and the
Page token never shown."""

import logging
import socket

import httpx
import pytest

from lantoa.channels.kinds.base import PlatformError
from lantoa.channels.kinds.facebook_page.client import (
    DEFAULT_GRAPH_VERSION,
    RATE_LIMIT_PAUSE,
    FacebookPageClient,
    post_url,
)
from lantoa.channels.kinds.facebook_page.fake import MODES, FakeGraph, graph_error

TOKEN = "EAAGm0PX4ZCpsBAsecret-page-token-never-shown-42"
PAGE = "61550000000000123"


@pytest.fixture
def fake():
    with FakeGraph(page_id=PAGE, token=TOKEN, stall_seconds=2.0) as server:
        yield server


@pytest.fixture
def facebook(fake):
    with FacebookPageClient(PAGE, TOKEN, base_url=fake.base_url, timeout=0.5) as client:
        yield client


def refusal(call) -> PlatformError:
    with pytest.raises(PlatformError) as caught:
        call()
    return caught.value


def assert_no_secret(error: PlatformError, client: FacebookPageClient) -> None:
    for text in (str(error), repr(error), repr(error.args), error.message, repr(client)):
        assert TOKEN not in text


def graph_says(status: int, body: dict, headers: dict | None = None) -> FacebookPageClient:
    """A client whose every call gets this answer (shapes the fake does not produce)."""
    transport = httpx.MockTransport(lambda request: httpx.Response(status, json=body, headers=headers))
    return FacebookPageClient(PAGE, TOKEN, base_url="https://graph.test", client=httpx.Client(transport=transport))


# --- Publishing ------------------------------------------------------------------------


def test_a_post_is_published_with_its_link_and_permalink(fake, facebook):
    posted = facebook.publish_post("Chào mừng Đại hội Công đoàn", link="https://congdoan.vn/bai/1")
    stored = fake.posts[posted.external_id]
    assert (stored.message, stored.link) == ("Chào mừng Đại hội Công đoàn", "https://congdoan.vn/bai/1")
    assert posted.external_id.startswith(f"{PAGE}_") and isinstance(posted.external_id, str)
    assert int(posted.external_id.split("_")[1]) > 2**53  # kept whole, never through a float
    assert posted.url.startswith(f"https://www.facebook.com/{PAGE}/posts/")
    assert [r["path"] for r in fake.requests] == [f"{PAGE}/feed", posted.external_id]
    assert fake.requests[1]["params"] == {"fields": "permalink_url"}


def test_calls_go_to_the_configured_graph_version(fake, facebook, settings):
    assert facebook.version == DEFAULT_GRAPH_VERSION
    settings.LANTOA_FACEBOOK_GRAPH_URL = fake.base_url
    settings.LANTOA_FACEBOOK_GRAPH_VERSION = "v25.0"
    seen = []
    with FacebookPageClient(PAGE, TOKEN, client=httpx.Client(event_hooks={"request": [seen.append]})) as client:
        client.publish_post("Xin chào")
    assert all(str(request.url).startswith(f"{fake.base_url}/v25.0/") for request in seen)


def test_a_photo_post_from_an_address_gives_the_post_id_not_the_photo_id(fake, facebook):
    posted = facebook.publish_photo("Ảnh hội nghị", image_url="https://congdoan.vn/media/anh.jpg")
    stored = fake.posts[posted.external_id]
    assert (stored.message, stored.photo_url) == ("Ảnh hội nghị", "https://congdoan.vn/media/anh.jpg")


def test_a_photo_post_can_upload_the_file_itself(fake, facebook):
    image = b"\xff\xd8\xff\xe0fake-jpeg-bytes"
    posted = facebook.publish_photo("Ảnh tải lên", image=image, filename="hoi-nghi.jpg")
    assert fake.posts[posted.external_id].photo_bytes == image
    assert fake.posts[posted.external_id].message == "Ảnh tải lên"


def test_an_empty_post_or_photo_is_refused_without_a_call(fake, facebook):
    assert refusal(lambda: facebook.publish_post("  ")).code == "empty"
    assert refusal(lambda: facebook.publish_photo("Chỉ có chữ")).code == "empty"
    assert fake.requests == []


def test_a_permalink_that_cannot_be_read_falls_back_to_the_built_address(fake, facebook):
    posted = facebook.publish_post("Bài 1")
    fake.misbehave("server_error")
    assert facebook.permalink(posted.external_id) == post_url(posted.external_id)


def test_a_publish_is_not_reported_failed_when_only_the_permalink_read_fails():
    calls = []

    def graph(request: httpx.Request) -> httpx.Response:
        calls.append(request.method)
        if request.method == "POST":
            return httpx.Response(200, json={"id": f"{PAGE}_9007199254740993"})
        return httpx.Response(500, json=graph_error("An unexpected error has occurred.", 2))

    client = FacebookPageClient(
        PAGE, TOKEN, base_url="https://graph.test", client=httpx.Client(transport=httpx.MockTransport(graph))
    )
    posted = client.publish_post("Bài 1")
    assert posted.external_id == f"{PAGE}_9007199254740993"
    assert posted.url == f"https://www.facebook.com/{PAGE}_9007199254740993"
    assert calls == ["POST", "GET"]


# --- Editing and deleting --------------------------------------------------------------


def test_a_post_message_is_updated(fake, facebook):
    posted = facebook.publish_post("Bản cũ")
    facebook.update_post(posted.external_id, "Bản mới")
    assert fake.posts[posted.external_id].message == "Bản mới"


def test_a_photo_post_that_facebook_will_not_edit_asks_for_a_manual_edit(fake, facebook):
    posted = facebook.publish_photo("Ảnh", image_url="https://congdoan.vn/a.jpg")
    error = refusal(lambda: facebook.update_post(posted.external_id, "Chú thích mới"))
    assert not error.retryable and not error.reconnect and error.code == "100"
    assert "sửa thủ công" in error.message
    assert fake.posts[posted.external_id].message == "Ảnh"


def test_a_post_is_deleted(fake, facebook):
    posted = facebook.publish_post("Sẽ gỡ")
    facebook.delete_post(posted.external_id)
    assert posted.external_id not in fake.posts


def test_a_post_already_gone_is_refused_with_its_own_code(fake, facebook):
    posted = facebook.publish_post("Sẽ gỡ hai lần")
    facebook.delete_post(posted.external_id)
    for call in (
        lambda: facebook.delete_post(posted.external_id),
        lambda: facebook.update_post(posted.external_id, "x"),
    ):
        error = refusal(call)
        assert error.code == "100/33" and not error.retryable and not error.reconnect
        assert "đã bị xóa" in error.message


@pytest.mark.parametrize("post_id", ["../me/accounts", "", "123?fields=access_token", f"{PAGE}_12/insights"])
def test_a_malformed_post_id_is_refused_without_a_call(fake, facebook, post_id):
    error = refusal(lambda: facebook.delete_post(post_id))
    assert error.code == "bad_id" and not error.retryable
    assert fake.requests == []


def test_a_malformed_page_id_asks_for_reconnection(fake):
    with FacebookPageClient("congdoan.vn", TOKEN, base_url=fake.base_url) as client:
        error = refusal(lambda: client.publish_post("Xin chào"))
    assert error.reconnect and error.code == "bad_id"
    assert fake.requests == []


def test_the_page_name_is_read_with_the_token(fake, facebook):
    assert facebook.page_name() == fake.page_name
    assert fake.requests[-1] == {"method": "GET", "path": "me", "params": {"fields": "id,name"}}


def test_a_token_that_is_not_the_pages_own_is_refused(fake, facebook):
    fake.token_owner_id = "100089000000001"  # a user's token (or another page's) answers as itself
    error = refusal(facebook.page_name)
    assert error.code == "other_page" and not error.retryable
    assert "không phải mã truy cập của trang" in error.message


def test_a_post_made_since_a_moment_is_found_by_its_text(fake, facebook):
    import datetime
    import time

    older = fake.add_post(message="Bài cũ trùng nội dung")
    older.created = time.time() - 3600
    since = datetime.datetime.now(tz=datetime.UTC) - datetime.timedelta(seconds=5)
    assert facebook.find_post("Bài cũ trùng nội dung", since=since) is None
    posted = facebook.publish_post("  Tháng Công nhân 2026  ", link="https://congdoan.vn/bai/2")
    found = facebook.find_post("Tháng Công nhân 2026", since=since)
    assert found is not None and found.external_id == posted.external_id and found.url.startswith("https://")
    assert facebook.find_post("Một bài khác", since=since) is None
    assert fake.requests[-1]["path"] == f"{PAGE}/posts"
    assert fake.requests[-1]["params"]["since"] == str(int(since.timestamp()))


def test_a_posts_listing_without_data_is_a_retryable_error():
    import datetime

    client = graph_says(200, {"paging": {}})
    error = refusal(lambda: client.find_post("x", since=datetime.datetime.now(tz=datetime.UTC)))
    assert error.retryable and error.code == "malformed"


def test_reading_the_page_name_with_a_wrong_token_asks_for_reconnection(fake):
    with FacebookPageClient(PAGE, TOKEN + "x", base_url=fake.base_url, timeout=0.5) as client:
        error = refusal(client.page_name)
    assert error.reconnect and error.code == "190"
    assert_no_secret(error, client)


def test_a_page_answer_without_its_name_is_a_retryable_error(fake, facebook):
    fake.misbehave("drop_field")
    error = refusal(facebook.page_name)
    assert error.retryable and error.code == "malformed"


# --- Statistics ------------------------------------------------------------------------


def test_statistics_give_reactions_comments_shares_and_reach(fake, facebook):
    post = fake.add_post(message="Bài", reactions=120, comments=14, shares=9, reach=3456)
    stats = facebook.post_statistics(post.post_id)
    assert (stats.reactions, stats.comments, stats.shares, stats.reach) == (120, 14, 9, 3456)
    assert stats.external_id == post.post_id and stats.views is None and stats.extra == {}
    assert stats.fetched_at.tzinfo is not None
    insights = fake.requests[-1]
    assert insights["path"] == f"{post.post_id}/insights"
    assert insights["params"] == {"metric": "post_total_media_view_unique", "period": "lifetime"}


def test_no_shares_reads_as_zero(fake, facebook):
    post = fake.add_post(message="Bài", reactions=1, comments=0, shares=0)
    assert facebook.post_statistics(post.post_id).shares == 0


def test_reach_refused_for_good_leaves_the_other_figures(fake, facebook):
    post = fake.add_post(message="Bài", reactions=5, comments=1)
    fake.remove_permission("read_insights")
    stats = facebook.post_statistics(post.post_id)
    assert stats.reactions == 5 and stats.reach is None and stats.extra == {"reach_error": "10"}


def test_statistics_of_many_posts_skip_the_deleted_ones(fake, facebook):
    first, gone, last = (fake.add_post(message=str(n), reactions=n) for n in range(3))
    facebook.delete_post(gone.post_id)
    stats = facebook.statistics([last.post_id, gone.post_id, first.post_id, last.post_id])
    assert [s.external_id for s in stats] == [last.post_id, first.post_id]


def test_statistics_without_the_summaries_are_a_retryable_error(fake, facebook):
    post = fake.add_post(message="Bài")
    fake.misbehave("drop_field")
    error = refusal(lambda: facebook.post_statistics(post.post_id))
    assert error.retryable and error.code == "malformed"


# --- Refusals --------------------------------------------------------------------------


def test_a_wrong_token_asks_for_reconnection_and_is_never_echoed(fake):
    with FacebookPageClient(PAGE, TOKEN + "x", base_url=fake.base_url, timeout=0.5) as client:
        error = refusal(lambda: client.publish_post("Xin chào"))
    assert error.reconnect and not error.retryable and error.code == "190"
    assert "kết nối lại trang" in error.message
    assert TOKEN not in str(error)  # Graph's own message quoted it


@pytest.mark.parametrize(("make_it", "code"), [("expire_token", "190/463"), ("revoke_token", "190/460")])
def test_an_expired_or_revoked_token_asks_for_reconnection(fake, facebook, make_it, code):
    post = fake.add_post(message="Bài")
    getattr(fake, make_it)()
    for call in (
        lambda: facebook.publish_post("Xin chào"),
        lambda: facebook.update_post(post.post_id, "x"),
        lambda: facebook.delete_post(post.post_id),
        lambda: facebook.post_statistics(post.post_id),
    ):
        error = refusal(call)
        assert error.reconnect and not error.retryable and error.code == code
        assert_no_secret(error, facebook)


def test_a_missing_token_asks_for_reconnection(fake):
    with FacebookPageClient(PAGE, "", base_url=fake.base_url) as client:
        error = refusal(lambda: client.publish_post("Xin chào"))
    assert error.reconnect and error.code == "104"


def test_a_missing_permission_is_named_and_asks_for_reconnection(fake, facebook):
    fake.remove_permission("pages_manage_posts")
    error = refusal(lambda: facebook.publish_post("Xin chào"))
    assert error.reconnect and not error.retryable and error.code == "200"
    assert "pages_read_engagement, pages_manage_posts" in error.message


def test_a_permission_refusal_without_a_name_still_asks_for_reconnection():
    client = graph_says(403, graph_error("(#10) Application does not have permission for this action", 10))
    error = refusal(lambda: client.publish_post("Xin chào"))
    assert error.reconnect and "không đủ quyền" in error.message


def test_a_page_rate_limit_waits_as_long_as_facebook_says(fake, facebook):
    fake.misbehave("rate_limit")
    error = refusal(lambda: facebook.publish_post("Xin chào"))
    assert error.retryable and not error.reconnect and error.code == "32"
    assert error.retry_after == fake.regain_minutes * 60
    assert fake.posts == {}


def test_an_app_rate_limit_without_a_time_waits_the_default_pause(fake, facebook):
    fake.misbehave("app_rate_limit")
    error = refusal(lambda: facebook.post_statistics(fake.add_post().post_id))
    assert error.retryable and error.code == "4" and error.retry_after == RATE_LIMIT_PAUSE


@pytest.mark.parametrize("code", [17, 613, 80001])
def test_other_throttles_are_retryable(code):
    error = refusal(lambda: graph_says(400, graph_error("limit", code)).publish_post("x"))
    assert error.retryable and error.retry_after == RATE_LIMIT_PAUSE


def test_a_retry_after_header_is_obeyed():
    client = graph_says(429, {"error": {"message": "Too Many Requests", "code": 613}}, {"Retry-After": "42"})
    assert refusal(lambda: client.publish_post("x")).retry_after == 42


@pytest.mark.parametrize("mode", ["server_error", "bad_gateway"])
def test_facebook_failures_are_retryable(fake, facebook, mode):
    fake.misbehave(mode)
    error = refusal(lambda: facebook.publish_post("Xin chào"))
    assert error.retryable and not error.reconnect
    assert facebook.publish_post("Xin chào").external_id  # the fault lasted one call


def test_a_stalled_answer_times_out_and_is_retryable(fake, facebook):
    fake.misbehave("stall")
    error = refusal(lambda: facebook.publish_post("Xin chào"))
    assert error.retryable and error.code == "timeout"
    assert error.__cause__ is None and error.__suppress_context__  # the request (with its token) stays hidden


def test_an_unreachable_host_is_retryable():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    with FacebookPageClient(PAGE, TOKEN, base_url=f"http://127.0.0.1:{port}", timeout=0.5) as client:
        error = refusal(lambda: client.publish_post("Xin chào"))
    assert error.retryable and error.code == "network"


@pytest.mark.parametrize("mode", ["drop_field", "not_json"])
def test_an_answer_without_the_post_id_is_a_retryable_error(fake, facebook, mode):
    fake.misbehave(mode)
    error = refusal(lambda: facebook.publish_post("Xin chào"))
    assert error.retryable and error.code == "malformed"


def test_a_missing_field_is_final(fake, facebook):
    error = refusal(lambda: facebook.publish_photo("Ảnh", image=b""))  # an empty file
    assert not error.retryable and not error.reconnect and error.code == "324"


@pytest.mark.parametrize(
    ("body", "code", "words"),
    [
        (graph_error("(#506) Duplicate status message", 506), "506", "trùng"),
        (graph_error("Invalid parameter", 100, subcode=1609005), "100/1609005", "dữ liệu"),
        (graph_error("Error posting link", 1609005), "1609005", "liên kết"),
        (graph_error("(#100) Invalid parameter", 100), "100", "không hợp lệ"),
    ],
)
def test_bad_input_is_final(body, code, words):
    error = refusal(lambda: graph_says(400, body).publish_post("x", link="https://congdoan.vn"))
    assert not error.retryable and not error.reconnect and error.code == code and words in error.message


def test_a_policy_block_waits_an_hour():
    error = refusal(lambda: graph_says(400, graph_error("You're temporarily blocked", 368)).publish_post("x"))
    assert error.retryable and error.retry_after == 3600 and "chính sách" in error.message


# --- Secrets ---------------------------------------------------------------------------


def test_the_token_travels_in_a_header_never_in_the_address(fake, facebook, caplog):
    caplog.set_level(logging.DEBUG)
    posted = facebook.publish_post("Xin chào")
    facebook.post_statistics(posted.external_id)
    facebook.delete_post(posted.external_id)
    assert all("access_token" not in request["params"] for request in fake.requests)
    assert TOKEN not in caplog.text
    assert TOKEN not in repr(facebook)


def test_no_refusal_shows_the_token(fake, facebook):
    for mode in sorted(MODES):
        fake.misbehave(mode)
        assert_no_secret(refusal(lambda: facebook.publish_post("Xin chào")), facebook)
    fake.revoke_token()
    assert_no_secret(refusal(lambda: facebook.publish_post("Xin chào")), facebook)


def test_a_post_is_found_behind_more_than_a_page_of_newer_posts(fake, facebook):
    import datetime

    since = datetime.datetime.now(tz=datetime.UTC) - datetime.timedelta(seconds=5)
    posted = facebook.publish_post("Tháng Công nhân 2026: hoạt động số 7")
    for n in range(150):  # a page of 100 and half another published after it
        fake.add_post(message=f"Tin số {n}")
    found = facebook.find_post("Tháng Công nhân 2026: hoạt động số 7", since=since)
    assert found is not None and found.external_id == posted.external_id
    listings = [r for r in fake.requests if r["path"] == f"{PAGE}/posts"]
    assert [r["params"].get("after") for r in listings] == [None, "100"]
    assert facebook.find_post("Không có bài này", since=since) is None

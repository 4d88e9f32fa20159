"""The Zalo OA client against the local fake: the OAuth flow with PKCE, single-use refresh
tokens, consultation messages, articles and their figures, and every refusal becoming a
PlatformError an officer can read, without a secret in it."""

import datetime
import re

import httpx
import pytest

from lantoa.channels.kinds.base import PlatformError, http_client
from lantoa.channels.kinds.zalo_oa.client import (
    DEFAULT_OAUTH_URL,
    DEFAULT_OPENAPI_URL,
    ArticlePending,
    TokenExpired,
    TokenPair,
    ZaloOAClient,
    ZaloOAuth,
    make_pkce_pair,
    pkce_challenge,
)
from lantoa.channels.kinds.zalo_oa.fake import FakeZalo

TIMEOUT = 0.5

ARTICLE = {
    "title": "Công đoàn chăm lo Tết cho đoàn viên",
    "author": "LĐLĐ Hà Nội",
    "description": "Trao 500 suất quà cho đoàn viên khó khăn.",
    "cover_url": "https://lantoa.example/media/cover.jpg",
    "paragraphs": ["Sáng nay, LĐLĐ Hà Nội trao quà.", "Mỗi suất trị giá 1 triệu đồng."],
}


@pytest.fixture
def zalo():
    with FakeZalo() as fake:
        fake.state.stall_seconds = TIMEOUT * 3
        yield fake


@pytest.fixture
def http():
    with http_client(timeout=TIMEOUT) as client:
        yield client


@pytest.fixture
def oauth(zalo, http):
    return ZaloOAuth(base_url=zalo.base_url, client=http)


@pytest.fixture
def api(zalo, http):
    return ZaloOAClient(zalo.access_token, base_url=zalo.base_url, client=http)


def secrets_of(zalo):
    return [zalo.app_secret, zalo.access_token, zalo.refresh_token]


def assert_no_secret(error, zalo):
    for text in (str(error), repr(error), error.message):
        for secret in secrets_of(zalo):
            assert secret not in text


# OAuth


def test_pkce_challenge_is_the_rfc7636_s256_of_the_verifier():
    # RFC 7636, appendix B
    assert (
        pkce_challenge("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk") == "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"
    )
    verifier, challenge = make_pkce_pair()
    assert 43 <= len(verifier) <= 128 and re.fullmatch(r"[A-Za-z0-9_-]+", verifier)
    assert challenge == pkce_challenge(verifier)


def test_authorization_url_carries_app_redirect_state_and_challenge(oauth, zalo):
    url = httpx.URL(oauth.authorization_url(zalo.app_id, "https://lantoa.example/zalo/ve", "s-123", "chal"))
    assert url.path == "/v4/oa/permission"
    assert dict(url.params) == {
        "app_id": zalo.app_id,
        "redirect_uri": "https://lantoa.example/zalo/ve",
        "state": "s-123",
        "code_challenge": "chal",
    }


def test_the_whole_grant_gives_a_working_pair(oauth, zalo, http):
    verifier, challenge = make_pkce_pair()
    consent = http.get(oauth.authorization_url(zalo.app_id, "https://lantoa.example/ve", "st", challenge))
    back = httpx.URL(consent.headers["Location"])
    assert back.params["state"] == "st"
    pair = oauth.exchange_code(zalo.app_id, zalo.app_secret, back.params["code"], verifier)
    now = datetime.datetime.now(datetime.UTC)
    assert pair.access_expires_at - now > datetime.timedelta(hours=24, minutes=59)
    assert pair.refresh_expires_at - now > datetime.timedelta(days=89)
    sent = ZaloOAClient(pair.access_token, base_url=zalo.base_url, client=http).send_text("1", "Xin chào")
    assert sent.message_id


def test_a_wrong_code_verifier_asks_to_connect_again(oauth, zalo):
    _, challenge = make_pkce_pair()
    code = zalo.grant(challenge)
    with pytest.raises(PlatformError) as caught:
        oauth.exchange_code(zalo.app_id, zalo.app_secret, code, "another-verifier-" + "x" * 30)
    assert caught.value.reconnect and not caught.value.retryable
    assert_no_secret(caught.value, zalo)


def test_refresh_gives_a_new_pair_and_the_old_refresh_token_is_spent(oauth, zalo):
    pair = oauth.refresh(zalo.app_id, zalo.app_secret, zalo.refresh_token)
    assert pair.refresh_token != zalo.refresh_token and pair.access_token != zalo.access_token
    with pytest.raises(PlatformError) as caught:
        oauth.refresh(zalo.app_id, zalo.app_secret, zalo.refresh_token)
    assert caught.value.code == "-14020" and caught.value.reconnect
    assert oauth.refresh(zalo.app_id, zalo.app_secret, pair.refresh_token).access_token


def test_a_wrong_app_secret_is_refused_without_showing_it(oauth, zalo):
    with pytest.raises(PlatformError) as caught:
        oauth.refresh(zalo.app_id, "not-the-secret-value", zalo.refresh_token)
    # the site's configuration is wrong: reconnecting the OA would not help, an administrator must
    assert not caught.value.reconnect and not caught.value.retryable and caught.value.code == "config"
    assert "quản trị hệ thống" in caught.value.message
    assert "not-the-secret-value" not in str(caught.value)
    assert_no_secret(caught.value, zalo)


def test_a_token_answer_without_access_token_is_not_retried(oauth, zalo):
    zalo.misbehave("drop_field")
    with pytest.raises(PlatformError) as caught:
        oauth.refresh(zalo.app_id, zalo.app_secret, zalo.refresh_token)
    assert caught.value.code == "bad-answer" and not caught.value.retryable


def test_token_pair_repr_hides_both_tokens(oauth, zalo):
    pair = oauth.refresh(zalo.app_id, zalo.app_secret, zalo.refresh_token)
    assert isinstance(pair, TokenPair)
    assert pair.access_token not in repr(pair) and pair.refresh_token not in repr(pair)
    assert zalo.app_secret not in repr(oauth)


# Messages


def test_send_text_quotes_the_followers_message(api, zalo):
    sent = api.send_text("2468458835296197922", "Chào bạn, công đoàn đã nhận câu hỏi.", quote_message_id="c6792f94")
    assert zalo.messages == [
        {
            "message_id": sent.message_id,
            "user_id": "2468458835296197922",
            "text": "Chào bạn, công đoàn đã nhận câu hỏi.",
            "quote_message_id": "c6792f94",
        }
    ]
    assert sent.user_id == "2468458835296197922" and sent.quota["quota_type"] == "reply"


def test_an_expired_access_token_asks_for_a_refresh_not_a_reconnection(api, zalo):
    zalo.expire_access_token()
    with pytest.raises(TokenExpired) as caught:
        api.send_text("1", "Xin chào")
    error = caught.value
    assert error.token_expired and error.code == "-216"
    assert not error.reconnect and not error.retryable
    assert_no_secret(error, zalo)


def test_an_unknown_token_is_refused_like_an_expired_one(zalo, http):
    api = ZaloOAClient("made-up-token-value", base_url=zalo.base_url, client=http)
    with pytest.raises(TokenExpired) as caught:
        api.send_text("1", "Xin chào")
    assert "made-up-token-value" not in str(caught.value) + repr(caught.value) + repr(api)


def test_a_revoked_app_asks_to_connect_again(api, oauth, zalo):
    zalo.revoke()
    with pytest.raises(PlatformError) as caught:
        api.send_text("1", "Xin chào")
    assert caught.value.reconnect and not isinstance(caught.value, TokenExpired)
    with pytest.raises(PlatformError) as caught:
        oauth.refresh(zalo.app_id, zalo.app_secret, zalo.refresh_token)
    assert caught.value.reconnect


def test_bad_input_is_neither_retried_nor_a_reconnection(api):
    with pytest.raises(PlatformError) as caught:
        api.send_text("1", "")
    assert caught.value.code == "-201"
    assert not caught.value.retryable and not caught.value.reconnect
    assert "Zalo" in caught.value.message


def test_server_errors_are_retryable(api, zalo):
    zalo.misbehave("server_error")
    with pytest.raises(PlatformError) as caught:
        api.send_text("1", "Xin chào")
    assert caught.value.retryable and caught.value.code == "http-502"
    assert api.send_text("1", "Xin chào").message_id  # the next request goes through


def test_rate_limit_is_retryable_after_a_while(api, zalo):
    zalo.misbehave("rate_limit")
    with pytest.raises(PlatformError) as caught:
        api.send_text("1", "Xin chào")
    assert caught.value.retryable and caught.value.code == "-32" and caught.value.retry_after


def test_a_stalled_platform_times_out_as_retryable(api, zalo):
    zalo.misbehave("stall")
    with pytest.raises(PlatformError) as caught:
        api.send_text("1", "Xin chào")
    assert caught.value.retryable and caught.value.code == "timeout"
    assert_no_secret(caught.value, zalo)


def test_a_refused_connection_is_retryable(http):
    api = ZaloOAClient("token", base_url="http://127.0.0.1:9", client=http)
    with pytest.raises(PlatformError) as caught:
        api.send_text("1", "Xin chào")
    assert caught.value.retryable and caught.value.code == "network"


def test_an_answer_without_message_id_is_not_retried(api, zalo):
    zalo.misbehave("drop_field")
    with pytest.raises(PlatformError) as caught:
        api.send_text("1", "Xin chào")
    assert caught.value.code == "bad-answer" and not caught.value.retryable


# Articles


def test_publish_article_creates_verifies_and_finds_its_link(api, zalo):
    posted = api.publish_article(**ARTICLE)
    article = zalo.articles[posted.external_id]
    assert posted.url == article.link
    assert article.fields["type"] == "normal" and article.fields["status"] == "show"
    assert article.fields["cover"] == {"cover_type": "photo", "photo_url": ARTICLE["cover_url"], "status": "show"}
    assert [part["content"] for part in article.fields["body"]] == ARTICLE["paragraphs"]


def test_an_article_still_processing_hands_back_its_token(api, zalo):
    zalo.keep_processing(times=1)
    with pytest.raises(ArticlePending) as caught:
        api.publish_article(**ARTICLE)
    assert caught.value.retryable and caught.value.code == "-214"
    assert len(zalo.articles) == 1
    posted = api.verify_article(caught.value.token)
    assert posted.external_id in zalo.articles and len(zalo.articles) == 1


def test_an_expired_token_between_create_and_verify_keeps_the_article_token(api, zalo, oauth, http):
    token = api.create_article(**ARTICLE)
    zalo.expire_access_token()
    with pytest.raises(PlatformError):
        api.verify_article(token)
    pair = oauth.refresh(zalo.app_id, zalo.app_secret, zalo.refresh_token)
    posted = ZaloOAClient(pair.access_token, base_url=zalo.base_url, client=http).verify_article(token)
    assert list(zalo.articles) == [posted.external_id]


def test_an_article_zalo_refuses_is_not_retried(api):
    with pytest.raises(PlatformError) as caught:
        api.publish_article(**{**ARTICLE, "title": "x" * 151})
    assert not caught.value.retryable and not isinstance(caught.value, ArticlePending)


def test_remove_article_deletes_it(api, zalo):
    posted = api.publish_article(**ARTICLE)
    api.remove_article(posted.external_id)
    assert posted.external_id not in zalo.articles
    with pytest.raises(PlatformError):
        api.remove_article(posted.external_id)


# Figures


def test_article_stats_reads_views_and_shares_as_ids_of_text(api, zalo):
    wanted = zalo.add_article("Bài cũ", views=1234, shares=56)
    for number in range(25):
        zalo.add_article(f"Bài mới {number}")
    stats = api.article_stats(wanted.id)
    assert stats.external_id == wanted.id and isinstance(stats.external_id, str)
    assert (stats.views, stats.shares, stats.reactions, stats.comments) == (1234, 56, None, None)
    assert stats.extra["link"] == wanted.link
    assert stats.fetched_at.tzinfo is not None


def test_articles_stats_skips_articles_not_found(api, zalo):
    one = zalo.add_article("Một", views=3)
    found = api.articles_stats([one.id, "999"])
    assert set(found) == {one.id} and found[one.id].views == 3
    with pytest.raises(PlatformError) as caught:
        api.article_stats("999")
    assert caught.value.code == "not-found" and not caught.value.retryable


def test_default_hosts_are_zalos_own(settings):
    del settings.LANTOA_ZALO_OPENAPI_URL, settings.LANTOA_ZALO_OAUTH_URL
    assert ZaloOAClient("t").base_url == DEFAULT_OPENAPI_URL == "https://openapi.zalo.me"
    assert ZaloOAuth().base_url == DEFAULT_OAUTH_URL == "https://oauth.zaloapp.com"


def test_hosts_come_from_settings(settings):
    settings.LANTOA_ZALO_OPENAPI_URL = "http://zalo-fake.local/"
    settings.LANTOA_ZALO_OAUTH_URL = "http://zalo-oauth-fake.local"
    assert ZaloOAClient("t").base_url == "http://zalo-fake.local"
    assert ZaloOAuth().authorization_url("1", "r", "s", "c").startswith("http://zalo-oauth-fake.local/v4/oa/")


def test_an_article_is_found_behind_many_newer_ones_and_the_search_stops_at_older_ones(zalo):
    import datetime
    import time

    asked: list[httpx.Request] = []
    http = httpx.Client(timeout=TIMEOUT, event_hooks={"request": [asked.append]})
    api = ZaloOAClient(zalo.access_token, base_url=zalo.base_url, client=http)
    old = zalo.add_article("Bài cũ cùng tiêu đề")
    old.created_ms = int((time.time() - 3600) * 1000)
    since = datetime.datetime.now(tz=datetime.UTC) - datetime.timedelta(seconds=5)
    wanted = zalo.add_article("Tháng Công nhân 2026: hoạt động số 7")
    for n in range(25):  # more than two getslice pages published after it
        zalo.add_article(f"Tin số {n}")
    found = api.find_article("Tháng Công nhân 2026: hoạt động số 7", since=since)
    assert found is not None and found.external_id == wanted.id
    asked.clear()
    assert api.find_article("Bài cũ cùng tiêu đề", since=since) is None
    assert len(asked) == 3  # 26 articles since: three pages of 10, the third ends at an older one
    http.close()

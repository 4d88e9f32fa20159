"""An article goes out on a connected Zalo OA through the real client against the fake Zalo:
an access token about to expire, or refused with -216, is refreshed and the new pair
stored; two workers refreshing at once spend the single-use refresh token once; an article
Zalo is still processing is verified later, never posted twice."""

import datetime
import threading

import pytest
from django.db import connection as db_connection
from django.utils import timezone

from lantoa.channels import publishing
from lantoa.channels.connections import do_connect, fresh_secrets, secrets_of
from lantoa.channels.kinds.zalo_oa.adapter import refresh_tokens
from lantoa.channels.models import Channel, ChannelKind, Connection, Publication, PublicationStatus
from lantoa.portal.tests import portal_world
from lantoa.portal.tests.portal_world import publish_article

S = PublicationStatus
portal, media_root = portal_world.portal, portal_world.media_root  # the portal's fixtures


def connect(unit, fake, *, expires_in=datetime.timedelta(hours=20)):
    channel = Channel.objects.create(unit=unit, kind=ChannelKind.ZALO_OA, name="Zalo OA Công đoàn Phú Khương")
    do_connect(
        channel, account_id="4318", secrets={"access_token": fake.access_token, "refresh_token": fake.refresh_token},
        access_expires_at=timezone.now() + expires_in,
    )  # fmt: skip
    return Connection.objects.get(channel=channel)


@pytest.mark.django_db
def test_an_article_becomes_an_oa_article(portal, zalo, django_capture_on_commit_callbacks):
    connection = connect(portal["commune"], zalo)
    with django_capture_on_commit_callbacks(execute=True):
        article = publish_article(portal["section"], 1, title="Tết Sum vầy 2027")
    publication = Publication.objects.get(article=article, channel=connection.channel)
    assert publication.status == S.PUBLISHED and publication.external_id in zalo.articles
    assert zalo.articles[publication.external_id].fields["title"] == "Tết Sum vầy 2027"


@pytest.mark.django_db
def test_a_refused_token_is_refreshed_once_and_the_new_pair_stored(portal, zalo, django_capture_on_commit_callbacks):
    connection = connect(portal["commune"], zalo)
    old_refresh = zalo.refresh_token
    zalo.expire_access_token()
    with django_capture_on_commit_callbacks(execute=True):
        article = publish_article(portal["section"], 1)
    assert Publication.objects.get(article=article, channel=connection.channel).status == S.PUBLISHED
    stored = secrets_of(Connection.objects.get(pk=connection.pk))
    assert stored["refresh_token"] != old_refresh and stored["access_token"] != zalo.access_token


@pytest.mark.django_db
def test_an_article_still_processing_is_verified_later_not_posted_twice(
    portal, zalo, django_capture_on_commit_callbacks
):
    connection = connect(portal["commune"], zalo)
    zalo.keep_processing(times=1)
    with django_capture_on_commit_callbacks(execute=True):
        article = publish_article(portal["section"], 1)  # the inline backend retries at once: -214, then verified
    publication = Publication.objects.get(article=article, channel=connection.channel)
    assert publication.status == S.PUBLISHED and len(zalo.articles) == 1


@pytest.mark.django_db
def test_an_article_whose_worker_died_after_zalo_took_it_is_found_not_posted_again(
    portal, zalo, django_capture_on_commit_callbacks
):
    connection = connect(portal["commune"], zalo)
    zalo.add_article("Một bài cũ khác")
    with django_capture_on_commit_callbacks(execute=True):
        article = publish_article(portal["section"], 1, title="Tết Sum vầy 2027")
    publication = Publication.objects.get(article=article, channel=connection.channel)
    article_id = publication.external_id
    dead_since = timezone.now() - publishing.stale_sending() - datetime.timedelta(seconds=5)
    Publication.objects.filter(pk=publication.pk).update(status=S.SENDING, external_id="", updated_at=dead_since)
    sent = publishing.send(publication.pk)
    assert sent.status == S.PUBLISHED and sent.external_id == article_id and len(zalo.articles) == 2


@pytest.fixture
def roots(transactional_db):
    """A transactional test before this one may have flushed Wagtail's root rows."""
    from lantoa.browser_fixtures import ensure_wagtail_roots

    ensure_wagtail_roots()


@pytest.mark.django_db(transaction=True)
def test_two_workers_refreshing_at_once_spend_the_refresh_token_once(roots, commune_world, zalo):
    if db_connection.vendor == "sqlite" and db_connection.settings_dict["NAME"].startswith("file:memorydb"):
        pytest.skip("two connections need a database file")
    connection = connect(commune_world["commune"], zalo, expires_in=datetime.timedelta(minutes=5))
    seen, errors = [], []

    def worker():
        from django.db import connections

        try:
            seen.append(fresh_secrets(Connection.objects.get(pk=connection.pk), refresh_tokens)["access_token"])
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == [] and len(set(seen)) == 1
    assert secrets_of(Connection.objects.get(pk=connection.pk))["access_token"] == seen[0]


def test_publishing_module_is_wired():  # the adapter registered itself at start-up
    from lantoa.channels.kinds.adapters import adapter_for

    assert adapter_for(ChannelKind.ZALO_OA).sends and publishing.first_status


@pytest.mark.django_db
def test_a_token_good_for_more_than_the_margin_is_used_without_a_query(commune_world, zalo):
    from django.db import connection as database
    from django.test.utils import CaptureQueriesContext

    connection = connect(commune_world["commune"], zalo, expires_in=datetime.timedelta(hours=20))
    with CaptureQueriesContext(database) as queries:
        secrets = fresh_secrets(connection, refresh_tokens)
    assert secrets["access_token"] == zalo.access_token and len(queries) == 0
    soon = connect(commune_world["commune"], zalo, expires_in=datetime.timedelta(minutes=5))
    assert fresh_secrets(soon, refresh_tokens)["access_token"] != zalo.access_token  # refreshed under the lock

import pytest
from django.db import DatabaseError

from lantoa.lib.tasks import beat

pytestmark = pytest.mark.django_db


def test_healthz_is_503_without_a_worker(client):
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"status": "error", "database": "ok", "worker": "down"}


def test_healthz_is_200_with_database_and_fresh_worker(client):
    beat("worker-1")
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "worker": "ok"}


def test_healthz_reports_a_down_database(client, monkeypatch):
    beat("worker-1")

    def broken_cursor(*args, **kwargs):
        raise DatabaseError("connection refused")

    monkeypatch.setattr("lantoa.core.views.connection.cursor", broken_cursor)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] == "down"


def test_healthz_rejects_other_methods(client):
    assert client.post("/healthz").status_code == 405

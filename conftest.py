# Shared fixtures: the browser, and the commune personas (lantoa/org/tests/personas.py).
import pytest

pytest_plugins = ["lantoa.browser_fixtures", "lantoa.org.tests.personas"]

TRANSACTIONAL_FIXTURES = {"transactional_db", "live_server"}


def is_transactional(item: pytest.Item) -> bool:
    """Whether the test commits for real (pytest-django's own rule): at its end the database
    is emptied, migrations' rows included (Wagtail's root page, the editorial workflows)."""
    marker = item.get_closest_marker("django_db")
    if marker is not None and (marker.kwargs.get("transaction") or marker.kwargs.get("reset_sequences")):
        return True
    return bool(TRANSACTIONAL_FIXTURES & set(getattr(item, "fixturenames", ())))


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config, items):
    """Mark the tests that empty the database (`transactional`), before `-m` selects: the
    PostgreSQL pass runs the others on several workers and these alone afterwards, since a
    worker that ran one of them and then another test would find the migrations' rows gone
    (Makefile, `test`)."""
    for item in items:
        if is_transactional(item):
            item.add_marker(pytest.mark.transactional)

"""A fresh install's first page is Lan Tỏa's, not "Welcome to your new Wagtail site!"."""

import pytest
from wagtail.models import Page

pytestmark = pytest.mark.django_db


def test_after_migrate_no_page_says_welcome_to_wagtail():
    # The test database is built by migrate, like a fresh install.
    assert not Page.objects.filter(title__icontains="Wagtail").exists()
    assert Page.objects.filter(depth=2, title="Lan Tỏa").exists()

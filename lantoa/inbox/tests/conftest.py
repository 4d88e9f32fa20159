"""Fixtures shared by the inbox tests: the fake Zalo the settings point at."""

from lantoa.channels.tests.conftest import zalo  # noqa: F401 - the fixture

"""Fixtures of the cascade's tests: `world`, the officer's pages' small tree."""

from .officer_world import world  # noqa: F401 - a fixture

"""Wagtail hooks of the inbox's dashboard screens (imported by wagtail_hooks.py)."""

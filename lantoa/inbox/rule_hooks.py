"""Wagtail hooks of the inbox's rule screens (imported by wagtail_hooks.py)."""

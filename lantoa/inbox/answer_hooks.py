"""Wagtail hooks of the inbox's answer screens (imported by wagtail_hooks.py)."""

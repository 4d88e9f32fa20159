"""The cascade's staff screens in the Wagtail admin."""

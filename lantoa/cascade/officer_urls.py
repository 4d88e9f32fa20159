"""The grassroots officer's pages ("Việc cần làm"), outside the Wagtail admin."""

from django.urls import path

app_name = "viec"
urlpatterns: list = []

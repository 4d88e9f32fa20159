"""The grassroots officer's pages ("Việc cần làm"), outside the Wagtail admin."""

from django.urls import path

from . import officer_views

app_name = "viec"
urlpatterns = [
    path("", officer_views.index, name="index"),
    path("<int:pk>/", officer_views.task_page, name="task"),
    path("<int:pk>/tai/<str:kind>.pdf", officer_views.download, name="download"),
]

"""The portal's Q&A section, under /hoi-dap/ (lantoa/urls.py)."""

from django.urls import path

from . import qa_views

urlpatterns = [
    path("", qa_views.qa_list, name="inbox_qa_list"),
    path("<int:pk>/", qa_views.qa_detail, name="inbox_qa_detail"),
]

"""The grassroots officer's pages ("Việc cần làm"), outside the Wagtail admin."""

app_name = "viec"
urlpatterns: list = []

"""Sign-in without a password (lantoa.org.signin_views), under /dang-nhap/."""

from django.urls import path

from . import signin_views

app_name = "signin"

urlpatterns = [
    path("lien-ket/<str:token>/", signin_views.link_signin, name="link"),
    path("dien-thoai/", signin_views.phone_signin, name="phone"),
    path("dien-thoai/ma/", signin_views.phone_code, name="phone_code"),
]

from wagtail.users.apps import WagtailUsersAppConfig


class LantoaUsersAppConfig(WagtailUsersAppConfig):
    user_viewset = "lantoa.org.users_views.UserViewSet"

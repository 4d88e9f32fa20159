from django.apps import AppConfig
from django.db.models.signals import post_migrate


class OrgConfig(AppConfig):
    name = "lantoa.org"
    label = "org"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from .setup import create_role_groups

        # Connected for every app: the role groups are built once the last app's
        # permissions exist (see create_role_groups).
        post_migrate.connect(create_role_groups, dispatch_uid="lantoa.org.create_role_groups")

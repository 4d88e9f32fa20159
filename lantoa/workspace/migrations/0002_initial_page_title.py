from django.db import migrations

WAGTAIL_WELCOME = "Welcome to your new Wagtail site!"
TITLE = "Lan Tỏa"


def retitle_initial_page(apps, schema_editor):
    """Wagtail's migrations create a first page titled "Welcome to your new Wagtail site!";
    the admin's page explorer shows that title to superusers: it is Lan Tỏa's page."""
    Page = apps.get_model("wagtailcore", "Page")
    Page.objects.filter(title=WAGTAIL_WELCOME).update(title=TITLE, draft_title=TITLE)


class Migration(migrations.Migration):
    dependencies = [
        ("workspace", "0001_initial"),
        ("wagtailcore", "0002_initial_data"),
    ]

    operations = [migrations.RunPython(retitle_initial_page, migrations.RunPython.noop)]

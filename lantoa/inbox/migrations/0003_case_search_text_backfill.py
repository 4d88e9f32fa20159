"""Fill the search text of the cases received before it was kept (`inbox.search`)."""

from django.db import migrations


def backfill(apps, schema_editor):
    from lantoa.inbox.search import backfill_search_text

    backfill_search_text(apps)


class Migration(migrations.Migration):
    dependencies = [("inbox", "0002_routes_rules_answers")]

    operations = [migrations.RunPython(backfill, migrations.RunPython.noop)]

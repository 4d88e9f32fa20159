import datetime

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models
from django.db.models import F


def keys_expire_a_week_after_creation(apps, schema_editor):
    TaskKey = apps.get_model("lantoa_lib", "TaskKey")
    TaskKey.objects.update(expires_at=F("created_at") + datetime.timedelta(days=7))


class Migration(migrations.Migration):

    dependencies = [
        ("lantoa_lib", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="taskkey",
            name="expires_at",
            field=models.DateTimeField(db_index=True, default=django.utils.timezone.now),
            preserve_default=False,
        ),
        migrations.RunPython(keys_expire_a_week_after_creation, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="taskkey",
            name="result_id",
            field=models.CharField(blank=True, db_index=True, max_length=64),
        ),
        migrations.CreateModel(
            name="TaskRetry",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("failed_id", models.UUIDField(unique=True)),
                ("retry_id", models.UUIDField(db_index=True)),
                (
                    "reason",
                    models.CharField(
                        choices=[("error", "Error"), ("worker_lost", "Worker Lost"), ("staff", "Staff")],
                        max_length=20,
                    ),
                ),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                (
                    "actor",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
        ),
        migrations.CreateModel(
            name="TaskUnit",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("result_id", models.UUIDField(db_index=True)),
                ("unit_id", models.BigIntegerField(db_index=True)),
            ],
            options={
                "constraints": [models.UniqueConstraint(fields=("result_id", "unit_id"), name="lib_taskunit_once")],
            },
        ),
    ]

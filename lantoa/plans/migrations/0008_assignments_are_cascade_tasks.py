"""Assignments now live as the cascade's tasks (cascade 0003 moved them)."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('plans', '0007_home_indexes'),
        ('cascade', '0003_assignments_become_tasks'),
    ]

    operations = [
        migrations.DeleteModel(
            name='Assignment',
        ),
    ]

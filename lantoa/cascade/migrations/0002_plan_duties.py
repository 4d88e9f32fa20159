"""Plan duties as cascade work (`Dispatch.plan`, `.responsibility`, `UnitTask.report`) and
how a shared post was received (`UnitTask.reactions`, `.comments`)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('cascade', '0001_initial'),
        ('plans', '0007_home_indexes'),
    ]

    operations = [
        migrations.AddField(
            model_name='dispatch',
            name='plan',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='dispatches', to='plans.plan', verbose_name='plan'),
        ),
        migrations.AddField(
            model_name='dispatch',
            name='responsibility',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='dispatches', to='plans.responsibility', verbose_name='responsibility'),
        ),
        migrations.AddField(
            model_name='unittask',
            name='comments',
            field=models.PositiveIntegerField(blank=True, null=True, verbose_name='number of comments'),
        ),
        migrations.AddField(
            model_name='unittask',
            name='reactions',
            field=models.PositiveIntegerField(blank=True, null=True, verbose_name='reactions'),
        ),
        migrations.AddField(
            model_name='unittask',
            name='report',
            field=models.TextField(blank=True, verbose_name='what was done'),
        ),
        migrations.AlterField(
            model_name='unittask',
            name='action',
            field=models.CharField(choices=[('share_zalo_group', "Share to the unit's Zalo group"), ('share_facebook_page', "Share on the unit's Facebook page"), ('share_facebook_group', "Share to the unit's Facebook group"), ('bulletin_board', 'Post on the bulletin board'), ('loudspeaker', 'Read on the loudspeaker'), ('poster', 'Hang the poster'), ('meeting', 'Read at a meeting'), ('plan_duty', "Carry out the plan's duty")], max_length=24, verbose_name='action'),
        ),
    ]

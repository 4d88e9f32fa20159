"""The inbox: raw deliveries, contacts, cases, messages, attachments, classifier versions."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('channels', '0008_publishing'),
        ('org', '0008_phone_and_signin'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='ClassifierVersion',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('version', models.CharField(max_length=40, unique=True)),
                ('data', models.BinaryField()),
                ('trained_at', models.DateTimeField()),
                ('examples', models.PositiveIntegerField(default=0)),
                ('macro_f1', models.FloatField(blank=True, null=True)),
                ('active', models.BooleanField(default=False)),
            ],
            options={
                'ordering': ['-trained_at'],
            },
        ),
        migrations.CreateModel(
            name='Contact',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('platform', models.CharField(choices=[('portal', 'Form on the portal'), ('zalo_oa', 'Zalo Official Account'), ('messenger', 'Facebook Messenger'), ('email', 'E-mail'), ('hotline', 'Hotline call'), ('walk_in', 'In person')], max_length=12, verbose_name='intake')),
                ('external_id', models.CharField(max_length=200)),
                ('pseudonym', models.CharField(max_length=20, unique=True, verbose_name='pseudonym')),
                ('name', models.CharField(blank=True, max_length=200, verbose_name='name')),
                ('phone', models.CharField(blank=True, max_length=20, verbose_name='phone')),
                ('zalo', models.CharField(blank=True, max_length=50, verbose_name='Zalo')),
                ('email', models.EmailField(blank=True, max_length=254, verbose_name='e-mail')),
                ('consent_at', models.DateTimeField(blank=True, null=True, verbose_name='consent given at')),
                ('erased_at', models.DateTimeField(blank=True, null=True, verbose_name='erased at')),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('channel', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='channels.channel')),
            ],
            options={
                'verbose_name': 'contact',
                'verbose_name_plural': 'contacts',
                'default_permissions': (),
            },
        ),
        migrations.CreateModel(
            name='Case',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('code', models.CharField(max_length=16, unique=True, verbose_name='tracking code')),
                ('intake', models.CharField(choices=[('portal', 'Form on the portal'), ('zalo_oa', 'Zalo Official Account'), ('messenger', 'Facebook Messenger'), ('email', 'E-mail'), ('hotline', 'Hotline call'), ('walk_in', 'In person')], max_length=12, verbose_name='intake')),
                ('employer', models.CharField(blank=True, max_length=255, verbose_name='employer')),
                ('to_upper_level', models.BooleanField(default=False, verbose_name='sent to the upper-level union')),
                ('subject', models.CharField(blank=True, max_length=255, verbose_name='subject')),
                ('topic', models.CharField(choices=[('wages', 'Wages and bonuses'), ('social_insurance', 'Social insurance'), ('contract', 'Labour contract'), ('dismissal', 'Dismissal'), ('working_time', 'Working time and overtime'), ('osh', 'Occupational safety and health'), ('leave_maternity', 'Leave and maternity'), ('dispute_strike', 'Dispute or work stoppage'), ('union_membership', 'Union membership'), ('welfare', 'Welfare'), ('other', 'Other')], default='other', max_length=20, verbose_name='topic')),
                ('urgency', models.CharField(choices=[('normal', 'Normal'), ('high', 'High'), ('critical', 'Critical')], default='normal', max_length=10, verbose_name='urgency')),
                ('classified_by', models.CharField(blank=True, help_text='model version, +rules, or staff', max_length=40)),
                ('status', models.CharField(choices=[('new', 'New'), ('assigned', 'Assigned'), ('in_progress', 'In progress'), ('answered', 'Answered'), ('closed', 'Closed')], default='new', max_length=12, verbose_name='status')),
                ('opened_at', models.DateTimeField(db_index=True, verbose_name='received at')),
                ('due_at', models.DateTimeField(blank=True, null=True, verbose_name='answer due')),
                ('first_response_at', models.DateTimeField(blank=True, null=True, verbose_name='first answered at')),
                ('last_inbound_at', models.DateTimeField(blank=True, null=True)),
                ('closed_at', models.DateTimeField(blank=True, null=True, verbose_name='closed at')),
                ('escalated_at', models.DateTimeField(blank=True, null=True, verbose_name='escalated at')),
                ('publish_consent', models.BooleanField(default=False, verbose_name='may be published anonymised')),
                ('assignee', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='assigned to')),
                ('channel', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='channels.channel', verbose_name='channel')),
                ('employer_unit', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='org.unit', verbose_name='workplace union')),
                ('unit', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='org.unit', verbose_name='handled by')),
                ('contact', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='cases', to='inbox.contact', verbose_name='contact')),
            ],
            options={
                'verbose_name': 'case',
                'verbose_name_plural': 'cases',
                'ordering': ['-opened_at', '-pk'],
                'permissions': [('view_contact', "See workers' personal data")],
            },
        ),
        migrations.CreateModel(
            name='Message',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('direction', models.CharField(choices=[('in', 'From the worker'), ('out', 'Answer'), ('note', 'Internal note')], max_length=4, verbose_name='direction')),
                ('body', models.TextField(verbose_name='text')),
                ('external_id', models.CharField(blank=True, max_length=200)),
                ('send_status', models.CharField(blank=True, choices=[('', '—'), ('queued', 'Waiting to be sent'), ('sent', 'Sent'), ('failed', 'Sending failed')], max_length=8)),
                ('error', models.TextField(blank=True)),
                ('attempts', models.PositiveSmallIntegerField(default=0)),
                ('created_at', models.DateTimeField(db_index=True)),
                ('author', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('case', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='messages', to='inbox.case')),
            ],
            options={
                'ordering': ['created_at', 'pk'],
            },
        ),
        migrations.CreateModel(
            name='Attachment',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('file', models.FileField(blank=True, upload_to='inbox/%Y/%m/')),
                ('url', models.URLField(blank=True, help_text='Where the platform keeps it.', max_length=1000)),
                ('name', models.CharField(blank=True, max_length=255)),
                ('content_type', models.CharField(blank=True, max_length=100)),
                ('size', models.PositiveIntegerField(default=0)),
                ('message', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='attachments', to='inbox.message')),
            ],
        ),
        migrations.CreateModel(
            name='RawEvent',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('intake', models.CharField(choices=[('portal', 'Form on the portal'), ('zalo_oa', 'Zalo Official Account'), ('messenger', 'Facebook Messenger'), ('email', 'E-mail'), ('hotline', 'Hotline call'), ('walk_in', 'In person')], max_length=12)),
                ('key', models.CharField(max_length=200, unique=True)),
                ('payload', models.JSONField(default=dict)),
                ('received_at', models.DateTimeField(db_index=True)),
                ('processed_at', models.DateTimeField(blank=True, null=True)),
                ('error', models.TextField(blank=True)),
                ('channel', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='channels.channel')),
            ],
        ),
        migrations.AddField(
            model_name='message',
            name='raw',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='inbox.rawevent'),
        ),
        migrations.CreateModel(
            name='TrainingExample',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('text', models.TextField()),
                ('topic', models.CharField(choices=[('wages', 'Wages and bonuses'), ('social_insurance', 'Social insurance'), ('contract', 'Labour contract'), ('dismissal', 'Dismissal'), ('working_time', 'Working time and overtime'), ('osh', 'Occupational safety and health'), ('leave_maternity', 'Leave and maternity'), ('dispute_strike', 'Dispute or work stoppage'), ('union_membership', 'Union membership'), ('welfare', 'Welfare'), ('other', 'Other')], max_length=20)),
                ('urgency', models.CharField(choices=[('normal', 'Normal'), ('high', 'High'), ('critical', 'Critical')], default='normal', max_length=10)),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('case', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='inbox.case')),
                ('created_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
        ),
        migrations.AddConstraint(
            model_name='contact',
            constraint=models.UniqueConstraint(condition=models.Q(('channel__isnull', False)), fields=('platform', 'channel', 'external_id'), name='inbox_contact_once'),
        ),
        migrations.AddConstraint(
            model_name='contact',
            constraint=models.UniqueConstraint(condition=models.Q(('channel__isnull', True)), fields=('platform', 'external_id'), name='inbox_contact_once_no_channel'),
        ),
        migrations.AddIndex(
            model_name='case',
            index=models.Index(fields=['unit', 'status', 'due_at'], name='inbox_case_unit_open'),
        ),
        migrations.AddIndex(
            model_name='case',
            index=models.Index(fields=['status', 'due_at'], name='inbox_case_due'),
        ),
        migrations.AddIndex(
            model_name='rawevent',
            index=models.Index(fields=['processed_at', 'received_at'], name='inbox_raw_waiting'),
        ),
    ]

"""Webhook endpoints, deliveries and attempts (issue #24); Admins manage
them in the admin (every permission of the app)."""

import django.db.models.deletion
import django.utils.timezone
import uuid
import webhooks.models
from django.conf import settings
from django.db import migrations, models

from claims.migrations._roles import grant_role_permissions


def grant(apps, schema_editor):
    grant_role_permissions(apps, {"Admins": None}, app_label="webhooks")


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('claims', '0002_roles'),
        ('claims', '0023_queue_newest_index'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='WebhookDelivery',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('uuid', models.UUIDField(default=uuid.uuid4, editable=False, unique=True)),
                ('event', models.CharField(choices=[('verdict.submitted', 'Verdict submitted for review'), ('verdict.published', 'Verdict published'), ('verdict.corrected', 'Verdict corrected'), ('verdict.retracted', 'Verdict retracted')], max_length=40)),
                ('body', models.TextField()),
                ('status', models.CharField(choices=[('pending', 'Pending'), ('retrying', 'Failed, will retry'), ('delivered', 'Delivered'), ('failed', 'Failed, given up')], default='pending', max_length=10)),
                ('attempts', models.PositiveSmallIntegerField(default=0)),
                ('status_code', models.PositiveSmallIntegerField(blank=True, null=True)),
                ('error', models.TextField(blank=True)),
                ('duration_ms', models.PositiveIntegerField(blank=True, null=True)),
                ('next_retry_at', models.DateTimeField(blank=True, null=True)),
                ('delivered_at', models.DateTimeField(blank=True, null=True)),
                ('locked_until', models.DateTimeField(blank=True, editable=False, null=True)),
                ('created_at', models.DateTimeField(default=django.utils.timezone.now)),
                ('resent_from', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='webhooks.webhookdelivery')),
                ('verdict', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='claims.verdict')),
            ],
            options={
                'verbose_name_plural': 'webhook deliveries',
                'ordering': ['-created_at', '-id'],
            },
        ),
        migrations.CreateModel(
            name='WebhookAttempt',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('number', models.PositiveSmallIntegerField()),
                ('at', models.DateTimeField(default=django.utils.timezone.now)),
                ('status_code', models.PositiveSmallIntegerField(blank=True, null=True)),
                ('error', models.TextField(blank=True)),
                ('duration_ms', models.PositiveIntegerField(blank=True, null=True)),
                ('outcome', models.CharField(choices=[('pending', 'Pending'), ('retrying', 'Failed, will retry'), ('delivered', 'Delivered'), ('failed', 'Failed, given up')], max_length=10)),
                ('next_retry_at', models.DateTimeField(blank=True, null=True)),
                ('delivery', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='attempt_log', to='webhooks.webhookdelivery')),
            ],
            options={
                'ordering': ['delivery', 'number'],
            },
        ),
        migrations.CreateModel(
            name='WebhookEndpoint',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name', models.CharField(max_length=200)),
                ('url', models.URLField(max_length=2000, verbose_name='URL')),
                ('secret', models.CharField(default=webhooks.models.secret_generate, editable=False, max_length=200)),
                ('active', models.BooleanField(default=True)),
                ('events', models.JSONField(default=list, help_text='The events it hears.')),
                ('from_settings', models.BooleanField(default=False, editable=False)),
                ('created_at', models.DateTimeField(default=django.utils.timezone.now, editable=False)),
                ('created_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'ordering': ['name', 'pk'],
            },
        ),
        migrations.AddField(
            model_name='webhookdelivery',
            name='endpoint',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='deliveries', to='webhooks.webhookendpoint'),
        ),
        migrations.AddConstraint(
            model_name='webhookendpoint',
            constraint=models.UniqueConstraint(condition=models.Q(('from_settings', True)), fields=('from_settings',), name='webhook_endpoint_one_from_settings'),
        ),
        migrations.AddIndex(
            model_name='webhookdelivery',
            index=models.Index(fields=['endpoint', '-created_at'], name='webhook_delivery_endpoint'),
        ),
        migrations.AddIndex(
            model_name='webhookdelivery',
            index=models.Index(fields=['status', '-created_at'], name='webhook_delivery_status'),
        ),
        migrations.RunPython(grant, migrations.RunPython.noop),
    ]

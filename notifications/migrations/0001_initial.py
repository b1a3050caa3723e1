"""Notifications and each person's settings (issue #24)."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('claims', '0018_desk_library'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='Notification',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('kind', models.CharField(choices=[('claim_assigned', 'A claim assigned to you'), ('verdict_sent_back', 'Your verdict sent back'), ('verdict_awaiting_review', 'A verdict awaiting your review'), ('verdict_published', 'A verdict of yours published'), ('verdict_corrected', 'A verdict of yours corrected'), ('lease_expiring', 'Your lease on a claim about to expire')], max_length=32)),
                ('message', models.CharField(max_length=500)),
                ('key', models.CharField(blank=True, max_length=200)),
                ('email', models.CharField(choices=[('immediate', 'By email at once'), ('digest', 'In the daily email digest'), ('none', 'Not by email')], default='none', max_length=10)),
                ('created_at', models.DateTimeField(default=django.utils.timezone.now)),
                ('read_at', models.DateTimeField(blank=True, null=True)),
                ('emailed_at', models.DateTimeField(blank=True, null=True)),
                ('claim', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='claims.claim')),
                ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='notifications', to=settings.AUTH_USER_MODEL)),
                ('verdict', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='claims.verdict')),
            ],
            options={
                'ordering': ['-created_at', '-id'],
                'indexes': [models.Index(fields=['user', '-created_at', '-id'], name='notification_user_list'), models.Index(condition=models.Q(('read_at', None)), fields=['user'], name='notification_unread'), models.Index(condition=models.Q(('emailed_at', None), models.Q(('email', 'none'), _negated=True)), fields=['email', 'user'], name='notification_mail_due')],
                'constraints': [models.UniqueConstraint(condition=models.Q(('key', ''), _negated=True), fields=('user', 'key'), name='notification_unique_key')],
            },
        ),
        migrations.CreateModel(
            name='NotificationSetting',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('kind', models.CharField(choices=[('claim_assigned', 'A claim assigned to you'), ('verdict_sent_back', 'Your verdict sent back'), ('verdict_awaiting_review', 'A verdict awaiting your review'), ('verdict_published', 'A verdict of yours published'), ('verdict_corrected', 'A verdict of yours corrected'), ('lease_expiring', 'Your lease on a claim about to expire')], max_length=32)),
                ('enabled', models.BooleanField(default=True)),
                ('email', models.CharField(choices=[('immediate', 'By email at once'), ('digest', 'In the daily email digest'), ('none', 'Not by email')], default='immediate', max_length=10)),
                ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='notification_settings', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'constraints': [models.UniqueConstraint(fields=('user', 'kind'), name='notification_setting_unique')],
            },
        ),
    ]

"""Notifications about a watched source (issue #24): the claim becomes
optional, a source the other target; Admins read notifications and
settings in the admin."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

from claims.migrations._roles import grant_role_permissions


def grant(apps, schema_editor):
    grant_role_permissions(
        apps,
        {"Admins": ["view_notification", "view_notificationsetting"]},
        app_label="notifications",
    )


class Migration(migrations.Migration):

    dependencies = [
        ('claims', '0002_roles'),
        ('claims', '0022_content_sources'),
        ('notifications', '0001_initial'),
        ('sources', '0004_transcripts'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='notification',
            name='source',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='sources.source'),
        ),
        migrations.AlterField(
            model_name='notification',
            name='claim',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='claims.claim'),
        ),
        migrations.AlterField(
            model_name='notification',
            name='kind',
            field=models.CharField(choices=[('claim_assigned', 'A claim assigned to you'), ('verdict_sent_back', 'Your verdict sent back'), ('verdict_awaiting_review', 'A verdict awaiting your review'), ('verdict_published', 'A verdict of yours published'), ('verdict_corrected', 'A verdict of yours corrected'), ('lease_expiring', 'Your lease on a claim about to expire'), ('source_failing', 'A watched source failing or switched off')], max_length=32),
        ),
        migrations.AlterField(
            model_name='notificationsetting',
            name='kind',
            field=models.CharField(choices=[('claim_assigned', 'A claim assigned to you'), ('verdict_sent_back', 'Your verdict sent back'), ('verdict_awaiting_review', 'A verdict awaiting your review'), ('verdict_published', 'A verdict of yours published'), ('verdict_corrected', 'A verdict of yours corrected'), ('lease_expiring', 'Your lease on a claim about to expire'), ('source_failing', 'A watched source failing or switched off')], max_length=32),
        ),
        migrations.AddConstraint(
            model_name='notification',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('claim__isnull', False), ('source__isnull', True)), models.Q(('claim__isnull', True), ('source__isnull', False)), _connector='OR'), name='notification_one_target'),
        ),
        migrations.RunPython(grant, migrations.RunPython.noop),
    ]

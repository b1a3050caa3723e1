"""Admins hold every permission of the app, the speaker history's included
(0013 added HistoricalSpeaker)."""

from django.db import migrations

from claims.migrations._roles import grant_role_permissions


def grant_admin_permissions(apps, schema_editor):
    grant_role_permissions(apps, {"Admins": None})


class Migration(migrations.Migration):

    dependencies = [
        ("claims", "0013_speakers"),
    ]

    operations = [
        migrations.RunPython(grant_admin_permissions, migrations.RunPython.noop),
    ]

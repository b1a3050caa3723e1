"""Admins hold every permission of the claims app, the multilingual vectors'
(0020) included, as 0008 did for the English ones."""

from django.db import migrations

from claims.migrations._roles import grant_role_permissions


def grant_admin_permissions(apps, schema_editor):
    grant_role_permissions(apps, {"Admins": None})


class Migration(migrations.Migration):
    dependencies = [("claims", "0020_multilingual_vectors")]

    operations = [migrations.RunPython(grant_admin_permissions, migrations.RunPython.noop)]

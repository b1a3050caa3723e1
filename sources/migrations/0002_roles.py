"""Editors manage sources (the Sources page and the admin) and read the
pages fetched; Admins hold every permission of the app (issue #23)."""

from django.db import migrations

from claims.migrations._roles import grant_role_permissions

EDITOR_PERMISSIONS = [
    "view_source",
    "add_source",
    "change_source",
    "view_sourceentry",
    "view_sourcepoll",
    "view_pagefetch",
]


def grant(apps, schema_editor):
    grant_role_permissions(
        apps, {"Editors": EDITOR_PERMISSIONS, "Admins": None}, app_label="sources"
    )


class Migration(migrations.Migration):
    dependencies = [
        ("sources", "0001_initial"),
        ("claims", "0002_roles"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]

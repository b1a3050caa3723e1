"""Editors manage sources (the Sources page and the admin) and read the
pages fetched; Admins hold every permission of the app (issue #23)."""

from django.db import migrations

EDITOR_PERMISSIONS = [
    "view_source",
    "add_source",
    "change_source",
    "view_sourceentry",
    "view_sourcepoll",
    "view_pagefetch",
]


def grant(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    app_config = apps.get_app_config("sources")
    app_config.models_module = True
    create_permissions(app_config, verbosity=0, apps=apps)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    mine = Permission.objects.filter(content_type__app_label="sources")
    editors, _ = Group.objects.get_or_create(name="Editors")
    chosen = mine.filter(codename__in=EDITOR_PERMISSIONS)
    if chosen.count() != len(EDITOR_PERMISSIONS):
        raise RuntimeError("Unknown permissions for Editors")
    editors.permissions.add(*chosen)
    admins, _ = Group.objects.get_or_create(name="Admins")
    admins.permissions.add(*mine)


class Migration(migrations.Migration):
    dependencies = [
        ("sources", "0001_initial"),
        ("claims", "0002_roles"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]

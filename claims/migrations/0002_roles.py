"""Create the newsroom roles as groups with their model permissions."""

from django.db import migrations

ROLE_PERMISSIONS = {
    "Fact-checkers": ["view_article", "add_article", "view_claim", "view_speaker"],
    "Editors": [
        "view_article",
        "add_article",
        "change_article",
        "view_claim",
        "change_claim",
        "view_speaker",
        "change_speaker",
    ],
    "Admins": None,  # every permission of the app
}


def create_roles(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    # Permissions are normally created after migrate; roles need them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, verbosity=0, apps=apps)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    app_permissions = Permission.objects.filter(content_type__app_label="claims")
    for name, codenames in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=name)
        chosen = app_permissions if codenames is None else app_permissions.filter(codename__in=codenames)
        group.permissions.add(*chosen)


class Migration(migrations.Migration):
    dependencies = [
        ("claims", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_roles, migrations.RunPython.noop)]

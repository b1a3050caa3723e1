"""Create the newsroom roles as groups with their model permissions."""

from django.db import migrations
from claims.migrations._roles import grant_role_permissions

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
    grant_role_permissions(apps, ROLE_PERMISSIONS)


class Migration(migrations.Migration):
    dependencies = [
        ("claims", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_roles, migrations.RunPython.noop)]

"""Give the newsroom roles the fact-checking desk's permissions (issue #5).

Fact-checkers take claims and draft verdicts; editors manage the queue and
review, publish and correct verdicts; admins hold every permission of the app.
"""

from django.db import migrations

ROLE_PERMISSIONS = {
    "Fact-checkers": [
        "take_claim",
        "add_verdict",
        "change_verdict",
        "view_verdict",
        "add_evidence",
        "delete_evidence",
        "view_evidence",
        "add_claimskip",
        "view_claimskip",
        "view_claimrelation",
        "view_verdictstatuschange",
        "view_verdictrevision",
    ],
    "Editors": [
        "manage_queue",
        "review_verdict",
        "publish_verdict",
        "correct_verdict",
        "view_verdict",
        "view_evidence",
        "add_claimskip",
        "view_claimskip",
        "view_claimrelation",
        "change_claimrelation",
        "view_verdictstatuschange",
        "view_verdictrevision",
        "view_historicalclaim",
        "view_historicalverdict",
        "view_historicalevidence",
    ],
    "Admins": None,  # every permission of the app
}


def grant_desk_permissions(apps, schema_editor):
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
        chosen = (
            app_permissions if codenames is None else app_permissions.filter(codename__in=codenames)
        )
        missing = set(codenames or ()) - set(chosen.values_list("codename", flat=True))
        if missing:
            raise RuntimeError(f"Unknown permissions for {name}: {sorted(missing)}")
        group.permissions.add(*chosen)


class Migration(migrations.Migration):
    dependencies = [("claims", "0003_desk")]

    operations = [migrations.RunPython(grant_desk_permissions, migrations.RunPython.noop)]

"""Give the newsroom roles the fact-checking desk's permissions (issue #5).

Fact-checkers take claims and draft verdicts; editors manage the queue and
review, publish and correct verdicts; admins hold every permission of the app.
"""

from django.db import migrations
from claims.migrations._roles import grant_role_permissions

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
    grant_role_permissions(apps, ROLE_PERMISSIONS)


class Migration(migrations.Migration):
    dependencies = [("claims", "0003_desk")]

    operations = [migrations.RunPython(grant_desk_permissions, migrations.RunPython.noop)]

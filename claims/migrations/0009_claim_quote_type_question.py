# Issue #3: "Asked whether ..., X said" makes the question a relation of
# its own; it is stored with quote_type "question" and never queued.

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("claims", "0008_claim_embedding_table"),
    ]

    operations = [
        migrations.AlterField(
            model_name="claim",
            name="quote_type",
            field=models.CharField(
                choices=[
                    ("direct", "Direct quote"),
                    ("indirect", "Indirect speech"),
                    ("mixed", "Mixed quote"),
                    ("reported", "Reported (no named source)"),
                    ("unattributed", "Unattributed"),
                    ("question", "Question or request (not a claim)"),
                ],
                max_length=16,
            ),
        ),
        migrations.AlterField(
            model_name="historicalclaim",
            name="quote_type",
            field=models.CharField(
                choices=[
                    ("direct", "Direct quote"),
                    ("indirect", "Indirect speech"),
                    ("mixed", "Mixed quote"),
                    ("reported", "Reported (no named source)"),
                    ("unattributed", "Unattributed"),
                    ("question", "Question or request (not a claim)"),
                ],
                max_length=16,
            ),
        ),
    ]

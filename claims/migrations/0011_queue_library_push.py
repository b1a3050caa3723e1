"""A claim's nearest checked claim raises it in the queue (issue #6).

Django cannot alter a generated column, so priority and the index that
serves the queue order are dropped and made again with the new expression.
"""

import django.db.models.deletion
from django.db import migrations, models
from django.db.models.functions import Cast, Coalesce, Greatest, Least

QUEUE_ORDER_INDEX = models.Index(
    models.OrderBy(models.F("priority"), descending=True),
    models.OrderBy(models.F("created_at"), descending=True),
    models.OrderBy(models.F("id"), descending=True),
    condition=models.Q(("is_hidden", False), ("queue_state", "queued")),
    name="claim_queue_order",
)


class Migration(migrations.Migration):
    dependencies = [
        ("claims", "0010_claim_embedding_halfvec_index"),
    ]

    operations = [
        migrations.AddField(
            model_name="claim",
            name="library_similarity",
            field=models.FloatField(
                blank=True,
                help_text="Cosine to the nearest claim in the library of checked claims.",
                null=True,
            ),
        ),
        migrations.AddField(
            model_name="claim",
            name="nearest_checked_claim",
            field=models.ForeignKey(
                blank=True,
                db_index=False,
                help_text="The library's checked claim this claim resembles most.",
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to="claims.checkedclaim",
            ),
        ),
        migrations.RemoveIndex(model_name="claim", name="claim_queue_order"),
        migrations.RemoveField(model_name="claim", name="priority"),
        migrations.AddField(
            model_name="claim",
            name="priority",
            field=models.GeneratedField(
                db_persist=True,
                expression=models.F("checkworthiness")
                + Cast(
                    Least(models.F("related_claims_count"), models.Value(5)), models.FloatField()
                )
                * models.Value(0.05)
                + Greatest(
                    Coalesce(models.F("library_similarity"), models.Value(0.0))
                    - models.Value(0.4),
                    models.Value(0.0),
                )
                * models.Value(3.0)
                + models.Case(
                    models.When(is_pinned=True, then=models.Value(10.0)),
                    default=models.Value(0.0),
                ),
                output_field=models.FloatField(),
            ),
        ),
        migrations.AddIndex(model_name="claim", index=QUEUE_ORDER_INDEX),
    ]

"""The desk's published verdicts in the library of checked claims (issue #24)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('claims', '0017_scale_indexes'),
    ]

    operations = [
        migrations.AddField(
            model_name='checkedclaim',
            name='desk_verdict',
            field=models.OneToOneField(blank=True, help_text="The desk's verdict this check was published as (source desk).", null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='library_entry', to='claims.verdict'),
        ),
        migrations.AddField(
            model_name='checkedclaim',
            name='withdrawn_at',
            field=models.DateTimeField(blank=True, help_text='When its verdict was retracted; a withdrawn check matches nothing.', null=True),
        ),
        migrations.AlterField(
            model_name='checkedclaim',
            name='source',
            field=models.CharField(db_index=True, help_text='claimreview, checkthat2022, checkthat2020, liar, or desk (this desk)', max_length=32),
        ),
    ]

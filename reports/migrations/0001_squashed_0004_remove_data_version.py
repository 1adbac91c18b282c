"""Migrations 0001 to 0004_remove_data_version of reports, squashed into one.

The schema is the models' as they stood after the last of them; the data steps of the old
chain follow it, in their order (on a new database they find nothing to do). A database that
applied the whole old chain counts as having applied this one (``replaces``); one that stopped
part way must first finish the old chain (README, "Upgrading"): ``core.checks`` says so.
"""

import django.db.models.deletion
from django.db import migrations, models


# From 0002_fill_criterion_score_sums: fill the score sums from the evaluations already signed
# off (a cache: safe to rerun), as ``manage.py refresh_report_sums`` does.
def fill(apps, schema_editor):
    from reports.dashboard.summary import rebuild

    rebuild()


class Migration(migrations.Migration):

    initial = True

    replaces = [('reports', '0001_criterion_score_sums'), ('reports', '0002_fill_criterion_score_sums'), ('reports', '0003_data_version'), ('reports', '0004_remove_data_version')]

    dependencies = [
        ('criteria', '0001_initial'),
        ('evaluations', '0001_squashed_0007_database_seal'),
        ('units', '0001_squashed_0002_normalise_text_nfc'),
    ]

    operations = [
        migrations.CreateModel(
            name='CriterionScoreSum',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('audience', models.CharField(choices=[('leader', 'Leaders and managers'), ('staff', 'Civil servants, public employees and workers')], max_length=10, verbose_name='applies to')),
                ('kind', models.CharField(max_length=10, verbose_name='kind of assessment')),
                ('score_sum', models.DecimalField(decimal_places=2, max_digits=14, verbose_name='sum of the scores')),
                ('score_count', models.PositiveIntegerField(verbose_name='number of scores')),
                ('criterion', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='criteria.criterion', verbose_name='criterion')),
                ('cycle', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='evaluations.cycle', verbose_name='cycle')),
                ('unit', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='units.unit', verbose_name='unit')),
            ],
            options={
                'verbose_name': 'criterion score sum',
                'verbose_name_plural': 'criterion score sums',
                'indexes': [models.Index(fields=['cycle', 'unit'], name='criterion_sum_cycle_unit')],
                'constraints': [models.UniqueConstraint(fields=('cycle', 'unit', 'criterion', 'kind'), name='criterion_score_sum_unique')],
            },
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
]

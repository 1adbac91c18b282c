"""Fill the tallies from the evaluations already there (reads them only; safe to rerun)."""

from django.db import migrations


def fill(apps, schema_editor):
    from evaluations.services.tallies import fill as fill_tallies

    tally = apps.get_model("evaluations", "UnitCycleTally")
    evaluations = apps.get_model("evaluations", "Evaluation").objects.using(
        schema_editor.connection.alias
    )
    tally.objects.using(schema_editor.connection.alias).all().delete()
    fill_tallies(tally, evaluations.all())


class Migration(migrations.Migration):
    dependencies = [("evaluations", "0005_unit_cycle_tally")]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]

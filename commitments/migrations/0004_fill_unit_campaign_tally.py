"""Fill the tallies from the commitments already there (reads them only; safe to rerun)."""

from django.db import migrations


def fill(apps, schema_editor):
    from commitments.services.tallies import fill as fill_tallies

    tally = apps.get_model("commitments", "UnitCampaignTally")
    commitments = apps.get_model("commitments", "Commitment").objects.using(
        schema_editor.connection.alias
    )
    tally.objects.using(schema_editor.connection.alias).all().delete()
    fill_tallies(tally, commitments.all())


class Migration(migrations.Migration):
    dependencies = [("commitments", "0003_unit_campaign_tally")]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]

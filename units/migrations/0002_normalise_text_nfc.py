"""Names and titles typed in decomposed Unicode (NFD) stored as NFC, as new input is."""

from django.db import migrations

from core.text import clean_text

FIELDS = {"Unit": ("name",), "Person": ("full_name", "position_title")}


def normalise_text(apps, schema_editor):
    for model_name, fields in FIELDS.items():
        model = apps.get_model("units", model_name)
        changed = []
        for row in model.objects.only("pk", *fields).iterator(chunk_size=2000):
            values = {field: clean_text(getattr(row, field)) for field in fields}
            if any(getattr(row, field) != value for field, value in values.items()):
                for field, value in values.items():
                    setattr(row, field, value)
                changed.append(row)
        model.objects.bulk_update(changed, fields, batch_size=1000)


class Migration(migrations.Migration):
    dependencies = [("units", "0001_initial")]

    operations = [migrations.RunPython(normalise_text, migrations.RunPython.noop)]

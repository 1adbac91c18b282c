from django.db import migrations, models


def create_counter(apps, schema_editor):
    apps.get_model("reports", "DataVersion").objects.using(schema_editor.connection.alias).create(
        pk=1, number=0
    )


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0002_fill_criterion_score_sums"),
    ]

    operations = [
        migrations.CreateModel(
            name="DataVersion",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("number", models.BigIntegerField(default=0, verbose_name="number")),
            ],
            options={
                "verbose_name": "report data version",
                "verbose_name_plural": "report data versions",
            },
        ),
        migrations.RunPython(create_counter, migrations.RunPython.noop),
    ]

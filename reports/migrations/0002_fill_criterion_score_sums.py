"""Fill the score sums from the evaluations already signed off (a cache: safe to rerun)."""

from django.db import migrations
from django.db.models import Count, Sum

SEALED_STATES = ("signed_off", "published")


def fill(apps, schema_editor):
    Score = apps.get_model("evaluations", "Score")
    CriterionScoreSum = apps.get_model("reports", "CriterionScoreSum")
    rows = (
        Score.objects.filter(
            assessment__status="submitted", assessment__evaluation__state__in=SEALED_STATES
        )
        .values(
            "assessment__evaluation__cycle_id",
            "assessment__evaluation__unit_id",
            "criterion_id",
            "assessment__evaluation__criteria_set__audience",
            "assessment__kind",
        )
        .annotate(score_sum=Sum("score"), score_count=Count("pk"))
        .order_by()
    )
    CriterionScoreSum.objects.all().delete()
    CriterionScoreSum.objects.bulk_create(
        (
            CriterionScoreSum(
                cycle_id=row["assessment__evaluation__cycle_id"],
                unit_id=row["assessment__evaluation__unit_id"],
                criterion_id=row["criterion_id"],
                audience=row["assessment__evaluation__criteria_set__audience"],
                kind=row["assessment__kind"],
                score_sum=row["score_sum"],
                score_count=row["score_count"],
            )
            for row in rows.iterator()
        ),
        batch_size=2000,
    )


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0001_criterion_score_sums"),
    ]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]

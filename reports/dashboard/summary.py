"""Keeps :class:`reports.models.CriterionScoreSum` equal to the sums of the signed-off scores.

Refreshed per (cycle, unit) when an evaluation of that unit is signed off, published or
reopened (a ``post_save`` receiver: ``evaluations`` knows nothing of the reports), and
rebuilt for whole cycles by ``make_benchmark_data``, the migration and
``refresh_report_sums``. Each refresh is one DELETE and one INSERT … SELECT.
"""

from django.db import connection
from django.db.models import Count, Sum

from core.db import insert_into
from core.tallies import KeptFigures
from evaluations.models import SEALED_STATES, Assessment, Evaluation, Score, State

from ..models import CriterionScoreSum

# The states whose arrival can change which scores count.
REFRESH_STATES = (*SEALED_STATES, State.REOPENED)


def _insert_sums(scores) -> int:
    select = (
        scores.values(
            "assessment__evaluation__cycle_id",
            "assessment__evaluation__unit_id",
            "criterion_id",
            "assessment__evaluation__criteria_set__audience",
            "assessment__kind",
        )
        .annotate(score_sum=Sum("score"), score_count=Count("pk"))
        .order_by()
    )
    sql, params = select.query.sql_with_params()
    columns = [
        "cycle_id",
        "unit_id",
        "criterion_id",
        "audience",
        "kind",
        "score_sum",
        "score_count",
    ]
    with connection.cursor() as cursor:
        cursor.execute(f"{insert_into(CriterionScoreSum, columns)} {sql}", params)
        return cursor.rowcount


def _signed_scores(**evaluation_filter):
    lookups = {f"assessment__evaluation__{key}": value for key, value in evaluation_filter.items()}
    return Score.objects.filter(
        assessment__status=Assessment.Status.SUBMITTED,
        assessment__evaluation__state__in=SEALED_STATES,
        **lookups,
    )


SUMS = KeptFigures(
    model=CriterionScoreSum,
    source=_signed_scores,
    fill=_insert_sums,
    period="cycle_id",
)


def rebuild(*, cycle_ids=None) -> int:
    """Recompute the sums of whole cycles (every cycle when none is named)."""
    return SUMS.rebuild(period_ids=cycle_ids)


def on_evaluation_saved(sender, instance: Evaluation, created, update_fields=None, **kwargs):
    if created or instance.state not in REFRESH_STATES:
        return
    if update_fields is not None and "state" not in update_fields:
        return
    SUMS.refresh(period_id=instance.cycle_id, unit_id=instance.unit_id)

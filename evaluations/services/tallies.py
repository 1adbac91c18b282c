"""Keeps :class:`evaluations.models.UnitCycleTally` equal to what the evaluations hold.

Each transition that changes a counted figure (:func:`changes_tally`) rewrites the tally of
its (cycle, unit) in the same transaction: one DELETE and one ``INSERT … SELECT … GROUP BY``
over that unit's evaluations of the cycle. The unit's row is locked first (``FOR NO KEY
UPDATE``, as the criterion score sums do), so two transitions in one unit take turns and the
second counts the first's committed change: the tally is exact however they interleave.
Opening a cycle builds its tallies at once; ``manage.py rebuild_tallies`` rebuilds all.
"""

from decimal import Decimal
from functools import partial

from django.db.models import Case, Count, DecimalField, F, Q, QuerySet, Sum, Value, When
from django.db.models.functions import Coalesce

from core.db import insert_grouped
from core.tallies import KeptFigures

from ..models import RESULT_STATES, TOTALS, Evaluation, UnitCycleTally, shown_colleague_total

# The fields of an evaluation a tally counts while it has its result.
COUNTED_FIELDS = frozenset({*TOTALS, "colleagues_answered", "final_level"})


def changes_tally(from_state: str, evaluation: Evaluation, fields) -> bool:
    """Whether a save of ``fields`` that moved ``evaluation`` from ``from_state`` changes a
    counted figure (a draft saved without a change of state does not)."""
    if from_state != evaluation.state:
        return True
    counted = {name.removesuffix("_id") for name in fields} & COUNTED_FIELDS
    return evaluation.state in RESULT_STATES and bool(counted)


def _columns() -> tuple[dict, dict]:
    """(group keys, totals) of the tally rows, as expressions over evaluations."""
    result = Q(state__in=RESULT_STATES)
    keys = {
        "cycle_id": F("cycle_id"),
        "unit_id": F("unit_id"),
        "criteria_set_id": F("criteria_set_id"),
        "state": F("state"),
        "final_level_id": Case(When(result, then=F("final_level_id")), default=None),
    }
    totals = {"count": Count("pk")}
    for name in TOTALS:
        value = shown_colleague_total() if name == "colleague_total" else F(name)
        totals[f"{name}_sum"] = Coalesce(
            Sum(value, filter=result),
            Value(Decimal(0)),
            output_field=DecimalField(max_digits=14, decimal_places=2),
        )
        totals[f"{name}_n"] = Count(value, filter=result)
    return keys, totals


def fill(tally_model, evaluations: QuerySet) -> int:
    """Insert the tally rows of ``evaluations`` (models passed in, for the data migration)."""
    keys, totals = _columns()
    return insert_grouped(tally_model, keys, totals, evaluations)


TALLY = KeptFigures(
    model=UnitCycleTally,
    source=Evaluation.objects.filter,
    fill=partial(fill, UnitCycleTally),
    period="cycle_id",
)


def rebuild_tallies(*, cycle_ids=None) -> int:
    """Recompute the tallies of whole cycles (every cycle when none is named)."""
    return TALLY.rebuild(period_ids=cycle_ids)


def on_cycle_saved(sender, instance, created, update_fields=None, **kwargs) -> None:
    """``post_save`` of a cycle: which colleagues' averages are shown depends on the cycle's
    minimum of answers, so a save that may change it (the admin's form saves every field)
    rebuilds the cycle's tallies, in the same transaction."""
    if created or (update_fields is not None and "min_colleagues_shown" not in update_fields):
        return
    rebuild_tallies(cycle_ids=[instance.pk])

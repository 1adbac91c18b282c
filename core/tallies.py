"""Figures kept per (period, unit): rows that count what another table holds.

The evaluations' tallies (per cycle), the commitments' tallies (per campaign) and the
reports' criterion score sums (per cycle) are all kept the same way: one unit's rows of one
period are rewritten in the transaction that changed what they count (one DELETE, one
``INSERT … SELECT … GROUP BY``), after locking the unit's row (``FOR NO KEY UPDATE``: rows
that merely point at the unit are not held up) so that two writers in one unit take turns
and the second counts the first's committed change; whole periods are rebuilt at once.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.db import models, transaction


@dataclass(frozen=True)
class KeptFigures:
    """How the rows of ``model`` are counted again from the source rows.

    ``source(**lookups)`` is the queryset of the counted rows matching ``lookups`` (named as
    on ``model``: ``cycle_id=…, unit_id=…``); ``fill(rows)`` inserts the figures of those
    rows and returns how many it inserted; ``period`` names the field of ``model`` that
    holds the period (``cycle_id``). The row locked is the one ``model.unit`` points at.
    """

    model: type[models.Model]
    source: Callable[..., models.QuerySet]
    fill: Callable[[models.QuerySet], int]
    period: str

    @transaction.atomic
    def refresh(self, *, period_id: int, unit_id: int) -> None:
        """Recompute the figures of one unit in one period."""
        unit = self.model._meta.get_field("unit").related_model
        units = unit._default_manager.select_for_update(no_key=True)
        list(units.filter(pk=unit_id).values_list("pk"))
        self._replace({self.period: period_id, "unit_id": unit_id})

    @transaction.atomic
    def rebuild(self, *, period_ids=None) -> int:
        """Recompute the figures of whole periods (every period when none is named)."""
        return self._replace({} if period_ids is None else {f"{self.period}__in": period_ids})

    def _replace(self, lookups: dict) -> int:
        self.model._default_manager.filter(**lookups).delete()
        return self.fill(self.source(**lookups))

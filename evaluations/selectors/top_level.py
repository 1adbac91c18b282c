"""The share of the top level among the evaluations rated good or better (the cap a cycle
may set on it)."""

from dataclasses import dataclass
from decimal import Decimal

from core.numbers import round_half_up
from criteria.models import ResultLevel
from units.models import Unit

from ..models import (
    Cycle,
    Evaluation,
)


@dataclass(frozen=True)
class TopLevelShare:
    top_count: int
    good_or_better_count: int
    cap_percent: int | None

    @property
    def share_percent(self) -> Decimal:
        if not self.good_or_better_count:
            return Decimal("0")
        return round_half_up(Decimal(self.top_count) * 100 / self.good_or_better_count, 2)

    @property
    def exceeds_cap(self) -> bool:
        return self.cap_percent is not None and self.share_percent > self.cap_percent


def top_level_share(cycle: Cycle, unit: Unit, *, states=None) -> TopLevelShare:
    """Among the concluded evaluations of ``unit`` and its subtree, the share of the top level
    among those rated good or better (the two highest levels of each set). Two queries.

    ``states`` narrows the evaluations counted (the reports count the signed-off ones).
    """
    evaluations = Evaluation.objects.filter(
        cycle=cycle, unit__path__startswith=unit.path, final_level__isnull=False
    )
    if states is not None:
        evaluations = evaluations.filter(state__in=states)
    rated = list(evaluations.values_list("criteria_set_id", "final_level_id"))
    set_ids = {set_id for set_id, _level in rated}
    ranked: dict[int, list[int]] = {}
    for level in ResultLevel.objects.filter(criteria_set__in=set_ids).order_by("-min_score"):
        ranked.setdefault(level.criteria_set_id, []).append(level.pk)
    top = sum(1 for set_id, level in rated if ranked[set_id][:1] == [level])
    good = sum(1 for set_id, level in rated if level in ranked[set_id][:2])
    return TopLevelShare(top, good, cycle.top_level_cap_percent)

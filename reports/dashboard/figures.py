"""The figures of one row of a report (a unit, the root's own people, a cycle, the totals).

Built from the sums and counts the database returns, so rows add up exactly: averages are
kept as (sum, count) and divided only when shown.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property

from django.utils.translation import gettext_lazy as _

from core.numbers import round_half_up

HUNDRED = Decimal(100)


def percent(part, whole) -> Decimal | None:
    if not whole:
        return None
    return round_half_up(Decimal(part) * HUNDRED / Decimal(whole))


def mean(total, count) -> Decimal | None:
    if not count:
        return None
    return round_half_up(Decimal(total) / Decimal(count))


@dataclass
class LevelColumn:
    rank: int
    label: str
    level_ids: list = field(default_factory=list)

    @property
    def key(self) -> str:
        return f"level_{self.rank}"


@dataclass
class LevelCell:
    column: LevelColumn
    count: int
    percent: Decimal | None


@dataclass
class UnitFigures:
    unit: object
    columns: list
    cap_percent: int | None = None
    is_own: bool = False
    is_total: bool = False
    label: str = ""
    sums: dict = field(default_factory=lambda: defaultdict(int))

    def add(self, row: dict) -> None:
        for key, value in row.items():
            self.sums[key] += value or 0

    def merge(self, other: "UnitFigures") -> None:
        self.add(other.sums)

    def _count(self, key: str) -> int:
        return int(self.sums.get(key, 0))

    # --- naming ---------------------------------------------------------------------------

    @property
    def name(self) -> str:
        if self.label:
            return self.label
        if self.is_total:
            return str(_("Total"))
        if self.is_own:
            return _("%(unit)s (its own people)") % {"unit": self.unit}
        return str(self.unit)

    # --- evaluations ----------------------------------------------------------------------

    @property
    def total(self) -> int:
        return self._count("total")

    not_started = property(lambda self: self._count("not_started"))
    in_progress = property(lambda self: self._count("in_progress"))
    head_review = property(lambda self: self._count("head_review"))
    concluded = property(lambda self: self._count("concluded"))
    completed = property(lambda self: self._count("completed"))

    @property
    def completion_percent(self) -> Decimal | None:
        return percent(self.completed, self.total)

    def _mean(self, name: str) -> Decimal | None:
        return mean(self.sums.get(f"{name}_sum", 0), self.sums.get(f"{name}_n", 0))

    avg_self = property(lambda self: self._mean("self_total"))
    avg_colleague = property(lambda self: self._mean("colleague_total"))
    avg_head = property(lambda self: self._mean("head_total"))
    avg_final = property(lambda self: self._mean("final_score"))

    @property
    def rated(self) -> int:
        return sum(self._count(column.key) for column in self.columns)

    @cached_property
    def levels(self) -> list[LevelCell]:
        rated = self.rated
        return [
            LevelCell(column, self._count(column.key), percent(self._count(column.key), rated))
            for column in self.columns
        ]

    # --- the top-level cap (see evaluations.selectors.top_level_share) ----------------------

    @property
    def top_count(self) -> int:
        return self._count("level_1")

    @property
    def good_or_better(self) -> int:
        return self._count("level_1") + self._count("level_2")

    @property
    def top_share(self) -> Decimal | None:
        return percent(self.top_count, self.good_or_better)

    @property
    def exceeds_cap(self) -> bool:
        # Rounded as evaluations.selectors.TopLevelShare rounds, so that both always agree.
        if self.cap_percent is None or not self.good_or_better:
            return False
        share = round_half_up(Decimal(self.top_count) * HUNDRED / self.good_or_better, 2)
        return share > self.cap_percent

    # --- commitments ----------------------------------------------------------------------

    cm_total = property(lambda self: self._count("cm_total"))
    cm_on_time = property(lambda self: self._count("cm_on_time"))
    cm_late = property(lambda self: self._count("cm_late"))
    cm_missing = property(lambda self: self._count("cm_missing"))

    @property
    def cm_signed_percent(self) -> Decimal | None:
        return percent(self.cm_on_time + self.cm_late, self.cm_total)

    @property
    def cm_on_time_percent(self) -> Decimal | None:
        return percent(self.cm_on_time, self.cm_total)

"""Average scores per criteria group and per criterion, self vs colleagues vs head, over the
signed-off evaluations (their scores are final; the sums are kept at sign-off).

On the 0-100 scale: a criterion's average is its mean score over its maximum; a group's is
the weighted sum of its scores over the weighted sum of their maxima (the way an assessment's
total is computed), so a group figure equals the mean of the groups of every assessment.
Two queries: the sums per criterion and kind, then the criteria themselves.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from core.numbers import round_half_up

from ..selectors import KINDS, criteria_of, criterion_sums
from .figures import HUNDRED
from .filters import Filters


def _ratio(score_sum, max_sum) -> Decimal | None:
    if not max_sum:
        return None
    return round_half_up(Decimal(score_sum) * HUNDRED / Decimal(max_sum))


@dataclass
class Averages:
    """Per kind of assessment: weighted score sum, weighted maximum sum, number of scores."""

    score: dict = field(default_factory=lambda: defaultdict(Decimal))
    maximum: dict = field(default_factory=lambda: defaultdict(Decimal))
    count: dict = field(default_factory=lambda: defaultdict(int))

    def add(self, kind: str, score_sum, score_n: int, max_score: int, weight) -> None:
        self.score[kind] += Decimal(score_sum) * weight
        self.maximum[kind] += Decimal(max_score) * score_n * weight
        self.count[kind] += score_n

    def value(self, kind: str) -> Decimal | None:
        return _ratio(self.score[kind], self.maximum[kind])

    @property
    def by_kind(self) -> list[Decimal | None]:
        return [self.value(kind) for kind in KINDS]

    @property
    def counts(self) -> list[int]:
        return [self.count[kind] for kind in KINDS]


@dataclass
class CriterionRow:
    criterion: object
    averages: Averages = field(default_factory=Averages)


@dataclass
class GroupRow:
    group: object
    averages: Averages = field(default_factory=Averages)
    criteria: list = field(default_factory=list)


@dataclass
class SetBlock:
    criteria_set: object
    groups: list = field(default_factory=list)
    chart: dict | None = None

    @property
    def key(self) -> str:
        return f"set{self.criteria_set.pk}"


def criteria_figures(filters: Filters) -> list[SetBlock]:
    sums = criterion_sums(filters)
    if not sums:
        return []
    by_criterion = defaultdict(list)
    for row in sums:
        by_criterion[row["criterion_id"]].append(row)
    blocks: dict[int, SetBlock] = {}
    groups: dict[int, GroupRow] = {}
    for criterion in criteria_of(list(by_criterion)):
        group = criterion.group
        block = blocks.setdefault(group.criteria_set_id, SetBlock(group.criteria_set))
        if group.pk not in groups:
            groups[group.pk] = GroupRow(group)
            block.groups.append(groups[group.pk])
        line = CriterionRow(criterion)
        for row in by_criterion[criterion.pk]:
            for target in (line.averages, groups[group.pk].averages):
                target.add(
                    row["kind"],
                    row["score_sum"],
                    row["score_n"],
                    criterion.max_score,
                    criterion.weight,
                )
        groups[group.pk].criteria.append(line)
    return list(blocks.values())

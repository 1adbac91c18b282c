"""The report figures, aggregated in the database with a fixed number of queries.

Counts and averages are read from the tallies the evaluation and commitment services keep
per unit and cycle (:class:`evaluations.models.UnitCycleTally`) and per unit and campaign
(:class:`commitments.models.UnitCampaignTally`), a few rows per unit instead of one per
person; the person pages read the evaluations themselves.

**Official figures**: level counts, shares and averages count the signed-off and published
evaluations only (``OFFICIAL``); concluded ones, not yet signed, are counted apart as
awaiting sign-off (provisional) and never mixed in.

Rows are the children of the report's root unit: each evaluation (or commitment) is counted
under the child whose path begins its unit's path, found by a GROUP BY over that prefix
(``SUBSTR(path, 1, len(root) + INSTR(rest, '/'))``), so no query depends on the size of the
tree or the number of people.
"""

from collections import defaultdict

from django.db.models import Exists, IntegerField, OuterRef, Q, QuerySet, Sum, Value
from django.db.models.functions import StrIndex, Substr

from commitments.models import Commitment, UnitCampaignTally
from criteria.models import Audience, Criterion, ResultLevel
from evaluations.models import (
    SEALED_STATES,
    TOTALS,
    Assessment,
    Cycle,
    Evaluation,
    State,
    UnitCycleTally,
)
from units.models import Unit

from .dashboard.figures import LevelColumn, UnitFigures
from .dashboard.filters import Filters
from .dashboard.scope import AllUnits
from .models import CriterionScoreSum

# The columns of "evaluations by state": each state belongs to one step.
STEPS = {
    "not_started": (State.NOT_STARTED,),
    "in_progress": (
        State.SELF_DRAFT,
        State.SELF_SUBMITTED,
        State.COLLEAGUES,
        State.RETURNED,
        State.REOPENED,
    ),
    "head_review": (State.HEAD_REVIEW,),
    "concluded": (State.CONCLUDED,),  # awaiting sign-off: provisional, not in the figures
    "completed": SEALED_STATES,  # signed off or published: the official figures
}
OFFICIAL = Q(state__in=SEALED_STATES)
TREND_CYCLES = 5
DIRECT = "="  # the key of the root's own people (its path has nothing after the root)


def child_key(path_lookup: str, root_path: str):
    """The path of the root's child above each row's unit (the root's path for its own)."""
    start = len(root_path) + 1
    rest = Substr(path_lookup, start)
    return Substr(
        path_lookup,
        1,
        Value(len(root_path), output_field=IntegerField()) + StrIndex(rest, Value("/")),
    )


# --- levels --------------------------------------------------------------------------------


def level_columns() -> tuple[list[LevelColumn], dict[int, int]]:
    """Result levels as columns by rank (1 = highest of its set), with each level's rank.

    Sets may differ (leaders, staff, versions): a column gathers every set's level of that
    rank, labelled by the newest set's label. One query.
    """
    by_set = defaultdict(list)
    for level in ResultLevel.objects.order_by("-criteria_set_id", "-min_score"):
        by_set[level.criteria_set_id].append(level)
    columns: dict[int, LevelColumn] = {}
    rank_of = {}
    for levels in by_set.values():
        for rank, level in enumerate(levels, start=1):
            rank_of[level.pk] = rank
            column = columns.setdefault(rank, LevelColumn(rank, level.label))
            column.level_ids.append(level.pk)
    return [columns[rank] for rank in sorted(columns)], rank_of


# --- the evaluations and commitments in scope ----------------------------------------------


def _narrow(queryset: QuerySet, filters: Filters, *, block: str | None, audience: str):
    """Rows of units in the scope, under the root, of the chosen kind and block.

    ``block`` names the row's own block field (commitments keep the block they were routed
    by); None means the unit's block. Below the top of the scope the units are picked by a
    subquery (``unit_id IN (SELECT id FROM unit WHERE path LIKE …)``), which PostgreSQL reads
    through the unit index; at the top a join is faster (measured at 200,000 people).
    """
    if filters.category:
        wanted = Audience.LEADER if filters.category == Audience.LEADER else Audience.STAFF
        queryset = queryset.filter(**{audience: wanted})
    if filters.block and block is not None:
        queryset = queryset.filter(**{block: filters.block})
    if filters.unit is None:
        return _narrow_by_join(queryset, filters, block)
    units = Unit.objects.filter(path__startswith=filters.unit.path)
    if filters.kind:
        units = units.filter(kind=filters.kind)
    if filters.block and block is None:
        units = units.filter(block=filters.block)
    scope = filters.scope
    if scope.everything:
        return queryset.filter(unit__in=units.values("pk"))
    allowed = Q(pk__in=[])
    for part in scope.parts:
        part_units, piece = units.filter(path__startswith=part.path), Q()
        if part.block and block is None:
            part_units = part_units.filter(block=part.block)
        elif part.block:
            piece = Q(**{block: part.block})
        allowed |= Q(unit__in=part_units.values("pk")) & piece
    return queryset.filter(allowed)


def _narrow_by_join(queryset: QuerySet, filters: Filters, block: str | None) -> QuerySet:
    queryset = queryset.filter(filters.scope.q("unit__path", block or "unit__block"))
    root = filters.root
    if root is not None and not isinstance(root, AllUnits):
        queryset = queryset.filter(unit__path__startswith=root.path)
    if filters.kind:
        queryset = queryset.filter(unit__kind=filters.kind)
    if filters.block and block is None:
        queryset = queryset.filter(unit__block=filters.block)
    return queryset


def _of_periods(queryset: QuerySet, period: str, chosen, several) -> QuerySet:
    """The rows of the ``chosen`` cycle or campaign, or of ``several`` when given (the trend
    over the years); ``period`` names the foreign key to it."""
    if several is None:
        return queryset.filter(**{period: chosen})
    return queryset.filter(**{f"{period}__in": several})


def evaluations_in(filters: Filters, cycles=None) -> QuerySet[Evaluation]:
    queryset = _of_periods(Evaluation.objects.all(), "cycle", filters.cycle, cycles)
    return _narrow(queryset, filters, block=None, audience="criteria_set__audience")


def tallies_in(filters: Filters, cycles=None) -> QuerySet[UnitCycleTally]:
    """The kept evaluation tallies of the rows :func:`evaluations_in` would give."""
    queryset = _of_periods(UnitCycleTally.objects.all(), "cycle", filters.cycle, cycles)
    return _narrow(queryset, filters, block=None, audience="criteria_set__audience")


def commitment_tallies_in(filters: Filters, campaigns=None) -> QuerySet[UnitCampaignTally]:
    """The kept commitment tallies (of the campaign, or of ``campaigns``) in the scope."""
    queryset = _of_periods(UnitCampaignTally.objects.all(), "campaign", filters.campaign, campaigns)
    return _narrow(queryset, filters, block="block", audience="criteria_set__audience")


def evaluation_aggregates(columns: list[LevelColumn]) -> dict:
    """Sums over tally rows: evaluations per step; the official totals (the colleagues'
    kept only where enough colleagues answered to show it) and level counts."""
    aggregates = {"total": Sum("count")}
    for step, states in STEPS.items():
        aggregates[step] = Sum("count", filter=Q(state__in=states))
    for name in TOTALS:
        aggregates[f"{name}_sum"] = Sum(f"{name}_sum", filter=OFFICIAL)
        aggregates[f"{name}_n"] = Sum(f"{name}_n", filter=OFFICIAL)
    for column in columns:
        level = OFFICIAL & Q(final_level_id__in=column.level_ids)
        aggregates[column.key] = Sum("count", filter=level)
    return aggregates


_SIGNED = Commitment.Status.SIGNED
COMMITMENT_AGGREGATES = {
    "cm_total": Sum("count"),
    "cm_on_time": Sum("count", filter=Q(status=_SIGNED, is_late=False)),
    "cm_late": Sum("count", filter=Q(status=_SIGNED, is_late=True)),
    "cm_missing": Sum("count", filter=Q(status=Commitment.Status.PENDING)),
}


# --- per unit -------------------------------------------------------------------------------


def child_units(filters: Filters) -> list[Unit]:
    """The root's children that can hold figures for this user, in tree order. One query."""
    root = filters.root
    units = Unit.objects.annotate(
        has_children=Exists(Unit.objects.filter(parent=OuterRef("pk")))
    ).order_by("sort_order", "path")
    units = (
        units.filter(parent__isnull=True)
        if isinstance(root, AllUnits)
        else units.filter(parent=root)
    )
    scope = filters.scope
    return [
        unit
        for unit in units
        if scope.leads_to(unit) and not (filters.block and unit.block not in ("", filters.block))
    ]


def unit_rows(
    filters: Filters, columns: list[LevelColumn]
) -> tuple[list[UnitFigures], UnitFigures]:
    """One row per child of the root (and one for the root's own people), with the totals.

    Rows without any evaluation or commitment are left out. Three queries.
    """
    root = filters.root
    cap = filters.cycle.top_level_cap_percent if filters.cycle else None
    figures: dict[str, UnitFigures] = {}
    children = child_units(filters)
    for unit in children:
        figures[unit.path] = UnitFigures(unit=unit, columns=columns, cap_percent=cap)
    own = UnitFigures(unit=root, columns=columns, cap_percent=cap, is_own=True)
    figures[root.path] = own
    if filters.cycle is not None:
        rows = (
            tallies_in(filters)
            .annotate(key=child_key("unit__path", root.path))
            .values("key")
            .annotate(**evaluation_aggregates(columns))
            .order_by()
        )
        for row in rows:
            target = figures.get(row.pop("key"))
            if target is not None:
                target.add(row)
    if filters.campaign is not None:
        rows = (
            commitment_tallies_in(filters)
            .annotate(key=child_key("unit__path", root.path))
            .values("key")
            .annotate(**COMMITMENT_AGGREGATES)
            .order_by()
        )
        for row in rows:
            target = figures.get(row.pop("key"))
            if target is not None:
                target.add(row)
    ordered = [figures[unit.path] for unit in children] + [own]
    shown = [row for row in ordered if row.total or row.cm_total]
    totals = UnitFigures(unit=root, columns=columns, cap_percent=cap, is_total=True)
    for row in shown:
        totals.merge(row)
    return shown, totals


def totals_only(filters: Filters, columns: list[LevelColumn]) -> UnitFigures:
    """The same figures for the whole root, without rows. Two queries."""
    cap = filters.cycle.top_level_cap_percent if filters.cycle else None
    totals = UnitFigures(unit=filters.root, columns=columns, cap_percent=cap, is_total=True)
    if filters.cycle is not None:
        totals.add(tallies_in(filters).aggregate(**evaluation_aggregates(columns)))
    if filters.campaign is not None:
        totals.add(commitment_tallies_in(filters).aggregate(**COMMITMENT_AGGREGATES))
    return totals


# --- over the last cycles -------------------------------------------------------------------


def trend_cycles(filters: Filters) -> list[Cycle]:
    """The selected cycle and the ones before it (at most five), oldest first."""
    if filters.cycle is None:
        return []
    earlier = [c for c in filters.cycles if c.period_start <= filters.cycle.period_start]
    return sorted(earlier[:TREND_CYCLES], key=lambda c: (c.period_start, c.pk))


def trend_rows(filters: Filters, columns: list[LevelColumn]) -> list[UnitFigures]:
    """Per cycle: the district-wide figures of the root (one query; commitments of the same
    year in a second one)."""
    cycles = trend_cycles(filters)
    if not cycles:
        return []
    cap_by_cycle = {cycle.pk: cycle.top_level_cap_percent for cycle in cycles}
    rows = {
        cycle.pk: UnitFigures(
            unit=filters.root, columns=columns, cap_percent=cap_by_cycle[cycle.pk], label=cycle.name
        )
        for cycle in cycles
    }
    for row in (
        tallies_in(filters, cycles)
        .values("cycle_id")
        .annotate(**evaluation_aggregates(columns))
        .order_by()
    ):
        rows[row.pop("cycle_id")].add(row)
    years = {cycle.period_start.year: cycle.pk for cycle in cycles}
    commitments = commitments_in_years(filters, list(years))
    for row in commitments.values("campaign__year").annotate(**COMMITMENT_AGGREGATES).order_by():
        rows[years[row.pop("campaign__year")]].add(row)
    return [rows[cycle.pk] for cycle in cycles]


def commitments_in_years(filters: Filters, years: list[int]) -> QuerySet[UnitCampaignTally]:
    queryset = UnitCampaignTally.objects.filter(campaign__year__in=years)
    return _narrow(queryset, filters, block="block", audience="criteria_set__audience")


# --- per criterion --------------------------------------------------------------------------

KINDS = (Assessment.Kind.SELF, Assessment.Kind.COLLEAGUE, Assessment.Kind.HEAD)


def criterion_sums(filters: Filters) -> list[dict]:
    """Per criterion and kind of assessment: the sum and number of the signed-off scores,
    read from the sums kept at sign-off (see :mod:`.summary`). One query."""
    if filters.cycle is None:
        return []
    sums = _narrow(
        CriterionScoreSum.objects.filter(cycle=filters.cycle),
        filters,
        block=None,
        audience="audience",
    )
    return list(
        sums.values("criterion_id", "kind")
        .annotate(score_sum=Sum("score_sum"), score_n=Sum("score_count"))
        .order_by()
    )


def criteria_of(ids) -> list[Criterion]:
    return list(
        Criterion.objects.filter(pk__in=ids)
        .select_related("group", "group__criteria_set")
        .order_by(
            "group__criteria_set__audience", "group__criteria_set_id", "group__order", "order"
        )
    )

"""The report figures equal those of the hand-written SQL (benchmarks/floors.py) and of the
evaluations app's own top-level cap check."""

from decimal import Decimal

import pytest
from django.db.models import Count, Sum
from django.urls import reverse

from benchmarks import floors
from evaluations.models import SEALED_STATES, Score
from evaluations.selectors import top_level_share
from reports.models import CriterionScoreSum
from reports.selectors import TREND_CYCLES, level_columns
from units.models import Block, Unit

from .tallies import TOTAL_COLUMNS

pytestmark = pytest.mark.django_db

KEYS = [
    "total",
    "not_started",
    "in_progress",
    "head_review",
    "concluded",
    "completed",
    *TOTAL_COLUMNS,
    "cm_total",
    "cm_on_time",
    "cm_late",
    "cm_missing",
]


def _number(value):
    return Decimal(str(value or 0)).quantize(Decimal("0.01"))


def _levels():
    columns, _ranks = level_columns()
    return columns, [column.level_ids for column in columns]


def _page(client, user, name="reports:dashboard", **params):
    client.force_login(user)
    response = client.get(reverse(name), params)
    assert response.status_code == 200
    return response.context


@pytest.mark.parametrize(
    ("role", "block"),
    [("home_affairs", Block.GOVERNMENT), ("organisation_board", Block.PARTY_MASS)],
)
def test_rows_per_unit_equal_the_sql(client, district, role, block):
    context = _page(client, district.users[role])
    columns, level_ids = _levels()
    campaign = context["filters"].campaign

    expected = {
        row["row_key"]: row
        for row in floors.overview(
            floors.Scope(district.root.path, block), district.cycle.pk, campaign.pk, level_ids
        )
    }

    assert {row.unit.path for row in context["rows"]} == set(expected)
    for row in context["rows"]:
        sql = expected[row.unit.path]
        for key in KEYS + [column.key for column in columns]:
            assert _number(row.sums.get(key)) == _number(sql[key]), (row.name, key)


def test_rows_of_a_ward_equal_the_sql(client, district):
    ward = Unit.objects.get(code="BM-P02")
    context = _page(client, district.users["home_affairs"], unit=ward.pk)
    _columns, level_ids = _levels()
    scope = floors.Scope(ward.path, Block.GOVERNMENT, by_subquery=True)

    expected = {
        row["row_key"]: row
        for row in floors.overview(
            scope, district.cycle.pk, context["filters"].campaign.pk, level_ids
        )
    }

    assert {row.unit.path for row in context["rows"]} == set(expected)
    for row in context["rows"]:
        assert row.total == expected[row.unit.path]["total"]
        assert row.cm_missing == expected[row.unit.path]["cm_missing"]


def test_criteria_sums_equal_the_sql_and_the_scores(client, district):
    context = _page(client, district.users["home_affairs"], "reports:criteria")
    _columns, level_ids = _levels()
    rows = floors.criteria(
        floors.Scope(district.root.path, Block.GOVERNMENT),
        district.cycle.pk,
        context["filters"].campaign.pk,
        level_ids,
    )
    raw = {
        (row["criterion_id"], row["assessment__kind"]): (row["s"], row["n"])
        for row in Score.objects.filter(
            assessment__evaluation__cycle=district.cycle,
            assessment__evaluation__state__in=SEALED_STATES,
            assessment__evaluation__unit__block=Block.GOVERNMENT,
            assessment__status="submitted",
        )
        .values("criterion_id", "assessment__kind")
        .annotate(s=Sum("score"), n=Count("pk"))
    }

    by_sql = {
        (row["criterion_id"], row["kind"]): (row["score_sum"], row["score_n"]) for row in rows
    }
    assert by_sql == raw
    shown = {}
    for block in context["blocks"]:
        for group in block.groups:
            for line in group.criteria:
                for kind, count in zip(
                    ("self", "colleague", "head"), line.averages.counts, strict=True
                ):
                    if count:
                        shown[(line.criterion.pk, kind)] = count
    assert shown == {key: count for key, (_sum, count) in raw.items()}
    assert CriterionScoreSum.objects.exists()


def test_trend_equals_the_sql(client, district):
    context = _page(client, district.users["organisation_board"], "reports:trend")
    columns, level_ids = _levels()
    cycles = list(context["trend"])
    cycle_ids = [cycle.pk for cycle in context["filters"].cycles][:TREND_CYCLES]
    years = sorted({cycle.period_start.year for cycle in context["filters"].cycles})

    rows = floors.trend(
        floors.Scope(district.root.path, Block.PARTY_MASS), cycle_ids, years, level_ids
    )

    by_cycle = {row["id"]: row for row in rows if row["what"] == "cycle"}
    names = {cycle.name: cycle.pk for cycle in context["filters"].cycles}
    assert len(cycles) == len(by_cycle)
    for row in cycles:
        sql = by_cycle[names[row.name]]
        assert row.total == sql["total"]
        assert row.completed == sql["completed"]
        assert _number(row.sums["final_score_sum"]) == _number(sql["final_score_sum"])
        assert [cell.count for cell in row.levels] == [sql[c.key] for c in columns]


def test_the_cap_check_agrees_with_the_evaluations_app(client, district):
    context = _page(client, district.users["superuser"])

    for row in context["rows"]:
        if row.is_own:
            continue
        # The report's levels are the official ones: signed-off and published evaluations.
        share = top_level_share(district.cycle, row.unit, states=SEALED_STATES)
        assert (row.top_count, row.good_or_better) == (share.top_count, share.good_or_better_count)
        assert row.exceeds_cap == share.exceeds_cap


def test_totals_are_the_sum_of_the_rows(client, district):
    context = _page(client, district.users["administrator"])

    rows, totals = context["rows"], context["totals"]
    assert totals.total == sum(row.total for row in rows)
    assert totals.cm_total == sum(row.cm_total for row in rows)
    assert totals.rated == sum(row.rated for row in rows)

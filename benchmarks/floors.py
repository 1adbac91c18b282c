"""Hand-written SQL: for each report page, one statement computing the same figures.

These are the benchmark's floors (the time the database needs, without Django) and the
reference the tests compare the report figures with. They speak plain SQL that PostgreSQL
and SQLite both run; ``scope`` is (root path, block or None) as a Nội vụ or Ban Tổ chức
reviewer sees it.
"""

from dataclasses import dataclass

from django.db import connection

from commitments.models import Campaign, Commitment
from evaluations.models import Cycle, Evaluation
from reports.models import CriterionScoreSum
from units.models import Unit

SEALED = "('signed_off', 'published')"
STEPS = {
    "not_started": "('not_started')",
    "in_progress": "('self_draft', 'self_submitted', 'colleagues', 'returned', 'reopened')",
    "head_review": "('head_review')",
    "concluded": "('concluded')",
    "completed": SEALED,
}


@dataclass
class Scope:
    root_path: str  # the unit whose children are the rows
    block: str | None  # None: every block
    # Pick the rows by "unit_id IN (units under the root)" rather than by a join on the
    # unit's path: faster below the top of the tree (see reports.dashboard.queries._narrow).
    by_subquery: bool = False


def _tables():
    quote = connection.ops.quote_name
    return {
        "ev": quote(Evaluation._meta.db_table),
        "unit": quote(Unit._meta.db_table),
        "cm": quote(Commitment._meta.db_table),
        "cycle": quote(Cycle._meta.db_table),
        "campaign": quote(Campaign._meta.db_table),
        "sums": quote(CriterionScoreSum._meta.db_table),
    }


def _strpos(haystack: str, needle: str) -> str:
    if connection.vendor == "postgresql":
        return f"STRPOS({haystack}, {needle})"
    return f"INSTR({haystack}, {needle})"


def _key(root_path: str) -> str:
    """The path of the root's child above u's unit (u.path itself for the root's people)."""
    n = len(root_path)
    position = _strpos(f"SUBSTR(u.path, {n + 1})", "'/'")
    return f"SUBSTR(u.path, 1, {n} + {position})"


def _where(scope: Scope, block_column: str, alias: str = "e") -> tuple[str, list]:
    if scope.by_subquery:
        unit = _tables()["unit"]
        if block_column == "u.block":
            where = f"{alias}.unit_id IN (SELECT id FROM {unit} WHERE path LIKE %s"  # noqa: S608
            where += " AND block = %s)" if scope.block else ")"
            return where, [scope.root_path + "%", *([scope.block] if scope.block else [])]
        where = f"{alias}.unit_id IN (SELECT id FROM {unit} WHERE path LIKE %s)"  # noqa: S608
        params = [scope.root_path + "%"]
    else:
        where, params = "u.path LIKE %s", [scope.root_path + "%"]
        if block_column == "u.block" and scope.block:
            where += " AND u.block = %s"
            params.append(scope.block)
    if block_column != "u.block" and scope.block:
        where += f" AND {block_column} = %s"
        params.append(scope.block)
    return where, params


def _shown_colleague_total() -> str:
    """The colleagues' average where enough colleagues answered to show it, else NULL."""
    cycle = _tables()["cycle"]  # a table name from the model, never from input
    minimum = f"(SELECT cy.min_colleagues_shown FROM {cycle} cy WHERE cy.id = e.cycle_id)"  # noqa: S608
    return (
        "CASE WHEN e.colleagues_answered > 0 AND e.colleagues_answered >= "
        + minimum
        + " THEN e.colleague_total END"
    )


def _evaluation_columns(level_ids: list[list[int]]) -> str:
    parts = ["COUNT(*) AS total"]
    parts += [
        f"SUM(CASE WHEN e.state IN {states} THEN 1 ELSE 0 END) AS {name}"
        for name, states in STEPS.items()
    ]
    # The official figures: totals and levels of signed-off and published evaluations only.
    for name in ("self_total", "colleague_total", "head_total", "final_score"):
        value = _shown_colleague_total() if name == "colleague_total" else f"e.{name}"
        value = f"CASE WHEN e.state IN {SEALED} THEN {value} END"
        parts += [f"SUM({value}) AS {name}_sum", f"COUNT({value}) AS {name}_n"]
    for rank, ids in enumerate(level_ids, start=1):
        id_list = ", ".join(str(int(pk)) for pk in ids) or "NULL"
        level = f"e.state IN {SEALED} AND e.final_level_id IN ({id_list})"
        parts.append(f"SUM(CASE WHEN {level} THEN 1 ELSE 0 END) AS level_{rank}")
    return ", ".join(parts)


COMMITMENT_COLUMNS = (
    "COUNT(*) AS cm_total,"
    " SUM(CASE WHEN c.status = 'signed' AND NOT c.is_late THEN 1 ELSE 0 END) AS cm_on_time,"
    " SUM(CASE WHEN c.status = 'signed' AND c.is_late THEN 1 ELSE 0 END) AS cm_late,"
    " SUM(CASE WHEN c.status = 'pending' THEN 1 ELSE 0 END) AS cm_missing"
)


def _fetch(sql: str, params: list) -> list[dict]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        names = [column[0] for column in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def overview(scope: Scope, cycle_id: int, campaign_id: int, level_ids) -> list[dict]:
    """Per child of the root (and the root's own people): the evaluation and commitment
    figures, keyed by the child's path."""
    t = _tables()
    ev_where, ev_params = _where(scope, "u.block")
    cm_where, cm_params = _where(scope, "c.block", "c")
    sql = f"""
        WITH ev AS (
            SELECT {_key(scope.root_path)} AS key, {_evaluation_columns(level_ids)}
            FROM {t["ev"]} e JOIN {t["unit"]} u ON u.id = e.unit_id
            WHERE e.cycle_id = %s AND {ev_where}
            GROUP BY 1),
        cm AS (
            SELECT {_key(scope.root_path)} AS key, {COMMITMENT_COLUMNS}
            FROM {t["cm"]} c JOIN {t["unit"]} u ON u.id = c.unit_id
            WHERE c.campaign_id = %s AND {cm_where}
            GROUP BY 1),
        keys AS (SELECT key FROM ev UNION SELECT key FROM cm)
        SELECT keys.key AS row_key, ch.id AS unit_id, ch.name AS unit_name, ev.*, cm.*
        FROM keys LEFT JOIN ev ON ev.key = keys.key LEFT JOIN cm ON cm.key = keys.key
        LEFT JOIN {t["unit"]} ch ON ch.path = keys.key
    """  # noqa: S608 - table names from the models, values as parameters
    return _fetch(sql, [cycle_id, *ev_params, campaign_id, *cm_params])


def totals(scope: Scope, cycle_id: int, campaign_id: int, level_ids) -> str:
    t = _tables()
    ev_where, _ = _where(scope, "u.block")
    cm_where, _ = _where(scope, "c.block", "c")
    return f"""
        SELECT * FROM
        (SELECT {_evaluation_columns(level_ids)}
         FROM {t["ev"]} e JOIN {t["unit"]} u ON u.id = e.unit_id
         WHERE e.cycle_id = %s AND {ev_where}) ev,
        (SELECT {COMMITMENT_COLUMNS}
         FROM {t["cm"]} c JOIN {t["unit"]} u ON u.id = c.unit_id
         WHERE c.campaign_id = %s AND {cm_where}) cm
    """  # noqa: S608


def _totals_params(scope: Scope, cycle_id: int, campaign_id: int) -> list:
    _, ev_params = _where(scope, "u.block")
    _, cm_params = _where(scope, "c.block", "c")
    return [cycle_id, *ev_params, campaign_id, *cm_params]


def criteria(scope: Scope, cycle_id: int, campaign_id: int, level_ids) -> list[dict]:
    """Per criterion and kind: sum and number of signed-off scores; with the page's totals."""
    t = _tables()
    where, params = _where(scope, "u.block", "x")
    sql = f"""
        WITH s AS (
            SELECT x.criterion_id, x.kind, SUM(x.score_sum) AS score_sum,
                   SUM(x.score_count) AS score_n
            FROM {t["sums"]} x JOIN {t["unit"]} u ON u.id = x.unit_id
            WHERE x.cycle_id = %s AND {where}
            GROUP BY x.criterion_id, x.kind),
        t AS ({totals(scope, cycle_id, campaign_id, level_ids)})
        SELECT s.*, t.* FROM s CROSS JOIN t
    """  # noqa: S608
    return _fetch(sql, [cycle_id, *params, *_totals_params(scope, cycle_id, campaign_id)])


def people(scope: Scope, cycle_id: int, campaign_id: int, level_ids, page_size=50) -> list[dict]:
    """The first page of people (with level and commitment), their number and the totals."""
    t = _tables()
    where, params = _where(scope, "u.block")
    person = connection.ops.quote_name("units_person")
    level = connection.ops.quote_name("criteria_resultlevel")
    sql = f"""
        WITH pg AS (
            SELECT e.id, e.person_id, p.full_name, p.staff_code, u.name AS unit_name, e.state,
                   e.self_total, {_shown_colleague_total()} AS colleague_total,
                   e.head_total, e.final_score,
                   l.label AS level_label
            FROM {t["ev"]} e JOIN {t["unit"]} u ON u.id = e.unit_id
            JOIN {person} p ON p.id = e.person_id
            LEFT JOIN {level} l ON l.id = e.final_level_id
            WHERE e.cycle_id = %s AND {where}
            ORDER BY u.path, p.full_name, e.id LIMIT {int(page_size)}),
        n AS (SELECT COUNT(*) AS people FROM {t["ev"]} e JOIN {t["unit"]} u ON u.id = e.unit_id
              WHERE e.cycle_id = %s AND {where}),
        t AS ({totals(scope, cycle_id, campaign_id, level_ids)})
        SELECT pg.*, c.status AS cm_status, c.is_late AS cm_is_late, n.*, t.*
        FROM pg CROSS JOIN n CROSS JOIN t
        LEFT JOIN {t["cm"]} c ON c.person_id = pg.person_id AND c.campaign_id = %s
    """  # noqa: S608
    args = [cycle_id, *params, cycle_id, *params]
    args += [*_totals_params(scope, cycle_id, campaign_id), campaign_id]
    return _fetch(sql, args)


def trend(scope: Scope, cycle_ids: list[int], years: list[int], level_ids) -> list[dict]:
    """Per cycle: the evaluation figures; per campaign year: the commitment figures."""
    t = _tables()
    ev_where, ev_params = _where(scope, "u.block")
    cm_where, cm_params = _where(scope, "c.block", "c")
    cycles = ", ".join(str(int(pk)) for pk in cycle_ids) or "NULL"
    year_list = ", ".join(str(int(year)) for year in years) or "NULL"
    sql = f"""
        SELECT 'cycle' AS what, e.cycle_id AS id, {_evaluation_columns(level_ids)},
               NULL AS cm_total, NULL AS cm_on_time, NULL AS cm_late, NULL AS cm_missing
        FROM {t["ev"]} e JOIN {t["unit"]} u ON u.id = e.unit_id
        WHERE e.cycle_id IN ({cycles}) AND {ev_where}
        GROUP BY e.cycle_id
        UNION ALL
        SELECT 'year', k.year, {", ".join(["NULL"] * _evaluation_columns(level_ids).count(" AS "))},
               {COMMITMENT_COLUMNS}
        FROM {t["cm"]} c JOIN {t["unit"]} u ON u.id = c.unit_id
        JOIN {t["campaign"]} k ON k.id = c.campaign_id
        WHERE k.year IN ({year_list}) AND {cm_where}
        GROUP BY k.year
    """  # noqa: S608
    return _fetch(sql, [*ev_params, *cm_params])

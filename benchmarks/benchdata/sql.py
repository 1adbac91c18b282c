"""The bulk statements of the generator: each writes one kind of row for every person at once.

Plain SQL that SQLite and PostgreSQL both run (CASE, %, correlated subqueries). The "random"
parts are fixed hashes of the ids, so a run is reproducible and the figures vary by unit.
Totals, combined scores and levels are computed the way the review services compute them
(weighted on the 0-100 scale, missing parts left out, the highest level reached).
"""

from django.db import connection

from commitments.models import SIGNED_FIELDS, Commitment
from core.db import insert_into
from criteria.models import Criterion, CriterionGroup, ResultLevel
from evaluations.models import Assessment, Evaluation
from units.models import Person, Unit


def _tables() -> dict[str, str]:
    quote = connection.ops.quote_name
    models = {
        "unit": Unit,
        "person": Person,
        "ev": Evaluation,
        "asm": Assessment,
        "score": Assessment.scores.rel.related_model,
        "crit": Criterion,
        "grp": CriterionGroup,
        "lvl": ResultLevel,
        "cm": Commitment,
    }
    return {name: quote(model._meta.db_table) for name, model in models.items()}


def _t() -> dict[str, str]:
    return _tables()


# State of an evaluation from a hash of its person (0-99): (upper bound, state).
FINISHED_CYCLE = [(1, "not_started"), (3, "concluded"), (10, "signed_off"), (100, "published")]
RUNNING_CYCLE = [
    (6, "not_started"),
    (10, "self_draft"),
    (16, "self_submitted"),
    (26, "head_review"),
    (36, "concluded"),
    (60, "signed_off"),
    (100, "published"),
]
CONCLUDED = ("concluded", "signed_off", "published")
SELF_DONE = ("self_submitted", "head_review", *CONCLUDED)


# The columns each INSERT … SELECT writes, in the order of its SELECT list.
EVALUATION_COLUMNS = (
    "cycle_id",
    "person_id",
    "unit_id",
    "criteria_set_id",
    "state",
    "level_override_reason",
    "head_conclusion",
    "content_sha256",
    "created_at",
    "updated_at",
)
ASSESSMENT_COLUMNS = (
    "evaluation_id",
    "assessor_id",
    "kind",
    "overall_comment",
    "strengths",
    "weaknesses",
    "status",
    "submitted_at",
)
SCORE_COLUMNS = ("assessment_id", "criterion_id", "score", "comment")
# A generated commitment fills what a signature covers (commitments.models.SIGNED_FIELDS, in
# its order, which the SELECT below follows) but the IP address and the paper's date and
# recorder, which it leaves empty, and its seal (left empty too: the generated text hash is
# not a real one); then its creation time.
_LEFT_EMPTY = ("ip_address", "paper_signed_on", "recorded_by_id")
COMMITMENT_COLUMNS = (*(name for name in SIGNED_FIELDS if name not in _LEFT_EMPTY), "created_at")


def _case(expression: str, bounds) -> tuple[str, list]:
    parts, params = [], []
    for bound, value in bounds:
        parts.append(f"WHEN {expression} < %s THEN %s")
        params += [bound, value]
    return "CASE " + " ".join(parts) + " END", params


def _in(values) -> str:
    return "(" + ", ".join(f"'{value}'" for value in values) + ")"


def insert_evaluations(cursor, *, cycle, running: bool, prefix: str, sets: dict, now) -> None:
    t = _t()
    state, params = _case(
        f"((p.id * 37 + {int(cycle.pk)} * 11) %% 100)", RUNNING_CYCLE if running else FINISHED_CYCLE
    )
    cursor.execute(
        f"""
        {insert_into(Evaluation, EVALUATION_COLUMNS)}
        SELECT %s, p.id, p.unit_id,
            CASE WHEN p.category = 'leader' THEN %s ELSE %s END,
            {state}, '', '', '', %s, %s
        FROM {t["person"]} p JOIN {t["unit"]} u ON u.id = p.unit_id
        WHERE u.path LIKE %s AND p.is_active
        """,  # noqa: S608 - table names come from the models, values are parameters
        [cycle.pk, sets["leader"], sets["staff"], *params, now, now, prefix + "%"],
    )


def insert_assessments(cursor, *, cycle, now) -> None:
    t = _t()
    opener = insert_into(Assessment, ASSESSMENT_COLUMNS)
    cursor.execute(
        f"""
        {opener}
        SELECT e.id, e.person_id, 'self', '', '', '', 'submitted', %s
        FROM {t["ev"]} e WHERE e.cycle_id = %s AND e.state IN {_in(SELF_DONE)}
        """,  # noqa: S608
        [now, cycle.pk],
    )
    # The head of the unit assesses everyone in it (their own evaluation included: the
    # generator does not look for the head of the parent unit).
    cursor.execute(
        f"""
        {opener}
        SELECT e.id, COALESCE((SELECT h.id FROM {t["person"]} h
                               WHERE h.unit_id = e.unit_id AND h.is_unit_head), e.person_id),
               'head', '', '', '', 'submitted', %s
        FROM {t["ev"]} e WHERE e.cycle_id = %s AND e.state IN {_in(CONCLUDED)}
        """,  # noqa: S608
        [now, cycle.pk],
    )
    # One person in four is also assessed by the next two people of the unit.
    cursor.execute(
        f"""
        {opener}
        SELECT e.id, q.id, 'colleague', '', '', '', 'submitted', %s
        FROM {t["ev"]} e JOIN {t["person"]} q
          ON q.unit_id = e.unit_id AND q.id IN (e.person_id + 1, e.person_id + 2)
        WHERE e.cycle_id = %s AND e.state IN {_in(CONCLUDED)} AND e.person_id %% 4 = 0
        """,  # noqa: S608
        [now, cycle.pk],
    )


def insert_scores(cursor, *, cycle, cycle_index: int) -> None:
    """Scores by tier: each unit has its own share of excellent people, rising by cycle."""
    t = _t()
    tier = (
        "CASE WHEN (e.id * 37) %% 20 < 1 + (e.unit_id %% 4) + %s THEN 9"
        " WHEN (e.id * 37) %% 20 < 15 THEN 7 WHEN (e.id * 37) %% 20 < 19 THEN 5 ELSE 3 END"
    )
    raw = f"({tier} + (a.id * 7 + c.id * 5) %% 3 + CASE WHEN a.kind = 'self' THEN 1 ELSE 0 END)"
    cursor.execute(
        f"""
        {insert_into(Assessment.scores.rel.related_model, SCORE_COLUMNS)}
        SELECT a.id, c.id, CASE WHEN {raw} > c.max_score THEN c.max_score ELSE {raw} END, ''
        FROM {t["asm"]} a
        JOIN {t["ev"]} e ON e.id = a.evaluation_id
        JOIN {t["grp"]} g ON g.criteria_set_id = e.criteria_set_id
        JOIN {t["crit"]} c ON c.group_id = g.id
        WHERE e.cycle_id = %s
        """,  # noqa: S608
        [cycle_index, cycle_index, cycle.pk],
    )


def update_totals(cursor, *, cycle) -> None:
    t = _t()
    cursor.execute(
        f"""
        UPDATE {t["asm"]} SET total = (
            SELECT ROUND(SUM(s.score * c.weight) * 100 / SUM(c.max_score * c.weight), 2)
            FROM {t["score"]} s JOIN {t["crit"]} c ON c.id = s.criterion_id
            WHERE s.assessment_id = {t["asm"]}.id)
        WHERE evaluation_id IN (SELECT id FROM {t["ev"]} WHERE cycle_id = %s)
        """,  # noqa: S608
        [cycle.pk],
    )

    def part(kind: str, aggregate: str) -> str:
        return (
            f"(SELECT {aggregate} FROM {t['asm']} a WHERE a.evaluation_id = {t['ev']}.id"  # noqa: S608
            f" AND a.kind = '{kind}' AND a.status = 'submitted')"
        )

    cursor.execute(
        f"""
        UPDATE {t["ev"]} SET self_total = {part("self", "MAX(a.total)")},
            colleague_total = {part("colleague", "ROUND(AVG(a.total), 2)")},
            colleagues_answered = {part("colleague", "COUNT(*)")},
            head_total = {part("head", "MAX(a.total)")}
        WHERE cycle_id = %s
        """,  # noqa: S608
        [cycle.pk],
    )
    sw, cw, hw = cycle.self_weight, cycle.colleague_weight, cycle.head_weight
    cursor.execute(
        f"""
        UPDATE {t["ev"]} SET final_score = ROUND(
            (COALESCE(self_total, 0) * %s + COALESCE(colleague_total, 0) * %s + head_total * %s)
            / (CASE WHEN self_total IS NULL THEN 0 ELSE %s END
               + CASE WHEN colleague_total IS NULL THEN 0 ELSE %s END + %s), 2)
        WHERE cycle_id = %s AND head_total IS NOT NULL AND state IN {_in(CONCLUDED)}
        """,  # noqa: S608
        [sw, cw, hw, sw, cw, hw, cycle.pk],
    )
    cursor.execute(
        f"""
        UPDATE {t["ev"]} SET final_level_id = (
            SELECT l.id FROM {t["lvl"]} l
            WHERE l.criteria_set_id = {t["ev"]}.criteria_set_id
              AND l.min_score <= {t["ev"]}.final_score
            ORDER BY l.min_score DESC LIMIT 1)
        WHERE cycle_id = %s AND final_score IS NOT NULL
        """,  # noqa: S608
        [cycle.pk],
    )


def mark_signed(cursor, *, cycle, signed_at, published_at) -> None:
    t = _t()
    cursor.execute(
        f"UPDATE {t['ev']} SET signed_at = %s WHERE cycle_id = %s"  # noqa: S608
        " AND state IN ('signed_off', 'published')",
        [signed_at, cycle.pk],
    )
    cursor.execute(
        f"UPDATE {t['ev']} SET published_at = %s WHERE cycle_id = %s"  # noqa: S608
        " AND state = 'published'",
        [published_at, cycle.pk],
    )


def insert_commitments(cursor, *, campaign, prefix: str, sets: dict, on_time, late, now):
    """Most sign on time, some late, a few never (fewer in the older campaigns)."""
    t = _t()
    h = f"((p.id * 53 + {int(campaign.year)}) %% 100)"
    missing = 6 if campaign.status == "open" else 3
    signed = f"{h} >= {missing}"
    text = "Tôi cam kết thực hiện đầy đủ bộ tiêu chí đánh giá sự chuyên nghiệp."
    cursor.execute(
        f"""
        {insert_into(Commitment, COMMITMENT_COLUMNS)}
        SELECT %s, p.id, p.unit_id,
            CASE WHEN par.kind = 'ward' THEN par.id WHEN par.kind = 'district' THEN u.id
                 ELSE par.id END,
            u.block,
            CASE WHEN p.category = 'leader' THEN %s ELSE %s END,
            CASE WHEN {signed} THEN 'signed' ELSE 'pending' END,
            CASE WHEN {signed} THEN 'online' ELSE '' END,
            CASE WHEN {signed} THEN %s ELSE '' END,
            CASE WHEN {signed} THEN %s ELSE '' END,
            CASE WHEN {h} >= {missing + 8} THEN %s WHEN {signed} THEN %s ELSE NULL END,
            CASE WHEN {signed} AND {h} < {missing + 8} THEN %s ELSE %s END,
            '', CASE WHEN {signed} THEN p.full_name ELSE '' END, '', '', '', %s
        FROM {t["person"]} p
        JOIN {t["unit"]} u ON u.id = p.unit_id
        JOIN {t["unit"]} par ON par.id = u.parent_id
        WHERE u.path LIKE %s AND p.is_active
        """,  # noqa: S608
        [
            campaign.pk,
            sets["leader"],
            sets["staff"],
            text,
            "0" * 64,
            on_time,
            late,
            True,
            False,
            now,
            prefix + "%",
        ],
    )

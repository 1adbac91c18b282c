"""What the pages show: the lists, one evaluation's criteria laid out with its scores, the
home cards."""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Avg, Count, Q, QuerySet

from core.numbers import round_half_up
from criteria.models import ResultLevel
from criteria.selectors import criteria_set_frozen_tree, criteria_set_with_tree
from units.models import Person

from ..models import (
    Assessment,
    AuditEntry,
    Cycle,
    Evaluation,
    Score,
    State,
)
from ..workflow import SELF_EDITABLE
from .access import evaluations_for_head

# --- what the pages show ------------------------------------------------------------

Kind = Assessment.Kind
Status = Assessment.Status
VISIBLE_CYCLE_STATES = (Cycle.Status.OPEN, Cycle.Status.CLOSED)
EVALUATION_RELATED = ("cycle", "person", "person__user", "unit", "criteria_set", "final_level")


# --- lists ---------------------------------------------------------------------------------


def evaluations_of_person(person: Person) -> QuerySet[Evaluation]:
    """The person's evaluations in open or closed cycles, newest cycle first (one query)."""
    return (
        Evaluation.objects.filter(person=person, cycle__status__in=VISIBLE_CYCLE_STATES)
        .select_related(*EVALUATION_RELATED)
        .order_by("-cycle__period_start", "-cycle__pk")
    )


def colleague_requests(person: Person) -> QuerySet[Assessment]:
    """The colleague assessments asked of ``person`` (one query), newest cycle first."""
    return (
        Assessment.objects.filter(
            assessor=person,
            kind=Kind.COLLEAGUE,
            evaluation__cycle__status__in=VISIBLE_CYCLE_STATES,
        )
        .select_related(
            "evaluation",
            "evaluation__cycle",
            "evaluation__person",
            "evaluation__unit",
        )
        .order_by("-evaluation__cycle__period_start", "status", "evaluation__person__full_name")
    )


def cycles_for_lists() -> list[Cycle]:
    """Cycles a list may switch between: open ones first, then closed, newest first."""
    return sorted(
        Cycle.objects.filter(status__in=VISIBLE_CYCLE_STATES),
        key=lambda cycle: (cycle.status != Cycle.Status.OPEN, -cycle.period_start.toordinal()),
    )


def reviews_anyone(person: Person | None) -> bool:
    """Whether the head's pages apply to ``person``: an active head, or a named reviewer."""
    if person is None or not person.is_active:
        return False
    return person.is_unit_head or Evaluation.objects.filter(reviewer=person).exists()


#: The head list's filter for what waits for the head's assessment: a reopened evaluation
#: is assessed again, so it waits too (the home card counts the same states).
TO_ASSESS = "to_assess"
HEAD_TO_ASSESS_STATES = (State.HEAD_REVIEW, State.REOPENED)


def head_rows(
    head: Person, cycle: Cycle, *, state: str = "", category: str = "", search: str = ""
) -> QuerySet[Evaluation]:
    """The evaluations ``head`` reviews in ``cycle``, filtered, with the counts the list
    shows (colleagues asked and answered, whether the head's own assessment is in).
    Two queries (see :func:`evaluations_for_head`).
    """
    rows = evaluations_for_head(head, cycle)
    if state == TO_ASSESS:
        rows = rows.filter(state__in=HEAD_TO_ASSESS_STATES)
    elif state:
        rows = rows.filter(state=state)
    if category:
        rows = rows.filter(person__category=category)
    if search:
        rows = rows.filter(
            Q(person__full_name__icontains=search) | Q(person__staff_code__icontains=search)
        )
    colleague = Q(assessments__kind=Kind.COLLEAGUE)
    return rows.annotate(
        colleagues_asked=Count("assessments", filter=colleague),
        colleagues_done=Count(
            "assessments", filter=colleague & Q(assessments__status=Status.SUBMITTED)
        ),
        head_done=Count(
            "assessments",
            filter=Q(assessments__kind=Kind.HEAD, assessments__status=Status.SUBMITTED),
        ),
    ).order_by("unit__path", "person__full_name")


def head_state_counts(head: Person, cycle: Cycle) -> dict[str, int]:
    """How many of the head's evaluations are in each state (two queries)."""
    counts = (
        evaluations_for_head(head, cycle)
        .order_by()
        .values_list("state")
        .annotate(count=Count("pk"))
    )
    return dict(counts)


def review_rows_for_collective(head: Person, cycle: Cycle) -> list[Evaluation]:
    """The evaluations of the head's own unit a meeting can vote on (two queries)."""
    evaluations = list(
        Evaluation.objects.filter(cycle=cycle, unit=head.unit_id)
        .exclude(person=head)
        .exclude(state__in=(State.SIGNED_OFF, State.PUBLISHED))
        .select_related("person")
        .order_by("person__full_name")
    )
    levels: dict[int, list] = {}
    for level in ResultLevel.objects.filter(
        criteria_set__in={evaluation.criteria_set_id for evaluation in evaluations}
    ).order_by("-min_score"):
        levels.setdefault(level.criteria_set_id, []).append(level)
    for evaluation in evaluations:
        evaluation.levels = levels.get(evaluation.criteria_set_id, [])
    return evaluations


# --- one evaluation ------------------------------------------------------------------------


@dataclass
class CriterionRow:
    criterion: object
    number: str  # as in the decision: group.criterion, e.g. 2.3
    self_score: Decimal | None = None
    colleague_average: Decimal | None = None
    head_score: Decimal | None = None
    self_comment: str = ""
    head_comment: str = ""


@dataclass
class GroupRows:
    group: object
    rows: list[CriterionRow] = field(default_factory=list)

    @property
    def max_total(self) -> int:
        return sum(row.criterion.max_score for row in self.rows)

    def _sum(self, attribute: str) -> Decimal | None:
        values = [getattr(row, attribute) for row in self.rows]
        if all(value is None for value in values):
            return None
        return sum((value for value in values if value is not None), Decimal("0"))

    @property
    def self_sum(self):
        return self._sum("self_score")

    @property
    def colleague_sum(self):
        return self._sum("colleague_average")

    @property
    def head_sum(self):
        return self._sum("head_score")


def criteria_groups(evaluation: Evaluation):
    """The evaluation's frozen criteria set with groups and criteria in order (4 queries)."""
    return criteria_set_with_tree(evaluation.criteria_set_id)


def criteria_form_tree(evaluation: Evaluation):
    """The evaluation's criteria set (loaded with it) with groups, criteria and levels in
    order, for an assessment form: shared by the process once the set is locked, as every
    set of an opened cycle is (:func:`criteria.selectors.criteria_set_frozen_tree`)."""
    return criteria_set_frozen_tree(evaluation.criteria_set)


def score_table(
    evaluation: Evaluation,
    assessments: list[Assessment],
    *,
    with_colleague_average: bool,
) -> tuple[object, list[GroupRows]]:
    """The criteria in groups with the self and head scores found in ``assessments`` (those
    the viewer may see, from :func:`assessments_visible_to`) and, if asked, the
    colleagues' average per criterion. Five queries.
    """
    criteria_set = criteria_groups(evaluation)
    by_kind = {
        assessment.kind: {score.criterion_id: score for score in assessment.scores.all()}
        for assessment in assessments
        if assessment.kind in (Kind.SELF, Kind.HEAD)
    }
    averages = colleague_averages(evaluation) if with_colleague_average else {}
    groups = []
    for group in criteria_set.groups.all():
        group_rows = GroupRows(group)
        for criterion in group.criteria.all():
            own = by_kind.get(Kind.SELF, {}).get(criterion.pk)
            head = by_kind.get(Kind.HEAD, {}).get(criterion.pk)
            group_rows.rows.append(
                CriterionRow(
                    criterion=criterion,
                    number=f"{group.order}.{criterion.order}",
                    self_score=own.score if own else None,
                    self_comment=own.comment if own else "",
                    colleague_average=averages.get(criterion.pk),
                    head_score=head.score if head else None,
                    head_comment=head.comment if head else "",
                )
            )
        groups.append(group_rows)
    return criteria_set, groups


def colleague_averages(evaluation: Evaluation) -> dict[int, Decimal]:
    """The submitted colleague assessments' average score per criterion (one query)."""
    rows = (
        Score.objects.filter(
            assessment__evaluation=evaluation,
            assessment__kind=Kind.COLLEAGUE,
            assessment__status=Status.SUBMITTED,
        )
        .values("criterion")
        .annotate(average=Avg("score"))
        .order_by()
    )
    return {row["criterion"]: round_half_up(Decimal(row["average"]), 2) for row in rows}


def assessment_of(evaluation: Evaluation, assessor: Person, kind: str) -> Assessment | None:
    """The assessor's assessment of this kind with its scores (two queries)."""
    return (
        Assessment.objects.filter(evaluation=evaluation, assessor=assessor, kind=kind)
        .prefetch_related("scores")
        .first()
    )


def last_return_reason(evaluation: Evaluation) -> str:
    """Why the head last returned the evaluation (one query)."""
    entry = (
        AuditEntry.objects.filter(evaluation=evaluation, action="return")
        .order_by("-created_at", "-pk")
        .first()
    )
    return entry.reason if entry else ""


def phase_deadline(evaluation: Evaluation) -> datetime.date:
    """The deadline of the phase the evaluation is in."""
    cycle = evaluation.cycle
    if evaluation.state in SELF_EDITABLE:
        return cycle.self_deadline
    if evaluation.state in (State.SELF_SUBMITTED, State.COLLEAGUES):
        return cycle.colleague_deadline
    return cycle.head_deadline


# --- home ----------------------------------------------------------------------------------


@dataclass
class EvaluationHome:
    """The home page's evaluation cards for one person."""

    current: Evaluation | None = None
    colleague_pending: int = 0
    head_cycle: Cycle | None = None
    head_counts: dict[str, int] = field(default_factory=dict)

    @property
    def head_total(self) -> int:
        return sum(self.head_counts.values())

    @property
    def head_done(self) -> int:
        return self._count(State.SIGNED_OFF, State.PUBLISHED)

    def _count(self, *states: str) -> int:
        return sum(self.head_counts.get(state, 0) for state in states)

    @property
    def head_to_start(self) -> int:
        """Self-assessments sent: the head asks colleagues or starts the review."""
        return self._count(State.SELF_SUBMITTED)

    @property
    def head_with_colleagues(self) -> int:
        return self._count(State.COLLEAGUES)

    @property
    def head_to_assess(self) -> int:
        return self._count(*HEAD_TO_ASSESS_STATES)

    @property
    def head_to_sign(self) -> int:
        return self._count(State.CONCLUDED)

    @property
    def head_to_publish(self) -> int:
        return self._count(State.SIGNED_OFF)

    @property
    def head_waiting(self) -> int:
        """Evaluations where the head has something to do: the sum of the card's lines but
        publishing (a reopened evaluation waits for the head too)."""
        return (
            self.head_to_sign
            + self.head_to_assess
            + self.head_to_start
            + (self.head_with_colleagues)
        )


def home_evaluation(person: Person) -> EvaluationHome:
    """The person's current evaluation, the colleague assessments waiting for them and, for
    a head, the progress of the unit's evaluations. At most five queries.
    """
    home = EvaluationHome()
    home.current = evaluations_of_person(person).first()
    home.colleague_pending = Assessment.objects.filter(
        assessor=person,
        kind=Kind.COLLEAGUE,
        status=Status.DRAFT,
        evaluation__state=State.COLLEAGUES,
        evaluation__cycle__status=Cycle.Status.OPEN,
    ).count()
    if person.is_unit_head:
        if home.current is not None and home.current.cycle.status == Cycle.Status.OPEN:
            home.head_cycle = home.current.cycle
        else:
            home.head_cycle = (
                Cycle.objects.filter(status=Cycle.Status.OPEN).order_by("-period_start").first()
            )
        if home.head_cycle is not None:
            home.head_counts = head_state_counts(person, home.head_cycle)
    return home

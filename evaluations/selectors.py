"""Read-only queries about evaluations: who assesses whom, who may see what, and what the
pages show (the lists, the criteria laid out with scores, the home cards).

Each function's number of queries is fixed: it never grows with the number of people.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Avg, Count, OuterRef, Prefetch, Q, QuerySet, Subquery

from core.numbers import round_half_up
from core.seals import SealCheck, code_hex_prefix, seal_sha256, verification_code
from criteria.models import ResultLevel
from criteria.selectors import criteria_set_frozen_tree, criteria_set_with_tree
from units.models import PATH_SEPARATOR, Person, Unit
from units.selectors import person_for

from .models import (
    SEALED_STATES,
    Assessment,
    AuditEntry,
    CollectiveVote,
    Cycle,
    Evaluation,
    Score,
    State,
)
from .sealing import SEAL_KIND, seal_fields
from .workflow import SELF_EDITABLE

Kind = Assessment.Kind


def _ancestor_codes(unit: Unit) -> list[str]:
    return [code for code in unit.path.split(PATH_SEPARATOR) if code]


def head_for(person: Person, unit: Unit | None = None) -> Person | None:
    """Who assesses ``person``: the active head of their unit (``unit`` if given), or for a
    head (or a unit without a head) the head of the nearest ancestor unit that has one.

    One query.
    """
    unit = unit or person.unit
    heads = (
        Person.objects.filter(
            is_unit_head=True, is_active=True, unit__code__in=_ancestor_codes(unit)
        )
        .exclude(pk=person.pk)
        .select_related("unit", "user")
    )
    candidates = [head for head in heads if unit.path.startswith(head.unit.path)]
    return max(candidates, key=lambda head: len(head.unit.path), default=None)


def evaluation_head(evaluation: Evaluation) -> Person | None:
    """The reviewer an administrator named, else :func:`head_for` the person at opening."""
    if evaluation.reviewer_id:
        return evaluation.reviewer
    return head_for(evaluation.person, evaluation.unit)


def evaluations_for_head(head_person: Person, cycle: Cycle) -> QuerySet[Evaluation]:
    """The evaluations of ``cycle`` that ``head_person`` reviews (two queries in all, one
    when asked again for the same ``head_person`` object).

    Agrees with :func:`evaluation_head`: the head's unit and the units under it that have no
    head of their own, plus the heads of the nearest units below that do.
    """
    base = Evaluation.objects.filter(cycle=cycle).select_related(
        "person", "person__user", "unit", "criteria_set", "final_level", "reviewer"
    )
    if not (head_person.is_unit_head and head_person.is_active):
        return base.filter(reviewer=head_person)
    return base.filter(_reviewed_by_head(head_person)).exclude(person=head_person)


# Per request: the list and its counts both ask, and the heads below do not change meanwhile.
_REVIEWED_KEY = "_evaluations_reviewed_by_head"


def _reviewed_by_head(head_person: Person) -> Q:
    """Which evaluations a unit head reviews, as a filter (one query, then kept on the
    ``head_person`` object, which lives as long as the request)."""
    kept = head_person.__dict__.get(_REVIEWED_KEY)
    if kept is not None:
        return kept
    my_path = head_person.unit.path
    # The units under mine with their own active head (one query). As a list of unit ids,
    # so that PostgreSQL reads the evaluations through their unit (and reviewer) indexes
    # rather than every evaluation of the cycle joined with every unit (~0.1 s at 200,000).
    head_of_unit = Person.objects.filter(unit=OuterRef("pk"), is_unit_head=True, is_active=True)
    units = list(
        Unit.objects.filter(path__startswith=my_path)
        .annotate(head_pk=Subquery(head_of_unit.exclude(pk=head_person.pk).values("pk")[:1]))
        .values_list("pk", "path", "head_pk")
    )
    other_heads = [(head_pk, path) for _pk, path, head_pk in units if head_pk is not None]
    other_paths = [path for _pk, path in other_heads]
    # A head below is mine when no other head's unit lies between us.
    direct_heads = [
        pk
        for pk, path in other_heads
        if not any(path != other and path.startswith(other) for other in other_paths)
    ]
    my_units = [pk for pk, path, _head in units if not any(path.startswith(o) for o in other_paths)]
    mine = Q(unit__in=my_units) | Q(person__in=direct_heads)
    reviewed = (mine & Q(reviewer__isnull=True)) | Q(reviewer=head_person)
    head_person.__dict__[_REVIEWED_KEY] = reviewed
    return reviewed


def colleagues_proposed(evaluation: Evaluation) -> QuerySet[Person]:
    """The colleagues the system proposes: every other active person of the unit but the
    head who reviews the evaluation (a head is never their own colleague assessor). Two
    queries: one for the head, one when evaluated."""
    people = Person.objects.filter(unit=evaluation.unit_id, is_active=True).exclude(
        pk=evaluation.person_id
    )
    head = evaluation_head(evaluation)
    if head is not None:
        people = people.exclude(pk=head.pk)
    return people.order_by("full_name")


def colleagues_not_answered(evaluation: Evaluation) -> list[str]:
    """The names of the colleagues asked who have not sent their assessment, for the head
    (who sees every colleague asked and whether they answered on the review page, so the
    names reveal nothing the head does not already see). One query."""
    return list(
        evaluation.assessments.filter(kind=Kind.COLLEAGUE, status=Assessment.Status.DRAFT)
        .order_by("assessor__full_name")
        .values_list("assessor__full_name", flat=True)
    )


def evaluations_published_in(cycle: Cycle, unit: Unit) -> QuerySet[Evaluation]:
    """The published results of a unit, for its people (one query)."""
    return (
        Evaluation.objects.filter(cycle=cycle, unit=unit, state=State.PUBLISHED)
        .select_related("person", "final_level")
        .order_by("person__full_name")
    )


def colleague_assessments_submitted(evaluation: Evaluation) -> QuerySet[Assessment]:
    return evaluation.assessments.filter(kind=Kind.COLLEAGUE, status=Assessment.Status.SUBMITTED)


def colleague_average_visible(evaluation: Evaluation) -> bool:
    """The colleagues' average may be shown once enough of them have answered."""
    return evaluation.colleague_average_shown


def colleague_average(evaluation: Evaluation) -> Decimal | None:
    """The average shown to the person, or None while fewer than the minimum answered."""
    return evaluation.colleague_total if colleague_average_visible(evaluation) else None


def _is_reviewer_of(user, evaluation: Evaluation) -> bool:
    from units.permissions import can

    return can(user, "evaluations.view_all_assessments", evaluation)


def assessments_visible_to(user, evaluation: Evaluation) -> QuerySet[Assessment]:
    """The assessments (with their scores) ``user`` may read on ``evaluation``.

    The head (and administrators/reviewers of the unit) see all; the person sees their own
    self-assessment and, once signed off, the head's, never a colleague's; a colleague sees
    only their own.
    """
    assessments = evaluation.assessments.select_related("assessor").prefetch_related(
        Prefetch("scores", queryset=Score.objects.select_related("criterion"))
    )
    if _is_reviewer_of(user, evaluation):
        return assessments
    person = person_for(user)
    if person is None:
        return assessments.none()
    if person.pk == evaluation.person_id:
        visible = Q(kind=Kind.SELF, assessor=person)
        if evaluation.state in SEALED_STATES:
            visible |= Q(kind=Kind.HEAD)
        return assessments.filter(visible)
    return assessments.filter(kind=Kind.COLLEAGUE, assessor=person)


def collective_votes_visible_to(user, evaluation: Evaluation) -> QuerySet[CollectiveVote]:
    """The meeting votes on ``evaluation``: the head and reviewers always, the person once
    signed off, nobody else.
    """
    votes = evaluation.collective_votes.select_related("level", "review").order_by(
        "review__held_on", "-level__min_score"
    )
    if _is_reviewer_of(user, evaluation):
        return votes
    person = person_for(user)
    if person and person.pk == evaluation.person_id and evaluation.state in SEALED_STATES:
        return votes
    return votes.none()


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


def evaluation_content_hash(
    evaluation: Evaluation, *, state: str | None = None, prefetched: bool = False
) -> str:
    """The evaluation's seal (core.seals, v2) over what a signature attests, state included
    (``state`` instead of the stored one, for the sign-off that moves to it)."""
    return seal_sha256(SEAL_KIND, seal_fields(evaluation, state=state, prefetched=prefetched))


def seal_status(evaluation: Evaluation, *, prefetched: bool = False) -> SealCheck | None:
    """The seal of a signed evaluation as stored and as its data hashes now; None when it
    was never signed (no seal stored and not in a signed state). Three queries, none for
    a row of :func:`signed_evaluations` (``prefetched``)."""
    if not evaluation.content_sha256 and evaluation.state not in SEALED_STATES:
        return None
    computed = evaluation_content_hash(evaluation, prefetched=prefetched)
    return SealCheck(evaluation.content_sha256, computed)


def evaluation_signature_valid(evaluation: Evaluation) -> bool:
    """Whether the stored content still matches the seal taken at sign-off."""
    check = seal_status(evaluation)
    return check is not None and check.intact


def signed_evaluations() -> QuerySet[Evaluation]:
    """Every evaluation that holds a seal or claims to be signed, with what its seal covers
    prefetched (``seal_status(row, prefetched=True)``), for verify_seals."""
    return (
        Evaluation.objects.filter(~Q(content_sha256="") | Q(state__in=SEALED_STATES))
        .select_related("person")
        .prefetch_related("assessments__scores", "collective_votes__review")
        .order_by("pk")
    )


def evaluation_for_code(code: str) -> Evaluation | None:
    """The signed evaluation whose seal's printed code is ``code`` (core.seals), if any.
    One query (the seals starting with the code's 48 bits; the last two bits compared)."""
    candidates = Evaluation.objects.filter(content_sha256__startswith=code_hex_prefix(code))
    return next(
        (
            e
            for e in candidates.only("pk", "content_sha256")
            if verification_code(e.content_sha256) == code
        ),
        None,
    )


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


def head_rows(
    head: Person, cycle: Cycle, *, state: str = "", category: str = "", search: str = ""
) -> QuerySet[Evaluation]:
    """The evaluations ``head`` reviews in ``cycle``, filtered, with the counts the list
    shows (colleagues asked and answered, whether the head's own assessment is in).
    Two queries (see :func:`evaluations_for_head`).
    """
    rows = evaluations_for_head(head, cycle)
    if state:
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
        return self._count(State.HEAD_REVIEW, State.REOPENED)

    @property
    def head_to_sign(self) -> int:
        return self._count(State.CONCLUDED)

    @property
    def head_to_publish(self) -> int:
        return self._count(State.SIGNED_OFF)

    @property
    def head_waiting(self) -> int:
        """Evaluations where the head has something to do."""
        return self._count(
            State.SELF_SUBMITTED, State.COLLEAGUES, State.HEAD_REVIEW, State.CONCLUDED
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

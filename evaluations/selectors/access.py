"""Who assesses whom, and who may see which assessments and votes."""

from decimal import Decimal

from django.db.models import OuterRef, Prefetch, Q, QuerySet, Subquery

from units.models import PATH_SEPARATOR, Person, Unit
from units.selectors import person_for

from ..models import (
    SEALED_STATES,
    Assessment,
    CollectiveVote,
    Cycle,
    Evaluation,
    Score,
    State,
)

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

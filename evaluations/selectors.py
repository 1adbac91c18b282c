"""Read-only queries about evaluations: who assesses whom, and who may see what."""

import hashlib
import json
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Prefetch, Q, QuerySet

from criteria.models import ResultLevel
from units.models import PATH_SEPARATOR, Person, Unit
from units.selectors import person_for

from .models import (
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
    """The evaluations of ``cycle`` that ``head_person`` reviews (two queries in all).

    Agrees with :func:`evaluation_head`: the head's unit and the units under it that have no
    head of their own, plus the heads of the nearest units below that do.
    """
    base = Evaluation.objects.filter(cycle=cycle).select_related(
        "person", "person__user", "unit", "criteria_set", "final_level", "reviewer"
    )
    if not (head_person.is_unit_head and head_person.is_active):
        return base.filter(reviewer=head_person)
    my_path = head_person.unit.path
    other_heads = list(
        Person.objects.filter(is_unit_head=True, is_active=True, unit__path__startswith=my_path)
        .exclude(pk=head_person.pk)
        .values_list("pk", "unit__path")
    )
    other_paths = [path for _pk, path in other_heads]
    # A head below is mine when no other head's unit lies between us.
    direct_heads = [
        pk
        for pk, path in other_heads
        if not any(path != other and path.startswith(other) for other in other_paths)
    ]
    mine = Q(unit__path__startswith=my_path)
    for path in other_paths:
        mine &= ~Q(unit__path__startswith=path)
    mine |= Q(person__in=direct_heads)
    return base.filter((mine & Q(reviewer__isnull=True)) | Q(reviewer=head_person)).exclude(
        person=head_person
    )


def colleagues_proposed(evaluation: Evaluation) -> QuerySet[Person]:
    """The colleagues the system proposes: every other active person of the unit."""
    return (
        Person.objects.filter(unit=evaluation.unit_id, is_active=True)
        .exclude(pk=evaluation.person_id)
        .order_by("full_name")
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
    count = colleague_assessments_submitted(evaluation).count()
    return count > 0 and count >= evaluation.cycle.min_colleagues_shown


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
        return (Decimal(self.top_count) * 100 / self.good_or_better_count).quantize(Decimal("0.01"))

    @property
    def exceeds_cap(self) -> bool:
        return self.cap_percent is not None and self.share_percent > self.cap_percent


def top_level_share(cycle: Cycle, unit: Unit) -> TopLevelShare:
    """Among the concluded evaluations of ``unit`` and its subtree, the share of the top level
    among those rated good or better (the two highest levels of each set). Two queries.
    """
    rated = list(
        Evaluation.objects.filter(
            cycle=cycle, unit__path__startswith=unit.path, final_level__isnull=False
        ).values_list("criteria_set_id", "final_level_id")
    )
    set_ids = {set_id for set_id, _level in rated}
    ranked: dict[int, list[int]] = {}
    for level in ResultLevel.objects.filter(criteria_set__in=set_ids).order_by("-min_score"):
        ranked.setdefault(level.criteria_set_id, []).append(level.pk)
    top = sum(1 for set_id, level in rated if ranked[set_id][:1] == [level])
    good = sum(1 for set_id, level in rated if level in ranked[set_id][:2])
    return TopLevelShare(top, good, cycle.top_level_cap_percent)


def evaluation_content(evaluation: Evaluation) -> dict:
    """What a signature covers, as plain JSON-ready data (stable order)."""
    assessments = (
        evaluation.assessments.select_related("assessor")
        .prefetch_related("scores")
        .order_by("kind", "assessor__staff_code")
    )

    def number(value):
        # Two decimals whatever the database returns, so the hash is stable across backends.
        return None if value is None else f"{Decimal(value):.2f}"

    return {
        "evaluation": evaluation.pk,
        "cycle": evaluation.cycle_id,
        "person": evaluation.person.staff_code,
        "unit": evaluation.unit.code,
        "criteria_set": evaluation.criteria_set_id,
        "self_total": number(evaluation.self_total),
        "colleague_total": number(evaluation.colleague_total),
        "head_total": number(evaluation.head_total),
        "final_score": number(evaluation.final_score),
        "final_level": evaluation.final_level_id,
        "level_override_reason": evaluation.level_override_reason,
        "head_conclusion": evaluation.head_conclusion,
        "signed_by": evaluation.signed_by_id,
        "signed_at": evaluation.signed_at.isoformat() if evaluation.signed_at else None,
        "assessments": [
            {
                "kind": assessment.kind,
                "assessor": assessment.assessor.staff_code,
                "status": assessment.status,
                "total": number(assessment.total),
                "overall_comment": assessment.overall_comment,
                "strengths": assessment.strengths,
                "weaknesses": assessment.weaknesses,
                "proposed_level": assessment.proposed_level_id,
                "scores": sorted(
                    [score.criterion_id, number(score.score), score.comment]
                    for score in assessment.scores.all()
                ),
            }
            for assessment in assessments
        ],
    }


def evaluation_content_hash(evaluation: Evaluation) -> str:
    """SHA-256 of the canonical JSON (sorted keys, no spaces, UTF-8) of the content."""
    canonical = json.dumps(
        evaluation_content(evaluation), sort_keys=True, separators=(",", ":"), ensure_ascii=False
    )
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def evaluation_signature_valid(evaluation: Evaluation) -> bool:
    """Whether the stored content still matches the hash taken at sign-off."""
    return bool(evaluation.content_sha256) and (
        evaluation.content_sha256 == evaluation_content_hash(evaluation)
    )

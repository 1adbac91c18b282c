"""Recording a meeting's collective opinion (minutes, attendance, votes per level)."""

import datetime

from django.core.files import File
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from core.db import for_update
from criteria.models import ResultLevel
from units.models import Unit
from units.permissions import can
from units.selectors import person_for

from ..errors import EvaluationError, NotAllowedError, WrongStateError
from ..models import SEALED_STATES, AuditEntry, CollectiveReview, CollectiveVote, Cycle, Evaluation


@transaction.atomic
def collective_review_record(
    *,
    cycle: Cycle,
    unit: Unit,
    held_on: datetime.date,
    invited: int,
    present: int,
    votes: dict[int, dict[int, int]],
    actor,
    minutes: File | None = None,
) -> CollectiveReview:
    """Record a meeting of ``unit`` in ``cycle``: ``votes`` maps an evaluation id to
    {level id: number of votes}. The unit's head records it; every evaluation must be of the
    unit, not the head's own, not signed off; votes per person cannot exceed those present.
    """
    if cycle.status != Cycle.Status.OPEN:
        raise WrongStateError(_("The evaluation cycle is not open."), code="cycle_not_open")
    if not can(actor, "evaluations.record_collective_review", unit):
        raise NotAllowedError()
    if present > invited:
        raise EvaluationError(_("More people present than invited."), code="attendance")
    queryset = Evaluation.objects.filter(cycle=cycle, unit=unit, pk__in=list(votes))
    evaluations = {evaluation.pk: evaluation for evaluation in for_update(queryset)}
    head = person_for(actor)
    for evaluation_id in votes:
        evaluation = evaluations.get(int(evaluation_id))
        if evaluation is None or (head is not None and evaluation.person_id == head.pk):
            raise EvaluationError(
                _("An evaluation in the votes is not one of this unit's."), code="evaluation"
            )
        if evaluation.state in SEALED_STATES:
            raise WrongStateError()
    levels = {
        level.pk: level
        for level in ResultLevel.objects.filter(
            criteria_set__in={evaluation.criteria_set_id for evaluation in evaluations.values()}
        )
    }
    rows = []
    for evaluation_id, per_level in votes.items():
        evaluation = evaluations[int(evaluation_id)]
        counts = {int(level_id): int(count) for level_id, count in per_level.items()}
        if any(count < 0 for count in counts.values()) or sum(counts.values()) > present:
            raise EvaluationError(
                _("The votes for one person cannot exceed the people present."), code="votes"
            )
        for level_id, count in counts.items():
            level = levels.get(level_id)
            if level is None or level.criteria_set_id != evaluation.criteria_set_id:
                raise EvaluationError(_("This level is not one of the set's levels."), code="level")
            rows.append((evaluation, level, count))
    review = CollectiveReview(
        cycle=cycle,
        unit=unit,
        held_on=held_on,
        invited=invited,
        present=present,
        recorded_by=actor,
    )
    if minutes is not None:
        review.minutes = minutes
    review.full_clean()
    review.save()
    CollectiveVote.objects.bulk_create(
        CollectiveVote(review=review, evaluation=evaluation, level=level, votes=count)
        for evaluation, level, count in rows
    )
    AuditEntry.objects.bulk_create(
        AuditEntry(
            cycle=cycle,
            evaluation=evaluation,
            actor=actor,
            action="collective_review",
            from_state=evaluation.state,
            to_state=evaluation.state,
            data={"review": review.pk, "held_on": held_on.isoformat()},
        )
        for evaluation in evaluations.values()
    )
    return review

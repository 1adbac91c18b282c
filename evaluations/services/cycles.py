"""Opening and closing evaluation cycles."""

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.utils import bulk_create_with_history

from criteria.models import CriteriaSet
from criteria.selectors import audience_for_category
from criteria.services import criteria_set_lock
from units.models import Person
from units.permissions import can

from ..errors import EvaluationError, NotAllowedError, WrongStateError
from ..models import Cycle, Evaluation
from ._base import audit

BATCH_SIZE = 1000


def _lock_cycle(cycle: Cycle) -> Cycle:
    return Cycle.objects.select_for_update().get(pk=cycle.pk)


def _active_sets() -> dict[str, CriteriaSet]:
    """The active set per audience (the newest when several codes are active)."""
    chosen: dict[str, CriteriaSet] = {}
    for criteria_set in CriteriaSet.objects.filter(status=CriteriaSet.Status.ACTIVE).order_by(
        "-effective_from", "-version"
    ):
        chosen.setdefault(criteria_set.audience, criteria_set)
    return chosen


@transaction.atomic
def cycle_open(*, cycle: Cycle, actor) -> int:
    """Open a draft cycle: one evaluation per active person in the scope units' subtrees,
    each with the active criteria set of the person's category frozen on it.

    Returns the number of evaluations created. The number of queries does not depend on the
    number of people (up to ``BATCH_SIZE`` people per insert).
    """
    cycle = _lock_cycle(cycle)
    if cycle.status != Cycle.Status.DRAFT:
        raise WrongStateError(_("Only a draft cycle can be opened."))
    if not can(actor, "evaluations.open_cycle", cycle):
        raise NotAllowedError()
    paths = [unit.path for unit in cycle.scope_units.all()]
    if not paths:
        raise EvaluationError(_("Choose at least one unit for the cycle."), code="no_scope")
    in_scope = Q(pk__in=[])
    for path in paths:
        in_scope |= Q(unit__path__startswith=path)
    people = list(
        Person.objects.filter(in_scope, is_active=True).values_list("pk", "unit_id", "category")
    )
    sets = _active_sets()
    audiences = {audience_for_category(category) for _pk, _unit, category in people}
    missing = sorted(audience for audience in audiences if audience not in sets)
    if missing:
        raise EvaluationError(
            _("There is no active criteria set for: %(audiences)s."),
            code="no_criteria_set",
            params={"audiences": ", ".join(missing)},
        )
    for audience in audiences:
        criteria_set_lock(criteria_set=sets[audience])
    evaluations = [
        Evaluation(
            cycle=cycle,
            person_id=person_id,
            unit_id=unit_id,
            criteria_set=sets[audience_for_category(category)],
        )
        for person_id, unit_id, category in people
    ]
    bulk_create_with_history(
        evaluations,
        Evaluation,
        batch_size=BATCH_SIZE,
        default_user=actor if getattr(actor, "pk", None) else None,
    )
    cycle.status = Cycle.Status.OPEN
    cycle.opened_at = timezone.now()
    cycle.save(update_fields=["status", "opened_at"])
    audit(
        evaluation=None,
        cycle=cycle,
        actor=actor,
        action="cycle_open",
        from_state=Cycle.Status.DRAFT,
        to_state=Cycle.Status.OPEN,
        data={"evaluations": len(evaluations)},
    )
    return len(evaluations)


@transaction.atomic
def cycle_close(*, cycle: Cycle, actor) -> Cycle:
    """Close an open cycle: no assessment or review is taken any more."""
    cycle = _lock_cycle(cycle)
    if cycle.status != Cycle.Status.OPEN:
        raise WrongStateError(_("Only an open cycle can be closed."))
    if not can(actor, "evaluations.close_cycle", cycle):
        raise NotAllowedError()
    cycle.status = Cycle.Status.CLOSED
    cycle.save(update_fields=["status"])
    audit(
        evaluation=None,
        cycle=cycle,
        actor=actor,
        action="cycle_close",
        from_state=Cycle.Status.OPEN,
        to_state=Cycle.Status.CLOSED,
    )
    return cycle

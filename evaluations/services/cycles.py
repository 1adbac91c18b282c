"""Opening and closing evaluation cycles."""

from django.db import transaction
from django.db.models import DateTimeField, F, Value
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.db import insert_history_created, insert_select, lock
from criteria.selectors import (
    audience_for_category,
    criteria_set_of_category,
    criteria_sets_active,
)
from criteria.services import criteria_set_lock
from units.permissions import can
from units.selectors import people_under

from ..errors import EvaluationError, NotAllowedError, WrongStateError
from ..models import Cycle, Evaluation, State, UnitCycleTally
from ._base import audit
from .tallies import fill as fill_tallies


def _lock_cycle(cycle: Cycle) -> Cycle:
    return lock(Cycle.objects, cycle.pk)


def _move(
    cycle: Cycle,
    status: str,
    *,
    actor,
    action: str,
    also: tuple[str, ...] = (),
    data: dict | None = None,
) -> None:
    """Save the cycle's new ``status`` (with the ``also`` fields set beside it), and audit
    the move, as ``_base.move`` does for an evaluation."""
    from_state = cycle.status
    cycle.status = status
    cycle.save(update_fields=["status", *also])
    audit(
        evaluation=None,
        cycle=cycle,
        actor=actor,
        action=action,
        from_state=from_state,
        to_state=cycle.status,
        data=data,
    )


def _openable(cycle: Cycle, actor):
    """What opening ``cycle`` needs (the people in scope, the active set of each audience,
    the audiences met), or the refusal: wrong state, not allowed, no scope, no set."""
    if cycle.status != Cycle.Status.DRAFT:
        raise WrongStateError(_("Only a draft cycle can be opened."))
    if not can(actor, "evaluations.open_cycle", cycle):
        raise NotAllowedError()
    scope_units = list(cycle.scope_units.all())
    if not scope_units:
        raise EvaluationError(_("Choose at least one unit for the cycle."), code="no_scope")
    in_scope = people_under(scope_units)
    sets = criteria_sets_active()
    categories = set(
        in_scope.filter(is_active=True).order_by().values_list("category", flat=True).distinct()
    )
    audiences = {audience_for_category(category) for category in categories}
    missing = sorted(audience for audience in audiences if audience not in sets)
    if missing:
        raise EvaluationError(
            _("There is no active criteria set for: %(audiences)s."),
            code="no_criteria_set",
            params={"audiences": ", ".join(missing)},
        )
    return in_scope, sets, audiences


def cycle_open_queue(*, cycle: Cycle, actor) -> int | None:
    """Refuse now what opening would refuse, then open ``cycle`` in the task worker
    (``evaluations.tasks.open_cycle``; a whole city is 200,000 rows). Returns the number of
    evaluations created when the backend ran it at once (development), else ``None``."""
    from core.tasks import enqueue_or_answer

    from ..tasks import open_cycle

    _openable(cycle, actor)
    return enqueue_or_answer(
        open_cycle,
        failed=EvaluationError(_("The cycle could not be opened: see the task list.")),
        cycle_id=cycle.pk,
        actor_id=actor.pk,
    )


@transaction.atomic
def cycle_open(*, cycle: Cycle, actor) -> int:
    """Open a draft cycle: one evaluation per active person in the scope units' subtrees,
    each with the active criteria set of the person's category frozen on it.

    Returns the number of evaluations created. The number of queries does not depend on the
    number of people: the rows are written by INSERT ... SELECT.
    """
    cycle = _lock_cycle(cycle)
    in_scope, sets, audiences = _openable(cycle, actor)
    for audience in audiences:
        criteria_set_lock(criteria_set=sets[audience])
    now = timezone.now()
    people = in_scope.filter(is_active=True)
    created = insert_select(
        Evaluation,
        {
            "cycle_id": Value(cycle.pk),
            "person_id": F("pk"),
            "unit_id": F("unit_id"),
            "criteria_set_id": criteria_set_of_category(sets),
            "state": Value(State.NOT_STARTED),
            "level_override_reason": Value(""),
            "head_conclusion": Value(""),
            "content_sha256": Value(""),
            "created_at": Value(now, output_field=DateTimeField()),
            "updated_at": Value(now, output_field=DateTimeField()),
        },
        people,
    )
    # The history gets its "created" rows the same way (INSERT bypasses the signals).
    created_rows = Evaluation.objects.filter(cycle=cycle)
    insert_history_created(Evaluation, created_rows, when=now, actor=actor)
    # Its tallies: everyone not started, in one INSERT … SELECT (a new cycle has none yet).
    fill_tallies(UnitCycleTally, created_rows)
    cycle.opened_at = timezone.now()
    _move(
        cycle,
        Cycle.Status.OPEN,
        actor=actor,
        action="cycle_open",
        also=("opened_at",),
        data={"evaluations": created},
    )
    return created


@transaction.atomic
def cycle_close(*, cycle: Cycle, actor) -> Cycle:
    """Close an open cycle: no assessment or review is taken any more."""
    cycle = _lock_cycle(cycle)
    if cycle.status != Cycle.Status.OPEN:
        raise WrongStateError(_("Only an open cycle can be closed."))
    if not can(actor, "evaluations.close_cycle", cycle):
        raise NotAllowedError()
    _move(cycle, Cycle.Status.CLOSED, actor=actor, action="cycle_close")
    return cycle

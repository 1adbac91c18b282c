"""What every transition does: lock the row, check state and actor, save, audit."""

import datetime

from django.utils.translation import gettext_lazy as _

from core.audit import record_step
from core.db import lock
from core.models import recorded_user
from core.workflow import check_state
from units.permissions import can

from ..errors import DeadlinePassedError, NotAllowedError, WrongStateError
from ..models import AuditEntry, Cycle, Evaluation
from ..workflow import TRANSITIONS
from .tallies import TALLY, changes_tally


def lock_evaluation(evaluation: Evaluation) -> Evaluation:
    """The evaluation's row, locked until the transaction ends (its related rows are not)."""
    queryset = Evaluation.objects.select_related(
        "cycle", "person", "person__user", "unit", "criteria_set"
    )
    return lock(queryset, evaluation.pk)


def check(evaluation: Evaluation, action: str, actor) -> None:
    """Refuse ``action`` unless the state allows it, the actor may, and the cycle is open."""
    transition = TRANSITIONS[action]
    # The actor first: someone who may not act learns nothing about the state.
    if not can(actor, f"evaluations.{action}", evaluation):
        raise NotAllowedError()
    check_state(
        transition,
        evaluation.state,
        error=WrongStateError,
        message=_("This action is not possible while the evaluation is in the state “%(state)s”."),
        params={"state": evaluation.get_state_display()},
    )
    if transition.needs_open_cycle and evaluation.cycle.status != Cycle.Status.OPEN:
        raise WrongStateError(_("The evaluation cycle is not open."), code="cycle_not_open")


def check_deadline(cycle: Cycle, deadline: datetime.date) -> None:
    if cycle.refuses_work_after(deadline):
        raise DeadlinePassedError(
            _("The deadline (%(deadline)s) has passed and this cycle refuses late work."),
            params={"deadline": deadline.strftime("%d/%m/%Y")},
        )


def audit(
    *,
    evaluation: Evaluation | None,
    cycle: Cycle,
    actor,
    action: str,
    from_state: str = "",
    to_state: str = "",
    reason: str = "",
    data: dict | None = None,
) -> AuditEntry:
    return record_step(
        AuditEntry,
        app="evaluations",
        step=action,
        actor=actor,
        obj=evaluation or cycle,
        unit=evaluation.unit if evaluation else None,
        data=data,
        central_data={"from": from_state, "to": to_state, "reason": reason, **(data or {})},
        evaluation=evaluation,
        cycle=cycle,
        from_state=from_state,
        to_state=to_state,
        reason=reason,
    )


def move(
    evaluation: Evaluation,
    action: str,
    actor,
    *,
    fields: tuple[str, ...] = (),
    reason: str = "",
    data: dict | None = None,
) -> Evaluation:
    """Apply ``action``'s target state (if any), save ``fields`` with it, keep the unit's
    tally (when a counted figure changed), and audit."""
    transition = TRANSITIONS[action]
    from_state = evaluation.state
    if transition.target is not None:
        evaluation.state = transition.target
    evaluation._history_user = recorded_user(actor)
    evaluation.save(update_fields=["state", "updated_at", *fields])
    if changes_tally(from_state, evaluation, fields):
        TALLY.refresh(period_id=evaluation.cycle_id, unit_id=evaluation.unit_id)
    audit(
        evaluation=evaluation,
        cycle=evaluation.cycle,
        actor=actor,
        action=action,
        from_state=from_state,
        to_state=evaluation.state,
        reason=reason,
        data=data,
    )
    return evaluation

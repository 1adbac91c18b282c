"""Permission rules of the evaluations, registered in ``units.permissions``.

One rule per workflow action (``evaluations.<action>``), generated from
:data:`evaluations.workflow.TRANSITIONS` so that the machine and the rules cannot disagree.
"""

from units.models import RoleAssignment, Unit
from units.permissions import rule
from units.selectors import assignments_with_role, person_for

from . import selectors
from .models import Assessment, Cycle, Evaluation
from .workflow import TRANSITIONS, Actor

Role = RoleAssignment.Role
REVIEWER_ROLES = (
    Role.ADMINISTRATOR,
    Role.HOME_AFFAIRS_REVIEWER,
    Role.ORGANISATION_BOARD_REVIEWER,
)


def _covers(user, unit: Unit, *roles: str) -> bool:
    for assignment in assignments_with_role(user, *roles):
        if not unit.path.startswith(assignment.unit.path):
            continue
        if assignment.reviewed_block and unit.block != assignment.reviewed_block:
            continue
        return True
    return False


def is_person(user, evaluation: Evaluation) -> bool:
    person = person_for(user)
    return person is not None and person.pk == evaluation.person_id


def is_head(user, evaluation: Evaluation) -> bool:
    person = person_for(user)
    if person is None or not person.is_active:
        return False
    head = selectors.evaluation_head(evaluation)
    return head is not None and head.pk == person.pk


def is_colleague(user, evaluation: Evaluation) -> bool:
    person = person_for(user)
    return person is not None and (
        Assessment.objects.filter(
            evaluation=evaluation, assessor=person, kind=Assessment.Kind.COLLEAGUE
        ).exists()
    )


def is_admin_of(user, evaluation: Evaluation) -> bool:
    return _covers(user, evaluation.unit, Role.ADMINISTRATOR)


ACTOR_CHECKS = {
    Actor.PERSON: is_person,
    Actor.COLLEAGUE: is_colleague,
    Actor.HEAD: is_head,
    Actor.ADMIN: is_admin_of,
}


def _register(action: str, actor: Actor) -> None:
    check = ACTOR_CHECKS[actor]
    rule(f"evaluations.{action}")(lambda user, evaluation: check(user, evaluation))


for _action, _transition in TRANSITIONS.items():
    _register(_action, _transition.actor)


@rule("evaluations.view_evaluation")
def _view_evaluation(user, evaluation: Evaluation) -> bool:
    return (
        is_person(user, evaluation)
        or is_head(user, evaluation)
        or is_colleague(user, evaluation)
        or _covers(user, evaluation.unit, *REVIEWER_ROLES)
    )


@rule("evaluations.view_all_assessments")
def _view_all_assessments(user, evaluation: Evaluation) -> bool:
    """Every assessment with its scores: the head and the unit's administrators/reviewers."""
    return is_head(user, evaluation) or _covers(user, evaluation.unit, *REVIEWER_ROLES)


def _administers_scope(user, cycle: Cycle | None) -> bool:
    if cycle is None or not cycle.pk:
        return bool(assignments_with_role(user, Role.ADMINISTRATOR))
    units = list(cycle.scope_units.all())
    return bool(units) and all(_covers(user, unit, Role.ADMINISTRATOR) for unit in units)


@rule("evaluations.open_cycle")
def _open_cycle(user, cycle: Cycle | None) -> bool:
    return _administers_scope(user, cycle)


@rule("evaluations.close_cycle")
def _close_cycle(user, cycle: Cycle | None) -> bool:
    return _administers_scope(user, cycle)


@rule("evaluations.record_collective_review")
def _record_collective_review(user, unit: Unit | None) -> bool:
    """The active head of the unit records its meetings."""
    person = person_for(user)
    return bool(
        person
        and person.is_active
        and person.is_unit_head
        and unit is not None
        and person.unit_id == unit.pk
    )

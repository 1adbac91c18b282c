"""Permission rules of the evaluations, registered in ``units.permissions``.

One rule per workflow action (``evaluations.<action>``), generated from
:data:`evaluations.workflow.TRANSITIONS` so that the machine and the rules cannot disagree.
"""

from django.core.exceptions import ImproperlyConfigured

from units.models import RoleAssignment, Unit
from units.permissions import rule, rule_for
from units.scope import covers
from units.selectors import assignments_with_role, person_for, scope_of

from . import selectors
from .models import SEALED_STATES, Assessment, Cycle, Evaluation
from .workflow import TRANSITIONS, Actor

Role = RoleAssignment.Role
REVIEWER_ROLES = (
    Role.ADMINISTRATOR,
    Role.HOME_AFFAIRS_REVIEWER,
    Role.ORGANISATION_BOARD_REVIEWER,
)


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


def is_assessor(user, evaluation: Evaluation, kind: str) -> bool:
    """Whether the user gives the evaluation's assessment of ``kind`` (``Assessment.Kind``)."""
    return {
        Assessment.Kind.SELF: is_person,
        Assessment.Kind.COLLEAGUE: is_colleague,
        Assessment.Kind.HEAD: is_head,
    }[kind](user, evaluation)


def is_admin_of(user, evaluation: Evaluation) -> bool:
    return covers(scope_of(user, Role.ADMINISTRATOR), evaluation.unit)


# --- the workflow's actions: one rule per actor of evaluations.workflow.TRANSITIONS ---------


@rule(
    "evaluations.self_save_draft",
    "evaluations.self_submit",
    "evaluations.acknowledge",
)
def person_acts(user, evaluation: Evaluation) -> bool:
    """The person being evaluated."""
    return is_person(user, evaluation)


@rule(
    "evaluations.colleague_save_draft",
    "evaluations.colleague_submit",
)
def colleague_acts(user, evaluation: Evaluation) -> bool:
    """A colleague the head asked."""
    return is_colleague(user, evaluation)


@rule(
    "evaluations.colleagues_assign",
    "evaluations.send_to_head",
    "evaluations.head_save_draft",
    "evaluations.head_submit",
    "evaluations.return",
    "evaluations.conclude",
    "evaluations.sign_off",
    "evaluations.publish",
)
def head_acts(user, evaluation: Evaluation) -> bool:
    """The head who assesses the person (see ``selectors.evaluation_head``)."""
    return is_head(user, evaluation)


@rule("evaluations.reopen")
def admin_acts(user, evaluation: Evaluation) -> bool:
    """An administrator whose scope covers the evaluation's unit."""
    return is_admin_of(user, evaluation)


ACTOR_RULES = {
    Actor.PERSON: person_acts,
    Actor.COLLEAGUE: colleague_acts,
    Actor.HEAD: head_acts,
    Actor.ADMIN: admin_acts,
}


def _check_rules_match_the_machine() -> None:
    """Each transition's rule is its actor's: the machine and the rules cannot disagree."""
    for action, transition in TRANSITIONS.items():
        if rule_for(f"evaluations.{action}") is not ACTOR_RULES[transition.actor]:
            raise ImproperlyConfigured(
                f"evaluations.{action} must be decided by {transition.actor}'s rule."
            )


_check_rules_match_the_machine()


@rule("evaluations.view_evaluation")
def _view_evaluation(user, evaluation: Evaluation) -> bool:
    return (
        is_person(user, evaluation)
        or is_head(user, evaluation)
        or is_colleague(user, evaluation)
        or covers(scope_of(user, *REVIEWER_ROLES), evaluation.unit)
    )


@rule("evaluations.print")
def _print(user, evaluation: Evaluation) -> bool:
    """The A4 result: the head and the unit's reviewers at any time, the person once it is
    signed off."""
    return _view_all_assessments(user, evaluation) or (
        evaluation.state in SEALED_STATES and is_person(user, evaluation)
    )


@rule("evaluations.view_all_assessments")
def _view_all_assessments(user, evaluation: Evaluation) -> bool:
    """Every assessment with its scores: the head and the unit's administrators/reviewers."""
    return is_head(user, evaluation) or covers(scope_of(user, *REVIEWER_ROLES), evaluation.unit)


def _administers_scope(user, cycle: Cycle | None) -> bool:
    if cycle is None or not cycle.pk:
        return bool(assignments_with_role(user, Role.ADMINISTRATOR))
    units = list(cycle.scope_units.all())
    return bool(units) and all(covers(scope_of(user, Role.ADMINISTRATOR), unit) for unit in units)


@rule("evaluations.change_cycle")
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

"""Emails about evaluations, sent only after the transaction that caused them commits."""

from django.utils.translation import gettext

from core.notifications import send_after_commit
from units.models import Person


def queue(person: Person | None, subject_body, *, key: str = "") -> None:
    """Send ``subject_body()`` (a pair) to ``person`` once the current transaction commits
    (through the email task; ``key`` makes it once only, see ``send_after_commit``)."""
    send_after_commit(person.email_address if person else "", subject_body, key=key)


def assessment_requested(evaluation, assessor: Person) -> None:
    queue(
        assessor,
        lambda: (
            gettext("Please assess a colleague"),
            gettext("You are asked to assess %(person)s in the cycle %(cycle)s.")
            % {"person": evaluation.person.full_name, "cycle": evaluation.cycle.name},
        ),
    )


def evaluation_returned(evaluation, reason: str) -> None:
    queue(
        evaluation.person,
        lambda: (
            gettext("Your evaluation was returned"),
            gettext("Your evaluation in the cycle %(cycle)s was returned: %(reason)s")
            % {"cycle": evaluation.cycle.name, "reason": reason},
        ),
    )


def evaluation_ready_for_head(evaluation, head: Person | None) -> None:
    queue(
        head,
        lambda: (
            gettext("An evaluation is waiting for your review"),
            gettext("The evaluation of %(person)s in the cycle %(cycle)s awaits your review.")
            % {"person": evaluation.person.full_name, "cycle": evaluation.cycle.name},
        ),
    )


def evaluation_signed_off(evaluation) -> None:
    queue(
        evaluation.person,
        lambda: (
            gettext("Your evaluation was signed off"),
            gettext(
                "Your evaluation in the cycle %(cycle)s was signed off. "
                "Please read it and acknowledge it."
            )
            % {"cycle": evaluation.cycle.name},
        ),
    )


def evaluation_published(evaluation) -> None:
    queue(
        evaluation.person,
        lambda: (
            gettext("The results were published"),
            gettext("The results of the cycle %(cycle)s were published in your unit.")
            % {"cycle": evaluation.cycle.name},
        ),
    )


def evaluation_reopened(evaluation, head: Person | None, reason: str) -> None:
    queue(
        head,
        lambda: (
            gettext("A signed-off evaluation was reopened"),
            gettext("The evaluation of %(person)s was reopened by an administrator: %(reason)s")
            % {"person": evaluation.person.full_name, "reason": reason},
        ),
    )

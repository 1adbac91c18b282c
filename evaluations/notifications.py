"""Emails about evaluations, sent only after the transaction that caused them commits."""

from functools import partial

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext

from units.models import Person


def _address(person: Person | None) -> str:
    if person is None:
        return ""
    if person.email:
        return person.email
    return person.user.email if person.user_id else ""


def _send(person: Person | None, subject: str, body: str) -> None:
    address = _address(person)
    if address:
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [address], fail_silently=True)


def queue(person: Person | None, subject_body) -> None:
    """Send ``subject_body()`` (a pair) to ``person`` once the current transaction commits.

    The texts are built at send time, in Vietnamese (the users' language).
    """

    def deliver():
        with translation.override(settings.LANGUAGE_CODE):
            subject, body = subject_body()
        _send(person, subject, body)

    transaction.on_commit(partial(deliver))


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

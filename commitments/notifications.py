"""Emails about commitments, sent only after the transaction that caused them commits."""

from django.utils.translation import gettext

from core.notifications import send_after_commit
from units.models import Person


def queue(person: Person | None, subject_body, *, key: str = "") -> None:
    """Send ``subject_body()`` (a pair) to ``person`` once the current transaction commits
    (through the email task; ``key`` makes it once only, see ``send_after_commit``)."""
    send_after_commit(person.email_address if person else "", subject_body, key=key)


def commitment_reminder(commitment, deadline) -> None:
    queue(
        commitment.person,
        lambda: (
            gettext("Reminder: sign your commitment by %(deadline)s")
            % {"deadline": deadline.strftime("%d/%m/%Y")},
            gettext(
                "You have not signed your commitment of %(year)s yet. Please sign it online "
                "or hand the signed paper to your office by %(deadline)s."
            )
            % {"year": commitment.campaign.year, "deadline": deadline.strftime("%d/%m/%Y")},
        ),
    )


def commitment_signed(commitment) -> None:
    queue(
        commitment.person,
        lambda: (
            gettext("Your commitment of %(year)s is recorded") % {"year": commitment.campaign.year},
            gettext("Your commitment was recorded on %(date)s. SHA-256: %(sha)s")
            % {
                "date": commitment.signed_at.strftime("%d/%m/%Y %H:%M"),
                "sha": commitment.text_sha256,
            },
        ),
    )


def report_submitted(report, head: Person | None) -> None:
    queue(
        head,
        lambda: (
            gettext("A commitment report awaits your confirmation"),
            gettext("The office of %(unit)s submitted its commitment report of %(year)s.")
            % {"unit": report.report_unit.name, "year": report.campaign.year},
        ),
    )

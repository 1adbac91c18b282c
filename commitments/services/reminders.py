"""Reminders to people who have not signed: before each deadline, or from their office.

Idempotent: a ReminderLog row per (campaign, person, step) is written with each email, and
nobody who has one for a step is reminded again for it.
"""

import datetime

from django.db import transaction

from .. import notifications, selectors
from ..deadlines import local_today
from ..models import Campaign, Commitment, ReminderLog
from ..permissions import Office
from ..workflow import CAMPAIGN_TRANSITIONS
from ._base import audit, check


def _remind(campaign: Campaign, commitments, step: str, deadline: datetime.date) -> int:
    already = ReminderLog.objects.filter(campaign=campaign, step=step).values("person_id")
    due = list(
        commitments.filter(status=Commitment.Status.PENDING)
        .exclude(person_id__in=already)
        .select_related("campaign", "person", "person__user")
    )
    ReminderLog.objects.bulk_create(
        ReminderLog(campaign=campaign, person_id=commitment.person_id, step=step)
        for commitment in due
    )
    for commitment in due:
        notifications.commitment_reminder(commitment, deadline)
    return len(due)


def deadline_steps(campaign: Campaign) -> list[tuple[str, datetime.date]]:
    """The reminder steps of a campaign (one when both deadlines fall on the same day)."""
    steps = [("unit_deadline", campaign.unit_deadline)]
    if campaign.final_deadline != campaign.unit_deadline:
        steps.append(("final_deadline", campaign.final_deadline))
    return steps


@transaction.atomic
def reminders_send(*, days: int = 3, today: datetime.date | None = None) -> int:
    """Remind everyone still pending whose deadline is at most ``days`` days away (and not
    passed), once per deadline. Emails leave after commit; returns how many were queued."""
    today = today or local_today()
    sent = 0
    for campaign in Campaign.objects.filter(status=Campaign.Status.OPEN):
        for step, deadline in deadline_steps(campaign):
            if deadline - datetime.timedelta(days=days) <= today <= deadline:
                sent += _remind(campaign, campaign.commitments.all(), step, deadline)
    return sent


@transaction.atomic
def office_remind(*, office: Office, actor, today: datetime.date | None = None) -> int:
    """The clerk reminds the office's missing people (at most once a day per person)."""
    transition = CAMPAIGN_TRANSITIONS["office_remind"]
    check(transition, actor=actor, obj=office, state=office.campaign.status)
    today = today or local_today()
    step = f"office:{today.isoformat()}"
    sent = _remind(
        office.campaign,
        selectors.office_commitments(office),
        step,
        office.campaign.unit_deadline,
    )
    audit(campaign=office.campaign, actor=actor, action="office_remind", data={"sent": sent})
    return sent

"""Commitment work done by the task worker (core.tasks explains the backends)."""

from django.contrib.auth import get_user_model
from django_tasks import task

from core.tasks import open_once

from .models import Campaign
from .services import campaign_open, reminders_send


@task()
def send_reminders(*, days: int = 3) -> int:
    """Queue the reminders of deadlines at most ``days`` away; safe to run twice (nobody is
    reminded twice for one deadline: ``ReminderLog``). Returns how many were queued."""
    return reminders_send(days=days)


@task()
def open_campaign(*, campaign_id: int, actor_id: int, attempt: int = 1) -> int:
    """Open the campaign (``campaign_open``) and return how many commitments it has; safe
    to run twice, retried on failures other than a refusal (``core.tasks.open_once``)."""
    campaign = Campaign.objects.get(pk=campaign_id)
    return open_once(
        campaign,
        this_task=open_campaign,
        attempt=attempt,
        kwargs={"campaign_id": campaign_id, "actor_id": actor_id},
        open_it=lambda: campaign_open(
            campaign=campaign, actor=get_user_model().objects.get(pk=actor_id)
        ),
        count_rows=campaign.commitments.count,
    )

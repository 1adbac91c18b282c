"""Commitment work done by the task worker (core.tasks explains the backends)."""

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django_tasks import task

from core.tasks import retry_later

from .models import Campaign
from .services import campaign_open, reminders_send


@task()
def send_reminders(*, days: int = 3) -> int:
    """Queue the reminders of deadlines at most ``days`` away; safe to run twice (nobody is
    reminded twice for one deadline: ``ReminderLog``). Returns how many were queued."""
    return reminders_send(days=days)


@task()
def open_campaign(*, campaign_id: int, actor_id: int, attempt: int = 1) -> int:
    """Open the campaign (``campaign_open``) and return how many commitments it has. Safe
    to run twice: a campaign an earlier run opened is left as it is. A refusal is final;
    any other failure (the database away) is retried."""
    campaign = Campaign.objects.get(pk=campaign_id)
    if campaign.opened_at is not None:
        return campaign.commitments.count()
    try:
        return campaign_open(campaign=campaign, actor=get_user_model().objects.get(pk=actor_id))
    except ValidationError:
        campaign.refresh_from_db()
        if campaign.opened_at is not None:  # opened meanwhile by another run
            return campaign.commitments.count()
        raise
    except Exception:
        kwargs = {"campaign_id": campaign_id, "actor_id": actor_id}
        retry_later(open_campaign, attempt=attempt, kwargs=kwargs)
        raise

"""Evaluation work done by the task worker (core.tasks explains the backends)."""

from django.contrib.auth import get_user_model
from django.db import transaction
from django_tasks import task

from core.tasks import open_once

from .models import Cycle
from .services import cycle_open, reminders_send


@task()
def send_reminders(*, days: int = 3) -> int:
    """Queue today's deadline reminders; safe to run twice a day (each email is keyed by
    person, text and day, see ``reminders_send``). Returns how many were queued."""
    with transaction.atomic():
        return reminders_send(days=days)


@task()
def open_cycle(*, cycle_id: int, actor_id: int, attempt: int = 1) -> int:
    """Open the cycle (``cycle_open``) and return how many evaluations it has; safe to run
    twice, retried on failures other than a refusal (``core.tasks.open_once``)."""
    cycle = Cycle.objects.get(pk=cycle_id)
    return open_once(
        cycle,
        this_task=open_cycle,
        attempt=attempt,
        kwargs={"cycle_id": cycle_id, "actor_id": actor_id},
        open_it=lambda: cycle_open(cycle=cycle, actor=get_user_model().objects.get(pk=actor_id)),
        count_rows=cycle.evaluations.count,
    )

"""Evaluation work done by the task worker (core.tasks explains the backends)."""

from django.db import transaction
from django_tasks import task

from .services import reminders_send


@task()
def send_reminders(*, days: int = 3) -> int:
    """Queue today's deadline reminders; safe to run twice a day (each email is keyed by
    person, text and day, see ``reminders_send``). Returns how many were queued."""
    with transaction.atomic():
        return reminders_send(days=days)

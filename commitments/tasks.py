"""Commitment work done by the task worker (core.tasks explains the backends)."""

from django_tasks import task

from .services import reminders_send


@task()
def send_reminders(*, days: int = 3) -> int:
    """Queue the reminders of deadlines at most ``days`` away; safe to run twice (nobody is
    reminded twice for one deadline: ``ReminderLog``). Returns how many were queued."""
    return reminders_send(days=days)

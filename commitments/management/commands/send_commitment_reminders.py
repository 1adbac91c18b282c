"""Email people who have not signed their commitment: ``send_commitment_reminders --days N``."""

from commitments.tasks import send_reminders
from core.commands import RemindersCommand


class Command(RemindersCommand):
    help = (
        "Email a reminder to everyone who has not signed their commitment when a deadline is "
        "at most N days away. Safe to run daily: nobody is reminded twice for one deadline. "
        "The work is a task: done by the worker in production, at once in development."
    )
    task = send_reminders

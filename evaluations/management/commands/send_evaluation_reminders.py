"""Email everyone whose evaluation step is due soon: ``manage.py send_evaluation_reminders``."""

from core.commands import RemindersCommand
from evaluations.tasks import send_reminders


class Command(RemindersCommand):
    help = (
        "Email reminders for evaluation steps whose deadline is near or passed. The work is "
        "a task: done by the worker in production, at once in development. Safe to run twice "
        "a day: nobody gets the same reminder twice on one day."
    )
    task = send_reminders

"""Email everyone whose evaluation step is due soon: ``manage.py send_evaluation_reminders``."""

from django.core.management.base import BaseCommand

from core.tasks import describe_result
from evaluations.tasks import send_reminders


class Command(BaseCommand):
    help = (
        "Email reminders for evaluation steps whose deadline is near or passed. The work is "
        "a task: done by the worker in production, at once in development. Safe to run twice "
        "a day: nobody gets the same reminder twice on one day."
    )

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=3, help="Remind this many days ahead.")

    def handle(self, *args, days, **options):
        result = send_reminders.enqueue(days=days)
        self.stdout.write(describe_result(result))

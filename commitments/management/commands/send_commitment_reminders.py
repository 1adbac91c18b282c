"""Email people who have not signed their commitment: ``send_commitment_reminders --days N``."""

from django.core.management.base import BaseCommand

from commitments.tasks import send_reminders
from core.tasks import describe_result


class Command(BaseCommand):
    help = (
        "Email a reminder to everyone who has not signed their commitment when a deadline is "
        "at most N days away. Safe to run daily: nobody is reminded twice for one deadline. "
        "The work is a task: done by the worker in production, at once in development."
    )

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=3, help="Remind this many days ahead.")

    def handle(self, *args, days, **options):
        self.stdout.write(describe_result(send_reminders.enqueue(days=days)))

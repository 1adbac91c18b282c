"""Email everyone whose evaluation step is due soon: ``manage.py send_evaluation_reminders``."""

from django.core.management.base import BaseCommand
from django.db import transaction

from evaluations.services import reminders_send


class Command(BaseCommand):
    help = "Email reminders for evaluation steps whose deadline is near or passed."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=3, help="Remind this many days ahead.")

    def handle(self, *args, days, **options):
        with transaction.atomic():
            count = reminders_send(days=days)
        self.stdout.write(f"{count}")

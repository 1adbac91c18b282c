"""Email people who have not signed their commitment: ``send_commitment_reminders --days N``."""

from django.core.management.base import BaseCommand

from commitments.services import reminders_send


class Command(BaseCommand):
    help = (
        "Email a reminder to everyone who has not signed their commitment when a deadline is "
        "at most N days away. Safe to run daily: nobody is reminded twice for one deadline."
    )

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=3, help="Remind this many days ahead.")

    def handle(self, *args, days, **options):
        count = reminders_send(days=days)
        self.stdout.write(f"{count}")

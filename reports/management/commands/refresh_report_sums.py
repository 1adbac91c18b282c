"""Recompute the criteria report's score sums from the signed-off evaluations.

They are kept up to date at each sign-off; run this after writing evaluations in bulk
outside the services (imports, repairs).
"""

from django.core.management.base import BaseCommand

from reports.dashboard.summary import rebuild


class Command(BaseCommand):
    help = "Rebuild the criterion score sums used by the criteria report."

    def add_arguments(self, parser):
        parser.add_argument("--cycle", type=int, action="append", help="Only this cycle (repeat).")

    def handle(self, *args, cycle=None, **options):
        rows = rebuild(cycle_ids=cycle)
        self.stdout.write(f"{rows} criterion score sums written")

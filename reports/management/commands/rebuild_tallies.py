"""Recompute every figure the reports keep: the tallies per unit and cycle (evaluations),
per unit and campaign (commitments), and the criterion score sums.

They are kept up to date by the services, in the transaction of each transition; run this
after restoring a backup, after writing evaluations or commitments in bulk outside the
services (imports, repairs), or after changing a cycle's minimum number of colleagues shown.
Safe to run at any time: each part is one transaction.
"""

from django.core.management.base import BaseCommand

from commitments.services.tallies import rebuild_tallies as rebuild_commitments
from evaluations.services.tallies import rebuild_tallies as rebuild_evaluations
from reports.dashboard.summary import rebuild as rebuild_sums


class Command(BaseCommand):
    help = "Rebuild the report tallies (evaluations, commitments) and criterion score sums."

    def add_arguments(self, parser):
        parser.add_argument("--cycle", type=int, action="append", help="Only this cycle (repeat).")
        parser.add_argument(
            "--campaign", type=int, action="append", help="Only this campaign (repeat)."
        )

    def handle(self, *args, cycle=None, campaign=None, **options):
        only_campaigns = campaign is not None and cycle is None
        only_cycles = cycle is not None and campaign is None
        if not only_campaigns:
            rows = rebuild_evaluations(cycle_ids=cycle)
            self.stdout.write(f"{rows} evaluation tally rows written")
            rows = rebuild_sums(cycle_ids=cycle)
            self.stdout.write(f"{rows} criterion score sums written")
        if not only_cycles:
            rows = rebuild_commitments(campaign_ids=campaign)
            self.stdout.write(f"{rows} commitment tally rows written")

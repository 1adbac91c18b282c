"""Recompute every figure the reports keep: the tallies per unit and cycle (evaluations),
per unit and campaign (commitments), and the criterion score sums.

They are kept up to date by the services, in the transaction of each transition; run this
after restoring a backup, after writing evaluations or commitments in bulk outside the
services (imports, repairs), or after changing a cycle's minimum number of colleagues shown.
Safe to run at any time: each part is one transaction.
"""

from django.core.management.base import BaseCommand

from commitments.services.tallies import TALLY as COMMITMENT_TALLY
from evaluations.services.tallies import TALLY as EVALUATION_TALLY
from reports.dashboard.summary import SUMS


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
            rows = EVALUATION_TALLY.rebuild(period_ids=cycle)
            self.stdout.write(f"{rows} evaluation tally rows written")
            rows = SUMS.rebuild(period_ids=cycle)
            self.stdout.write(f"{rows} criterion score sums written")
        if not only_cycles:
            rows = COMMITMENT_TALLY.rebuild(period_ids=campaign)
            self.stdout.write(f"{rows} commitment tally rows written")

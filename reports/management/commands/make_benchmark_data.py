"""Build a realistic district (or city) for the report benchmarks, in bulk.

    python manage.py make_benchmark_data --people 200000 --cycles 3
    python manage.py make_benchmark_data --reset --people 2000 --cycles 2

Everything generated lives under the unit ``BM`` (codes and staff codes start with ``BM``);
a second run refuses unless ``--reset`` removes the previous data first. ``--reset-only``
removes them and stops. Works on SQLite and PostgreSQL.
"""

import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from reports import benchdata


class Command(BaseCommand):
    help = "Generate units, people, finished evaluations and commitments for benchmarks."

    def add_arguments(self, parser):
        parser.add_argument("--people", type=int, default=1000)
        parser.add_argument("--cycles", type=int, default=3)
        parser.add_argument(
            "--reset", action="store_true", help="Remove earlier benchmark data first."
        )
        parser.add_argument(
            "--reset-only", action="store_true", help="Remove benchmark data and stop."
        )

    def handle(self, *args, people, cycles, reset, reset_only, **options):
        if people < 1 or not 1 <= cycles <= 20:
            raise CommandError("--people must be at least 1 and --cycles between 1 and 20.")
        if reset or reset_only:
            benchdata.reset(log=self.stdout.write)
            if reset_only:
                return
        if benchdata.exists():
            raise CommandError("Benchmark data already exist: run again with --reset.")
        started = time.perf_counter()
        summary = benchdata.build(people=people, cycles=cycles, log=self.stdout.write)
        if connection.vendor == "postgresql":
            # Fresh statistics and visibility maps, so the planner sees the new rows.
            with connection.cursor() as cursor:
                cursor.execute("VACUUM ANALYZE")
        elapsed = time.perf_counter() - started
        self.stdout.write(
            self.style.SUCCESS(
                f"{summary.people} people in {summary.units} units ({summary.districts} "
                f"district(s)), {len(summary.cycles)} cycles, {summary.evaluations} evaluations, "
                f"{summary.commitments} commitments on {connection.vendor} in {elapsed:.1f} s"
            )
        )

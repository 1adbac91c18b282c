"""Build a realistic district (or city) for the benchmarks, in bulk.

    python benchmarks/make_data.py --people 200000 --cycles 3
    python benchmarks/make_data.py --reset --people 2000 --cycles 2

Everything generated lives under the unit ``BM`` (codes and staff codes start with ``BM``);
a second run refuses unless ``--reset`` removes the previous data first. ``--reset-only``
removes them and stops. Works on SQLite and PostgreSQL (``DATABASE_URL``).
"""

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.django_setup import setup


def make_data(*, people: int, cycles: int, reset: bool = False, log=print) -> None:
    """Generate the data (after removing earlier benchmark data when ``reset``)."""
    from django.db import connection

    from benchmarks import benchdata

    if reset:
        benchdata.reset(log=log)
    if benchdata.exists():
        raise SystemExit("Benchmark data already exist: run again with --reset.")
    started = time.perf_counter()
    summary = benchdata.build(people=people, cycles=cycles, log=log)
    if connection.vendor == "postgresql":
        # Fresh statistics and visibility maps, so the planner sees the new rows.
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    elapsed = time.perf_counter() - started
    log(
        f"{summary.people} people in {summary.units} units ({summary.districts} "
        f"district(s)), {len(summary.cycles)} cycles, {summary.evaluations} evaluations, "
        f"{summary.commitments} commitments on {connection.vendor} in {elapsed:.1f} s"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=1000)
    parser.add_argument("--cycles", type=int, default=3)
    parser.add_argument("--reset", action="store_true", help="Remove earlier benchmark data.")
    parser.add_argument("--reset-only", action="store_true", help="Remove it and stop.")
    args = parser.parse_args()
    if args.people < 1 or not 1 <= args.cycles <= 20:
        parser.error("--people must be at least 1 and --cycles between 1 and 20.")
    setup()
    if args.reset_only:
        from benchmarks import benchdata

        benchdata.reset(log=print)
        return
    make_data(people=args.people, cycles=args.cycles, reset=args.reset)


if __name__ == "__main__":
    main()

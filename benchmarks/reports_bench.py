"""Time each report page against one hand-written SQL statement giving the same figures.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/longbien_bench \\
        python benchmarks/reports_bench.py --people 200000 --cycles 3

Builds the data with ``benchmarks/make_data.py`` when the database does not already hold that
many people and cycles, then for each page (as the phòng Nội vụ reviewer ``bm-noivu``,
whose scope is the whole tree's government block) prints the median server time of a GET
through Django's test client (middleware, view, queries, template), the median time of the
floor query (:mod:`benchmarks.floors`), their ratio and the number of SQL queries.

The figures are read from the tallies the services keep per unit (no rendered-page cache),
so each page is timed twice: as served while nothing changes (the ratio column), and as the
first view after a write (a unit's tally rewritten before each run, as a transition does:
"after a write"), which should cost the same.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "longbien_eval.settings.test")


def create_database() -> None:
    """Create the PostgreSQL database of DATABASE_URL when it does not exist yet."""
    import dj_database_url
    import psycopg2

    config = dj_database_url.parse(os.environ.get("DATABASE_URL", "sqlite://"))
    if "postgresql" not in config["ENGINE"]:
        return
    server = psycopg2.connect(
        dbname="postgres",
        user=config["USER"],
        password=config["PASSWORD"],
        host=config["HOST"],
        port=config["PORT"] or 5432,
    )
    server.autocommit = True
    with server.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [config["NAME"]])
        if cursor.fetchone() is None:
            cursor.execute(f'CREATE DATABASE "{config["NAME"]}"')
            print(f"created database {config['NAME']}")
    server.close()


if "--create-database" in sys.argv:
    create_database()
    sys.exit(0)


from benchmarks.django_setup import count_queries, setup  # noqa: E402

setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402

from benchmarks import floors  # noqa: E402
from benchmarks.benchdata.build import ROOT_PATH  # noqa: E402
from benchmarks.make_data import make_data  # noqa: E402
from commitments.models import Campaign  # noqa: E402
from evaluations.models import Cycle, Evaluation  # noqa: E402
from evaluations.services.tallies import TALLY  # noqa: E402
from reports.selectors import TREND_CYCLES, level_columns  # noqa: E402
from units.models import Block, Person, Unit  # noqa: E402

TARGET_RATIO = 1.5
TARGET_SECONDS = 1.0


def ensure_data(people: int, cycles: int) -> None:
    have_people = Person.objects.filter(unit__path__startswith=ROOT_PATH).count()
    have_cycles = Cycle.objects.filter(scope_units__path=ROOT_PATH).count()
    if (have_people, have_cycles) != (people, cycles):
        print(f"building {people} people × {cycles} cycles (found {have_people} × {have_cycles})")
        make_data(people=people, cycles=cycles, reset=True)


def median_seconds(action, runs: int, before=None) -> float:
    action()  # warm the caches first
    times = []
    for _ in range(runs):
        if before is not None:
            before()
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def pages():
    """(label, url, floor) for each page, with the defaults the pages choose themselves."""
    cycle = Cycle.objects.exclude(status=Cycle.Status.DRAFT).order_by("-period_start", "-pk")[0]
    campaign = Campaign.objects.filter(year=cycle.period_start.year).first()
    columns, _ranks = level_columns()
    level_ids = [column.level_ids for column in columns]
    root = Unit.objects.get(path=ROOT_PATH)
    # One level down: a district of the city, or a ward of a single district.
    district = Unit.objects.filter(parent=root, kind__in=Unit.CONTAINER_KINDS).order_by(
        "sort_order", "path"
    )[0]
    city = floors.Scope(ROOT_PATH, Block.GOVERNMENT)
    one = floors.Scope(district.path, Block.GOVERNMENT, by_subquery=True)
    earlier = Cycle.objects.filter(
        period_start__lte=cycle.period_start, status__in=["open", "closed"]
    ).order_by("-period_start", "-pk")[:TREND_CYCLES]
    cycle_ids = [c.pk for c in earlier]
    years = sorted({c.period_start.year for c in earlier})
    campaign_id = campaign.pk if campaign else 0
    return [
        (
            f"By unit: {root.name}",
            reverse("reports:dashboard"),
            lambda: floors.overview(city, cycle.pk, campaign_id, level_ids),
        ),
        (
            f"By unit: {district.name}",
            reverse("reports:dashboard") + f"?unit={district.pk}",
            lambda: floors.overview(one, cycle.pk, campaign_id, level_ids),
        ),
        (
            "By criterion",
            reverse("reports:criteria"),
            lambda: floors.criteria(city, cycle.pk, campaign_id, level_ids),
        ),
        (
            "By person (page 1)",
            reverse("reports:people"),
            lambda: floors.people(city, cycle.pk, campaign_id, level_ids),
        ),
        (
            "Over the years",
            reverse("reports:trend"),
            lambda: floors.trend(city, cycle_ids, years, level_ids),
        ),
    ]


def a_write():
    """What a transition does to the data the reports read: rewrite one unit's tally (of a
    unit of the benchmark's tree, in the latest cycle), committed."""
    evaluation = (
        Evaluation.objects.filter(unit__path__startswith=ROOT_PATH)
        .order_by("-cycle__period_start", "pk")
        .first()
    )

    def write():
        TALLY.refresh(period_id=evaluation.cycle_id, unit_id=evaluation.unit_id)

    return write


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--people", type=int, default=200_000)
    parser.add_argument("--cycles", type=int, default=3)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--user", default="bm-noivu")
    args = parser.parse_args(argv)

    # The test client's host, without the test environment's template instrumentation.
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    ensure_data(args.people, args.cycles)
    write = a_write()
    client = Client()
    client.force_login(get_user_model().objects.get(username=args.user))

    print(
        f"\n{connection.vendor}, {args.people:,} people × {args.cycles} cycles, "
        f"user {args.user}, median of {args.runs} runs\n"
    )
    print(
        "| page | server (ms) | floor SQL (ms) | ratio | queries "
        "| after a write (ms) | ratio | queries |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    failures = []
    for label, url, floor in pages():
        write()
        with count_queries() as cold_counted:
            response = client.get(url)
        if response.status_code != 200:
            raise SystemExit(f"{url} answered {response.status_code}")
        with count_queries() as counted:
            client.get(url)
        server = median_seconds(lambda url=url: client.get(url), args.runs)
        cold = median_seconds(lambda url=url: client.get(url), args.runs, write)
        floor_time = median_seconds(floor, args.runs)
        ratio = server / floor_time if floor_time else float("inf")
        cold_ratio = cold / floor_time if floor_time else float("inf")
        print(
            f"| {label} | {server * 1000:.0f} | {floor_time * 1000:.1f} | {ratio:.2f} "
            f"| {counted['queries']} | {cold * 1000:.0f} | {cold_ratio:.2f} "
            f"| {cold_counted['queries']} |"
        )
        if ratio > TARGET_RATIO or server > TARGET_SECONDS or cold > TARGET_SECONDS:
            failures.append(label)
    if failures:
        print(f"\nabove the targets (≤ {TARGET_RATIO} × floor, < {TARGET_SECONDS} s): {failures}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

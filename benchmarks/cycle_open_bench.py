"""Time ``cycle_open`` on N synthetic people, then roll everything back.

    python benchmarks/cycle_open_bench.py --people 200000

Nothing is kept: the people, units, sets and the cycle live in one transaction that is
rolled back at the end, so it can run against a development database.
"""

import argparse
import datetime
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.django_setup import count_queries, setup

setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.db import connection, transaction  # noqa: E402

from criteria.models import Audience, CriteriaSet, Criterion, CriterionGroup  # noqa: E402
from criteria.services import criteria_set_add_default_levels  # noqa: E402
from evaluations.models import Cycle  # noqa: E402
from evaluations.services import cycle_open  # noqa: E402
from units.models import Block, Person, Unit  # noqa: E402


class _Rollback(Exception):
    pass


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Time opening a cycle (rolled back afterwards).")
    parser.add_argument("--people", type=int, default=200_000)
    parser.add_argument("--units", type=int, default=500)
    args = parser.parse_args(argv)
    setup()

    try:
        with transaction.atomic():
            _run(args.people, args.units)
            raise _Rollback
    except _Rollback:
        print("rolled back")


def _run(people: int, units: int) -> None:

    root = Unit.objects.create(code="BENCH-ROOT", name="Bench", kind=Unit.Kind.DISTRICT)
    bodies = Unit.objects.bulk_create(
        Unit(
            code=f"BENCH-{index}",
            name=f"Bench {index}",
            kind=Unit.Kind.GOVERNMENT_BODY,
            block=Block.GOVERNMENT,
            parent=root,
            path=f"{root.path}BENCH-{index}/",
        )
        for index in range(units)
    )
    Person.objects.bulk_create(
        (
            Person(
                full_name=f"Bench {index}",
                staff_code=f"BENCH{index:07d}",
                unit=bodies[index % units],
            )
            for index in range(people)
        ),
        batch_size=5000,
    )
    CriteriaSet.objects.filter(status=CriteriaSet.Status.ACTIVE).update(
        status=CriteriaSet.Status.RETIRED
    )
    for audience in (Audience.LEADER, Audience.STAFF):
        criteria_set = CriteriaSet.objects.create(
            code=f"BENCH-{audience}",
            name="Bench",
            audience=audience,
            effective_from=datetime.date.today(),
            status=CriteriaSet.Status.ACTIVE,
        )
        group = CriterionGroup.objects.create(criteria_set=criteria_set, name="G")
        Criterion.objects.create(group=group, text="C")
        criteria_set_add_default_levels(criteria_set=criteria_set)
    today = datetime.date.today()
    cycle = Cycle.objects.create(
        name="Bench",
        period_start=today,
        period_end=today,
        self_deadline=today,
        colleague_deadline=today,
        head_deadline=today,
    )
    cycle.scope_units.set([root])
    actor = get_user_model().objects.filter(is_superuser=True).first() or get_user_model()(
        is_superuser=True, is_active=True
    )
    if not actor.pk:
        actor.username = "bench-root"
        actor.save()
    started = time.perf_counter()
    with count_queries() as counter:
        created = cycle_open(cycle=cycle, actor=actor)
    elapsed = time.perf_counter() - started
    print(
        f"{connection.vendor}: {created} evaluations in {elapsed:.2f} s, "
        f"{counter['queries']} queries"
    )


if __name__ == "__main__":
    main()

"""Time ``cycle_open`` on N synthetic people, then roll everything back.

    python manage.py bench_cycle_open --people 200000

Nothing is kept: the people, units, sets and the cycle live in one transaction that is
rolled back at the end, so it can run against a development database.
"""

import datetime
import time

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import connection, reset_queries, transaction

from criteria.models import Audience, CriteriaSet, Criterion, CriterionGroup
from criteria.services import criteria_set_add_default_levels
from evaluations.models import Cycle
from evaluations.services import cycle_open
from units.models import Block, Person, Unit


class _Rollback(Exception):
    pass


class Command(BaseCommand):
    help = "Benchmark opening a cycle for N people (rolled back afterwards)."

    def add_arguments(self, parser):
        parser.add_argument("--people", type=int, default=200_000)
        parser.add_argument("--units", type=int, default=500)

    def handle(self, *args, people, units, **options):
        try:
            with transaction.atomic():
                self._run(people, units)
                raise _Rollback
        except _Rollback:
            self.stdout.write("rolled back")

    def _run(self, people: int, units: int) -> None:
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
        reset_queries()
        started = time.perf_counter()
        with self._count_queries() as counter:
            created = cycle_open(cycle=cycle, actor=actor)
        elapsed = time.perf_counter() - started
        self.stdout.write(
            f"{connection.vendor}: {created} evaluations in {elapsed:.2f} s, "
            f"{counter['queries']} queries"
        )

    def _count_queries(self):
        from contextlib import contextmanager

        @contextmanager
        def counting():
            state = {"queries": 0}

            def wrapper(execute, sql, params, many, context):
                state["queries"] += 1
                return execute(sql, params, many, context)

            with connection.execute_wrapper(wrapper):
                yield state

        return counting()

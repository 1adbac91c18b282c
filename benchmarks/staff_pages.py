"""CPU time and queries of the staff pages on an idle server (Django's test client).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/longbien_load \\
        python benchmarks/staff_pages.py [--runs 30] [--profile self_form]

Needs the generated organisation (``benchmarks/make_data.py``). Logs in (without a password)
as a generated staff member whose self-assessment is a draft in the open cycle and as a unit
head, then prints per page the median CPU milliseconds of this process (middleware, view,
ORM, template: what a gunicorn worker spends), the median wall time and the number of queries.
``--profile PAGE`` prints pyinstrument's call tree of that page (installed with the dev tools).
"""

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.django_setup import count_queries, setup


def _actors():
    from django.contrib.auth import get_user_model

    from benchmarks.benchdata.build import ROOT_PATH
    from commitments.models import Campaign, Commitment
    from evaluations.models import Cycle, Evaluation, State
    from units.models import Person

    User = get_user_model()
    drafts = Evaluation.objects.filter(
        cycle__status=Cycle.Status.OPEN, state=State.SELF_DRAFT, unit__path__startswith=ROOT_PATH
    ).select_related("person")
    evaluation = drafts.filter(person__category="staff").order_by("pk").first()
    if evaluation is None:
        raise SystemExit("No generated data: run benchmarks/make_data.py first.")
    staff = evaluation.person
    head = (
        Person.objects.filter(unit=staff.unit, is_unit_head=True, is_active=True).first()
        or Person.objects.filter(is_unit_head=True, unit__path__startswith=ROOT_PATH).first()
    )
    for person in (staff, head):
        if person.user_id is None:
            user, _created = User.objects.get_or_create(username=person.staff_code.lower())
            Person.objects.filter(pk=person.pk).update(user=user)
    staff.refresh_from_db()
    head.refresh_from_db()
    commitment = Commitment.objects.filter(
        person=staff, campaign__status=Campaign.Status.OPEN
    ).first()
    return staff.user, head.user, evaluation, commitment


def pages():
    from django.urls import reverse

    staff_user, head_user, evaluation, commitment = _actors()
    found = {
        "login": (None, reverse("login")),
        "home": (staff_user, reverse("home")),
        "self_form": (staff_user, reverse("evaluations:self_form", args=[evaluation.pk])),
        "my_list": (staff_user, reverse("evaluations:my_list")),
        "head_list": (
            head_user,
            reverse("evaluations:head_list") + f"?cycle={evaluation.cycle_id}",
        ),
        "head_home": (head_user, reverse("home")),
    }
    if commitment is not None:
        found["commitment"] = (staff_user, reverse("commitments:detail", args=[commitment.pk]))
    return found


def measure(*, runs: int, profile: str = "") -> list[dict]:
    from django.test import Client

    results = []
    for name, (user, url) in pages().items():
        client = Client(HTTP_HOST="localhost")
        if user is not None:
            client.force_login(user)
        for _warm in range(3):
            response = client.get(url)
            assert response.status_code == 200, (name, url, response.status_code)
        if name == profile:
            from pyinstrument import Profiler

            profiler = Profiler(interval=0.0005)
            with profiler:
                for _run in range(runs):
                    client.get(url)
            print(profiler.output_text(unicode=True, color=False, show_all=False))
        cpu, wall = [], []
        for _run in range(runs):
            with count_queries() as counted:
                started, started_cpu = time.perf_counter(), time.process_time()
                client.get(url)
                cpu.append((time.process_time() - started_cpu) * 1000)
                wall.append((time.perf_counter() - started) * 1000)
        results.append(
            {
                "page": name,
                "cpu_ms": statistics.median(cpu),
                "wall_ms": statistics.median(wall),
                "queries": counted["queries"],
            }
        )
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--profile", default="", help="page name to profile with pyinstrument")
    args = parser.parse_args()
    setup()
    print("| page | CPU (ms) | wall (ms) | queries |\n|---|---:|---:|---:|")
    for row in measure(runs=args.runs, profile=args.profile):
        print(f"| {row['page']} | {row['cpu_ms']:.1f} | {row['wall_ms']:.1f} | {row['queries']} |")


if __name__ == "__main__":
    main()

"""Logins for the simulated users of the load test, made in a few statements.

    DATABASE_URL=… python benchmarks/load/accounts.py --count 300 --password … --out users.csv

Picks ``count`` staff of the generated organisation (:mod:`benchmarks.benchdata`) whose
self-assessment in the open cycle can still be filled in, those whose commitment of the open
campaign is still unsigned first, and gives each a login named after their staff code with the
same password. The password is hashed **once** and that hash is written to every account
(one ``INSERT`` for the new accounts, one ``UPDATE`` for the existing ones), so 300 or 30,000
accounts cost one hashing, not one each. People who already sent their self-assessment in an
earlier run are not picked again, so the command can be run before every load test.
"""

import argparse
import csv
import sys
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent.parent))

REVIEWER_USERNAME = "bm-noivu"


@dataclass(frozen=True)
class LoadUser:
    username: str
    full_name: str
    evaluation_id: int
    commitment_id: int | None


def generated_people() -> int:
    """How many people the generated organisation holds (0 when there is none)."""
    from benchmarks.benchdata.build import ROOT_PATH
    from units.models import Person

    return Person.objects.filter(unit__path__startswith=ROOT_PATH).count()


def pick_people(*, count: int) -> list[LoadUser]:
    """Up to ``count`` generated staff members who can still self-assess in the open cycle
    (unsigned commitment of the open campaign first, then by id, so the choice is stable)."""
    from django.db.models import Exists, OuterRef, Subquery

    from benchmarks.benchdata.build import ROOT_PATH
    from commitments.models import Campaign, Commitment
    from evaluations.models import Cycle, Evaluation
    from evaluations.workflow import SELF_EDITABLE
    from units.models import Category

    pending = Commitment.objects.filter(
        person_id=OuterRef("person_id"),
        campaign__status=Campaign.Status.OPEN,
        status=Commitment.Status.PENDING,
    )
    rows = (
        Evaluation.objects.filter(
            cycle__status=Cycle.Status.OPEN,
            state__in=SELF_EDITABLE,
            unit__path__startswith=ROOT_PATH,
            person__is_active=True,
            person__category=Category.STAFF,
        )
        .annotate(pending=Exists(pending), commitment_id=Subquery(pending.values("pk")[:1]))
        .order_by("-pending", "pk")
        .values_list("person__staff_code", "person__full_name", "pk", "commitment_id")[:count]
    )
    return [LoadUser(code.lower(), name, pk, commitment) for code, name, pk, commitment in rows]


def grant_logins(*, users: list[LoadUser], password: str) -> int:
    """Give each picked person a login (username = their lower-case staff code) with
    ``password``; the reviewer account gets it too. Returns the number of accounts written.
    One hashing, whatever the number of accounts."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password
    from django.db import transaction
    from django.db.models import OuterRef, Subquery
    from django.db.models.functions import Lower

    from units.models import Person

    User = get_user_model()
    hashed = make_password(password)
    usernames = [user.username for user in users]
    with transaction.atomic():
        existing = set(
            User.objects.filter(username__in=usernames).values_list("username", flat=True)
        )
        User.objects.bulk_create(
            [User(username=name, password=hashed) for name in usernames if name not in existing],
            batch_size=1000,
        )
        written = User.objects.filter(username__in=[*usernames, REVIEWER_USERNAME]).update(
            password=hashed, is_active=True
        )
        account = User.objects.filter(username=OuterRef("code")).values("pk")[:1]
        Person.objects.annotate(code=Lower("staff_code")).filter(
            code__in=usernames, user__isnull=True
        ).update(user=Subquery(account))
    return written


def write_csv(path: Path, users: list[LoadUser]) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["username", "full_name", "evaluation_id", "commitment_id"])
        for user in users:
            writer.writerow(
                [user.username, user.full_name, user.evaluation_id, user.commitment_id or ""]
            )


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=300)
    parser.add_argument("--password", required=True)
    parser.add_argument("--out", type=Path, help="CSV of the picked users")
    parser.add_argument(
        "--people-only", action="store_true", help="print how many people were generated, stop"
    )
    args = parser.parse_args(argv)
    if args.count < 1:
        parser.error("--count must be at least 1.")
    from benchmarks.django_setup import setup

    setup()
    if args.people_only:
        from django.db import DatabaseError

        try:
            print(generated_people())
        except DatabaseError:  # no tables yet
            print(0)
        return 0
    if args.out is None:
        parser.error("--out is required.")
    users = pick_people(count=args.count)
    if len(users) < args.count:
        print(f"only {len(users)} people can still self-assess", file=sys.stderr)
        return 1
    written = grant_logins(users=users, password=args.password)
    write_csv(args.out, users)
    with_commitment = sum(1 for user in users if user.commitment_id)
    print(f"{written} logins ready ({with_commitment} with a commitment to sign) -> {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

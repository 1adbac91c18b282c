"""The load test's logins: the right people, one hashing, a password that works."""

import csv

import pytest
from django.contrib.auth import get_user_model, hashers
from django.contrib.auth.hashers import check_password

from benchmarks.benchdata import build
from benchmarks.load import accounts
from commitments.models import Commitment
from evaluations.models import Evaluation
from evaluations.workflow import SELF_EDITABLE

pytestmark = pytest.mark.django_db
User = get_user_model()


@pytest.fixture
def generated():
    build(people=400, cycles=1, log=lambda *args: None)


def test_picks_staff_who_can_still_self_assess_unsigned_commitments_first(generated):
    # The generated states follow the rows' ids, which PostgreSQL's sequences carry over from
    # earlier tests: 400 people leave between 19 and about 25 who can still self-assess.
    users = accounts.pick_people(count=15)
    assert len(users) == 15
    for user in users:
        evaluation = Evaluation.objects.select_related("person", "cycle").get(pk=user.evaluation_id)
        assert evaluation.state in SELF_EDITABLE
        assert evaluation.cycle.status == "open"
        assert evaluation.person.category == "staff"
        assert user.username == evaluation.person.staff_code.lower()
    flags = [user.commitment_id is not None for user in users]
    assert flags == sorted(flags, reverse=True)  # those with a commitment to sign come first
    for user in users:
        if user.commitment_id:
            commitment = Commitment.objects.get(pk=user.commitment_id)
            assert commitment.status == Commitment.Status.PENDING
            assert commitment.person.staff_code.lower() == user.username


def test_grant_hashes_once_and_every_login_takes_the_password(generated, monkeypatch):
    calls = []
    real = hashers.make_password
    monkeypatch.setattr(
        "django.contrib.auth.hashers.make_password",
        lambda *args, **kwargs: calls.append(1) or real(*args, **kwargs),
    )
    users = accounts.pick_people(count=30)
    accounts.grant_logins(users=users, password="mat-khau-thu")
    assert len(calls) == 1
    for user in users:
        account = User.objects.get(username=user.username)
        assert check_password("mat-khau-thu", account.password)
        assert account.person.pk == Evaluation.objects.get(pk=user.evaluation_id).person_id
    reviewer = User.objects.get(username=accounts.REVIEWER_USERNAME)
    assert check_password("mat-khau-thu", reviewer.password)


def test_a_second_run_updates_existing_logins_and_skips_people_who_sent(generated, client):
    users = accounts.pick_people(count=5)
    accounts.grant_logins(users=users, password="lan-mot-1")
    accounts.grant_logins(users=users, password="lan-hai-2")
    assert User.objects.filter(username__in=[u.username for u in users]).count() == 5
    response = client.post("/dang-nhap/", {"username": users[0].username, "password": "lan-hai-2"})
    assert response.status_code == 302 and response.url == "/"
    Evaluation.objects.filter(pk=users[0].evaluation_id).update(state="self_submitted")
    again = [user.username for user in accounts.pick_people(count=5)]
    assert users[0].username not in again


def test_command_writes_the_csv_and_refuses_when_too_few_people(generated, tmp_path, capsys):
    out = tmp_path / "users.csv"
    assert accounts.main(["--count", "3", "--password", "x-y-z-1", "--out", str(out)]) == 0
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert [row["username"] for row in rows] == [u.username for u in accounts.pick_people(count=3)]
    assert accounts.main(["--count", "100000", "--password", "x", "--out", str(out)]) == 1
    assert accounts.main(["--people-only", "--password", "x"]) == 0
    assert capsys.readouterr().out.strip().splitlines()[-1] == "400"

"""/healthz: 200 when the database, the cache, the migrations and the task worker are fine;
503 naming the failing check (and nothing about the server) otherwise."""

import contextlib
import datetime

import pytest
from django.db import OperationalError
from django.db.backends.base.base import BaseDatabaseWrapper
from django.urls import reverse
from django.utils import timezone

from core import health
from core.models import WorkerHeartbeat
from core.tasks import heartbeat_beat

# The checks run in threads with connections of their own: the rows must be committed.
pytestmark = pytest.mark.django_db(transaction=True)
ALL_OK = {"Database": "OK", "Cache": "OK", "MigrationsApplied": "OK", "WorkerHeartbeat": "OK"}


@pytest.fixture
def expects_a_worker(settings):
    settings.WORKER_HEARTBEAT_MAX_AGE = 120


def test_all_checks_pass_with_a_fresh_heartbeat(client, expects_a_worker):
    heartbeat_beat(worker_id="w-1")
    response = client.get(reverse("healthz"))
    assert response.status_code == 200
    assert response.json() == ALL_OK
    assert response["Cache-Control"].startswith("max-age=0")


def test_no_worker_is_expected_with_the_immediate_backend(client, settings):
    settings.WORKER_HEARTBEAT_MAX_AGE = 0
    assert client.get(reverse("healthz")).json() == ALL_OK


def test_without_a_heartbeat_the_probe_fails(client, expects_a_worker):
    response = client.get(reverse("healthz"))
    assert response.status_code == 503
    assert response.json() == {**ALL_OK, "WorkerHeartbeat": "no recent worker heartbeat"}


def test_an_old_heartbeat_fails_the_probe(client, expects_a_worker):
    WorkerHeartbeat.objects.create(
        worker_id="w-old", seen_at=timezone.now() - datetime.timedelta(seconds=121)
    )
    assert client.get(reverse("healthz")).status_code == 503


def test_a_database_that_does_not_answer_fails_the_probe_and_says_nothing_of_it(
    client, monkeypatch
):
    @contextlib.contextmanager
    def refused(self):
        raise OperationalError('connection to server at "10.1.2.3", port 5432 failed')
        yield

    monkeypatch.setattr(BaseDatabaseWrapper, "temporary_connection", refused)
    response = client.get(reverse("healthz"))
    assert response.status_code == 503
    assert response.json()["Database"] == "unavailable"
    assert b"10.1.2.3" not in response.content and b"5432" not in response.content


def test_pending_migrations_fail_the_probe(client, monkeypatch):
    monkeypatch.setattr(health, "_migrations_ok_at", 0.0)
    monkeypatch.setattr(
        health.MigrationExecutor, "migration_plan", lambda self, targets: [("core", "9999")]
    )
    response = client.get(reverse("healthz"))
    assert response.status_code == 503
    assert response.json()["MigrationsApplied"] == "migrations pending"


def test_a_beat_forgets_workers_silent_for_a_day():
    WorkerHeartbeat.objects.create(
        worker_id="w-gone", seen_at=timezone.now() - datetime.timedelta(days=2)
    )
    heartbeat_beat(worker_id="w-new")
    assert list(WorkerHeartbeat.objects.values_list("worker_id", flat=True)) == ["w-new"]

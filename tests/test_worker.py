"""An email through the queue and a real worker: the request's transaction stores the task
(database backend), ``manage.py worker`` (a separate process, as in production) sends it
and records its heartbeat."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection, transaction
from django.test import override_settings
from django_tasks_db.models import DBTaskResult

from core.models import SentEmail, WorkerHeartbeat
from core.notifications import send_after_commit

ROOT = Path(__file__).resolve().parent.parent
WORKER_ARGS = ("--worker-id", "test-worker", "--queue-name", "*")
pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="a worker process"),
    pytest.mark.django_db(transaction=True),  # the worker sees only committed rows
]


def _run_worker(mail_dir: Path, **extra_env) -> subprocess.CompletedProcess:
    db = connection.settings_dict
    user = db.get("USER") or "postgres"
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    host, port = db.get("HOST") or "127.0.0.1", db.get("PORT") or 5432
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "longbien_eval.settings.production",
        "SECRET_KEY": "worker-test-" + "k" * 50,
        "DATABASE_URL": f"postgres://{user}{password}@{host}:{port}/{db['NAME']}",
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "EMAIL_FILE_PATH": str(mail_dir),
        "TASKS_BACKEND": "database",
        **extra_env,
    }
    env.pop("REDIS_URL", None)
    return subprocess.run(
        [sys.executable, "manage.py", "worker", "--batch", "--no-startup-delay", *WORKER_ARGS],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


@override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}})
def test_an_email_is_sent_by_the_worker_not_by_the_request(tmp_path, mailoutbox):
    with transaction.atomic():
        send_after_commit("lan@example.vn", lambda: ("Nhắc hạn đánh giá", "Hạn là 30/12"))
    assert mailoutbox == []  # the request only queued it
    (queued,) = DBTaskResult.objects.all()
    assert queued.status == "READY"

    result = _run_worker(tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr

    queued.refresh_from_db()
    assert queued.status == "SUCCESSFUL"
    (message,) = [path.read_text() for path in tmp_path.iterdir()]
    assert "lan@example.vn" in message and "Hạn là 30/12" in message
    assert SentEmail.objects.count() == 1
    assert WorkerHeartbeat.objects.filter(worker_id="test-worker").exists()

    # Run again: nothing is queued, nothing is sent twice.
    assert _run_worker(tmp_path).returncode == 0
    assert len(list(tmp_path.iterdir())) == 1

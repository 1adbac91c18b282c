"""The task worker: ``manage.py worker`` (django-tasks-db's ``db_worker``, with a heartbeat).

Takes every option of ``db_worker`` (``--batch`` to run what is queued and stop,
``--max-tasks``, ``--interval`` …). While it runs, a thread records every
``WORKER_HEARTBEAT_SECONDS`` that this worker is alive (``core.tasks.heartbeat_beat``);
``/healthz`` fails when no worker did so for ``WORKER_HEARTBEAT_MAX_AGE`` seconds.
"""

import logging
import threading

from django.conf import settings
from django.db import connection
from django_tasks_db.management.commands.db_worker import Command as DbWorkerCommand

from core.tasks import heartbeat_beat

logger = logging.getLogger(__name__)


def _beat_forever(worker_id: str, stop: threading.Event) -> None:
    interval = max(1, settings.WORKER_HEARTBEAT_SECONDS)
    while not stop.is_set():
        try:
            heartbeat_beat(worker_id=worker_id)
        except Exception:  # the database is away: /healthz will say so; keep trying
            logger.exception("worker heartbeat failed")
        finally:
            connection.close()  # this thread's own connection
        stop.wait(interval)


class Command(DbWorkerCommand):
    help = "Run the task worker (database backend) and record its heartbeat for /healthz."

    def handle(self, *args, worker_id, **options):
        heartbeat_beat(worker_id=worker_id)
        stop = threading.Event()
        beater = threading.Thread(
            target=_beat_forever, args=(worker_id, stop), name="heartbeat", daemon=True
        )
        beater.start()
        try:
            super().handle(*args, worker_id=worker_id, **options)
        finally:
            stop.set()

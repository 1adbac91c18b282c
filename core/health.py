"""``/healthz``: is this server able to serve (django-health-check)?

Answers 200 when every check passes, 503 otherwise, as JSON naming each check with "OK" or
a short generic reason: no host, address, version or error text (the page is public).
"""

import dataclasses
import datetime
import time

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor
from django.http import JsonResponse
from django.utils import timezone
from health_check.base import HealthCheck
from health_check.exceptions import ServiceUnavailable
from health_check.views import HealthCheckView

from .tasks import heartbeat_last_seen

# When this process last found every migration applied: loading the migration graph costs
# ~0.1 s of CPU, so a positive answer is kept for a minute (a probe every few seconds).
_migrations_ok_at = 0.0


@dataclasses.dataclass
class MigrationsApplied(HealthCheck):
    """Every migration of the code is applied to the database."""

    def run(self):
        global _migrations_ok_at
        if time.monotonic() - _migrations_ok_at < 60:
            return
        connection = connections[DEFAULT_DB_ALIAS]
        try:
            executor = MigrationExecutor(connection)
            plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
        finally:
            connection.close()  # this ran in a thread of its own
        if plan:
            raise ServiceUnavailable("migrations pending")
        _migrations_ok_at = time.monotonic()


@dataclasses.dataclass
class WorkerHeartbeat(HealthCheck):
    """A task worker said it was alive less than ``WORKER_HEARTBEAT_MAX_AGE`` seconds ago
    (no worker is expected when that is 0: the immediate backend)."""

    def run(self):
        max_age = settings.WORKER_HEARTBEAT_MAX_AGE
        if not max_age:
            return
        try:
            seen = heartbeat_last_seen()
        finally:
            connections[DEFAULT_DB_ALIAS].close()
        if seen is None or timezone.now() - seen > datetime.timedelta(seconds=max_age):
            raise ServiceUnavailable("no recent worker heartbeat")


class HealthView(HealthCheckView):
    checks = (
        "health_check.checks.Database",
        "health_check.checks.Cache",
        MigrationsApplied,
        WorkerHeartbeat,
    )

    async def get(self, request, *args, **kwargs):
        request.GET = request.GET.copy()
        request.GET["format"] = "json"  # one format whatever the Accept header
        return await super().get(request, *args, **kwargs)

    def render_to_response_json(self, status):
        body = {
            type(result.check).__name__: "OK" if not result.error else _reason(result.error)
            for result in self.results
        }
        return JsonResponse(body, status=503 if status != 200 else 200)


def _reason(error) -> str:
    """The check's own short message where we wrote it, else a generic word."""
    text = getattr(error, "message", "")
    if text in {"migrations pending", "no recent worker heartbeat"}:
        return text
    return "unavailable"

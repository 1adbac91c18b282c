"""A large export through the queue and a real worker (PostgreSQL): the request only queues
the job; ``manage.py worker`` makes the workbook, the same as the direct export."""

import io

import pytest
from django.db import connection
from django.test import override_settings
from django.urls import reverse
from openpyxl import load_workbook

from core.models import Job
from tests.factories.reports import make_district

from .test_worker import _run_worker

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="a worker process"),
    pytest.mark.django_db(transaction=True),  # the worker sees only committed rows
]


def _cells(handle) -> list[list]:
    book = load_workbook(handle, read_only=True)
    return [list(row) for sheet in book.worksheets for row in sheet.iter_rows(values_only=True)]


@override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}})
def test_a_large_export_is_made_by_the_worker(client, tmp_path):
    make_district(people=120, cycles=1)
    from django.contrib.auth import get_user_model

    client.force_login(get_user_model().objects.get(username="bm-noivu"))
    direct = _cells(io.BytesIO(b"".join(client.get(reverse("reports:people_export")))))

    with override_settings(BACKGROUND_EXPORT_ROWS=10):
        response = client.get(reverse("reports:people_export"))
    job = Job.objects.get()
    assert response["Location"] == job.get_absolute_url()
    assert job.state == Job.State.QUEUED  # only queued by the request
    assert "tự làm mới" in client.get(job.get_absolute_url()).content.decode()

    media = tmp_path / "media"
    result = _run_worker(tmp_path / "mail", MEDIA_ROOT=str(media))
    assert result.returncode == 0, result.stdout + result.stderr

    job.refresh_from_db()
    assert (job.state, job.attempts, job.done) == (Job.State.DONE, 1, job.total)
    with open(media / job.result_file.name, "rb") as handle:
        assert _cells(handle) == direct
    # Run again: the job is not done twice.
    assert _run_worker(tmp_path / "mail", MEDIA_ROOT=str(media)).returncode == 0
    job.refresh_from_db()
    assert job.attempts == 1

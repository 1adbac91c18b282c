"""A large tracking export (``BACKGROUND_EXPORT_ROWS``) is a job giving the same workbook."""

import io

import pytest
from django.test import override_settings
from django.urls import reverse
from openpyxl import load_workbook

from commitments.jobs import KIND
from core.models import AuditLog, Job
from core.tasks import run_job

pytestmark = pytest.mark.django_db


def _cells(content: bytes) -> list[list]:
    book = load_workbook(io.BytesIO(content), read_only=True)
    return [list(row) for sheet in book.worksheets for row in sheet.iter_rows(values_only=True)]


def test_a_large_tracking_export_is_a_job_with_the_same_workbook(client, org, campaign):
    client.force_login(org.home_affairs)
    url = reverse("commitments:tracking_export", args=[campaign.pk])
    direct = _cells(b"".join(client.get(url).streaming_content))
    exports = AuditLog.objects.filter(action=AuditLog.Action.EXPORT)
    before = exports.count()

    with override_settings(BACKGROUND_EXPORT_ROWS=1):
        response = client.get(url)

    job = Job.objects.get()
    assert (job.kind, job.state) == (KIND, Job.State.DONE)
    assert response["Location"] == job.get_absolute_url()
    download = client.get(reverse("jobs:download", args=[job.pk]))
    assert _cells(b"".join(download.streaming_content)) == direct
    assert exports.count() == before + 1
    assert exports.first().data == {"export": "commitments.tracking", "block": ""}


def test_an_owner_who_no_longer_tracks_gets_a_refusal(client, org, campaign):
    client.force_login(org.home_affairs)
    with override_settings(BACKGROUND_EXPORT_ROWS=1):
        client.get(reverse("commitments:tracking_export", args=[campaign.pk]))
    job = Job.objects.get()
    org.home_affairs.role_assignments.all().delete()

    assert client.get(reverse("jobs:download", args=[job.pk])).status_code == 404
    Job.objects.filter(pk=job.pk).update(state=Job.State.QUEUED)
    run_job.enqueue(job_pk=str(job.pk))
    job.refresh_from_db()
    assert job.state == Job.State.FAILED
    assert "Bạn không còn theo dõi cam kết của năm này." in job.error

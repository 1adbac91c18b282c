"""A large people export runs as a job: its page, its progress, its download (the same
workbook as the direct export), for its owner only."""

import io

import pytest
from django.test import override_settings
from django.urls import reverse
from openpyxl import load_workbook

from core import jobs
from core.models import AuditLog, Job
from core.tasks import run_job
from reports.dashboard.jobs import KIND

pytestmark = pytest.mark.django_db

EXPORT = "reports:people_export"


def _cells(content: bytes) -> list[list]:
    book = load_workbook(io.BytesIO(content), read_only=True)
    return [list(row) for sheet in book.worksheets for row in sheet.iter_rows(values_only=True)]


def _content(response) -> bytes:
    return b"".join(response.streaming_content)


@pytest.fixture
def board(client, district):
    client.force_login(district.users["organisation_board"])
    return district.users["organisation_board"]


def test_below_the_threshold_the_export_downloads_at_once(client, board):
    response = client.get(reverse(EXPORT))

    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    assert not Job.objects.exists()


def test_above_the_threshold_a_job_gives_the_same_workbook(client, board):
    direct = _cells(_content(client.get(reverse(EXPORT))))
    exports_before = AuditLog.objects.filter(action=AuditLog.Action.EXPORT).count()

    with override_settings(BACKGROUND_EXPORT_ROWS=5):
        response = client.get(reverse(EXPORT))

    job = Job.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("jobs:detail", args=[job.pk])
    assert (job.owner, job.kind, job.state) == (board, KIND, Job.State.DONE)
    assert job.total == len(direct) - 1
    page = client.get(response["Location"])
    html = page.content.decode()
    assert "Hoàn thành" in html
    assert reverse("jobs:download", args=[job.pk]) in html
    assert 'http-equiv="refresh"' not in html  # finished: no more reloading
    download = client.get(reverse("jobs:download", args=[job.pk]))
    assert download.status_code == 200
    assert "attachment" in download["Content-Disposition"]
    assert _cells(_content(download)) == direct
    entries = AuditLog.objects.filter(action=AuditLog.Action.EXPORT)
    assert entries.count() == exports_before + 1
    entry = entries.first()
    assert (entry.actor, entry.data["export"]) == (board, "reports.people")
    assert entry.data["query"] == job.parameters["query"]


@pytest.mark.parametrize("persona", ["home_affairs", "administrator", "staff", "superuser"])
def test_nobody_but_the_owner_sees_the_job_or_its_file(client, board, district, persona):
    with override_settings(BACKGROUND_EXPORT_ROWS=5):
        client.get(reverse(EXPORT))
    job = Job.objects.get()
    client.force_login(district.users[persona])

    assert client.get(reverse("jobs:detail", args=[job.pk])).status_code == 404
    assert client.get(reverse("jobs:download", args=[job.pk])).status_code == 404
    assert job.label not in client.get(reverse("jobs:list")).content.decode()


def test_the_owner_who_lost_the_reports_cannot_download(client, board):
    with override_settings(BACKGROUND_EXPORT_ROWS=5):
        client.get(reverse(EXPORT))
    job = Job.objects.get()
    board.role_assignments.all().delete()

    assert client.get(reverse("jobs:download", args=[job.pk])).status_code == 404


def test_running_the_task_twice_does_not_redo_the_job(client, board):
    with override_settings(BACKGROUND_EXPORT_ROWS=5):
        client.get(reverse(EXPORT))
    job = Job.objects.get()
    exports_before = AuditLog.objects.filter(action=AuditLog.Action.EXPORT).count()

    result = run_job.enqueue(job_pk=str(job.pk))

    assert result.return_value == "already done"
    assert AuditLog.objects.filter(action=AuditLog.Action.EXPORT).count() == exports_before
    assert Job.objects.get().attempts == 1


def test_a_refused_job_shows_its_state_and_message(client, board):
    job = jobs.job_create(owner=board, kind=KIND, label="Xuất", parameters={"query": ""})
    board.role_assignments.all().delete()

    run_job.enqueue(job_pk=str(job.pk))

    job.refresh_from_db()
    assert job.state == Job.State.FAILED
    html = client.get(reverse("jobs:detail", args=[job.pk])).content.decode()
    assert "Không thực hiện được" in html
    assert "Bạn không còn quyền xem báo cáo." in html
    assert client.get(reverse("jobs:download", args=[job.pk])).status_code == 404


def test_the_page_shows_the_progress_of_a_running_job_and_reloads(client, board):
    job = jobs.job_create(owner=board, kind=KIND, label="Xuất", parameters={}, total=400)
    job = jobs.job_start(job_pk=job.pk)

    jobs.Progress(job)(100)
    html = client.get(reverse("jobs:detail", args=[job.pk])).content.decode()

    assert '<progress id="job-progress" class="w-100 mb-3" max="100" value="25">' in html
    assert "100 / 400" in html
    assert 'http-equiv="refresh" content="3"' in html
    assert "Đang chạy" in html


def test_a_failing_attempt_is_queued_again_or_failed(client, board, monkeypatch):
    job = jobs.job_create(owner=board, kind=KIND, label="Xuất", parameters={})

    def broken(job, progress):
        raise RuntimeError("database away")

    monkeypatch.setattr(jobs, "_kinds", {KIND: jobs.JobKind(run=broken)})
    result = run_job.enqueue(job_pk=str(job.pk))

    job.refresh_from_db()
    assert result.status == "FAILED"
    # The immediate backend cannot run it later: failed for good, with a safe message.
    assert job.state == Job.State.FAILED
    assert "database away" not in job.error
    assert job.error


def test_an_expired_file_is_not_downloaded_and_is_pruned(client, board):
    with override_settings(BACKGROUND_EXPORT_ROWS=5):
        client.get(reverse(EXPORT))
    job = Job.objects.get()

    with override_settings(JOB_FILES_DAYS=0):
        assert client.get(reverse("jobs:download", args=[job.pk])).status_code == 404
        assert jobs.jobs_prune() == 1

    assert not Job.objects.exists()


@pytest.mark.parametrize("name", ["reports:dashboard_export", "reports:trend_export"])
def test_the_other_reports_download_at_once_whatever_the_threshold(client, board, name):
    with override_settings(BACKGROUND_EXPORT_ROWS=5):
        response = client.get(reverse(name))

    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    assert not Job.objects.exists()

"""A large roster export from the admin (``BACKGROUND_EXPORT_ROWS``) runs as a job: the
request only queues it, and the job decides the rows again, for its owner's scope and
permissions of the moment it runs; the file is the direct export's."""

import pytest
from django.test import override_settings
from django.urls import reverse

from core import tasks
from core.models import AuditLog, Job
from core.tasks import run_job
from tests.factories.roster import read_csv, read_xlsx
from tests.factories.units import PersonFactory, make_administrator, ward_office
from units.roster.jobs import EXPORT_KIND
from units.services import role_revoke

pytestmark = pytest.mark.django_db

XLSX, CSV = "0", "1"


@pytest.fixture
def office():
    return ward_office("BODE", ward_name="Phường Bồ Đề", name="UBND phường Bồ Đề")


@pytest.fixture
def other_office():
    return ward_office("GIATHUY", ward_name="Phường Gia Thụy")


@pytest.fixture
def people(office, other_office):
    for number in range(1, 5):
        PersonFactory(staff_code=f"CB0000{number}", unit=office)
    PersonFactory(staff_code="CB00009", unit=other_office)


@pytest.fixture
def ward_admin(client, office):
    user = make_administrator(office.parent)
    client.force_login(user)
    return user


def export(client, file_format=XLSX, query=""):
    return client.post(
        reverse("admin:units_person_export") + query, {"format": file_format, "resource": "0"}
    )


class _Held:
    """In place of the task: the runs asked for, kept to be run later by the test."""

    def __init__(self):
        self.runs = []

    def enqueue(self, **kwargs):
        self.runs.append(kwargs)


def hold_jobs(monkeypatch) -> list[dict]:
    held = _Held()
    monkeypatch.setattr(tasks, "run_job", held)
    return held.runs


def download(client, job) -> bytes:
    response = client.get(reverse("jobs:download", args=[job.pk]))
    assert response.status_code == 200
    return b"".join(response.streaming_content)


def _exports():
    return AuditLog.objects.filter(action=AuditLog.Action.EXPORT)


def test_below_the_threshold_the_export_downloads_at_once(client, people, ward_admin):
    with override_settings(BACKGROUND_EXPORT_ROWS=4):
        response = export(client)

    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    assert not Job.objects.exists()


@pytest.mark.parametrize(("file_format", "read"), [(XLSX, read_xlsx), (CSV, read_csv)])
def test_above_the_threshold_a_job_gives_the_same_file(
    client, people, ward_admin, file_format, read
):
    direct = read(export(client, file_format).content)

    with override_settings(BACKGROUND_EXPORT_ROWS=3):
        response = export(client, file_format)

    job = Job.objects.get()
    assert response.status_code == 302
    assert response["Location"] == job.get_absolute_url()
    assert (job.owner, job.kind, job.state, job.total) == (ward_admin, EXPORT_KIND, "done", 4)
    assert read(download(client, job)) == direct
    assert [row[0] for row in direct[1:]] == ["CB00001", "CB00002", "CB00003", "CB00004"]
    entry = _exports().order_by("-created_at").first()
    assert (entry.actor, entry.data["export"], entry.data["rows"]) == (
        ward_admin,
        "units.Person",
        4,
    )


def test_the_job_keeps_the_list_filters(client, people, ward_admin):
    with override_settings(BACKGROUND_EXPORT_ROWS=0):
        export(client, query="?q=CB00003")

    job = Job.objects.get()
    assert [row[0] for row in read_xlsx(download(client, job))[1:]] == ["CB00003"]


def test_the_rows_are_decided_when_the_job_runs_with_the_owner_scope(
    client, people, ward_admin, office, monkeypatch
):
    queued = hold_jobs(monkeypatch)
    with override_settings(BACKGROUND_EXPORT_ROWS=3):
        export(client)
    PersonFactory(staff_code="CB00005", unit=office)  # added while the job waits
    monkeypatch.undo()

    run_job.enqueue(**queued[0])

    job = Job.objects.get()
    codes = [row[0] for row in read_xlsx(download(client, job))[1:]]
    assert codes == ["CB00001", "CB00002", "CB00003", "CB00004", "CB00005"]  # not CB00009


def test_an_owner_who_lost_the_admin_role_before_the_run_gets_nothing(
    client, people, ward_admin, monkeypatch
):
    queued = hold_jobs(monkeypatch)
    with override_settings(BACKGROUND_EXPORT_ROWS=3):
        export(client)
    exports_before = _exports().count()
    role_revoke(assignment=ward_admin.role_assignments.get())
    monkeypatch.undo()

    run_job.enqueue(**queued[0])

    job = Job.objects.get()
    assert job.state == Job.State.FAILED
    assert not job.result_file
    assert "không còn quyền xuất danh sách này" in job.error
    assert _exports().count() == exports_before
    assert client.get(reverse("jobs:download", args=[job.pk])).status_code == 404


def test_the_file_is_not_downloaded_once_the_owner_lost_the_admin_role(client, people, ward_admin):
    with override_settings(BACKGROUND_EXPORT_ROWS=3):
        export(client)
    job = Job.objects.get()
    role_revoke(assignment=ward_admin.role_assignments.get())

    assert client.get(reverse("jobs:download", args=[job.pk])).status_code == 404


def test_another_administrator_of_the_same_ward_does_not_see_the_job(
    client, people, ward_admin, office
):
    with override_settings(BACKGROUND_EXPORT_ROWS=3):
        export(client)
    job = Job.objects.get()
    client.force_login(make_administrator(office.parent))

    assert client.get(reverse("jobs:detail", args=[job.pk])).status_code == 404
    assert client.get(reverse("jobs:download", args=[job.pk])).status_code == 404


def test_a_filter_that_no_longer_exists_fails_the_job_with_a_message(
    client, people, ward_admin, monkeypatch
):
    queued = hold_jobs(monkeypatch)
    with override_settings(BACKGROUND_EXPORT_ROWS=3):
        export(client)
    monkeypatch.undo()
    job = Job.objects.get()
    job.parameters["query"] = "no_such_field=1"
    job.save(update_fields=["parameters"])

    run_job.enqueue(**queued[0])

    job.refresh_from_db()
    assert job.state == Job.State.FAILED
    assert "bộ lọc" in job.error

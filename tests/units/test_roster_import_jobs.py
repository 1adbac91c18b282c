"""A large confirmed roster import (``BACKGROUND_IMPORT_ROWS``) runs as a job: the rows the
preview checked are imported once, all or nothing, and the job page shows the counts."""

import pytest
from django.db import IntegrityError
from django.test import override_settings

from core.models import AuditLog, Job
from core.tasks import run_job
from tests.factories.roster import confirm, page_text, person_row, post_import, xlsx_file
from tests.factories.units import PersonFactory
from units.models import Person
from units.roster import PersonResource
from units.roster.jobs import KIND

pytestmark = pytest.mark.django_db

CODES = [f"CB9{n:04d}" for n in range(1, 6)]


def _imports():
    return AuditLog.objects.filter(action=AuditLog.Action.IMPORT)


def _preview(client, office):
    PersonFactory(staff_code="CB80001", full_name="Đã có", unit=office)
    rows = [person_row(code) for code in CODES]
    rows.append(person_row("CB80001", **{"Họ và tên": "Tên mới"}))
    return post_import(client, xlsx_file(rows))


@override_settings(BACKGROUND_IMPORT_ROWS=3)
def test_a_large_import_runs_as_a_job_and_shows_its_counts(admin_client, office):
    response = confirm(admin_client, _preview(admin_client, office))

    job = Job.objects.get()
    assert response.status_code == 302
    assert response["Location"] == job.get_absolute_url()
    assert (job.kind, job.state, job.total) == (KIND, Job.State.DONE, 6)
    assert set(CODES) <= set(Person.objects.values_list("staff_code", flat=True))
    assert not job.input_file  # the checked rows are gone once imported
    text = page_text(admin_client.get(job.get_absolute_url()))
    assert "5 dòng được thêm mới" in text
    assert "1 dòng được cập nhật" in text
    entry = _imports().get()
    assert entry.data["model"] == "units.Person"
    assert entry.data["file_name"] == "danh-sach.xlsx"
    assert entry.data["rows"] == {"new": 5, "updated": 1, "skipped": 0}
    assert len(entry.data["sha256"]) == 64


@override_settings(BACKGROUND_IMPORT_ROWS=3)
def test_running_the_import_job_again_imports_nothing_twice(admin_client, office):
    confirm(admin_client, _preview(admin_client, office))
    job = Job.objects.get()
    history = Person.history.count()

    assert run_job.enqueue(job_pk=str(job.pk)).return_value == "already done"

    assert Person.history.count() == history
    assert _imports().count() == 1


@override_settings(BACKGROUND_IMPORT_ROWS=3)
def test_a_row_failing_at_import_time_leaves_nothing_written(admin_client, office, monkeypatch):
    preview = _preview(admin_client, office)
    save = PersonResource.save_instance

    def failing(self, instance, is_create, row, **kwargs):
        if instance.staff_code == CODES[3]:
            raise IntegrityError("a row the preview could not foresee")
        return save(self, instance, is_create, row, **kwargs)

    monkeypatch.setattr(PersonResource, "save_instance", failing)
    confirm(admin_client, preview)

    job = Job.objects.get()
    assert job.state == Job.State.FAILED
    assert not job.input_file  # the rows are not kept past a final failure
    assert not Person.objects.filter(staff_code__in=CODES).exists()
    assert Person.objects.get(staff_code="CB80001").full_name == "Đã có"
    assert not _imports().exists()
    page = page_text(admin_client.get(job.get_absolute_url()))
    assert "Chưa nhập gì: tệp không còn vượt qua" in page


def test_a_small_import_stays_at_once(admin_client, office):
    response = confirm(admin_client, _preview(admin_client, office))

    assert response.status_code == 302
    assert not Job.objects.exists()
    assert Person.objects.filter(staff_code__in=CODES).count() == 5
    assert _imports().count() == 1

"""A large export in a browser: the people export past ``BACKGROUND_EXPORT_ROWS`` opens its
job page, which offers the download (the immediate backend has done the job)."""

import pytest
from django.test import override_settings
from django.urls import reverse
from openpyxl import load_workbook

from core.models import Job
from tests.factories.reports import make_district

from .steps import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@override_settings(BACKGROUND_EXPORT_ROWS=10)
def test_a_large_export_goes_through_its_job_page_to_the_download(page, live_server, tmp_path):
    make_district(people=300, cycles=2)
    log_in(page, live_server, "bm-noivu", password="bm-noivu")
    page.goto(live_server.url + reverse("reports:people"))

    page.get_by_role("link", name="Xuất ra Excel").click()

    page.get_by_role("heading", name="Excel: Báo cáo theo cá nhân, Quận Long Biên").wait_for()
    job = Job.objects.get()
    assert page.url.endswith(reverse("jobs:detail", args=[job.pk]))
    assert page.get_by_text("Hoàn thành").is_visible()
    assert page.locator("progress#job-progress").get_attribute("value") == "100"
    with page.expect_download() as download:
        page.get_by_role("link", name="Tải xuống").click()
    target = tmp_path / download.value.suggested_filename
    download.value.save_as(target)
    rows = list(load_workbook(target, read_only=True)["Cán bộ"].iter_rows(values_only=True))
    assert rows[0][0] == "Họ và tên"
    assert len(rows) - 1 == job.total > 10

    page.get_by_role("link", name="Tác vụ của tôi").first.click()
    page.get_by_role("heading", name="Tác vụ của tôi").wait_for()
    assert page.get_by_role("link", name=job.label).is_visible()

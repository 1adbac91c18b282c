"""The district reports in a browser: phòng Nội vụ filters to a ward, drills to a person and
downloads the Excel file; with SAVE_SCREENSHOTS=1 the dashboard lands in docs/reports/."""

import re
from pathlib import Path

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from evaluations.models import Evaluation
from tests.factories.reports import make_district
from units.models import Unit

from .steps import log_in, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path(__file__).resolve().parents[2] / "docs" / "reports"


def _shot(page, name):
    screenshot(page, SHOTS, name)


def _log_in(page, live_server, username):
    log_in(page, live_server, username, password=username)  # the generator's accounts


def test_home_affairs_filters_to_a_ward_drills_to_a_person_and_downloads(
    page, live_server, tmp_path
):
    make_district(people=1500, cycles=3)
    ward_body = Unit.objects.get(code="BM-P01-UBND")
    people_there = Evaluation.objects.filter(unit=ward_body).order_by("cycle").last()
    count = Evaluation.objects.filter(unit=ward_body, cycle=people_there.cycle).count()

    _log_in(page, live_server, "bm-noivu")
    page.get_by_role("link", name="Báo cáo", exact=True).click()
    page.get_by_role("heading", name="Báo cáo theo đơn vị: Quận Long Biên").wait_for()
    page.locator("canvas[data-chart='chart-completion']").wait_for()
    page.wait_for_function("Object.keys(Chart.instances).length >= 4")
    _shot(page, "dashboard-desktop")

    # Filter to one ward: only its government bodies remain.
    page.get_by_label("Đơn vị", exact=True).select_option(label="– Phường Bồ Đề")
    page.get_by_role("button", name="Lọc").click()
    page.get_by_role("heading", name="Báo cáo theo đơn vị: Phường Bồ Đề").wait_for()
    progress = page.get_by_role("table", name="Phiếu đánh giá theo trạng thái và đơn vị")
    assert progress.get_by_role("link", name="UBND phường Bồ Đề").is_visible()
    assert progress.get_by_text("Đảng ủy phường Bồ Đề").count() == 0
    _shot(page, "dashboard-ward")

    # Drill to the people of the ward's People's Committee, then to one person.
    progress.get_by_role("link", name="UBND phường Bồ Đề").click()
    page.get_by_role("heading", name="Báo cáo theo cá nhân: UBND phường Bồ Đề").wait_for()
    _shot(page, "people")
    first = page.get_by_role("table", name="Số người được đánh giá").get_by_role("link").first
    name = first.inner_text()
    first.click()
    page.get_by_text(name).first.wait_for()
    assert "/danh-gia/" in page.url
    page.go_back()

    # The Excel file of the people list.
    with page.expect_download() as download:
        page.get_by_role("link", name="Xuất ra Excel").click()
    target = tmp_path / download.value.suggested_filename
    download.value.save_as(target)
    book = load_workbook(target, read_only=True)
    rows = list(book["Cán bộ"].iter_rows(values_only=True))
    assert rows[0][0] == "Họ và tên"
    assert len(rows) - 1 == count
    assert {row[2] for row in rows[1:]} == {ward_body.name}

    # The criteria and the years, as a district official would put them in a slide.
    page.get_by_role("link", name="Quận Long Biên").first.click()
    page.get_by_role("link", name="Theo tiêu chí").click()
    page.get_by_role("heading", name="Báo cáo theo tiêu chí: Quận Long Biên").wait_for()
    page.wait_for_function("Object.keys(Chart.instances).length >= 1")
    _shot(page, "criteria")
    page.get_by_role("link", name="Qua các năm").click()
    page.get_by_role("heading", name="Báo cáo qua các năm: Quận Long Biên").wait_for()
    page.wait_for_function("Object.keys(Chart.instances).length >= 2")
    _shot(page, "trend")


def test_the_dashboard_on_a_phone(browser, live_server):
    make_district(people=1500, cycles=3)
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, locale="vi-VN", device_scale_factor=1
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    try:
        _log_in(page, live_server, "bm-bantochuc")
        page.goto(live_server.url + reverse("reports:dashboard"))
        page.get_by_role("heading", name=re.compile("Báo cáo theo đơn vị")).wait_for()
        page.wait_for_function("Object.keys(Chart.instances).length >= 4")
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, "the page must not scroll sideways on a phone"
        _shot(page, "dashboard-phone")
    finally:
        context.close()

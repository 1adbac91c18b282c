"""A commitment from the signature to the district: staff, block office, district reviewer."""

import re
from pathlib import Path

import pytest
from django.urls import reverse

from tests.factories.commitments import PDF  # a real one-page PDF: scans are parsed
from tests.factories.units import DEFAULT_PASSWORD
from tests.factories.world import build_world

from .steps import load_decision_criteria, log_in, open_campaign, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path(__file__).resolve().parents[2] / "docs" / "commitments"


def _shot(page, name):
    screenshot(page, SHOTS, name, full_page=True)


def test_staff_signs_clerk_records_paper_and_reports_district_sees_it(page, live_server, tmp_path):
    world = build_world()
    load_decision_criteria(world)  # so that the commitment text lists the decision's criteria
    open_campaign(world)

    # The staff member reads the full text and signs from the home page's card.
    log_in(page, live_server, "BD0001")
    page.get_by_role("link", name="Đọc và ký").click()
    page.get_by_role("heading", name=re.compile("Bản cam kết năm")).wait_for()
    assert page.get_by_text("Đơn vị công tác: UBND phường Bồ Đề").is_visible()
    commitment_text = page.get_by_text("Đơn vị công tác: UBND phường Bồ Đề").inner_text()
    assert "1. Đạo đức công vụ" in commitment_text
    assert "Trung thực, liêm chính" in commitment_text
    assert "Tiêu chí 0" not in commitment_text
    _shot(page, "1-sign")
    page.get_by_label("Gõ họ và tên của bạn").fill("trần thị mai")
    page.get_by_label("Mật khẩu của bạn").fill(DEFAULT_PASSWORD)
    page.get_by_label("Tôi đã đọc toàn bộ nội dung và cam kết thực hiện.").check()
    page.get_by_role("button", name="Ký bản cam kết").click()
    page.get_by_text("Bản cam kết của bạn đã được ký và ghi nhận.").wait_for()
    _shot(page, "2-signed")
    with page.context.expect_page() as printed:
        page.get_by_role("link", name="Bản in (khổ A4)").click()
    print_page = printed.value
    print_page.get_by_text("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM").wait_for()
    _shot(print_page, "3-print")
    print_page.close()

    # The People's Committee office sees it and records the head's paper commitment.
    log_in(page, live_server, "vp-bode")
    page.goto(live_server.url + reverse("commitments:index"))
    page.get_by_role("link", name=re.compile("Phường Bồ Đề")).click()
    row = page.get_by_role("row", name=re.compile("Trần Thị Mai"))
    row.get_by_text("Ký đúng hạn").wait_for()
    _shot(page, "4-office")
    page.get_by_role("row", name=re.compile("Lê Văn Hùng")).get_by_role(
        "link", name="Ghi nhận bản giấy"
    ).click()
    scan = tmp_path / "cam-ket-le-van-hung.pdf"
    scan.write_bytes(PDF)
    page.get_by_label("Bản quét (scan) bản giấy đã ký").set_input_files(str(scan))
    _shot(page, "5-paper")
    page.get_by_role("button", name="Ghi nhận", exact=True).click()
    page.get_by_text("Đã ghi nhận bản cam kết giấy của Lê Văn Hùng.").wait_for()
    page.get_by_role("button", name="Nộp báo cáo lên Chủ tịch UBND").click()
    page.get_by_role("heading", name="Nộp báo cáo lên Chủ tịch UBND?").wait_for()
    page.get_by_text("Tất cả đã ký.").wait_for()
    page.get_by_role("button", name="Nộp báo cáo", exact=True).click()
    page.get_by_text("Đã nộp báo cáo lên thủ trưởng.").wait_for()
    assert page.get_by_text("Mọi người đều đã ký.").is_visible()
    _shot(page, "6-report")

    # The Home Affairs office (government block) sees the ward's report and counts.
    log_in(page, live_server, "noivu")
    page.get_by_role("link", name="Theo dõi theo đơn vị").click()
    ward_row = page.get_by_role("row", name=re.compile("Phường Bồ Đề"))
    ward_row.get_by_role("link", name="Văn phòng đã nộp").wait_for()
    assert ward_row.get_by_role("cell", name="100", exact=True).is_visible()
    _shot(page, "7-tracking")
    ward_row.get_by_role("link", name="Văn phòng đã nộp").click()
    page.get_by_role("heading", name=re.compile("Báo cáo ký cam kết")).wait_for()

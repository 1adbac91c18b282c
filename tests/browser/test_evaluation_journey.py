"""The whole evaluation in headless Chromium: self-assessment with the live total, three
colleagues, the head's side-by-side review, conclusion, sign-off with the password,
publication, the person's acknowledgement and the printable A4 result.

With SAVE_SCREENSHOTS=1 the main pages are saved to docs/screenshots/.
"""

import datetime
import os
import re
from pathlib import Path

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from criteria.models import Criterion
from evaluations import services
from evaluations.models import Evaluation, State
from tests.factories.evaluations import CycleFactory
from tests.factories.units import DEFAULT_PASSWORD, PersonFactory
from tests.factories.world import build_world

from .steps import load_decision_criteria, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
SAVE = os.environ.get("SAVE_SCREENSHOTS") == "1"
COLLEAGUES = [("BD0003", "Vũ Thị Lan"), ("BD0004", "Hoàng Minh Đức"), ("BD0005", "Ngô Thanh Hương")]


def _shoot(page, name, *, full_page=False):
    """Save a screenshot; a full page is taken with a viewport as tall as the page, so that
    sticky bars sit where they belong instead of over the middle of the picture.
    """
    if not SAVE:
        return
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    size = page.viewport_size
    if full_page:
        height = page.evaluate("document.documentElement.scrollHeight")
        page.set_viewport_size({"width": size["width"], "height": height})
    page.screenshot(path=str(SCREENSHOTS / name))
    page.set_viewport_size(size)


def _fill_scores(page, values):
    inputs = page.locator("input.score-input")
    for index in range(inputs.count()):
        inputs.nth(index).fill(str(values[index % len(values)]))


GUIDANCE = {
    "Trung thực, liêm chính": "Không vụ lợi, không nhũng nhiễu; báo cáo đúng sự thật.",
    "Ý thức kỷ luật": "Chấp hành giờ giấc, quy chế làm việc và sự phân công.",
    "Tôn trọng tận tụy, phục vụ nhân dân": "Tiếp nhận, giải quyết việc của người dân đúng hẹn.",
}


def _load_decision_criteria(world):
    """The two sets of Decision 264/QĐ-QU as the district loads them, in place of the
    world's test sets, with guidance on a few criteria.
    """
    load_decision_criteria(world)
    for text, guidance in GUIDANCE.items():
        Criterion.objects.filter(text=text).update(guidance=guidance)


def _setup():
    world = build_world()
    _load_decision_criteria(world)
    for code, name in COLLEAGUES:
        PersonFactory(unit=world.gov_a, full_name=name, staff_code=code, user__username=code)
    year = datetime.date.today().year
    cycle = CycleFactory(name=f"Đánh giá năm {year}", scope=[world.district])
    services.cycle_open(cycle=cycle, actor=world.users["superuser"])
    return world, cycle


def test_the_whole_evaluation_in_the_browser(page, live_server):
    _world, cycle = _setup()
    evaluation = Evaluation.objects.get(cycle=cycle, person__staff_code="BD0001")

    # The staff member fills in the self-assessment and sees the live total.
    log_in(page, live_server, "BD0001")
    page.get_by_role("link", name="Đánh giá", exact=True).click()
    page.get_by_role("link", name="Tự đánh giá", exact=True).first.click()
    page.get_by_role("heading", name="Bản tự đánh giá").wait_for()
    _fill_scores(page, [8, 9, 8.5])
    total = page.locator("#assessment-total")
    assert total.inner_text() == "85,00"  # (8 + 9 + 8.5) × 2 / 60 → 85 on the 0-100 scale
    page.get_by_label("Ưu điểm").fill(
        "Chủ động, tận tụy với công việc; giao tiếp tốt với nhân dân."
    )
    page.get_by_label("Hạn chế, khuyết điểm và hướng khắc phục").fill(
        "Cần nâng cao kỹ năng ứng dụng công nghệ thông tin."
    )
    page.get_by_label("Mức xếp loại tự đề xuất").select_option(label="Hoàn thành tốt nhiệm vụ")
    _shoot(page, "self-assessment-desktop.png", full_page=True)
    page.set_viewport_size({"width": 390, "height": 844})
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    _shoot(page, "self-assessment-phone.png")
    page.set_viewport_size({"width": 1280, "height": 900})
    page.get_by_role("button", name="Gửi", exact=True).click()
    page.get_by_role("heading", name="Gửi bản tự đánh giá?").wait_for()
    page.get_by_role("button", name="Gửi", exact=True).click()
    page.wait_for_url(re.compile(r"/danh-gia/$"))
    page.get_by_text("Đã gửi. Xin cảm ơn.").wait_for()

    # The head asks three colleagues.
    log_in(page, live_server, "BD0002")
    page.goto(live_server.url + reverse("evaluations:head_list"))
    page.get_by_role("heading", name=re.compile("Cán bộ UBND phường Bồ Đề")).wait_for()
    _shoot(page, "head-list.png", full_page=True)
    page.get_by_role("row", name=re.compile("Trần Thị Mai")).get_by_role(
        "link", name="Xem xét"
    ).click()
    page.get_by_role("link", name="Đề nghị đồng nghiệp đánh giá").click()
    for _code, name in COLLEAGUES:
        page.get_by_label(re.compile(name)).check()
    page.get_by_role("button", name="Đề nghị những người đã chọn").click()
    page.get_by_text("Đã đề nghị 3 đồng nghiệp đánh giá.").wait_for()

    # Each colleague assesses.
    for (code, _name), value in zip(COLLEAGUES, (7, 8, 9), strict=True):
        log_in(page, live_server, code)
        page.goto(live_server.url + reverse("evaluations:colleague_list"))
        page.get_by_role("link", name=re.compile("Trần Thị Mai")).click()
        page.get_by_role("heading", name="Phiếu đánh giá đồng nghiệp").wait_for()
        _fill_scores(page, [value])
        page.get_by_role("button", name="Gửi", exact=True).click()
        page.get_by_role("heading", name="Gửi phiếu đánh giá đồng nghiệp này?").wait_for()
        page.get_by_role("button", name="Gửi", exact=True).click()
        page.wait_for_url(re.compile(r"/danh-gia/dong-nghiep/$"))

    # The head reviews side by side, assesses, concludes, signs off, publishes.
    log_in(page, live_server, "BD0002")
    review_url = live_server.url + reverse("evaluations:review", args=[evaluation.pk])
    page.goto(review_url)
    page.get_by_role("button", name="Bắt đầu xem xét").click()
    page.get_by_role("link", name="Chấm điểm", exact=True).click()
    page.get_by_role("heading", name="Phiếu đánh giá của thủ trưởng").wait_for()
    _fill_scores(page, [9, 8.5])
    page.get_by_role("button", name="Gửi", exact=True).click()
    page.get_by_role("heading", name="Gửi phiếu đánh giá của bạn?").wait_for()
    page.get_by_role("button", name="Gửi", exact=True).click()
    page.wait_for_url(review_url)
    page.get_by_role("heading", name="Đối chiếu điểm").wait_for()
    assert "Đồng nghiệp (trung bình)" in page.locator("main").inner_text()
    page.get_by_label("Ý kiến kết luận của thủ trưởng").fill(
        "Hoàn thành tốt nhiệm vụ được giao; cần phát huy tinh thần chủ động."
    )
    _shoot(page, "review-side-by-side.png", full_page=True)
    page.get_by_role("button", name="Kết luận", exact=True).click()
    page.get_by_text("Đã kết luận.").wait_for()
    page.get_by_role("link", name="Ký duyệt", exact=True).click()
    page.get_by_role("heading", name="Ký duyệt kết quả này?").wait_for()
    page.get_by_label("Mật khẩu của bạn, để ký").fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name="Ký duyệt", exact=True).click()
    page.get_by_text("Chữ ký hợp lệ.").wait_for()
    page.get_by_role("button", name="Công bố trong đơn vị").click()
    page.get_by_role("heading", name="Công bố kết quả này trong đơn vị?").wait_for()
    page.get_by_role("button", name="Công bố trong đơn vị").click()
    page.get_by_text("Đã công bố: mọi người trong đơn vị xem được kết quả.").wait_for()
    assert Evaluation.objects.get(pk=evaluation.pk).state == State.PUBLISHED

    # The person reads the result, acknowledges it and prints it.
    log_in(page, live_server, "BD0001")
    page.goto(live_server.url + reverse("evaluations:result", args=[evaluation.pk]))
    page.get_by_role("button", name="Tôi đã xem").click()
    page.get_by_text("Cảm ơn: bạn đã xác nhận xem kết quả.").wait_for()
    page.get_by_role("link", name="Bản in").click()
    page.get_by_role("heading", name="PHIẾU ĐÁNH GIÁ SỰ CHUYÊN NGHIỆP").wait_for()
    assert page.get_by_text("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM").is_visible()
    _shoot(page, "print-a4.png", full_page=True)
    page.emulate_media(media="print")
    # The print button hides once the print style applies (it may take a frame under load).
    expect(page.get_by_role("button", name="In")).to_be_hidden()
    ARTIFACTS.mkdir(exist_ok=True)
    pdf = page.pdf(path=str(ARTIFACTS / "evaluation-print.pdf"), prefer_css_page_size=True)
    assert pdf.startswith(b"%PDF")
    assert Evaluation.objects.get(pk=evaluation.pk).acknowledged_at is not None

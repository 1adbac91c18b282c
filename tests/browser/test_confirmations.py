"""Every step that cannot be undone asks first, in the browser: "Hủy, quay lại" changes
nothing; confirming acts once, and the same form sent a second time (a double click, a
resend) changes nothing and says so. Also the head's rules: the head is not offered as a
colleague, and starting the review with a colleague missing names who has not answered.
"""

import datetime
import re

import pytest
from django.urls import reverse

from commitments import services as commitment_services
from commitments.models import AuditEntry as CommitmentAudit
from commitments.models import Campaign, UnitReport
from evaluations import services
from evaluations.models import Assessment, AuditEntry, Evaluation, State
from tests.factories.evaluations import CycleFactory, fill
from tests.factories.units import DEFAULT_PASSWORD, PersonFactory
from tests.factories.world import build_world
from units.models import Person

from .steps import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CANCEL = "Hủy, quay lại"
ALREADY_SENT = "Biểu mẫu này đã được gửi trước đó; lần gửi thứ hai không thay đổi gì."
PEERS = [
    ("BD0003", "Vũ Thị Lan"),
    ("BD0004", "Hoàng Minh Đức"),
    ("BD0005", "Ngô Thanh Hương"),
    ("BD0006", "Đinh Văn Nam"),
    ("BD0007", "Phan Thị Thu"),
]


def _person(code) -> Person:
    return Person.objects.select_related("user").get(staff_code=code)


def _to_head_review(evaluation, head):
    person = evaluation.person
    fill(evaluation, person, "self", 8)
    services.self_assessment_submit(evaluation=evaluation, actor=person.user)
    services.evaluation_send_to_head(evaluation=evaluation, actor=head.user)


def _to_concluded(evaluation, head):
    _to_head_review(evaluation, head)
    fill(evaluation, head, "head", 9)
    services.head_assessment_submit(evaluation=evaluation, actor=head.user)
    services.evaluation_conclude(evaluation=evaluation, actor=head.user)


def _to_signed(evaluation, head):
    _to_concluded(evaluation, head)
    services.evaluation_sign_off(evaluation=evaluation, actor=head.user, password=DEFAULT_PASSWORD)


@pytest.fixture
def evaluations(db):
    """BD0001 has a self-assessment draft; BD0003 is concluded, BD0004 and BD0005 signed
    off, BD0006 in head review; BD0007 asked BD0003 and BD0004, and only BD0003 answered."""
    world = build_world()
    for code, name in PEERS:
        PersonFactory(unit=world.gov_a, full_name=name, staff_code=code, user__username=code)
    cycle = CycleFactory(name="Đánh giá năm nay", scope=[world.district])
    services.cycle_open(cycle=cycle, actor=world.users["superuser"])
    head = _person("BD0002")
    by_code = {
        e.person.staff_code: e
        for e in Evaluation.objects.filter(cycle=cycle).select_related("person", "person__user")
    }
    fill(by_code["BD0001"], by_code["BD0001"].person, "self", 8)
    _to_concluded(by_code["BD0003"], head)
    _to_signed(by_code["BD0004"], head)
    _to_signed(by_code["BD0005"], head)
    _to_head_review(by_code["BD0006"], head)
    waiting = by_code["BD0007"]
    fill(waiting, waiting.person, "self", 8)
    services.self_assessment_submit(evaluation=waiting, actor=waiting.person.user)
    services.colleagues_assign(
        evaluation=waiting, colleagues=[_person("BD0003"), _person("BD0004")], actor=head.user
    )
    fill(waiting, _person("BD0003"), "colleague", 7)
    services.colleague_assessment_submit(evaluation=waiting, actor=_person("BD0003").user)
    return by_code


def _state(evaluation) -> str:
    return Evaluation.objects.get(pk=evaluation.pk).state


def _cancel(page, live_server, back_url):
    """Leave the confirmation page by its link: back where the step was asked for."""
    page.get_by_role("link", name=CANCEL).click()
    page.wait_for_url(live_server.url + back_url + "*")


def _confirm_twice(page, button, done_text):
    """Press the confirmation page's button, then send the very same form again (what a
    double click or the browser's resend does); the second answer's text is returned."""
    form = page.locator("[data-confirm-page] form")
    fields = form.evaluate("f => Object.fromEntries(new FormData(f))")
    url = page.url
    page.get_by_role("button", name=button, exact=True).click()
    page.get_by_text(done_text).first.wait_for()
    again = page.request.post(url, form=fields)
    assert again.ok
    return again.text()


def test_publish_cancel_then_confirm_once(page, live_server, evaluations):
    evaluation = evaluations["BD0004"]
    review = reverse("evaluations:review", args=[evaluation.pk])
    log_in(page, live_server, "BD0002")
    page.goto(live_server.url + review)

    page.get_by_role("button", name="Công bố trong đơn vị").click()
    page.get_by_role("heading", name="Công bố kết quả này trong đơn vị?").wait_for()
    _cancel(page, live_server, review)
    assert _state(evaluation) == State.SIGNED_OFF

    page.get_by_role("button", name="Công bố trong đơn vị").click()
    second = _confirm_twice(page, "Công bố trong đơn vị", "Đã công bố")
    assert ALREADY_SENT in second
    assert _state(evaluation) == State.PUBLISHED
    assert AuditEntry.objects.filter(evaluation=evaluation, action="publish").count() == 1


def test_sign_off_cancel_then_confirm_once(page, live_server, evaluations):
    evaluation = evaluations["BD0003"]
    review = reverse("evaluations:review", args=[evaluation.pk])
    log_in(page, live_server, "BD0002")
    page.goto(live_server.url + review)

    page.get_by_role("link", name="Ký duyệt", exact=True).click()
    page.get_by_role("heading", name="Ký duyệt kết quả này?").wait_for()
    _cancel(page, live_server, review)
    assert _state(evaluation) == State.CONCLUDED

    page.get_by_role("link", name="Ký duyệt", exact=True).click()
    page.get_by_label("Mật khẩu của bạn, để ký").fill(DEFAULT_PASSWORD)
    second = _confirm_twice(page, "Ký duyệt", "Chữ ký hợp lệ.")
    assert ALREADY_SENT in second
    assert _state(evaluation) == State.SIGNED_OFF
    assert AuditEntry.objects.filter(evaluation=evaluation, action="sign_off").count() == 1


def test_return_carries_the_reason_cancel_then_confirm_once(page, live_server, evaluations):
    evaluation = evaluations["BD0006"]
    review = reverse("evaluations:review", args=[evaluation.pk])
    log_in(page, live_server, "BD0002")
    page.goto(live_server.url + review)

    page.get_by_text("Trả lại người được đánh giá").click()
    page.get_by_label("Lý do trả lại").fill("Thiếu minh chứng kết quả công việc.")
    page.get_by_role("button", name="Trả lại", exact=True).click()
    page.get_by_role("heading", name="Trả lại phiếu đánh giá cho người được đánh giá?").wait_for()
    assert page.get_by_label("Lý do trả lại").input_value() == "Thiếu minh chứng kết quả công việc."
    _cancel(page, live_server, review)
    assert _state(evaluation) == State.HEAD_REVIEW

    page.goto(live_server.url + reverse("evaluations:return", args=[evaluation.pk]))
    page.get_by_label("Lý do trả lại").fill("Thiếu minh chứng.")
    second = _confirm_twice(page, "Trả lại", "Đã trả lại")
    assert ALREADY_SENT in second
    assert _state(evaluation) == State.RETURNED
    assert AuditEntry.objects.filter(evaluation=evaluation, action="return").count() == 1


def test_reopen_cancel_then_confirm_once(page, live_server, evaluations):
    evaluation = evaluations["BD0005"]
    review = reverse("evaluations:review", args=[evaluation.pk])
    log_in(page, live_server, "quantri")
    page.goto(live_server.url + review)

    page.get_by_role("link", name="Mở lại", exact=True).click()
    page.get_by_role("heading", name="Mở lại kết quả đã ký duyệt này?").wait_for()
    _cancel(page, live_server, review)
    assert _state(evaluation) == State.SIGNED_OFF

    page.get_by_role("link", name="Mở lại", exact=True).click()
    page.get_by_label("Lý do mở lại").fill("Chấm nhầm tiêu chí 2.1.")
    second = _confirm_twice(page, "Mở lại", "Đã mở lại")
    assert ALREADY_SENT in second
    assert _state(evaluation) == State.REOPENED
    assert AuditEntry.objects.filter(evaluation=evaluation, action="reopen").count() == 1


def test_self_assessment_cancel_keeps_the_draft_then_confirm_once(page, live_server, evaluations):
    evaluation = evaluations["BD0001"]
    form = reverse("evaluations:self_form", args=[evaluation.pk])
    log_in(page, live_server, "BD0001")
    page.goto(live_server.url + form)

    page.get_by_label("Ưu điểm").fill("Chủ động, tận tụy với công việc.")
    page.get_by_label("Hạn chế, khuyết điểm và hướng khắc phục").fill("Cần học thêm tin học.")
    page.get_by_label("Mức xếp loại tự đề xuất").select_option(label="Hoàn thành tốt nhiệm vụ")
    page.get_by_role("button", name="Gửi", exact=True).click()
    page.get_by_role("heading", name="Gửi bản tự đánh giá?").wait_for()
    page.get_by_text("Tổng điểm của bạn: 80/100.").wait_for()
    _cancel(page, live_server, form)
    assert _state(evaluation) == State.SELF_DRAFT

    page.get_by_role("button", name="Gửi", exact=True).click()
    page.get_by_role("heading", name="Gửi bản tự đánh giá?").wait_for()
    second = _confirm_twice(page, "Gửi", "Đã gửi. Xin cảm ơn.")
    assert ALREADY_SENT in second
    assert _state(evaluation) == State.SELF_SUBMITTED
    assert AuditEntry.objects.filter(evaluation=evaluation, action="self_submit").count() == 1


def test_colleague_and_head_assessments_cancel_keeps_the_draft_then_confirm_once(
    page, live_server, evaluations
):
    # BD0004 was asked to assess BD0007 and has not answered yet.
    evaluation = evaluations["BD0007"]
    form = reverse("evaluations:colleague_form", args=[evaluation.pk])
    log_in(page, live_server, "BD0004")
    page.goto(live_server.url + form)
    inputs = page.locator("input.score-input")
    for index in range(inputs.count()):
        inputs.nth(index).fill("6")
    page.get_by_role("button", name="Gửi", exact=True).click()
    page.get_by_role("heading", name="Gửi phiếu đánh giá đồng nghiệp này?").wait_for()
    _cancel(page, live_server, form)
    colleague = Assessment.objects.get(evaluation=evaluation, assessor__staff_code="BD0004")
    assert colleague.status == "draft" and colleague.total is not None  # saved, not sent

    page.get_by_role("button", name="Gửi", exact=True).click()
    second = _confirm_twice(page, "Gửi", "Đã gửi. Xin cảm ơn.")
    assert ALREADY_SENT in second
    colleague.refresh_from_db()
    assert colleague.status == "submitted"
    assert Evaluation.objects.get(pk=evaluation.pk).colleagues_answered == 2


def test_the_head_is_told_who_has_not_answered_and_is_not_offered_as_colleague(
    page, live_server, evaluations
):
    evaluation = evaluations["BD0007"]
    review = reverse("evaluations:review", args=[evaluation.pk])
    log_in(page, live_server, "BD0002")
    page.goto(live_server.url + reverse("evaluations:colleagues_pick", args=[evaluation.pk]))
    page.get_by_label(re.compile("Trần Thị Mai")).wait_for()
    assert page.get_by_label(re.compile("Lê Văn Hùng")).count() == 0  # the head himself

    page.goto(live_server.url + review)
    page.get_by_role("button", name="Bắt đầu xem xét").click()
    page.get_by_text(
        "1 đồng nghiệp được đề nghị chưa trả lời: Hoàng Minh Đức.", exact=True
    ).wait_for()
    _cancel(page, live_server, review)
    assert _state(evaluation) == State.COLLEAGUES

    page.get_by_role("button", name="Bắt đầu xem xét").click()
    second = _confirm_twice(page, "Bắt đầu xem xét", "Đã bắt đầu xem xét")
    assert ALREADY_SENT in second
    assert _state(evaluation) == State.HEAD_REVIEW


def test_publish_all_cancel_then_confirm_once(page, live_server, evaluations):
    cycle = evaluations["BD0004"].cycle
    log_in(page, live_server, "BD0002")
    head_list = reverse("evaluations:head_list")
    page.goto(live_server.url + head_list + f"?cycle={cycle.pk}")

    page.get_by_role("button", name=re.compile("Công bố")).first.click()
    page.get_by_role("heading", name="Công bố tất cả kết quả đã ký duyệt?").wait_for()
    page.get_by_text(re.compile("2 kết quả đã ký duyệt sẽ được công bố")).wait_for()
    _cancel(page, live_server, head_list)
    assert Evaluation.objects.filter(state=State.PUBLISHED).count() == 0

    page.get_by_role("button", name=re.compile("Công bố")).first.click()
    second = _confirm_twice(page, "Công bố tất cả", "Đã công bố 2 kết quả")
    assert ALREADY_SENT in second
    assert Evaluation.objects.filter(state=State.PUBLISHED).count() == 2


@pytest.fixture
def campaign(db):
    world = build_world()
    year = datetime.date.today().year
    campaign = Campaign.objects.create(
        year=year,
        unit_deadline=datetime.date(year, 12, 30),
        final_deadline=datetime.date(year, 12, 31),
    )
    campaign.scope_units.set([world.district])
    commitment_services.campaign_open(campaign=campaign, actor=world.users["superuser"])
    return world, campaign


def test_the_wards_report_says_who_is_missing_cancel_then_confirm_once(page, live_server, campaign):
    world, campaign = campaign
    office = reverse("commitments:office", args=[campaign.pk, world.ward_a.pk, "government"])
    log_in(page, live_server, "vp-bode")
    page.goto(live_server.url + office)

    page.get_by_role("button", name="Nộp báo cáo lên Chủ tịch UBND").click()
    page.get_by_role("heading", name="Nộp báo cáo lên Chủ tịch UBND?").wait_for()
    page.get_by_text("0/2 người đã ký (0 người ký muộn).").wait_for()
    page.get_by_text("2 người chưa ký: báo cáo sẽ ghi tên họ trong danh sách chưa ký.").wait_for()
    _cancel(page, live_server, office)
    assert not UnitReport.objects.exists()

    page.get_by_role("button", name="Nộp báo cáo lên Chủ tịch UBND").click()
    second = _confirm_twice(page, "Nộp báo cáo", "Đã nộp báo cáo lên thủ trưởng.")
    assert ALREADY_SENT in second
    assert UnitReport.objects.count() == 1
    assert CommitmentAudit.objects.filter(action="report_submit").count() == 1

    # The Chairman confirms it, once.
    report = UnitReport.objects.get()
    detail = reverse("commitments:report_detail", args=[report.pk])
    log_in(page, live_server, "BD0002")
    page.goto(live_server.url + detail)
    page.get_by_role("button", name=re.compile("Xác nhận")).click()
    _cancel(page, live_server, detail)
    assert UnitReport.objects.get().status == UnitReport.Status.SUBMITTED
    page.get_by_role("button", name=re.compile("Xác nhận")).click()
    second = _confirm_twice(page, "Xác nhận và gửi", "Báo cáo đã được xác nhận")
    assert ALREADY_SENT in second
    assert UnitReport.objects.get().status == UnitReport.Status.CONFIRMED

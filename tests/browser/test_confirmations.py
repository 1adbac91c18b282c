"""Every step that cannot be undone asks first, in the browser: "Hủy, quay lại" changes
nothing; confirming acts once, and the same form sent a second time (a double click, a
resend) changes nothing and says so. Also the head's rules: the head is not offered as a
colleague, and starting the review with a colleague missing names who has not answered.
"""

import re
from dataclasses import dataclass

import pytest
from django.urls import reverse

from commitments.models import AuditEntry as CommitmentAudit
from commitments.models import UnitReport
from evaluations import services
from evaluations.models import Assessment, AuditEntry, Evaluation, State
from tests.confirming import ALREADY_SENT
from tests.factories.evaluations import CycleFactory, fill
from tests.factories.units import DEFAULT_PASSWORD, PersonFactory
from tests.factories.world import build_world
from units.models import Person

from .steps import log_in, open_campaign

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CANCEL = "Hủy, quay lại"
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


def _confirm_once(page, button, done_text):
    """Press the confirmation page's button, then send the very same form again (what a
    double click or the browser's resend does): the second answer says it changed nothing."""
    form = page.locator("[data-confirm-page] form")
    fields = form.evaluate("f => Object.fromEntries(new FormData(f))")
    url = page.url
    page.get_by_role("button", name=button, exact=True).click()
    page.get_by_text(done_text).first.wait_for()
    again = page.request.post(url, form=fields)
    assert again.ok
    assert ALREADY_SENT in again.text()


@dataclass(frozen=True)
class ReviewStep:
    """A step taken from the review page, by the button or link named as the step."""

    code: str  # whose evaluation
    actor: str  # who takes the step
    role: str  # "button" or "link"
    name: str
    heading: str  # the confirmation page's
    before: str  # the state, kept by the cancel
    after: str
    done: str  # what the page says once it is done
    answer: tuple[str, str] | None = None  # the field the confirmation page asks, filled in


REVIEW_STEPS = {
    "publish": ReviewStep(
        "BD0004", "BD0002", "button", "Công bố trong đơn vị", "Công bố kết quả này trong đơn vị?",
        State.SIGNED_OFF, State.PUBLISHED, "Đã công bố",
    ),
    "sign_off": ReviewStep(
        "BD0003", "BD0002", "link", "Ký duyệt", "Ký duyệt kết quả này?",
        State.CONCLUDED, State.SIGNED_OFF, "Chữ ký hợp lệ.",
        answer=("Mật khẩu của bạn, để ký", DEFAULT_PASSWORD),
    ),
    "reopen": ReviewStep(
        "BD0005", "quantri", "link", "Mở lại", "Mở lại kết quả đã ký duyệt này?",
        State.SIGNED_OFF, State.REOPENED, "Đã mở lại",
        answer=("Lý do mở lại", "Chấm nhầm tiêu chí 2.1."),
    ),
}  # fmt: skip


@pytest.mark.parametrize("action", REVIEW_STEPS)
def test_a_review_step_cancel_then_confirm_once(page, live_server, evaluations, action):
    step = REVIEW_STEPS[action]
    evaluation = evaluations[step.code]
    review = reverse("evaluations:review", args=[evaluation.pk])
    log_in(page, live_server, step.actor)
    page.goto(live_server.url + review)
    ask = page.get_by_role(step.role, name=step.name, exact=True)

    ask.click()
    page.get_by_role("heading", name=step.heading).wait_for()
    _cancel(page, live_server, review)
    assert _state(evaluation) == step.before

    ask.click()
    if step.answer:
        label, value = step.answer
        page.get_by_label(label).fill(value)
    _confirm_once(page, step.name, step.done)
    assert _state(evaluation) == step.after
    assert AuditEntry.objects.filter(evaluation=evaluation, action=action).count() == 1


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
    _confirm_once(page, "Trả lại", "Đã trả lại")
    assert _state(evaluation) == State.RETURNED
    assert AuditEntry.objects.filter(evaluation=evaluation, action="return").count() == 1


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
    _confirm_once(page, "Gửi", "Đã gửi. Xin cảm ơn.")
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
    _confirm_once(page, "Gửi", "Đã gửi. Xin cảm ơn.")
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
    _confirm_once(page, "Bắt đầu xem xét", "Đã bắt đầu xem xét")
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
    _confirm_once(page, "Công bố tất cả", "Đã công bố 2 kết quả")
    assert Evaluation.objects.filter(state=State.PUBLISHED).count() == 2


@pytest.fixture
def campaign(db):
    world = build_world()
    return world, open_campaign(world)


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
    _confirm_once(page, "Nộp báo cáo", "Đã nộp báo cáo lên thủ trưởng.")
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
    _confirm_once(page, "Xác nhận và gửi", "Báo cáo đã được xác nhận")
    assert UnitReport.objects.get().status == UnitReport.Status.CONFIRMED

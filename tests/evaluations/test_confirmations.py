"""The evaluation steps that cannot be undone ask for confirmation first (no JavaScript
needed): the page says what will happen and changes nothing; the confirmed form acts once;
the same form sent again changes nothing and says so. Also the head's rules (issue 13)."""

import pytest
from django.urls import reverse

from evaluations import services
from evaluations.errors import EvaluationError
from evaluations.models import Assessment, AuditEntry, Evaluation, State
from tests.confirming import ALREADY_SENT, confirm, confirm_twice, confirmation_token
from tests.factories.evaluations import fill, to_concluded, to_head_review, to_signed
from tests.factories.units import DEFAULT_PASSWORD

from .pages import post_form, self_data, text

pytestmark = pytest.mark.django_db


def _url(name, evaluation):
    return reverse(f"evaluations:{name}", args=[evaluation.pk])


def _draft(org, evaluation):
    fill(evaluation, evaluation.person, "self", 8)
    return evaluation


def _colleague_draft(org, evaluation):
    fill(evaluation, evaluation.person, "self", 8)
    services.self_assessment_submit(evaluation=evaluation, actor=evaluation.person.user)
    services.colleagues_assign(
        evaluation=evaluation, colleagues=[org.staff[1]], actor=org.head.user
    )
    fill(evaluation, org.staff[1], "colleague", 7)
    return evaluation


def _head_draft(org, evaluation):
    to_head_review(org, evaluation)
    fill(evaluation, org.head, "head", 9)
    return evaluation


# step → (prepare the evaluation, who confirms, the state before)
STEPS = {
    "self_submit": (_draft, "person", State.SELF_DRAFT),
    "colleague_submit": (_colleague_draft, "colleague", State.COLLEAGUES),
    "head_submit": (_head_draft, "head", State.HEAD_REVIEW),
    "sign_off": (to_concluded, "head", State.CONCLUDED),
    "publish": (to_signed, "head", State.SIGNED_OFF),
    "return": (to_head_review, "head", State.HEAD_REVIEW),
    "reopen": (to_signed, "admin", State.SIGNED_OFF),
}


def _actor(org, evaluation, who):
    return {
        "person": evaluation.person.user,
        "colleague": org.staff[1].user,
        "head": org.head.user,
        "admin": org.admin,
    }[who]


@pytest.mark.parametrize("step", STEPS)
def test_the_confirmation_page_says_what_happens_and_changes_nothing(client, org, evaluation, step):
    prepare, who, before = STEPS[step]
    prepare(org, evaluation)
    client.force_login(_actor(org, evaluation, who))
    steps_before = AuditEntry.objects.count()

    response = client.get(_url(step, evaluation))

    assert response.status_code == 200
    confirmation_token(response)  # a confirmation page, with its one-time token
    page = text(response)
    assert "Hủy, quay lại" in page
    assert Evaluation.objects.get(pk=evaluation.pk).state == before
    assert AuditEntry.objects.count() == steps_before


@pytest.mark.parametrize("step", ["publish", "return", "sign_off"])
def test_a_button_posted_without_confirmation_gets_the_confirmation_page(
    client, org, evaluation, step
):
    prepare, who, before = STEPS[step]
    prepare(org, evaluation)
    client.force_login(_actor(org, evaluation, who))

    # What the review page's buttons post: no "confirmed".
    response = client.post(
        _url(step, evaluation), {"reason": "Thiếu minh chứng.", "password": DEFAULT_PASSWORD}
    )

    assert response.status_code == 200
    confirmation_token(response)
    assert Evaluation.objects.get(pk=evaluation.pk).state == before
    body = response.content.decode()
    assert DEFAULT_PASSWORD not in body  # a password is never carried into the page
    if step == "return":
        assert "Thiếu minh chứng." in body  # the reason typed on the review page is kept


@pytest.mark.parametrize("step", ["colleague_submit", "head_submit"])
def test_sending_an_assessment_twice_sends_it_once(client, org, evaluation, step):
    prepare, who, _before = STEPS[step]
    prepare(org, evaluation)
    client.force_login(_actor(org, evaluation, who))

    first, second = confirm_twice(client, _url(step, evaluation))

    assert "Đã gửi. Xin cảm ơn." in text(first)
    assert ALREADY_SENT in text(second)
    kind = step.removesuffix("_submit")
    assert Assessment.objects.get(evaluation=evaluation, kind=kind).status == "submitted"
    assert AuditEntry.objects.filter(evaluation=evaluation, action=step).count() == 1


def test_confirming_twice_acts_once_and_says_the_second_changed_nothing(client, org, evaluation):
    to_signed(org, evaluation)
    client.force_login(org.head.user)

    first, second = confirm_twice(client, _url("publish", evaluation))

    assert "Đã công bố: mọi người trong đơn vị xem được kết quả." in text(first)
    assert ALREADY_SENT in text(second)
    assert Evaluation.objects.get(pk=evaluation.pk).state == State.PUBLISHED
    assert AuditEntry.objects.filter(evaluation=evaluation, action="publish").count() == 1


def test_a_confirmation_of_a_step_already_taken_sends_back_with_the_services_reason(
    client, org, evaluation
):
    to_signed(org, evaluation)
    client.force_login(org.head.user)

    response = client.get(_url("sign_off", evaluation))

    assert response.status_code == 302
    assert response["Location"] == _url("review", evaluation)
    assert "Không thể thực hiện thao tác này" in text(client.get(response["Location"]))


def test_sign_off_asks_the_password_on_its_confirmation_page(client, org, evaluation):
    to_concluded(org, evaluation)
    client.force_login(org.head.user)
    url = _url("sign_off", evaluation)

    wrong = confirm(client, url, {"password": "sai-mat-khau"})
    assert wrong.status_code == 200 and "Mật khẩu không đúng." in text(wrong)
    assert Evaluation.objects.get(pk=evaluation.pk).state == State.CONCLUDED
    # The error summary at the top of the confirmation page links to the password field.
    summary = wrong.content.decode().split("data-error-summary", 1)
    assert len(summary) == 2 and 'href="#id_password"' in summary[1].split("</div>", 1)[0]

    done = confirm(client, url, {"password": DEFAULT_PASSWORD}, follow=True)
    assert "Đã ký duyệt." in text(done)
    assert Evaluation.objects.get(pk=evaluation.pk).state == State.SIGNED_OFF


def test_reopen_needs_a_reason_then_the_head_reviews_again(client, org, evaluation):
    to_signed(org, evaluation)
    client.force_login(org.admin)
    url = _url("reopen", evaluation)
    assert "Mở lại" in text(client.get(_url("review", evaluation)))  # the button is there

    refused = confirm(client, url, {"reason": "  "})
    assert "Hãy ghi lý do mở lại." in text(refused)
    assert Evaluation.objects.get(pk=evaluation.pk).state == State.SIGNED_OFF

    done = confirm(client, url, {"reason": "Sai sót khi chấm."}, follow=True)
    assert "Đã mở lại" in text(done)
    assert Evaluation.objects.get(pk=evaluation.pk).state == State.REOPENED


@pytest.mark.parametrize(
    ("step", "prepare"), [("reopen", to_signed), ("self_submit", _draft)], ids=["reopen", "self"]
)
def test_the_head_may_not_open_a_step_that_is_not_his(client, org, evaluation, step, prepare):
    # Reopening is the administrator's, sending the self-assessment the person's.
    prepare(org, evaluation)
    client.force_login(org.head.user)

    assert client.get(_url(step, evaluation)).status_code == 404


def test_send_on_the_self_form_saves_the_draft_and_asks_before_sending(logged_in_person):
    client, evaluation = logged_in_person

    asked = post_form(
        client, _url("self_form", evaluation), self_data(evaluation, 8), action="submit"
    )

    assert asked.status_code == 302 and asked["Location"] == _url("self_submit", evaluation)
    evaluation.refresh_from_db()
    assert evaluation.state == State.SELF_DRAFT  # saved, not sent
    page = text(client.get(asked["Location"]))
    assert "Tổng điểm của bạn: 80/100." in page
    assert "Sau khi gửi, bản tự đánh giá không thể sửa nữa." in page

    done = confirm(client, asked["Location"], follow=True)
    assert "Đã gửi. Xin cảm ơn." in text(done)
    assert Evaluation.objects.get(pk=evaluation.pk).state == State.SELF_SUBMITTED


def test_publish_all_lists_the_results_then_publishes_them_once(client, org, cycle, evaluation):
    to_signed(org, evaluation)
    client.force_login(org.head.user)
    url = reverse("evaluations:publish_all", args=[cycle.pk])
    response = client.get(url)
    assert "1 kết quả đã ký duyệt sẽ được công bố trong đơn vị" in text(response)
    assert evaluation.person.full_name in text(response)
    token = confirmation_token(response)

    client.post(url, {"confirmed": "1", "form_token": token})
    second = client.post(url, {"confirmed": "1", "form_token": token}, follow=True)

    assert ALREADY_SENT in text(second)
    assert Evaluation.objects.get(pk=evaluation.pk).state == State.PUBLISHED
    assert AuditEntry.objects.filter(evaluation=evaluation, action="publish").count() == 1


# --- the head's rules ------------------------------------------------------------------------


def _with_colleagues(org, evaluation, answered):
    fill(evaluation, evaluation.person, "self", 8)
    services.self_assessment_submit(evaluation=evaluation, actor=evaluation.person.user)
    asked = org.staff[1:3]
    services.colleagues_assign(evaluation=evaluation, colleagues=asked, actor=org.head.user)
    for colleague in asked[:answered]:
        fill(evaluation, colleague, "colleague", 7)
        services.colleague_assessment_submit(evaluation=evaluation, actor=colleague.user)
    return asked


def test_starting_the_review_with_a_colleague_missing_asks_and_names_who(client, org, evaluation):
    answered, missing = _with_colleagues(org, evaluation, answered=1)
    client.force_login(org.head.user)
    url = _url("send_to_head", evaluation)

    asked = client.post(url)  # the review page's button

    page = text(asked)
    assert f"1 đồng nghiệp được đề nghị chưa trả lời: {missing.full_name}." in page
    assert answered.full_name not in page
    assert Evaluation.objects.get(pk=evaluation.pk).state == State.COLLEAGUES
    done = confirm(client, url, follow=True)
    assert "Đã bắt đầu xem xét" in text(done)
    assert Evaluation.objects.get(pk=evaluation.pk).state == State.HEAD_REVIEW


def test_starting_the_review_when_every_colleague_answered_needs_no_confirmation(
    client, org, evaluation
):
    _with_colleagues(org, evaluation, answered=2)
    client.force_login(org.head.user)

    response = client.post(_url("send_to_head", evaluation))

    assert response.status_code == 302
    assert Evaluation.objects.get(pk=evaluation.pk).state == State.HEAD_REVIEW


def test_the_service_refuses_the_head_as_a_colleague(org, evaluation):
    fill(evaluation, evaluation.person, "self", 8)
    services.self_assessment_submit(evaluation=evaluation, actor=evaluation.person.user)

    with pytest.raises(EvaluationError) as refused:
        services.colleagues_assign(
            evaluation=evaluation, colleagues=[org.staff[1], org.head], actor=org.head.user
        )

    assert refused.value.code == "head_as_colleague"
    assert org.head.full_name in refused.value.messages[0]
    assert "không thể đồng thời đánh giá với tư cách đồng nghiệp" in refused.value.messages[0]
    assert not Assessment.objects.filter(evaluation=evaluation, kind="colleague").exists()


def test_the_picker_does_not_offer_the_head_and_ignores_a_posted_head(client, org, evaluation):
    fill(evaluation, evaluation.person, "self", 8)
    services.self_assessment_submit(evaluation=evaluation, actor=evaluation.person.user)
    client.force_login(org.head.user)
    url = _url("colleagues_pick", evaluation)

    page = client.get(url).content.decode()
    response = client.post(url, {"colleagues": [str(org.head.pk)]}, follow=True)

    assert f'id="colleague-{org.head.pk}"' not in page
    assert f'id="colleague-{org.staff[1].pk}"' in page
    assert "Hãy chọn ít nhất một đồng nghiệp." in text(response)
    assert not Assessment.objects.filter(evaluation=evaluation, kind="colleague").exists()


@pytest.fixture
def logged_in_person(client, evaluation):
    client.force_login(evaluation.person.user)
    return client, evaluation

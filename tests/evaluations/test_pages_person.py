"""The person's and colleagues' pages through HTTP: forms, refusals, what each one sees."""

import datetime
import re
from decimal import Decimal

import pytest
from django.urls import reverse

from criteria.models import CriteriaSet, Criterion, CriterionGroup
from evaluations import services
from evaluations.models import Assessment, AuditEntry, Evaluation, State
from tests.confirming import ALREADY_SENT, confirm
from tests.factories.evaluations import criteria_of, fill, to_concluded, to_signed
from tests.factories.units import DEFAULT_PASSWORD
from units.models import Unit

from .pages import form_token, post_form, scores_data, self_data, text

pytestmark = pytest.mark.django_db


def _url(name, evaluation):
    return reverse(f"evaluations:{name}", args=[evaluation.pk])


@pytest.fixture
def person(org):
    return org.staff[0]


@pytest.fixture
def logged_in(client, person):
    client.force_login(person.user)
    return client


# --- lists -----------------------------------------------------------------------------


def test_my_list_shows_cycle_state_deadline_and_next_step(logged_in, evaluation):
    page = text(logged_in.get(reverse("evaluations:my_list")))

    assert "Đánh giá của tôi" in page
    assert evaluation.cycle.name in page
    assert "Chưa bắt đầu" in page
    assert evaluation.cycle.self_deadline.strftime("%d/%m/%Y") in page
    assert "Hãy điền và gửi bản tự đánh giá." in page


def test_colleague_list_shows_only_my_requests(client, org, evaluation):
    fill(evaluation, org.staff[0], "self", 8)
    services.self_assessment_submit(evaluation=evaluation, actor=org.staff[0].user)
    services.colleagues_assign(
        evaluation=evaluation, colleagues=[org.staff[1]], actor=org.head.user
    )
    client.force_login(org.staff[1].user)
    page = text(client.get(reverse("evaluations:colleague_list")))
    assert org.staff[0].full_name in page
    assert "Cần làm" in page

    client.force_login(org.staff[2].user)
    page = text(client.get(reverse("evaluations:colleague_list")))
    assert "Chưa có ai đề nghị bạn đánh giá đồng nghiệp." in page


# --- the self-assessment form ----------------------------------------------------------


def test_self_form_lays_out_groups_numbered_criteria_and_inputs(logged_in, evaluation):
    response = logged_in.get(_url("self_form", evaluation))
    body = response.content.decode()
    page = text(response)

    assert "Bản tự đánh giá" in page
    assert "Nhóm 1:" in page and "Nhóm 2:" in page
    for criterion in criteria_of(evaluation):
        assert f'name="score_{criterion.pk}"' in body
        assert f'name="comment_{criterion.pk}"' in body
    assert 'step="0.5"' in body and 'max="10"' in body
    assert "Lưu nháp" in page and "Gửi" in page
    assert "Mức xếp loại tự đề xuất" in page
    assert "js/assessment.js" in body


def test_saving_a_draft_keeps_scores_and_computes_the_total_on_the_server(logged_in, evaluation):
    response = post_form(logged_in, _url("self_form", evaluation), scores_data(evaluation, 7))

    assert response.status_code == 302
    evaluation.refresh_from_db()
    assert evaluation.state == State.SELF_DRAFT
    assessment = Assessment.objects.get(evaluation=evaluation, kind="self")
    assert assessment.total == Decimal("70.00")
    assert "Đã lưu nháp." in text(logged_in.get(_url("self_form", evaluation)))


def test_sending_submits_the_self_assessment(logged_in, evaluation):
    asked = post_form(
        logged_in, _url("self_form", evaluation), self_data(evaluation, 8), action="submit"
    )
    # "Send" saves the draft and leads to the confirmation page, which sends it.
    assert asked["Location"] == _url("self_submit", evaluation)
    response = confirm(logged_in, asked["Location"])

    assert response.status_code == 302
    assert response["Location"] == reverse("evaluations:my_list")
    evaluation.refresh_from_db()
    assert evaluation.state == State.SELF_SUBMITTED
    assert evaluation.self_total == Decimal("80.00")


def test_score_out_of_range_is_refused_with_a_message_and_nothing_saved(logged_in, evaluation):
    criterion = criteria_of(evaluation)[0]
    data = scores_data(evaluation, 5, **{str(criterion.pk): 11})

    response = post_form(logged_in, _url("self_form", evaluation), data)

    assert response.status_code == 200
    page = text(response)
    assert "Nhập điểm từ 0 đến 10." in page
    assert "Chưa lưu gì: hãy sửa các ô được đánh dấu đỏ." in page
    assert not Assessment.objects.filter(evaluation=evaluation).exists()
    assert Evaluation.objects.get(pk=evaluation.pk).state == State.NOT_STARTED


def _div(body: str, field_id: str) -> str:
    """The crispy wrapper of one field (``<div id="div_<id>" ...>``) up to the next one."""
    start = body.index(f'id="div_{field_id}"')
    end = body.find('id="div_', start + 1)
    return body[start : end if end != -1 else len(body)]


def test_a_score_error_is_shown_next_to_its_input_in_bootstrap_markup(logged_in, evaluation):
    first, second = criteria_of(evaluation)[:2]
    data = scores_data(evaluation, 5, **{str(first.pk): 11})

    body = post_form(logged_in, _url("self_form", evaluation), data).content.decode()

    wrapper = _div(body, f"id_score_{first.pk}")
    assert re.search(r'<input[^>]*class="[^"]*score-input[^"]*is-invalid', wrapper)
    assert 'data-max="10"' in wrapper and f'data-group="{first.group_id}"' in wrapper
    assert '<span class="input-group-text">/ 10</span>' in wrapper
    feedback = re.search(
        r'<div id="id_score_\d+_error" class="invalid-feedback">(.*?)</div>', wrapper, re.S
    )
    assert feedback and "Nhập điểm từ 0 đến 10." in feedback.group(1)
    # The other criteria are not marked.
    assert "invalid-feedback" not in _div(body, f"id_score_{second.pk}")
    assert "is-invalid" not in _div(body, f"id_score_{second.pk}")


def test_self_report_errors_are_shown_under_their_fields(logged_in, evaluation):
    data = self_data(evaluation, 8, strengths="", proposed_level="")

    body = post_form(logged_in, _url("self_form", evaluation), data, action="submit")
    body = body.content.decode()

    strengths = _div(body, "id_strengths")
    assert 'class="invalid-feedback"' in strengths
    assert "Hãy ghi ưu điểm trước khi gửi." in strengths
    assert re.search(
        r'<select[^>]*class="[^"]*form-select is-invalid', _div(body, "id_proposed_level")
    )
    assert "invalid-feedback" not in _div(body, "id_weaknesses")


def test_negative_or_non_numeric_score_is_refused(logged_in, evaluation):
    criterion = criteria_of(evaluation)[0]
    for bad in ("-1", "abc"):
        data = scores_data(evaluation, 5, **{str(criterion.pk): bad})
        response = post_form(logged_in, _url("self_form", evaluation), data)
        assert "Nhập điểm từ 0 đến 10." in text(response)
    assert not Assessment.objects.filter(evaluation=evaluation).exists()


def test_sending_with_a_missing_score_or_field_is_refused_and_nothing_changes(
    logged_in, evaluation
):
    data = self_data(evaluation, 8, strengths="")
    del data[f"score_{criteria_of(evaluation)[0].pk}"]

    response = post_form(logged_in, _url("self_form", evaluation), data, action="submit")

    page = text(response)
    assert "Hãy chấm điểm tiêu chí này trước khi gửi." in page
    assert "Hãy ghi ưu điểm trước khi gửi." in page
    assert not Assessment.objects.filter(evaluation=evaluation).exists()
    assert Evaluation.objects.get(pk=evaluation.pk).state == State.NOT_STARTED


def test_a_form_posted_twice_is_applied_once(logged_in, evaluation):
    url = _url("self_form", evaluation)
    data = {**self_data(evaluation, 8), "form_token": form_token(logged_in, url)}

    first = logged_in.post(url, {**data, "action": "submit"})
    audits = AuditEntry.objects.filter(evaluation=evaluation).count()
    second = logged_in.post(url, {**data, "action": "submit"}, follow=True)

    assert first.status_code == 302
    assert ALREADY_SENT in text(second)
    assert AuditEntry.objects.filter(evaluation=evaluation).count() == audits


def test_a_post_without_its_token_changes_nothing(logged_in, evaluation):
    logged_in.post(_url("self_form", evaluation), {**scores_data(evaluation, 8), "action": "save"})

    assert not Assessment.objects.filter(evaluation=evaluation).exists()


def test_sending_again_after_submission_is_refused_in_the_wrong_state(logged_in, evaluation):
    url = _url("self_form", evaluation)
    post_form(logged_in, url, self_data(evaluation, 8), action="submit")
    confirm(logged_in, _url("self_submit", evaluation))

    response = post_form(logged_in, url, self_data(evaluation, 3), action="submit")

    assert response.status_code == 200
    assert "Không thể thực hiện thao tác này khi phiếu đánh giá đang ở trạng thái" in text(response)
    evaluation.refresh_from_db()
    assert evaluation.self_total == Decimal("80.00")


def test_after_a_locked_deadline_the_form_is_closed_and_a_post_is_refused(client, org, person):
    yesterday = datetime.date.today() - datetime.timedelta(days=2)
    cycle = org.open_cycle(lock_after_deadline=True)
    evaluation = org.evaluation(cycle, person)
    client.force_login(person.user)
    url = _url("self_form", evaluation)
    token = form_token(client, url)
    cycle.self_deadline = yesterday
    cycle.save()

    page = text(client.get(url))
    response = client.post(url, {**scores_data(evaluation, 8), "form_token": token})

    assert "Đã quá hạn" in page
    assert "Đã quá hạn" in text(response)
    assert "không nhận bài nộp muộn" in text(response)
    assert not Assessment.objects.filter(evaluation=evaluation).exists()


def test_another_persons_evaluation_is_a_404(logged_in, org, cycle):
    other = org.evaluation(cycle, org.staff[1])

    for name in ("self_form", "result", "colleague_form", "head_form", "review", "print"):
        assert logged_in.get(_url(name, other)).status_code == 404, name
    response = logged_in.post(_url("self_form", other), scores_data(other, 8))
    assert response.status_code == 404
    assert not Assessment.objects.filter(evaluation=other).exists()


# --- colleagues ------------------------------------------------------------------------


@pytest.fixture
def asked(org, evaluation):
    """The person's self-assessment sent; staff 1, 2 and 3 asked as colleagues."""
    fill(evaluation, org.staff[0], "self", 8)
    services.self_assessment_submit(evaluation=evaluation, actor=org.staff[0].user)
    services.colleagues_assign(
        evaluation=evaluation, colleagues=org.staff[1:4], actor=org.head.user
    )
    evaluation.refresh_from_db()
    return evaluation


def test_colleague_form_has_no_proposed_level_and_submits(client, org, asked):
    client.force_login(org.staff[1].user)
    url = _url("colleague_form", asked)

    page = text(client.get(url))
    sent = post_form(client, url, scores_data(asked, 6), action="submit")
    assert sent["Location"] == _url("colleague_submit", asked)  # asks before sending
    response = confirm(client, sent["Location"])

    assert "Phiếu đánh giá đồng nghiệp" in page
    assert "Mức xếp loại tự đề xuất" not in page
    assert response.status_code == 302
    assert response["Location"] == reverse("evaluations:colleague_list")
    assessment = Assessment.objects.get(evaluation=asked, assessor=org.staff[1])
    assert assessment.status == "submitted"


def test_a_colleague_never_sees_another_colleagues_scores(client, org, asked):
    fill(asked, org.staff[1], "colleague", 3.5)
    services.colleague_assessment_submit(evaluation=asked, actor=org.staff[1].user)
    client.force_login(org.staff[2].user)

    body = client.get(_url("colleague_form", asked)).content.decode()

    assert 'value="3.50"' not in body and "3,5" not in body
    assert client.get(_url("review", asked)).status_code == 404


def test_the_person_never_sees_individual_colleague_scores(client, org, asked):
    fill(asked, org.staff[1], "colleague", 3.5)
    services.colleague_assessment_submit(evaluation=asked, actor=org.staff[1].user)
    client.force_login(org.staff[0].user)

    page = text(client.get(_url("result", asked)))

    assert "3,5" not in page
    assert "Trung bình đồng nghiệp" not in page  # fewer than the minimum of 3 answered
    assert org.staff[1].full_name not in page


def test_the_person_sees_the_colleague_average_once_enough_answered(client, org, asked):
    for colleague, value in zip(org.staff[1:4], (6, 7, 8), strict=True):
        fill(asked, colleague, "colleague", value)
        services.colleague_assessment_submit(evaluation=asked, actor=colleague.user)
    client.force_login(org.staff[0].user)

    page = text(client.get(_url("result", asked)))

    assert "Điểm trung bình của đồng nghiệp: 70 / 100" in page
    for individual in ("60", "80"):
        assert f"{individual} / 100" not in page


def _without_names(page: str, evaluation) -> str:
    """The page without the generated names of the organisation and the criteria."""
    names = [
        evaluation.person.full_name,
        evaluation.person.staff_code,
        *(unit.name for unit in Unit.objects.all()),
        *Criterion.objects.values_list("text", flat=True),
        *CriterionGroup.objects.values_list("name", flat=True),
        *CriteriaSet.objects.values_list("name", flat=True),
    ]
    for name in sorted(names, key=len, reverse=True):
        page = page.replace(name, "")
    return page


def test_the_person_sees_the_heads_scores_only_after_sign_off(client, org, evaluation):
    to_concluded(org, evaluation, head_score=9.5, self_score=8)
    client.force_login(org.staff[0].user)
    before = text(client.get(_url("result", evaluation)))

    services.evaluation_sign_off(
        evaluation=evaluation, actor=org.head.user, password=DEFAULT_PASSWORD
    )
    after = text(client.get(_url("result", evaluation)))

    # No head score before sign-off: neither 9,5 nor 95 as a number of its own (generated
    # names such as "Nhóm 953" may contain the digits).
    assert not re.search(r"(?<![\d,])(9,5|95)(?!\d)", _without_names(before, evaluation))
    assert "Điểm và kết luận của thủ trưởng sẽ hiện ở đây" in before
    assert "9,5" in after
    assert "Chữ ký hợp lệ." in after
    assert "Tôi đã xem" in after


def test_print_is_refused_to_the_person_before_sign_off(client, org, evaluation):
    to_concluded(org, evaluation)
    client.force_login(org.staff[0].user)

    assert client.get(_url("print", evaluation)).status_code == 404


def test_acknowledging_is_recorded_once(client, org, evaluation):
    to_signed(org, evaluation)
    client.force_login(org.staff[0].user)

    client.post(_url("acknowledge", evaluation))
    first = Evaluation.objects.get(pk=evaluation.pk).acknowledged_at
    response = client.post(_url("acknowledge", evaluation), follow=True)

    assert first is not None
    assert Evaluation.objects.get(pk=evaluation.pk).acknowledged_at == first
    assert "Bạn đã xác nhận xem kết quả này" in text(response)
    assert AuditEntry.objects.filter(evaluation=evaluation, action="acknowledge").count() == 1


def test_acknowledging_before_sign_off_is_refused(client, org, evaluation):
    client.force_login(org.staff[0].user)

    response = client.post(_url("acknowledge", evaluation), follow=True)

    assert "Không thể thực hiện thao tác này" in text(response)
    assert Evaluation.objects.get(pk=evaluation.pk).acknowledged_at is None


def test_return_reason_is_shown_on_the_self_form(client, org, evaluation):
    fill(evaluation, org.staff[0], "self", 8)
    services.self_assessment_submit(evaluation=evaluation, actor=org.staff[0].user)
    services.evaluation_return(
        evaluation=evaluation, reason="Bổ sung minh chứng.", actor=org.head.user
    )
    client.force_login(org.staff[0].user)

    page = text(client.get(_url("self_form", evaluation)))

    assert "Thủ trưởng trả lại với lý do: Bổ sung minh chứng." in page

"""The head's pages through HTTP: list, colleagues, meeting, review, conclude, sign off,
return, publish, print; every refusal shows a message and changes nothing.
"""

from decimal import Decimal

import pytest
from django.core import mail
from django.urls import reverse

from criteria.models import ResultLevel
from evaluations import services
from evaluations.models import Assessment, CollectiveReview, Evaluation, State
from tests.confirming import confirm
from tests.factories.evaluations import fill, to_concluded, to_head_review, to_signed
from tests.factories.units import DEFAULT_PASSWORD

from .pages import post_form, scores_data, text

pytestmark = pytest.mark.django_db


def _url(name, evaluation):
    return reverse(f"evaluations:{name}", args=[evaluation.pk])


@pytest.fixture
def head(client, org):
    client.force_login(org.head.user)
    return client


def _levels(evaluation):
    return list(ResultLevel.objects.filter(criteria_set=evaluation.criteria_set_id))


def test_head_list_shows_state_missing_steps_and_deadline(head, org, cycle, evaluation):
    fill(evaluation, org.staff[0], "self", 8)
    services.self_assessment_submit(evaluation=evaluation, actor=org.staff[0].user)

    page = text(head.get(reverse("evaluations:head_list") + f"?cycle={cycle.pk}"))

    assert "Đánh giá cán bộ đơn vị" in page
    for person in org.staff:
        assert person.full_name in page
    assert org.sub_head.full_name in page  # the head of the unit below, who has no staff here
    assert org.sub_staff.full_name not in page  # assessed by the sub-unit's head
    assert "Đã nộp tự đánh giá" in page
    assert "tự đánh giá" in page
    assert cycle.self_deadline.strftime("%d/%m/%Y") in page


def test_head_list_filters_by_state_category_and_search(head, org, cycle, evaluation):
    fill(evaluation, org.staff[0], "self", 8)
    services.self_assessment_submit(evaluation=evaluation, actor=org.staff[0].user)
    url = reverse("evaluations:head_list")

    by_state = text(head.get(url, {"cycle": cycle.pk, "state": "self_submitted"}))
    by_category = text(head.get(url, {"cycle": cycle.pk, "category": "leader"}))
    by_search = text(head.get(url, {"cycle": cycle.pk, "q": org.staff[2].staff_code}))

    assert org.staff[0].full_name in by_state and org.staff[1].full_name not in by_state
    assert org.sub_head.full_name in by_category and org.staff[0].full_name not in by_category
    assert org.staff[2].full_name in by_search and org.staff[0].full_name not in by_search


def test_the_home_link_to_assess_lists_the_reopened_evaluations_it_counts(
    head, org, cycle, evaluation
):
    to_head_review(org, evaluation)
    reopened = org.evaluation(cycle, org.staff[1])
    to_signed(org, reopened)
    services.evaluation_reopen(evaluation=reopened, reason="Sai sót số liệu", actor=org.admin)
    link = f"{reverse('evaluations:head_list')}?cycle={cycle.pk}&amp;state=to_assess"

    home = head.get(reverse("home")).content.decode()
    assert link in home
    assert "2 phiếu chờ bạn chấm điểm" in text(head.get(reverse("home")))
    listed = text(head.get(link.replace("&amp;", "&")))

    assert org.staff[0].full_name in listed
    assert org.staff[1].full_name in listed
    assert org.staff[2].full_name not in listed


def test_head_list_is_a_404_for_staff(client, org, cycle):
    client.force_login(org.staff[0].user)

    assert client.get(reverse("evaluations:head_list")).status_code == 404


def test_send_reminders_emails_those_the_head_waits_for(
    head, org, cycle, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = head.post(reverse("evaluations:reminders", args=[cycle.pk]), follow=True)

    assert "Đã gửi lời nhắc tới 5 người." in text(response)  # 4 staff + the sub-unit's head
    assert len(mail.outbox) == 5


def test_picking_colleagues_asks_them(head, org, evaluation):
    fill(evaluation, org.staff[0], "self", 8)
    services.self_assessment_submit(evaluation=evaluation, actor=org.staff[0].user)
    url = _url("colleagues_pick", evaluation)

    body = head.get(url).content.decode()
    response = head.post(url, {"colleagues": [org.staff[1].pk, org.staff[2].pk]}, follow=True)

    assert f'id="colleague-{org.staff[1].pk}"' in body
    assert f'id="colleague-{org.staff[0].pk}"' not in body
    assert "Đã đề nghị 2 đồng nghiệp đánh giá." in text(response)
    assert Evaluation.objects.get(pk=evaluation.pk).state == State.COLLEAGUES


def test_propose_all_asks_every_other_person_of_the_unit_but_the_head(head, org, evaluation):
    fill(evaluation, org.staff[0], "self", 8)
    services.self_assessment_submit(evaluation=evaluation, actor=org.staff[0].user)

    head.post(_url("colleagues_pick", evaluation), {"all": "1"})

    asked = set(
        Assessment.objects.filter(evaluation=evaluation, kind="colleague").values_list(
            "assessor", flat=True
        )
    )
    # The head reviews the evaluation: never also one of its colleagues (issue 13).
    assert asked == {p.pk for p in org.staff[1:]}


def test_picking_colleagues_in_the_wrong_state_is_refused(head, org, evaluation):
    response = head.post(
        _url("colleagues_pick", evaluation), {"colleagues": [org.staff[1].pk]}, follow=True
    )

    assert "Không thể thực hiện thao tác này khi phiếu đánh giá đang ở trạng thái" in text(response)
    assert not Assessment.objects.filter(evaluation=evaluation).exists()


def test_recording_the_collective_meeting(head, org, cycle, evaluation):
    level = _levels(evaluation)[0]
    url = reverse("evaluations:collective", args=[cycle.pk])
    data = {
        "held_on": "2025-12-15",
        "invited": "6",
        "present": "5",
        f"votes_{evaluation.pk}_{level.pk}": "4",
    }

    response = post_form(head, url, data)

    assert response.status_code == 302
    review = CollectiveReview.objects.get()
    assert review.present == 5
    assert review.votes.get().votes == 4


def test_collective_votes_above_attendance_are_refused(head, org, cycle, evaluation):
    level = _levels(evaluation)[0]
    data = {
        "held_on": "2025-12-15",
        "invited": "6",
        "present": "3",
        f"votes_{evaluation.pk}_{level.pk}": "4",
    }

    response = post_form(head, reverse("evaluations:collective", args=[cycle.pk]), data)

    assert "Số phiếu cho một người không được vượt quá số người có mặt." in text(response)
    assert not CollectiveReview.objects.exists()


def test_review_shows_self_and_head_side_by_side_with_combined_score(head, org, evaluation):
    to_head_review(org, evaluation, self_score=7)
    fill(evaluation, org.head, "head", 9)
    services.head_assessment_submit(evaluation=evaluation, actor=org.head.user)

    page = text(head.get(_url("review", evaluation)))

    assert "Đối chiếu điểm" in page
    assert "Tổng điểm (thang 100) 70 90" in page
    assert "Điểm tổng hợp 90" in page
    assert "Mức theo điểm Hoàn thành xuất sắc nhiệm vụ" in page
    assert "Kết luận" in page


def test_head_form_submits_the_heads_assessment(head, org, evaluation):
    to_head_review(org, evaluation)

    asked = post_form(
        head, _url("head_form", evaluation), scores_data(evaluation, 9), action="submit"
    )
    assert asked["Location"] == _url("head_submit", evaluation)  # asks before sending
    assert Evaluation.objects.get(pk=evaluation.pk).head_total is None
    response = confirm(head, asked["Location"])

    assert response.status_code == 302
    assert response["Location"] == _url("review", evaluation)
    assert Evaluation.objects.get(pk=evaluation.pk).head_total == Decimal("90.00")


def test_concluding_with_another_level_needs_a_reason(head, org, evaluation):
    to_head_review(org, evaluation)
    fill(evaluation, org.head, "head", 9)
    services.head_assessment_submit(evaluation=evaluation, actor=org.head.user)
    lowest = min(_levels(evaluation), key=lambda level: level.min_score)

    refused = head.post(_url("conclude", evaluation), {"level": lowest.pk, "conclusion": "x"})
    accepted = head.post(
        _url("conclude", evaluation), {"level": lowest.pk, "reason": "Vi phạm kỷ luật."}
    )

    assert refused.status_code == 200
    assert "Hãy ghi lý do chọn mức khác với mức tính theo điểm." in text(refused)
    assert accepted.status_code == 302
    evaluation.refresh_from_db()
    assert evaluation.final_level == lowest
    assert evaluation.level_override_reason == "Vi phạm kỷ luật."


def test_concluding_in_the_wrong_state_is_refused(head, org, evaluation):
    response = head.post(_url("conclude", evaluation), {"level": _levels(evaluation)[0].pk})

    assert "Không thể thực hiện thao tác này khi phiếu đánh giá đang ở trạng thái" in text(response)
    assert Evaluation.objects.get(pk=evaluation.pk).state == State.NOT_STARTED


def test_sign_off_with_a_wrong_password_is_refused_and_nothing_changes(head, org, evaluation):
    to_concluded(org, evaluation)

    response = confirm(head, _url("sign_off", evaluation), {"password": "sai-mat-khau"})

    assert response.status_code == 200
    assert "Mật khẩu không đúng." in text(response)
    evaluation.refresh_from_db()
    assert evaluation.state == State.CONCLUDED
    assert evaluation.content_sha256 == ""


def test_sign_off_seals_and_the_page_verifies_the_hash(head, org, evaluation):
    to_concluded(org, evaluation)

    response = confirm(
        head, _url("sign_off", evaluation), {"password": DEFAULT_PASSWORD}, follow=True
    )

    evaluation.refresh_from_db()
    page = text(response)
    assert evaluation.state == State.SIGNED_OFF
    assert "Đã ký duyệt. Kết quả không thể thay đổi nữa" in page
    assert "Chữ ký hợp lệ." in page
    assert evaluation.content_sha256 in page
    assert "Chấm điểm" not in page  # read-only: no form to change the scores


def test_a_tampered_signed_evaluation_shows_an_invalid_signature(head, org, evaluation):
    to_signed(org, evaluation)
    # Behind the seal's back, as a raw SQL edit would (the database's seal lifted by hand,
    # as an operator with psql could).
    from django.db import connection, transaction

    from core.sealing import lift_database_seal

    with transaction.atomic(), lift_database_seal(), connection.cursor() as cursor:
        cursor.execute(
            "UPDATE evaluations_evaluation SET head_conclusion = %s WHERE id = %s",
            ["đã sửa", evaluation.pk],
        )

    page = text(head.get(_url("review", evaluation)))

    assert "Chữ ký không khớp" in page


def test_head_form_cannot_change_a_signed_evaluation(head, org, evaluation):
    to_signed(org, evaluation)

    response = post_form(head, _url("head_form", evaluation), scores_data(evaluation, 1))

    assert "Không thể thực hiện thao tác này khi phiếu đánh giá đang ở trạng thái" in text(response)
    assert Evaluation.objects.get(pk=evaluation.pk).head_total == Decimal("90.00")


def test_return_needs_a_reason(head, org, evaluation):
    to_head_review(org, evaluation)

    refused = confirm(head, _url("return", evaluation), {"reason": "  "})
    accepted = confirm(head, _url("return", evaluation), {"reason": "Thiếu minh chứng."})

    assert "Hãy ghi lý do trả lại phiếu đánh giá." in text(refused)
    assert accepted.status_code == 302
    assert Evaluation.objects.get(pk=evaluation.pk).state == State.RETURNED


def test_publish_all_publishes_signed_results_for_the_units_people(
    head, client, org, cycle, evaluation
):
    to_signed(org, evaluation)

    response = confirm(head, reverse("evaluations:publish_all", args=[cycle.pk]), follow=True)

    assert "Đã công bố 1 kết quả trong đơn vị." in text(response)
    client.force_login(org.staff[1].user)
    page = text(client.get(reverse("evaluations:published", args=[cycle.pk])))
    assert org.staff[0].full_name in page
    assert "Hoàn thành xuất sắc nhiệm vụ" in page


def test_published_page_lists_nothing_before_publication(client, org, cycle, evaluation):
    to_concluded(org, evaluation)
    client.force_login(org.staff[1].user)

    page = text(client.get(reverse("evaluations:published", args=[cycle.pk])))

    assert org.staff[0].full_name not in page


def test_print_page_has_the_administrative_layout(head, org, evaluation):
    to_signed(org, evaluation)

    response = head.get(_url("print", evaluation))
    page = text(response)

    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in page
    assert "Độc lập - Tự do - Hạnh phúc" in page
    assert "PHIẾU ĐÁNH GIÁ SỰ CHUYÊN NGHIỆP" in page
    assert org.unit.name.upper() in page or org.unit.name in page
    assert "Long Biên, ngày" in page and "tháng" in page and "năm" in page
    assert "Người tự đánh giá" in page and "Thủ trưởng đơn vị" in page
    assert "Hoàn thành xuất sắc nhiệm vụ" in page
    assert "css/print-a4.css" in response.content.decode()
    assert evaluation.content_sha256 in page


def test_an_administrator_may_read_the_review_and_print_but_not_act(client, org, evaluation):
    to_concluded(org, evaluation)
    client.force_login(org.admin)

    page = text(client.get(_url("review", evaluation)))

    assert client.get(_url("print", evaluation)).status_code == 200
    assert "Ký duyệt" not in page.split("Việc cần làm")[-1] or "Việc cần làm" not in page
    assert client.post(_url("sign_off", evaluation), {"password": "x"}).status_code == 404


def test_another_units_head_gets_404(client, org, evaluation):
    client.force_login(org.other_head.user)

    for name in ("review", "head_form", "colleagues_pick", "print"):
        assert client.get(_url(name, evaluation)).status_code == 404, name
    assert client.post(_url("return", evaluation), {"reason": "x"}).status_code == 404

"""The head's review: send to head, conclusion, return, sign-off, publication, reopening."""

from decimal import Decimal

import pytest
from django.core import mail

from evaluations import services
from evaluations.errors import (
    EvaluationError,
    NotAllowedError,
    WrongStateError,
)
from evaluations.models import AuditEntry, State
from tests.factories.evaluations import fill, to_concluded, to_head_review, to_signed
from tests.factories.units import DEFAULT_PASSWORD

pytestmark = pytest.mark.django_db


def test_colleagues_assign_and_submit_average(org, evaluation, django_capture_on_commit_callbacks):
    person = org.staff[0]
    fill(evaluation, person, "self", 8)
    services.self_assessment_submit(evaluation=evaluation, actor=person.user)
    colleagues = org.staff[1:4]
    with django_capture_on_commit_callbacks(execute=True):
        services.colleagues_assign(
            evaluation=evaluation, colleagues=colleagues, actor=org.head.user
        )
    assert len(mail.outbox) == 3
    for colleague, value in zip(colleagues, (6, 7, 8), strict=True):
        fill(evaluation, colleague, "colleague", value)
        services.colleague_assessment_submit(evaluation=evaluation, actor=colleague.user)
    evaluation.refresh_from_db()
    assert evaluation.state == State.COLLEAGUES
    assert evaluation.colleague_total == Decimal("70.00")


def test_only_the_head_assigns_colleagues(org, evaluation):
    fill(evaluation, org.staff[0], "self", 8)
    services.self_assessment_submit(evaluation=evaluation, actor=org.staff[0].user)
    for intruder in (org.staff[1].user, org.other_head.user, org.sub_head.user):
        with pytest.raises(NotAllowedError):
            services.colleagues_assign(
                evaluation=evaluation, colleagues=[org.staff[1]], actor=intruder
            )


def test_send_to_head_requires_colleagues_when_the_cycle_says_so(org):
    cycle = org.open_cycle(colleagues_required=True, min_colleagues_shown=2)
    evaluation = org.evaluation(cycle, org.staff[0])
    fill(evaluation, org.staff[0], "self", 8)
    services.self_assessment_submit(evaluation=evaluation, actor=org.staff[0].user)
    with pytest.raises(EvaluationError) as error:
        services.evaluation_send_to_head(evaluation=evaluation, actor=org.head.user)
    assert error.value.code == "colleagues_missing"


def test_wrong_state_is_refused_with_a_vietnamese_message(org, evaluation):
    with pytest.raises(WrongStateError) as error:
        services.evaluation_send_to_head(evaluation=evaluation, actor=org.head.user)
    assert "trạng thái" in error.value.messages[0]


def test_head_of_another_unit_cannot_review(org, evaluation):
    fill(evaluation, org.staff[0], "self", 8)
    services.self_assessment_submit(evaluation=evaluation, actor=org.staff[0].user)
    with pytest.raises(NotAllowedError):
        services.evaluation_send_to_head(evaluation=evaluation, actor=org.other_head.user)


def test_conclude_gives_the_computed_level(org, evaluation):
    evaluation = to_concluded(org, evaluation, head_score=9)
    assert evaluation.state == State.CONCLUDED
    assert evaluation.final_score == Decimal("90.00")  # default weights 0/0/100
    assert evaluation.final_level.min_score == Decimal("90")
    assert evaluation.level_override_reason == ""


def test_conclude_combines_weights_and_renormalises_missing_parts(org):
    cycle = org.open_cycle(self_weight=20, colleague_weight=30, head_weight=50)
    evaluation = org.evaluation(cycle, org.staff[0])
    # self 80, no colleagues, head 60 → (80*20 + 60*50) / 70
    evaluation = to_concluded(org, evaluation, self_score=8, head_score=6)
    assert evaluation.final_score == Decimal("65.71")
    assert services.combined_score(evaluation) == Decimal("65.71")


def test_another_level_needs_a_written_reason(org, evaluation):
    to_head_review(org, evaluation)
    fill(evaluation, org.head, "head", 9)
    services.head_assessment_submit(evaluation=evaluation, actor=org.head.user)
    lower = evaluation.criteria_set.levels.get(min_score=70)
    with pytest.raises(EvaluationError) as error:
        services.evaluation_conclude(evaluation=evaluation, level=lower, actor=org.head.user)
    assert error.value.code == "override_reason"
    services.evaluation_conclude(
        evaluation=evaluation, level=lower, reason="Còn để xảy ra sai sót", actor=org.head.user
    )
    evaluation.refresh_from_db()
    assert evaluation.final_level == lower
    assert evaluation.level_override_reason == "Còn để xảy ra sai sót"


def test_a_level_of_another_set_is_refused(org, evaluation):
    to_head_review(org, evaluation)
    fill(evaluation, org.head, "head", 9)
    services.head_assessment_submit(evaluation=evaluation, actor=org.head.user)
    foreign = org.leader_set.levels.first()
    with pytest.raises(EvaluationError):
        services.evaluation_conclude(
            evaluation=evaluation, level=foreign, reason="x", actor=org.head.user
        )


def test_conclude_needs_the_heads_assessment(org, evaluation):
    to_head_review(org, evaluation)
    with pytest.raises(EvaluationError) as error:
        services.evaluation_conclude(evaluation=evaluation, actor=org.head.user)
    assert error.value.code == "head_missing"


def test_return_needs_a_reason_and_reopens_the_self_assessment(
    org, evaluation, django_capture_on_commit_callbacks
):
    to_head_review(org, evaluation)
    with pytest.raises(EvaluationError):
        services.evaluation_return(evaluation=evaluation, reason=" ", actor=org.head.user)
    with django_capture_on_commit_callbacks(execute=True):
        services.evaluation_return(
            evaluation=evaluation, reason="Bổ sung minh chứng", actor=org.head.user
        )
    evaluation.refresh_from_db()
    assert evaluation.state == State.RETURNED
    assert "Bổ sung minh chứng" in mail.outbox[-1].body
    fill(evaluation, org.staff[0], "self", 9)
    services.self_assessment_submit(evaluation=evaluation, actor=org.staff[0].user)
    evaluation.refresh_from_db()
    assert evaluation.self_total == Decimal("90.00")


def test_sign_off_checks_the_password_and_stores_the_hash(org, evaluation):
    from evaluations.selectors import evaluation_signature_valid

    to_concluded(org, evaluation)
    with pytest.raises(NotAllowedError):
        services.evaluation_sign_off(evaluation=evaluation, actor=org.head.user, password="sai")
    evaluation.refresh_from_db()
    assert evaluation.state == State.CONCLUDED
    services.evaluation_sign_off(
        evaluation=evaluation, actor=org.head.user, password=DEFAULT_PASSWORD
    )
    evaluation.refresh_from_db()
    assert evaluation.state == State.SIGNED_OFF
    assert evaluation.signed_by == org.head.user
    assert len(evaluation.content_sha256) == 64
    assert evaluation_signature_valid(evaluation)


def test_only_the_head_signs_off(org, evaluation):
    to_concluded(org, evaluation)
    with pytest.raises(NotAllowedError):
        services.evaluation_sign_off(
            evaluation=evaluation, actor=org.staff[0].user, password=DEFAULT_PASSWORD
        )


def test_publish_and_acknowledge(org, evaluation, django_capture_on_commit_callbacks):
    to_signed(org, evaluation)
    with pytest.raises(NotAllowedError):
        services.evaluation_publish(evaluation=evaluation, actor=org.staff[0].user)
    with django_capture_on_commit_callbacks(execute=True):
        services.evaluation_publish(evaluation=evaluation, actor=org.head.user)
    with pytest.raises(NotAllowedError):
        services.evaluation_acknowledge(evaluation=evaluation, actor=org.head.user)
    services.evaluation_acknowledge(evaluation=evaluation, actor=org.staff[0].user)
    evaluation.refresh_from_db()
    assert evaluation.state == State.PUBLISHED
    assert evaluation.published_at and evaluation.acknowledged_at
    assert mail.outbox[-1].to == [org.staff[0].user.email]


def test_reopen_by_an_administrator_only_and_recorded(org, evaluation):
    to_signed(org, evaluation)
    with pytest.raises(NotAllowedError):
        services.evaluation_reopen(evaluation=evaluation, reason="Sai sót", actor=org.head.user)
    with pytest.raises(EvaluationError):
        services.evaluation_reopen(evaluation=evaluation, reason="", actor=org.admin)
    services.evaluation_reopen(evaluation=evaluation, reason="Sai sót số liệu", actor=org.admin)
    evaluation.refresh_from_db()
    assert evaluation.state == State.REOPENED
    assert evaluation.content_sha256 == ""
    entry = AuditEntry.objects.get(evaluation=evaluation, action="reopen")
    assert entry.actor == org.admin
    assert entry.reason == "Sai sót số liệu"
    assert entry.data["sha256"]
    # The head reviews again.
    services.evaluation_send_to_head(evaluation=evaluation, actor=org.head.user)
    fill(evaluation, org.head, "head", 7)
    services.head_assessment_submit(evaluation=evaluation, actor=org.head.user)
    services.evaluation_conclude(evaluation=evaluation, actor=org.head.user)
    evaluation.refresh_from_db()
    assert evaluation.final_score == Decimal("70.00")


def test_reopen_refused_before_sign_off(org, evaluation):
    with pytest.raises(WrongStateError):
        services.evaluation_reopen(evaluation=evaluation, reason="x", actor=org.admin)


def test_a_sub_unit_head_is_reviewed_by_the_parent_head(org, cycle):
    evaluation = org.evaluation(cycle, org.sub_head)
    fill(evaluation, org.sub_head, "self", 8)
    services.self_assessment_submit(evaluation=evaluation, actor=org.sub_head.user)
    with pytest.raises(NotAllowedError):
        services.evaluation_send_to_head(evaluation=evaluation, actor=org.sub_head.user)
    services.evaluation_send_to_head(evaluation=evaluation, actor=org.head.user)


def test_closed_cycle_refuses_work(org, cycle, evaluation):
    services.cycle_close(cycle=cycle, actor=org.admin)
    with pytest.raises(WrongStateError):
        fill(evaluation, org.staff[0], "self", 5)


def test_a_stranger_learns_nothing_about_the_state(org, evaluation):
    # Not started: the wrong state for sign-off, but the outsider is refused as an outsider.
    with pytest.raises(NotAllowedError):
        services.evaluation_sign_off(
            evaluation=evaluation, actor=org.other_head.user, password=DEFAULT_PASSWORD
        )

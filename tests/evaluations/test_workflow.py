"""Every transition of the evaluation state machine, allowed and refused."""

import datetime
from decimal import Decimal

import pytest
from django.core import mail

from evaluations import services
from evaluations.errors import (
    DeadlinePassedError,
    EvaluationError,
    NotAllowedError,
    ScoreError,
    WrongStateError,
)
from evaluations.models import Assessment, AuditEntry, State
from evaluations.workflow import TRANSITIONS, allowed_actions
from tests.factories import DEFAULT_PASSWORD, PersonFactory

from .factories import criteria_of, fill, full_scores, to_concluded, to_head_review

pytestmark = pytest.mark.django_db


def test_every_transition_has_a_registered_rule():
    from units.permissions import registered_actions

    assert {f"evaluations.{name}" for name in TRANSITIONS} <= set(registered_actions())
    assert "sign_off" in allowed_actions(State.CONCLUDED)


def test_self_draft_saves_scores_and_total(org, evaluation):
    person = org.staff[0]
    assessment = fill(evaluation, person, "self", 5, strengths="Chăm chỉ")
    evaluation.refresh_from_db()
    assert evaluation.state == State.SELF_DRAFT
    assert assessment.total == Decimal("50.00")
    assert assessment.scores.count() == 6
    assert AuditEntry.objects.filter(evaluation=evaluation, action="self_save_draft").exists()


def test_self_draft_saved_twice_updates_scores(org, evaluation):
    person = org.staff[0]
    fill(evaluation, person, "self", 5)
    assessment = fill(evaluation, person, "self", 10)
    assert assessment.total == Decimal("100.00")
    assert assessment.scores.count() == 6


def test_self_submit_records_total_and_notifies_head(
    org, evaluation, django_capture_on_commit_callbacks
):
    person = org.staff[0]
    fill(evaluation, person, "self", 8)
    with django_capture_on_commit_callbacks(execute=True):
        services.self_assessment_submit(evaluation=evaluation, actor=person.user)
    evaluation.refresh_from_db()
    assert evaluation.state == State.SELF_SUBMITTED
    assert evaluation.self_total == Decimal("80.00")
    assert mail.outbox[-1].to == [org.head.user.email]


def test_self_submit_refuses_missing_scores(org, evaluation):
    person = org.staff[0]
    first = criteria_of(evaluation)[0]
    services.assessment_save_draft(
        evaluation=evaluation,
        assessor=person,
        kind="self",
        scores={first.pk: Decimal("5")},
        actor=person.user,
    )
    with pytest.raises(ScoreError):
        services.self_assessment_submit(evaluation=evaluation, actor=person.user)


def test_someone_else_cannot_fill_the_self_assessment(org, evaluation):
    intruder = org.staff[1]
    with pytest.raises(NotAllowedError):
        fill(evaluation, intruder, "self", 5)
    with pytest.raises(NotAllowedError):
        services.assessment_save_draft(
            evaluation=evaluation,
            assessor=org.staff[0],
            kind="self",
            scores={},
            actor=intruder.user,
        )


@pytest.mark.parametrize("value", ["-1", "10.01", "abc", "NaN"])
def test_scores_outside_the_range_are_refused(org, evaluation, value):
    person = org.staff[0]
    criterion = criteria_of(evaluation)[0]
    with pytest.raises(ScoreError):
        services.assessment_save_draft(
            evaluation=evaluation,
            assessor=person,
            kind="self",
            scores={criterion.pk: value},
            actor=person.user,
        )
    assert not Assessment.objects.exists()


def test_a_criterion_of_another_set_is_refused(org, evaluation):
    person = org.staff[0]
    foreign = criteria_of(org.evaluation(evaluation.cycle, org.head))[-1]
    with pytest.raises(ScoreError):
        services.assessment_save_draft(
            evaluation=evaluation,
            assessor=person,
            kind="self",
            scores={foreign.pk: Decimal("1")},
            actor=person.user,
        )


def test_submission_after_a_locked_deadline_is_refused(org):
    yesterday = datetime.date.today() - datetime.timedelta(days=2)
    cycle = org.open_cycle(lock_after_deadline=True, self_deadline=yesterday)
    evaluation = org.evaluation(cycle, org.staff[0])
    with pytest.raises(DeadlinePassedError):
        fill(evaluation, org.staff[0], "self", 5)


def test_late_submission_allowed_when_the_cycle_does_not_lock(org):
    yesterday = datetime.date.today() - datetime.timedelta(days=2)
    cycle = org.open_cycle(lock_after_deadline=False, self_deadline=yesterday)
    evaluation = org.evaluation(cycle, org.staff[0])
    assert fill(evaluation, org.staff[0], "self", 5).total == Decimal("50.00")


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


def test_a_person_cannot_assess_themself_as_colleague(org, evaluation):
    fill(evaluation, org.staff[0], "self", 8)
    services.self_assessment_submit(evaluation=evaluation, actor=org.staff[0].user)
    with pytest.raises(EvaluationError):
        services.colleagues_assign(
            evaluation=evaluation, colleagues=[org.staff[0]], actor=org.head.user
        )


def test_an_unasked_colleague_cannot_assess(org, evaluation):
    fill(evaluation, org.staff[0], "self", 8)
    services.self_assessment_submit(evaluation=evaluation, actor=org.staff[0].user)
    services.colleagues_assign(
        evaluation=evaluation, colleagues=[org.staff[1]], actor=org.head.user
    )
    with pytest.raises(NotAllowedError):
        fill(evaluation, org.staff[2], "colleague", 5)


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
    to_concluded(org, evaluation)
    services.evaluation_sign_off(
        evaluation=evaluation, actor=org.head.user, password=DEFAULT_PASSWORD
    )
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
    to_concluded(org, evaluation)
    services.evaluation_sign_off(
        evaluation=evaluation, actor=org.head.user, password=DEFAULT_PASSWORD
    )
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


def test_a_person_without_login_is_not_an_actor(org, evaluation):
    stranger = PersonFactory(unit=org.unit, user=None)
    with pytest.raises(NotAllowedError):
        services.assessment_save_draft(
            evaluation=evaluation,
            assessor=stranger,
            kind="self",
            scores=full_scores(evaluation, 1),
            actor=org.staff[0].user,
        )


def test_deadlines_use_the_hanoi_date(org, monkeypatch):
    from django.utils import timezone

    from evaluations.services import _base

    deadline = datetime.date(2026, 1, 10)
    # 18:00 UTC on the 10th is already the 11th in Hà Nội (UTC+7).
    late = datetime.datetime(2026, 1, 10, 18, 0, tzinfo=datetime.UTC)
    monkeypatch.setattr(timezone, "now", lambda: late)
    assert _base.local_today() == datetime.date(2026, 1, 11)
    cycle = org.cycle(lock_after_deadline=True, self_deadline=deadline)
    with pytest.raises(DeadlinePassedError):
        _base.check_deadline(cycle, cycle.self_deadline)
    monkeypatch.setattr(
        timezone, "now", lambda: datetime.datetime(2026, 1, 10, 16, 0, tzinfo=datetime.UTC)
    )
    _base.check_deadline(cycle, cycle.self_deadline)  # 23:00 on the 10th in Hà Nội


def test_self_assessment_proposes_a_level_of_its_own_set(org, evaluation):
    own = evaluation.criteria_set.levels.get(min_score=70)
    assessment = fill(evaluation, org.staff[0], "self", 8, proposed_level=own)
    assert assessment.proposed_level == own
    with pytest.raises(EvaluationError):
        fill(evaluation, org.staff[0], "self", 8, proposed_level=org.leader_set.levels.first())


def test_head_submission_after_a_locked_head_deadline_is_refused(org):
    cycle = org.open_cycle(
        lock_after_deadline=True, head_deadline=datetime.date.today() - datetime.timedelta(days=2)
    )
    evaluation = to_head_review(org, org.evaluation(cycle, org.staff[0]))
    with pytest.raises(DeadlinePassedError):
        fill(evaluation, org.head, "head", 9)


def test_a_submitted_assessment_cannot_be_edited_as_a_draft(org, evaluation):
    fill(evaluation, org.staff[0], "self", 8)
    services.self_assessment_submit(evaluation=evaluation, actor=org.staff[0].user)
    with pytest.raises(WrongStateError):
        fill(evaluation, org.staff[0], "self", 9)

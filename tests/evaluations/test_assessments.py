"""Filling in and submitting assessments: scores, deadlines, colleagues."""

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
from tests.factories.evaluations import criteria_of, fill, full_scores, to_head_review
from tests.factories.units import PersonFactory

pytestmark = pytest.mark.django_db


def _self_draft(evaluation, scores, *, assessor=None, actor=None):
    """Save a self-assessment draft with these raw scores: by the person, unless told."""
    assessor = assessor or evaluation.person
    return services.assessment_save_draft(
        evaluation=evaluation,
        assessor=assessor,
        kind="self",
        scores=scores,
        actor=actor or assessor.user,
    )


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
    _self_draft(evaluation, {first.pk: Decimal("5")})
    with pytest.raises(ScoreError):
        services.self_assessment_submit(evaluation=evaluation, actor=person.user)


def test_someone_else_cannot_fill_the_self_assessment(org, evaluation):
    intruder = org.staff[1]
    with pytest.raises(NotAllowedError):
        fill(evaluation, intruder, "self", 5)
    with pytest.raises(NotAllowedError):
        _self_draft(evaluation, {}, assessor=org.staff[0], actor=intruder.user)


@pytest.mark.parametrize("value", ["-1", "10.01", "abc", "NaN"])
def test_scores_outside_the_range_are_refused(org, evaluation, value):
    criterion = criteria_of(evaluation)[0]
    with pytest.raises(ScoreError):
        _self_draft(evaluation, {criterion.pk: value})
    assert not Assessment.objects.exists()


def test_a_criterion_of_another_set_is_refused(org, evaluation):
    foreign = criteria_of(org.evaluation(evaluation.cycle, org.head))[-1]
    with pytest.raises(ScoreError):
        _self_draft(evaluation, {foreign.pk: Decimal("1")})


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


def test_a_person_without_login_is_not_an_actor(org, evaluation):
    stranger = PersonFactory(unit=org.unit, user=None)
    with pytest.raises(NotAllowedError):
        _self_draft(
            evaluation, full_scores(evaluation, 1), assessor=stranger, actor=org.staff[0].user
        )


def test_deadlines_use_the_hanoi_date(org, monkeypatch):
    from django.utils import timezone

    from core.time import local_today
    from evaluations.services import _base

    deadline = datetime.date(2026, 1, 10)
    # 18:00 UTC on the 10th is already the 11th in Hà Nội (UTC+7).
    late = datetime.datetime(2026, 1, 10, 18, 0, tzinfo=datetime.UTC)
    monkeypatch.setattr(timezone, "now", lambda: late)
    assert local_today() == datetime.date(2026, 1, 11)
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

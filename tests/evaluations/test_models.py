"""Database invariants and the seal on signed-off evaluations."""

from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from evaluations.models import Assessment, Evaluation, Score, SealedError, State
from tests.factories.evaluations import CycleFactory, fill, to_signed

pytestmark = pytest.mark.django_db


def test_weights_must_sum_to_100(org):
    with pytest.raises(IntegrityError), transaction.atomic():
        CycleFactory(self_weight=10, colleague_weight=10, head_weight=70)
    assert CycleFactory(self_weight=10, colleague_weight=20, head_weight=70).pk


def test_default_weights_leave_the_decision_to_the_head(org):
    cycle = CycleFactory()
    assert (cycle.self_weight, cycle.colleague_weight, cycle.head_weight) == (0, 0, 100)
    assert cycle.min_colleagues_shown == 3


def test_one_evaluation_per_person_and_cycle(org, evaluation):
    with pytest.raises(IntegrityError), transaction.atomic():
        Evaluation.objects.create(
            cycle=evaluation.cycle,
            person=evaluation.person,
            unit=evaluation.unit,
            criteria_set=evaluation.criteria_set,
        )


def test_negative_score_refused_by_the_database(org, evaluation):
    assessment = fill(evaluation, org.staff[0], "self", 5)
    with pytest.raises(IntegrityError), transaction.atomic():
        Score.objects.filter(assessment=assessment).update(score=Decimal("-1"))


@pytest.fixture
def signed(org, evaluation):
    to_signed(org, evaluation)
    evaluation.refresh_from_db()
    return evaluation


def test_signed_evaluation_refuses_model_save(signed):
    signed.final_score = Decimal("10")
    with pytest.raises(SealedError):
        signed.save()
    signed.refresh_from_db()
    signed.state = State.HEAD_REVIEW
    with pytest.raises(SealedError):
        signed.save()


def test_signed_evaluation_refuses_queryset_update(signed):
    with pytest.raises(SealedError):
        Evaluation.objects.filter(pk=signed.pk).update(final_score=Decimal("10"))
    with pytest.raises(SealedError):
        Evaluation.objects.all().update(state=State.CONCLUDED)
    signed.refresh_from_db()
    assert signed.state == State.SIGNED_OFF


def test_signed_evaluation_refuses_score_and_assessment_edits(org, signed):
    score = Score.objects.filter(assessment__evaluation=signed).first()
    score.score = Decimal("1")
    with pytest.raises(SealedError):
        score.save()
    with pytest.raises(SealedError):
        Score.objects.filter(assessment__evaluation=signed).update(score=Decimal("1"))
    with pytest.raises(SealedError):
        Score.objects.filter(assessment__evaluation=signed).delete()
    with pytest.raises(SealedError):
        Assessment.objects.filter(evaluation=signed).update(total=Decimal("1"))
    assessment = Assessment.objects.filter(evaluation=signed).first()
    with pytest.raises(SealedError):
        assessment.delete()
    with pytest.raises(SealedError):
        signed.delete()


def test_signed_evaluation_refuses_service_edits(org, signed):
    from evaluations.errors import WrongStateError

    with pytest.raises(WrongStateError):
        fill(signed, org.head, "head", 1)
    with pytest.raises(WrongStateError):
        fill(signed, org.staff[0], "self", 1)


def test_signed_content_hash_detects_tampering(signed):
    from evaluations.selectors import evaluation_signature_valid

    assert evaluation_signature_valid(signed)
    # Bypass every guard (raw SQL-level update through the base manager's queryset class,
    # with the database's seal lifted as an operator could).
    from django.db.models import QuerySet

    from core.sealing import lift_database_seal

    with transaction.atomic(), lift_database_seal():
        QuerySet.update(Score.objects.filter(assessment__evaluation=signed), score=Decimal("0"))
    assert not evaluation_signature_valid(signed)


def test_history_records_score_changes(org, evaluation):
    assessment = fill(evaluation, org.staff[0], "self", 5)
    fill(evaluation, org.staff[0], "self", 6)
    score = assessment.scores.first()
    assert score.history.count() == 2
    assert score.history.first().history_user == org.staff[0].user

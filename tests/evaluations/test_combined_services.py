"""Services that do two things at once do both or neither: save-and-submit an assessment,
publish every signed-off result of a unit."""

from unittest import mock

import pytest

from evaluations import services
from evaluations.errors import EvaluationError, ScoreError, WrongStateError
from evaluations.models import Assessment, AuditEntry, Evaluation, State
from tests.factories.evaluations import criteria_of, full_scores, to_signed

pytestmark = pytest.mark.django_db


def test_save_and_submit_saves_the_answers_and_submits(org, evaluation):
    person = org.staff[0]
    services.assessment_save_and_submit(
        evaluation=evaluation,
        assessor=person,
        kind=Assessment.Kind.SELF,
        scores=full_scores(evaluation, 7),
        actor=person.user,
    )
    evaluation.refresh_from_db()
    assert evaluation.state == State.SELF_SUBMITTED
    assert evaluation.self_total == 70


def test_save_and_submit_refused_keeps_nothing_of_the_answers(org, evaluation):
    person = org.staff[0]
    partial = dict(list(full_scores(evaluation, 7).items())[:-1])  # one criterion missing
    with pytest.raises(ScoreError):
        services.assessment_save_and_submit(
            evaluation=evaluation,
            assessor=person,
            kind=Assessment.Kind.SELF,
            scores=partial,
            actor=person.user,
        )
    evaluation.refresh_from_db()
    assert evaluation.state == State.NOT_STARTED
    assert not Assessment.objects.filter(evaluation=evaluation).exists()
    assert len(criteria_of(evaluation)) == len(partial) + 1


def _signed(org, cycle, person) -> Evaluation:
    evaluation = org.evaluation(cycle, person)
    to_signed(org, evaluation)
    return evaluation


def test_publish_signed_publishes_every_signed_result_with_one_audit_entry_each(org, cycle):
    signed = [_signed(org, cycle, person) for person in org.staff[:3]]

    published = services.evaluations_publish_signed(cycle=cycle, actor=org.head.user)

    assert published == 3
    assert set(Evaluation.objects.filter(state=State.PUBLISHED).values_list("pk", flat=True)) == {
        e.pk for e in signed
    }
    assert AuditEntry.objects.filter(action="publish").count() == 3


def test_publish_signed_is_all_or_nothing(org, cycle):
    signed = [_signed(org, cycle, person) for person in org.staff[:3]]
    real_publish = services.review.evaluation_publish
    calls = []

    def publish_then_refuse_the_third(**kwargs):
        calls.append(kwargs["evaluation"].pk)
        if len(calls) == 3:
            raise WrongStateError()
        return real_publish(**kwargs)

    with (
        mock.patch.object(services.review, "evaluation_publish", publish_then_refuse_the_third),
        pytest.raises(EvaluationError) as refused,
    ):
        services.evaluations_publish_signed(cycle=cycle, actor=org.head.user)

    assert refused.value.code == "wrong_state"
    third = Evaluation.objects.get(pk=calls[2]).person.full_name
    assert third in refused.value.messages[0]
    assert not Evaluation.objects.filter(state=State.PUBLISHED).exists()
    assert all(e.state == State.SIGNED_OFF for e in Evaluation.objects.filter(pk__in=calls))
    assert not AuditEntry.objects.filter(action="publish").exists()
    assert {e.pk for e in signed} == set(calls)

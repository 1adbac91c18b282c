"""The collective's opinion recorded from a meeting."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from evaluations import selectors, services
from evaluations.errors import EvaluationError, NotAllowedError, WrongStateError
from evaluations.models import AuditEntry, CollectiveVote
from tests.factories.evaluations import to_signed

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()


def _levels(evaluation):
    return {level.min_score: level.pk for level in evaluation.criteria_set.levels.all()}


def _record(org, cycle, votes, **kwargs):
    arguments = {
        "cycle": cycle,
        "unit": org.unit,
        "held_on": TODAY,
        "invited": 5,
        "present": 4,
        "votes": votes,
        "actor": org.head.user,
    } | kwargs
    return services.collective_review_record(**arguments)


def test_the_head_records_a_meeting_with_votes(org, cycle, evaluation):
    levels = _levels(evaluation)
    minutes = SimpleUploadedFile("bien-ban.pdf", b"%PDF-1.4", content_type="application/pdf")
    review = _record(org, cycle, {evaluation.pk: {levels[90]: 3, levels[70]: 1}}, minutes=minutes)
    assert review.minutes.name.endswith(".pdf")
    assert CollectiveVote.objects.filter(review=review).count() == 2
    assert AuditEntry.objects.filter(evaluation=evaluation, action="collective_review").exists()


def test_votes_cannot_exceed_those_present(org, cycle, evaluation):
    levels = _levels(evaluation)
    with pytest.raises(EvaluationError) as error:
        _record(org, cycle, {evaluation.pk: {levels[90]: 3, levels[70]: 2}})
    assert error.value.code == "votes"
    assert not CollectiveVote.objects.exists()


def test_more_present_than_invited_is_refused(org, cycle, evaluation):
    with pytest.raises(EvaluationError):
        _record(org, cycle, {}, invited=2, present=3)


def test_another_head_or_a_foreign_evaluation_is_refused(org, cycle, evaluation):
    levels = _levels(evaluation)
    with pytest.raises(NotAllowedError):
        _record(org, cycle, {evaluation.pk: {levels[90]: 1}}, actor=org.other_head.user)
    foreign = org.evaluation(cycle, org.other_head)
    with pytest.raises(EvaluationError):
        _record(org, cycle, {foreign.pk: {}})
    own = org.evaluation(cycle, org.head)
    with pytest.raises(EvaluationError):
        _record(org, cycle, {own.pk: {}})


def test_a_level_of_another_set_is_refused(org, cycle, evaluation):
    with pytest.raises(EvaluationError):
        _record(org, cycle, {evaluation.pk: {org.leader_set.levels.first().pk: 1}})


def test_minutes_must_be_a_document(org, cycle, evaluation):
    script = SimpleUploadedFile("bien-ban.exe", b"MZ")
    with pytest.raises(ValidationError):
        _record(org, cycle, {}, minutes=script)


def test_signed_evaluations_take_no_votes(org, cycle, evaluation):
    to_signed(org, evaluation)
    with pytest.raises(WrongStateError):
        _record(org, cycle, {evaluation.pk: {}})


def test_votes_visible_to_the_head_and_to_the_person_after_sign_off(org, cycle, evaluation):
    levels = _levels(evaluation)
    _record(org, cycle, {evaluation.pk: {levels[90]: 4}})
    assert selectors.collective_votes_visible_to(org.head.user, evaluation).count() == 1
    assert not selectors.collective_votes_visible_to(org.staff[0].user, evaluation).exists()
    assert not selectors.collective_votes_visible_to(org.staff[1].user, evaluation).exists()
    to_signed(org, evaluation)
    evaluation.refresh_from_db()
    assert selectors.collective_votes_visible_to(org.staff[0].user, evaluation).count() == 1

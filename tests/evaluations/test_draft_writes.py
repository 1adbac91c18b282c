"""A draft's scores are written in bulk: the statements of a save do not grow with the
number of criteria, and every score still gets its history row."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from evaluations import services
from evaluations.models import Assessment, Score
from tests.factories import evaluations as ef

pytestmark = pytest.mark.django_db
Kind = Assessment.Kind


def _statements_of_save(evaluation, person, scores) -> int:
    with CaptureQueriesContext(connection) as captured:
        services.assessment_save_draft(
            evaluation=evaluation, assessor=person, kind=Kind.SELF, scores=scores, actor=person.user
        )
    return len(captured.captured_queries)


def test_a_save_costs_the_same_for_two_and_for_six_criteria():
    org = ef.Org()
    cycle = org.open_cycle()
    few, many = org.staff[0], org.staff[1]
    few_evaluation, many_evaluation = org.evaluation(cycle, few), org.evaluation(cycle, many)
    criteria = [criterion.pk for criterion in ef.criteria_of(many_evaluation)]
    assert len(criteria) == 6

    def scores(value, count):
        return {pk: Decimal(value) for pk in criteria[:count]}

    # One save before, so that what is looked up once a process (content types) is not counted.
    warm = org.staff[2]
    _statements_of_save(org.evaluation(cycle, warm), warm, scores(5, 1))
    first = (
        _statements_of_save(few_evaluation, few, scores(5, 2)),
        _statements_of_save(many_evaluation, many, scores(5, 6)),
    )
    again = (
        _statements_of_save(few_evaluation, few, scores(7, 2)),
        _statements_of_save(many_evaluation, many, scores(7, 6)),
    )

    assert first[0] == first[1]
    assert again[0] == again[1]


def test_each_score_keeps_its_history_when_written_in_bulk():
    org = ef.Org()
    cycle = org.open_cycle()
    person = org.staff[0]
    evaluation = org.evaluation(cycle, person)
    ef.fill(evaluation, person, Kind.SELF, 5)
    ef.fill(evaluation, person, Kind.SELF, 7)

    scores = Score.objects.filter(assessment__evaluation=evaluation)
    assert {score.score for score in scores} == {Decimal("7")}
    for score in scores:
        kinds = list(score.history.order_by("history_id").values_list("history_type", "score"))
        assert kinds == [("+", Decimal("5")), ("~", Decimal("7"))]
        assert score.history.latest().history_user == person.user

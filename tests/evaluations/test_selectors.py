"""Who assesses whom, who sees what, and the top-level cap."""

from decimal import Decimal

import pytest

from evaluations import selectors, services
from evaluations.models import Assessment, Evaluation
from tests.factories.evaluations import CycleFactory, fill, to_concluded, to_signed
from tests.factories.units import DEFAULT_PASSWORD, PersonFactory, UnitFactory

pytestmark = pytest.mark.django_db
Kind = Assessment.Kind


def test_head_for_staff_is_the_unit_head(org):
    assert selectors.head_for(org.staff[0]) == org.head
    assert selectors.head_for(org.sub_staff) == org.sub_head


def test_head_for_a_head_is_the_nearest_ancestor_head(org):
    assert selectors.head_for(org.sub_head) == org.head
    assert selectors.head_for(org.head) is None  # nobody above in this tree


def test_head_for_skips_units_without_an_active_head(org):
    deep = UnitFactory(parent=org.sub)
    person = PersonFactory(unit=deep)
    assert selectors.head_for(person) == org.sub_head


def test_a_named_reviewer_replaces_the_head(org, cycle):
    evaluation = org.evaluation(cycle, org.head)
    Evaluation.objects.filter(pk=evaluation.pk).update(reviewer=org.other_head)
    evaluation.refresh_from_db()
    assert selectors.evaluation_head(evaluation) == org.other_head
    assert evaluation in selectors.evaluations_for_head(org.other_head, cycle)


def test_evaluations_for_head_agree_with_evaluation_head(org, cycle):
    for head in (org.head, org.sub_head, org.other_head):
        listed = set(selectors.evaluations_for_head(head, cycle))
        expected = {
            evaluation
            for evaluation in Evaluation.objects.filter(cycle=cycle)
            if selectors.evaluation_head(evaluation) == head
        }
        assert listed == expected
    names = {e.person for e in selectors.evaluations_for_head(org.head, cycle)}
    assert names == {*org.staff, org.sub_head}


@pytest.mark.parametrize("size", [10, 200])
def test_evaluations_for_head_constant_queries(org, size, django_assert_num_queries):
    PersonFactory.create_batch(size, unit=org.unit, user=None)
    cycle = org.open_cycle()
    head = type(org.head).objects.select_related("unit").get(pk=org.head.pk)
    with django_assert_num_queries(2):
        rows = list(selectors.evaluations_for_head(head, cycle))
        assert [(row.person.full_name, row.unit.code, row.criteria_set.code) for row in rows]
    assert len(rows) == size + 5


def _with_colleagues(org, evaluation, values):
    fill(evaluation, org.staff[0], "self", 8)
    services.self_assessment_submit(evaluation=evaluation, actor=org.staff[0].user)
    colleagues = org.staff[1 : 1 + len(values)]
    services.colleagues_assign(evaluation=evaluation, colleagues=colleagues, actor=org.head.user)
    for colleague, value in zip(colleagues, values, strict=True):
        fill(evaluation, colleague, "colleague", value)
        services.colleague_assessment_submit(evaluation=evaluation, actor=colleague.user)
    evaluation.refresh_from_db()
    return colleagues


def test_colleague_average_hidden_below_the_minimum(org, evaluation):
    _with_colleagues(org, evaluation, [6, 8])
    assert not selectors.colleague_average_visible(evaluation)
    assert selectors.colleague_average(evaluation) is None


def test_colleague_average_shown_from_the_minimum(org, evaluation):
    _with_colleagues(org, evaluation, [6, 7, 8])
    assert selectors.colleague_average_visible(evaluation)
    assert selectors.colleague_average(evaluation) == Decimal("70.00")


def _kinds(user, evaluation):
    return sorted(
        (a.kind, a.assessor_id) for a in selectors.assessments_visible_to(user, evaluation)
    )


def test_the_person_never_sees_colleagues_and_sees_the_head_only_after_sign_off(org, evaluation):
    _with_colleagues(org, evaluation, [6, 7, 8])
    services.evaluation_send_to_head(evaluation=evaluation, actor=org.head.user)
    fill(evaluation, org.head, "head", 9)
    services.head_assessment_submit(evaluation=evaluation, actor=org.head.user)
    person = org.staff[0].user
    assert _kinds(person, evaluation) == [(Kind.SELF, org.staff[0].pk)]
    services.evaluation_conclude(evaluation=evaluation, actor=org.head.user)
    services.evaluation_sign_off(
        evaluation=evaluation, actor=org.head.user, password=DEFAULT_PASSWORD
    )
    evaluation.refresh_from_db()
    assert _kinds(person, evaluation) == sorted(
        [(Kind.SELF, org.staff[0].pk), (Kind.HEAD, org.head.pk)]
    )


def test_colleagues_see_only_their_own(org, evaluation):
    colleagues = _with_colleagues(org, evaluation, [6, 7, 8])
    assert _kinds(colleagues[0].user, evaluation) == [(Kind.COLLEAGUE, colleagues[0].pk)]


def test_the_head_sees_everything_and_another_head_nothing(org, evaluation):
    _with_colleagues(org, evaluation, [6, 7, 8])
    assert len(_kinds(org.head.user, evaluation)) == 4
    assert _kinds(org.other_head.user, evaluation) == []
    assert len(_kinds(org.admin, evaluation)) == 4


def test_top_level_share_and_cap(org):
    cycle = org.open_cycle(top_level_cap_percent=20)
    # Two at the top (90+), one "good" (70-89), one below.
    for person, score in zip(org.staff, (9, 10, 8, 5), strict=True):
        to_concluded(org, org.evaluation(cycle, person), head_score=score)
    share = selectors.top_level_share(cycle, org.unit)
    assert (share.top_count, share.good_or_better_count) == (2, 3)
    assert share.share_percent == Decimal("66.67")
    assert share.exceeds_cap


def test_top_level_share_without_cap_never_exceeds(org):
    cycle = org.open_cycle()
    to_concluded(org, org.evaluation(cycle, org.staff[0]), head_score=10)
    share = selectors.top_level_share(cycle, org.ward)
    assert share.share_percent == Decimal("100.00")
    assert not share.exceeds_cap


def test_top_level_share_of_an_empty_unit(org, cycle):
    share = selectors.top_level_share(cycle, org.other)
    assert share.share_percent == 0 and not share.exceeds_cap


def test_sub_head_review_list_is_their_unit(org):
    cycle = CycleFactory(scope=[org.ward])
    services.cycle_open(cycle=cycle, actor=org.admin)
    assert {e.person for e in selectors.evaluations_for_head(org.sub_head, cycle)} == {
        org.sub_staff
    }


def test_colleagues_proposed_are_the_other_active_people_of_the_unit_but_the_head(org, evaluation):
    PersonFactory(unit=org.unit, is_active=False)
    # The head reviews the evaluation: never also one of its colleagues (issue 13).
    assert set(selectors.colleagues_proposed(evaluation)) == set(org.staff[1:])


def test_published_results_of_a_unit(org, evaluation, django_assert_num_queries):
    to_signed(org, evaluation)
    assert not selectors.evaluations_published_in(evaluation.cycle, org.unit).exists()
    services.evaluation_publish(evaluation=evaluation, actor=org.head.user)
    with django_assert_num_queries(1):
        rows = [
            (row.person.full_name, row.final_level.label)
            for row in selectors.evaluations_published_in(evaluation.cycle, org.unit)
        ]
    assert rows == [(org.staff[0].full_name, evaluation.final_level.label)]

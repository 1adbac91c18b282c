"""The head's list and the assessment pages run a fixed number of queries, whatever the
size of the unit (10 or 500 people).
"""

import pytest
from django.urls import reverse

from evaluations import services
from tests.factories.evaluations import Org, fill
from tests.factories.units import PersonFactory

pytestmark = pytest.mark.django_db

# 11 before December 2026's profile: the head's reviewed units are now computed once per
# request for the list and its counts.
HEAD_LIST_QUERIES = 10
# 11 before: the evaluation's criteria set (joined with it) is no longer read a second time
# and the proposed level's options come from the levels already loaded. This is the first
# view in the process; later views read the locked set's tree from memory
# (criteria.selectors.criteria_set_frozen_tree): three fewer.
SELF_FORM_QUERIES = 9
REVIEW_QUERIES = 20


def _org_with(size: int):
    org = Org()
    for _ in range(size - len(org.staff)):
        PersonFactory(unit=org.unit, user=None)
    cycle = org.open_cycle()
    evaluation = org.evaluation(cycle, org.staff[0])
    fill(evaluation, org.staff[0], "self", 8)
    services.self_assessment_submit(evaluation=evaluation, actor=org.staff[0].user)
    services.colleagues_assign(
        evaluation=evaluation, colleagues=org.staff[1:4], actor=org.head.user
    )
    return org, cycle, evaluation


@pytest.mark.parametrize("size", [10, 500])
def test_head_list_queries_do_not_grow_with_the_unit(client, django_assert_num_queries, size):
    org, cycle, _evaluation = _org_with(size)
    client.force_login(org.head.user)
    url = reverse("evaluations:head_list") + f"?cycle={cycle.pk}"

    with django_assert_num_queries(HEAD_LIST_QUERIES):
        response = client.get(url)

    assert response.status_code == 200


@pytest.mark.parametrize("size", [10, 500])
def test_self_assessment_page_queries_do_not_grow_with_the_unit(
    client, django_assert_num_queries, size
):
    org, cycle, _evaluation = _org_with(size)
    evaluation = org.evaluation(cycle, org.staff[4 % len(org.staff)])
    client.force_login(evaluation.person.user)

    with django_assert_num_queries(SELF_FORM_QUERIES):
        response = client.get(reverse("evaluations:self_form", args=[evaluation.pk]))

    assert response.status_code == 200
    # Again: the locked criteria set's groups, criteria and levels come from memory.
    with django_assert_num_queries(SELF_FORM_QUERIES - 3):
        response = client.get(reverse("evaluations:self_form", args=[evaluation.pk]))
    assert response.status_code == 200


@pytest.mark.parametrize("size", [10, 500])
def test_review_page_queries_do_not_grow_with_the_unit(client, django_assert_num_queries, size):
    org, _cycle, evaluation = _org_with(size)
    client.force_login(org.head.user)

    with django_assert_num_queries(REVIEW_QUERIES):
        response = client.get(reverse("evaluations:review", args=[evaluation.pk]))

    assert response.status_code == 200

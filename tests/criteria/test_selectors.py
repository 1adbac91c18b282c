"""A locked set's tree is read once per process; an unlocked one every time."""

import pytest

from criteria.selectors import criteria_set_frozen_tree
from criteria.services import criteria_set_lock
from tests.factories.criteria import make_criteria_set

pytestmark = pytest.mark.django_db


def _shape(tree):
    return [
        (group.order, [criterion.pk for criterion in group.criteria.all()])
        for group in tree.groups.all()
    ], [level.label for level in tree.levels.all()]


def test_a_locked_sets_tree_is_read_once(django_assert_num_queries):
    criteria_set = make_criteria_set(groups=(2, 3))
    criteria_set_lock(criteria_set=criteria_set)
    criteria_set.refresh_from_db()
    with django_assert_num_queries(3):  # its groups, criteria and levels (the set is loaded)
        first = criteria_set_frozen_tree(criteria_set)
    with django_assert_num_queries(0):
        again = criteria_set_frozen_tree(criteria_set)
    assert again is first
    groups, levels = _shape(again)
    assert [order for order, _criteria in groups] == [1, 2]
    assert [len(criteria) for _order, criteria in groups] == [2, 3]
    assert len(levels) == 4


def test_an_unlocked_set_is_read_each_time(django_assert_num_queries):
    criteria_set = make_criteria_set(groups=(1,))
    assert criteria_set.locked_at is None
    criteria_set_frozen_tree(criteria_set)
    with django_assert_num_queries(4):
        criteria_set_frozen_tree(criteria_set)


def test_locking_again_under_the_same_id_is_another_entry(django_assert_num_queries):
    criteria_set = make_criteria_set(groups=(1,))
    criteria_set_lock(criteria_set=criteria_set)
    criteria_set.refresh_from_db()
    criteria_set_frozen_tree(criteria_set)
    criteria_set.locked_at = criteria_set.locked_at.replace(year=2000)  # a reused id
    with django_assert_num_queries(3):
        criteria_set_frozen_tree(criteria_set)

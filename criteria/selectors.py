"""Read-only queries about criteria sets."""

import copy

from django.db.models import Case, Count, Prefetch, QuerySet, Value, When, prefetch_related_objects

from .models import Audience, CriteriaSet, Criterion, CriterionGroup


def _active_newest_first() -> QuerySet[CriteriaSet]:
    # Several codes may be active for one audience: the newest by effective date applies.
    return CriteriaSet.objects.filter(status=CriteriaSet.Status.ACTIVE).order_by(
        "-effective_from", "-version"
    )


def criteria_set_active(*, audience: str) -> CriteriaSet | None:
    """The active set for leaders or staff (the newest by effective date if several codes)."""
    return _active_newest_first().filter(audience=audience).first()


def criteria_sets_active() -> dict[str, CriteriaSet]:
    """The active set of each audience that has one, as :func:`criteria_set_active` picks
    it. One query."""
    chosen: dict[str, CriteriaSet] = {}
    for criteria_set in _active_newest_first():
        chosen.setdefault(criteria_set.audience, criteria_set)
    return chosen


def criteria_set_of_category(sets: dict[str, CriteriaSet | None]) -> Case:
    """For rows of people (their ``category``): the id of the set among ``sets`` (by
    audience) that assesses them, as :func:`audience_for_category` says; for INSERT … SELECT."""

    def pk(audience: str) -> int | None:
        criteria_set = sets.get(audience)
        return criteria_set.pk if criteria_set is not None else None

    return Case(
        When(category=Audience.LEADER, then=Value(pk(Audience.LEADER))),
        default=Value(pk(Audience.STAFF)),
    )


def _tree_lookups() -> tuple:
    return (
        Prefetch(
            "groups",
            queryset=CriterionGroup.objects.order_by("order").prefetch_related(
                Prefetch("criteria", queryset=Criterion.objects.order_by("order"))
            ),
        ),
        "levels",
    )


def criteria_set_with_tree(pk: int) -> CriteriaSet:
    """A set with its groups, criteria and levels loaded in three queries."""
    return CriteriaSet.objects.prefetch_related(*_tree_lookups()).get(pk=pk)


# A locked set never changes again (criteria.models: its groups, criteria and levels are
# frozen), so its loaded tree is kept in the process, keyed by id and lock time: the forms of
# every evaluation in a cycle share it instead of reading four tables on each request. Only
# the frozen parts are read from it (not the status, which stays writable).
_LOCKED_TREES: dict[tuple, CriteriaSet] = {}
KEPT_LOCKED_TREES = 32


def criteria_set_frozen_tree(criteria_set: CriteriaSet) -> CriteriaSet:
    """``criteria_set`` with its groups, criteria and levels loaded, for reading its frozen
    parts (name, decision, groups, criteria, levels): no query when a locked set's tree was
    loaded before in this process, else three; an unlocked set is read afresh (four)."""
    if criteria_set.locked_at is None:
        return criteria_set_with_tree(criteria_set.pk)
    key = (criteria_set.pk, criteria_set.locked_at)
    tree = _LOCKED_TREES.get(key)
    if tree is None:
        # A copy of the row already loaded, with its tree (three queries): the caller's
        # object is left as it was.
        tree = copy.copy(criteria_set)
        tree._prefetched_objects_cache = {}
        prefetch_related_objects([tree], *_tree_lookups())
        if len(_LOCKED_TREES) >= KEPT_LOCKED_TREES:
            _LOCKED_TREES.clear()  # a handful of sets in use: never reached in practice
        _LOCKED_TREES[key] = tree
    return tree


def criteria_set_list() -> QuerySet[CriteriaSet]:
    return CriteriaSet.objects.annotate(
        group_count=Count("groups", distinct=True),
        criterion_count=Count("groups__criteria", distinct=True),
    ).order_by("code", "-version")


def audience_for_category(category: str) -> str:
    """People in the leader category are assessed with the leaders' set, others the staff's."""
    return Audience.LEADER if category == Audience.LEADER else Audience.STAFF


def criteria_set_readable_by(user, criteria_set: CriteriaSet) -> bool:
    """Published (active or retired) sets are public; a draft only for the admin's staff."""
    return criteria_set.status != CriteriaSet.Status.DRAFT or user.is_staff

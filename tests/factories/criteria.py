"""Criteria sets, their groups, criteria and result levels."""

import factory

from criteria.models import Audience, CriteriaSet, Criterion, CriterionGroup, ResultLevel
from criteria.services import DEFAULT_LEVELS


class CriteriaSetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CriteriaSet

    code = factory.Sequence(lambda n: f"SET{n}")
    name = factory.Sequence(lambda n: f"Bộ tiêu chí thử {n}")
    audience = Audience.STAFF
    decision_number = "264/QĐ-QU"
    effective_from = factory.Faker("date_object")
    status = CriteriaSet.Status.ACTIVE


class OrderedFactory(factory.django.DjangoModelFactory):
    """Groups and criteria are numbered 1, 2, 3 … in the order they are made."""

    class Meta:
        abstract = True

    order = factory.Sequence(lambda n: n + 1)


class CriterionGroupFactory(OrderedFactory):
    class Meta:
        model = CriterionGroup

    criteria_set = factory.SubFactory(CriteriaSetFactory)
    name = factory.Sequence(lambda n: f"Nhóm {n}")


class CriterionFactory(OrderedFactory):
    class Meta:
        model = Criterion

    group = factory.SubFactory(CriterionGroupFactory)
    text = factory.Sequence(lambda n: f"Tiêu chí {n}")
    max_score = 10


def make_criteria_set(*, groups=(2, 4), audience=Audience.STAFF, **kwargs) -> CriteriaSet:
    """A set with ``groups[i]`` criteria in group i and the four default levels."""
    criteria_set = CriteriaSetFactory(audience=audience, **kwargs)
    for group_order, count in enumerate(groups, start=1):
        group = CriterionGroupFactory(criteria_set=criteria_set, order=group_order)
        for order in range(1, count + 1):
            CriterionFactory(group=group, order=order)
    ResultLevel.objects.bulk_create(
        ResultLevel(criteria_set=criteria_set, label=label, min_score=minimum)
        for label, minimum in DEFAULT_LEVELS
    )
    return criteria_set

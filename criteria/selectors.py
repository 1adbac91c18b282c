"""Read-only queries about criteria sets."""

from django.db.models import Count, Prefetch, QuerySet

from .models import Audience, CriteriaSet, Criterion, CriterionGroup


def criteria_set_active(*, audience: str) -> CriteriaSet | None:
    """The active set for leaders or staff (the newest by effective date if several codes)."""
    return (
        CriteriaSet.objects.filter(audience=audience, status=CriteriaSet.Status.ACTIVE)
        .order_by("-effective_from", "-version")
        .first()
    )


def criteria_set_with_tree(pk: int) -> CriteriaSet:
    """A set with its groups, criteria and levels loaded in three queries."""
    return CriteriaSet.objects.prefetch_related(
        Prefetch(
            "groups",
            queryset=CriterionGroup.objects.order_by("order").prefetch_related(
                Prefetch("criteria", queryset=Criterion.objects.order_by("order"))
            ),
        ),
        "levels",
    ).get(pk=pk)


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

"""Writes to criteria sets: versioning, activation, locking; and the scoring rules."""

from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.db import for_update, lock

from .models import (
    CRITERION_CONTENT_FIELDS,
    GROUP_CONTENT_FIELDS,
    LEVEL_CONTENT_FIELDS,
    SET_CONTENT_FIELDS,
    CriteriaSet,
    Criterion,
    CriterionGroup,
    ResultLevel,
)

# Default levels (the bands of current Vietnamese rules on rating civil servants).
DEFAULT_LEVELS = (
    ("Hoàn thành xuất sắc nhiệm vụ", Decimal("90")),
    ("Hoàn thành tốt nhiệm vụ", Decimal("70")),
    ("Hoàn thành nhiệm vụ", Decimal("50")),
    ("Không hoàn thành nhiệm vụ", Decimal("0")),
)
HUNDRED = Decimal("100")
TWO_PLACES = Decimal("0.01")


@transaction.atomic
def criteria_set_lock(*, criteria_set: CriteriaSet) -> CriteriaSet:
    """Freeze a set the first time it is used (idempotent). Called by apps that use sets."""
    locked = lock(CriteriaSet.objects, criteria_set.pk)
    if locked.locked_at is None:
        locked.locked_at = timezone.now()
        # Bypass the lock check in save(): only locked_at changes here.
        CriteriaSet.objects.filter(pk=locked.pk).update(locked_at=locked.locked_at)
    criteria_set.locked_at = locked.locked_at
    return criteria_set


def _content(row, fields) -> dict:
    return {field: getattr(row, field) for field in fields}


@transaction.atomic
def criteria_set_create_version(*, criteria_set: CriteriaSet) -> CriteriaSet:
    """Deep-copy a set (groups, criteria, levels) into a new draft version."""
    versions = CriteriaSet.objects.filter(code=criteria_set.code).order_by("-version")
    latest = for_update(versions).first()
    copy = CriteriaSet.objects.create(
        **_content(criteria_set, SET_CONTENT_FIELDS),
        version=latest.version + 1,
        status=CriteriaSet.Status.DRAFT,
        previous_version=criteria_set,
    )
    for group in criteria_set.groups.prefetch_related("criteria"):
        group_copy = CriterionGroup.objects.create(
            criteria_set=copy, **_content(group, GROUP_CONTENT_FIELDS)
        )
        Criterion.objects.bulk_create(
            Criterion(group=group_copy, **_content(criterion, CRITERION_CONTENT_FIELDS))
            for criterion in group.criteria.all()
        )
    ResultLevel.objects.bulk_create(
        ResultLevel(criteria_set=copy, **_content(level, LEVEL_CONTENT_FIELDS))
        for level in criteria_set.levels.all()
    )
    return copy


@transaction.atomic
def criteria_set_activate(*, criteria_set: CriteriaSet) -> CriteriaSet:
    """Make this version the active one of its code; the previously active one retires."""
    if not Criterion.objects.filter(group__criteria_set=criteria_set).exists():
        raise ValidationError(_("A criteria set needs at least one criterion to be activated."))
    if not criteria_set.levels.filter(min_score=0).exists():
        raise ValidationError(_("A criteria set needs a result level starting at 0."))
    CriteriaSet.objects.filter(code=criteria_set.code, status=CriteriaSet.Status.ACTIVE).exclude(
        pk=criteria_set.pk
    ).update(status=CriteriaSet.Status.RETIRED)
    CriteriaSet.objects.filter(pk=criteria_set.pk).update(status=CriteriaSet.Status.ACTIVE)
    criteria_set.status = CriteriaSet.Status.ACTIVE
    return criteria_set


def criteria_set_add_default_levels(*, criteria_set: CriteriaSet) -> None:
    ResultLevel.objects.bulk_create(
        ResultLevel(criteria_set=criteria_set, label=label, min_score=minimum)
        for label, minimum in DEFAULT_LEVELS
    )


def score_total(*, scores: dict[int, Decimal | int], criteria: list[Criterion]) -> Decimal:
    """The 0-100 total of scores given per criterion id: a weighted mean of score/max.

    Criteria without a score count as 0, so a half-filled form never looks better than it is.
    """
    weight_sum = sum((criterion.weight for criterion in criteria), Decimal("0"))
    if not weight_sum:
        return Decimal("0.00")
    weighted = sum(
        (
            Decimal(scores.get(criterion.pk, 0) or 0) / criterion.max_score * criterion.weight
            for criterion in criteria
        ),
        Decimal("0"),
    )
    return (weighted / weight_sum * HUNDRED).quantize(TWO_PLACES, rounding=ROUND_HALF_UP)


def level_for_score(*, score: Decimal, levels: list[ResultLevel]) -> ResultLevel | None:
    """The highest level whose minimum ``score`` reaches (levels in any order)."""
    reached = [level for level in levels if score >= level.min_score]
    return max(reached, key=lambda level: level.min_score) if reached else None


@transaction.atomic
def criteria_sets_load(*, definitions: list[dict]) -> dict[str, int]:
    """Create the given sets (version 1, active, default levels) unless the code exists.

    Idempotent: an existing set of that code is left untouched, since it may be locked
    or may have been edited deliberately by an administrator.
    """
    counts = {"created": 0, "kept": 0}
    for definition in definitions:
        if CriteriaSet.objects.filter(code=definition["code"]).exists():
            counts["kept"] += 1
            continue
        criteria_set = CriteriaSet.objects.create(
            code=definition["code"],
            name=definition["name"],
            audience=definition["audience"],
            decision_number=definition.get("decision_number", ""),
            decision_date=definition.get("decision_date"),
            issuing_body=definition.get("issuing_body", ""),
            effective_from=definition["effective_from"],
            version=1,
            status=CriteriaSet.Status.DRAFT,
        )
        for group_order, group_definition in enumerate(definition["groups"], start=1):
            group = CriterionGroup.objects.create(
                criteria_set=criteria_set, order=group_order, name=group_definition["name"]
            )
            Criterion.objects.bulk_create(
                Criterion(group=group, order=order, text=text)
                for order, text in enumerate(group_definition["criteria"], start=1)
            )
        criteria_set_add_default_levels(criteria_set=criteria_set)
        criteria_set_activate(criteria_set=criteria_set)
        counts["created"] += 1
    return counts

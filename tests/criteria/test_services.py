from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from criteria.models import CriteriaSet, Criterion, LockedSetError, ResultLevel
from criteria.services import (
    criteria_set_activate,
    criteria_set_create_version,
    criteria_set_lock,
    level_for_score,
    score_total,
)
from tests.factories.criteria import CriteriaSetFactory, make_criteria_set


@pytest.mark.django_db
def test_a_new_version_is_a_deep_copy_in_draft():
    original = make_criteria_set(groups=(2, 4))
    copy = criteria_set_create_version(criteria_set=original)
    assert (copy.code, copy.version, copy.status) == (original.code, 2, "draft")
    assert copy.previous_version == original
    assert [g.name for g in copy.groups.all()] == [g.name for g in original.groups.all()]
    copied = Criterion.objects.filter(group__criteria_set=copy).order_by("group__order", "order")
    originals = Criterion.objects.filter(group__criteria_set=original).order_by(
        "group__order", "order"
    )
    assert [c.text for c in copied] == [c.text for c in originals]
    assert not set(copied.values_list("pk", flat=True)) & set(
        originals.values_list("pk", flat=True)
    )
    assert copy.levels.count() == 4


@pytest.mark.django_db
def test_a_new_version_copies_every_word_and_number_of_the_set():
    original = make_criteria_set(groups=(2, 3))
    Criterion.objects.filter(group__criteria_set=original).update(
        guidance="Minh chứng: báo cáo quý", max_score=Decimal("15"), weight=Decimal("2")
    )
    copy = criteria_set_create_version(criteria_set=original)

    def content(criteria_set):
        return (
            list(criteria_set.groups.values_list("order", "name")),
            list(
                Criterion.objects.filter(group__criteria_set=criteria_set)
                .order_by("group__order", "order")
                .values_list("group__order", "order", "text", "guidance", "max_score", "weight")
            ),
            list(criteria_set.levels.order_by("min_score").values_list("label", "min_score")),
        )

    assert content(copy) == content(original)


@pytest.mark.django_db
def test_editing_a_new_version_leaves_the_locked_original_unchanged():
    original = make_criteria_set()
    criteria_set_lock(criteria_set=original)
    copy = criteria_set_create_version(criteria_set=original)
    criterion = Criterion.objects.filter(group__criteria_set=copy).first()
    criterion.text = "Tiêu chí mới"
    criterion.save()
    assert not Criterion.objects.filter(group__criteria_set=original, text="Tiêu chí mới").exists()


@pytest.mark.django_db
def test_activating_a_version_retires_the_active_one():
    original = make_criteria_set()
    copy = criteria_set_create_version(criteria_set=original)
    criteria_set_activate(criteria_set=copy)
    original.refresh_from_db()
    assert original.status == CriteriaSet.Status.RETIRED
    assert CriteriaSet.objects.get(pk=copy.pk).status == CriteriaSet.Status.ACTIVE


@pytest.mark.django_db
def test_an_empty_set_cannot_be_activated():
    empty = CriteriaSetFactory(status=CriteriaSet.Status.DRAFT)
    with pytest.raises(ValidationError):
        criteria_set_activate(criteria_set=empty)
    empty.refresh_from_db()
    assert empty.status == CriteriaSet.Status.DRAFT


@pytest.mark.django_db
@pytest.mark.parametrize(
    "change",
    [
        lambda s: Criterion.objects.filter(group__criteria_set=s).first().save(),
        lambda s: Criterion.objects.filter(group__criteria_set=s).first().delete(),
        lambda s: s.groups.first().save(),
        lambda s: ResultLevel.objects.filter(criteria_set=s).first().delete(),
        lambda s: ResultLevel(criteria_set=s, label="Mới", min_score=Decimal("95")).save(),
        lambda s: setattr(s, "name", "Tên khác") or s.save(),
    ],
    ids=["edit criterion", "delete criterion", "edit group", "delete level", "add level", "rename"],
)
def test_a_locked_set_refuses_every_change(change):
    criteria_set = make_criteria_set()
    criteria_set_lock(criteria_set=criteria_set)
    before = list(Criterion.objects.filter(group__criteria_set=criteria_set).values())
    with pytest.raises(LockedSetError) as error:
        change(criteria_set)
    assert "đã được sử dụng" in str(error.value.messages[0])
    after = list(Criterion.objects.filter(group__criteria_set=criteria_set).values())
    assert before == after


@pytest.mark.django_db
def test_locking_is_idempotent_and_keeps_the_first_time():
    criteria_set = make_criteria_set()
    first = criteria_set_lock(criteria_set=criteria_set).locked_at
    again = criteria_set_lock(criteria_set=CriteriaSet.objects.get(pk=criteria_set.pk)).locked_at
    assert first == again


def _criteria(*maxes_and_weights):
    return [
        Criterion(pk=index, max_score=maximum, weight=Decimal(weight))
        for index, (maximum, weight) in enumerate(maxes_and_weights, start=1)
    ]


def test_total_is_the_weighted_mean_on_a_0_to_100_scale():
    criteria = _criteria((10, 1), (10, 1), (20, 2))
    assert score_total(scores={1: 10, 2: 5, 3: 10}, criteria=criteria) == Decimal("62.50")


def test_missing_scores_count_as_zero():
    assert score_total(scores={1: 10}, criteria=_criteria((10, 1), (10, 1))) == Decimal("50.00")


@pytest.mark.parametrize(
    ("score", "label"),
    [
        ("100", "Hoàn thành xuất sắc nhiệm vụ"),
        ("90", "Hoàn thành xuất sắc nhiệm vụ"),
        ("89.99", "Hoàn thành tốt nhiệm vụ"),
        ("70", "Hoàn thành tốt nhiệm vụ"),
        ("50", "Hoàn thành nhiệm vụ"),
        ("49.99", "Không hoàn thành nhiệm vụ"),
        ("0", "Không hoàn thành nhiệm vụ"),
    ],
)
def test_the_default_levels_follow_the_bands(score, label):
    from criteria.services import DEFAULT_LEVELS

    levels = [ResultLevel(label=text, min_score=minimum) for text, minimum in DEFAULT_LEVELS]
    assert level_for_score(score=Decimal(score), levels=levels).label == label

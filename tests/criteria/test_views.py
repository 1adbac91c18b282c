import re

import pytest
from django.urls import reverse

from criteria.models import Audience, CriteriaSet
from tests.factories.criteria import CriterionFactory, make_criteria_set
from tests.factories.units import UserFactory


def _text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


@pytest.fixture
def reader(client, db):
    client.force_login(UserFactory())
    return client


@pytest.fixture
def staff_client(client, db):
    client.force_login(UserFactory(is_staff=True))
    return client


def test_list_shows_active_sets_to_any_user(reader):
    active = make_criteria_set(name="Bộ tiêu chí B", groups=(2, 4))
    make_criteria_set(name="Bản nháp", status=CriteriaSet.Status.DRAFT)

    text = _text(reader.get(reverse("criteria:set_list")))

    assert "Bộ tiêu chí B" in text
    assert "2 nhóm" in text
    assert "6 tiêu chí" in text
    assert reverse("criteria:set_detail", args=[active.pk]) in text
    assert "Bản nháp" not in text


def test_list_shows_drafts_to_staff_users(staff_client):
    make_criteria_set(name="Bản nháp", status=CriteriaSet.Status.DRAFT)

    text = _text(staff_client.get(reverse("criteria:set_list")))

    assert "Bản nháp" in text


def test_detail_lays_out_the_set_as_in_the_decision(reader):
    criteria_set = make_criteria_set(
        name="Bộ tiêu chí lãnh đạo", audience=Audience.LEADER, groups=(2, 4, 3)
    )
    first = criteria_set.groups.get(order=1)
    first.criteria.filter(order=1).update(text="Trung thực, liêm chính", guidance="Xem hồ sơ")

    text = _text(reader.get(reverse("criteria:set_detail", args=[criteria_set.pk])))

    assert "3 nhóm, 9 tiêu chí, tối đa 90 điểm." in text
    assert f"Nhóm 1: {first.name}" in text
    assert "1.1. Trung thực, liêm chính" in text
    assert "Xem hồ sơ" in text
    assert "tối đa 10" in text
    assert "Hoàn thành xuất sắc nhiệm vụ" in text
    assert "từ 90 trở lên" in text
    assert "từ 70 đến dưới 90" in text
    assert "từ 0 đến dưới 50" in text


def test_draft_is_404_for_non_staff_and_readable_by_staff(reader, db):
    draft = make_criteria_set(status=CriteriaSet.Status.DRAFT)
    url = reverse("criteria:set_detail", args=[draft.pk])

    assert reader.get(url).status_code == 404
    reader.force_login(UserFactory(is_staff=True))
    assert reader.get(url).status_code == 200


def test_retired_set_stays_readable(reader):
    retired = make_criteria_set(status=CriteriaSet.Status.RETIRED)

    assert reader.get(reverse("criteria:set_detail", args=[retired.pk])).status_code == 200


def test_missing_set_is_404(reader):
    assert reader.get(reverse("criteria:set_detail", args=[999_999])).status_code == 404


@pytest.mark.parametrize("size", [3, 60])
def test_list_runs_a_constant_number_of_queries(reader, django_assert_num_queries, size):
    for _ in range(size):
        make_criteria_set(groups=(1,))

    # session, user, sets with counts
    with django_assert_num_queries(3):
        response = reader.get(reverse("criteria:set_list"))

    assert len(response.context["criteria_sets"]) == size


@pytest.mark.parametrize("size", [3, 60])
def test_detail_runs_a_constant_number_of_queries(reader, django_assert_num_queries, size):
    criteria_set = make_criteria_set(groups=(2, 2))
    group = criteria_set.groups.get(order=2)
    for order in range(3, size + 1):
        CriterionFactory(group=group, order=order)

    # session, user, set, groups, criteria, levels
    with django_assert_num_queries(6):
        response = reader.get(reverse("criteria:set_detail", args=[criteria_set.pk]))

    assert response.context["criterion_count"] == size + 2

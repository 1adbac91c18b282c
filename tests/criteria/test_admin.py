import pytest
from django.urls import reverse

from criteria.models import CriteriaSet, Criterion
from criteria.services import criteria_set_lock
from tests.factories.criteria import make_criteria_set
from tests.factories.units import DistrictFactory, UserFactory, make_administrator


@pytest.fixture
def admin_client(client, db):
    client.force_login(make_administrator(DistrictFactory()))
    return client


def test_the_administrator_sees_a_draft_set_with_its_criteria(admin_client):
    criteria_set = make_criteria_set(groups=(2,))
    response = admin_client.get(
        reverse("admin:criteria_criteriaset_change", args=[criteria_set.pk])
    )
    assert response.status_code == 200
    for criterion in Criterion.objects.filter(group__criteria_set=criteria_set):
        assert criterion.text in response.text


def test_a_locked_set_is_shown_read_only_with_the_reason(admin_client):
    criteria_set = make_criteria_set()
    criteria_set_lock(criteria_set=criteria_set)
    response = admin_client.get(
        reverse("admin:criteria_criteriaset_change", args=[criteria_set.pk]), follow=True
    )
    assert response.status_code == 200
    assert "đã được sử dụng nên bị khóa" in response.text
    assert 'name="_save"' not in response.text


def test_posting_changes_to_a_locked_set_is_refused_and_changes_nothing(admin_client):
    criteria_set = make_criteria_set()
    criteria_set_lock(criteria_set=criteria_set)
    response = admin_client.post(
        reverse("admin:criteria_criteriaset_change", args=[criteria_set.pk]),
        {"code": "X", "name": "Đổi tên", "audience": "staff", "effective_from": "01/01/2022"},
    )
    assert response.status_code == 403
    criteria_set.refresh_from_db()
    assert criteria_set.name != "Đổi tên"


def test_editing_a_criterion_of_a_locked_set_is_refused(admin_client):
    criteria_set = make_criteria_set(groups=(1,))
    criteria_set_lock(criteria_set=criteria_set)
    group = criteria_set.groups.get()
    response = admin_client.post(
        reverse("admin:criteria_criteriongroup_change", args=[group.pk]),
        {"criteria_set": criteria_set.pk, "order": 1, "name": "Nhóm đổi tên"},
    )
    assert response.status_code == 403
    group.refresh_from_db()
    assert group.name != "Nhóm đổi tên"


def test_create_new_version_copies_the_set_and_opens_the_copy(admin_client):
    criteria_set = make_criteria_set()
    criteria_set_lock(criteria_set=criteria_set)
    response = admin_client.post(
        reverse("admin:criteria_criteriaset_new_version", args=[criteria_set.pk])
    )
    copy = CriteriaSet.objects.get(code=criteria_set.code, version=2)
    assert response.url == reverse("admin:criteria_criteriaset_change", args=[copy.pk])
    assert not copy.is_locked


def test_activating_a_new_version_retires_the_old_one(admin_client):
    criteria_set = make_criteria_set()
    admin_client.post(reverse("admin:criteria_criteriaset_new_version", args=[criteria_set.pk]))
    copy = CriteriaSet.objects.get(code=criteria_set.code, version=2)
    admin_client.post(reverse("admin:criteria_criteriaset_activate", args=[copy.pk]))
    criteria_set.refresh_from_db()
    copy.refresh_from_db()
    assert (criteria_set.status, copy.status) == ("retired", "active")


def test_a_user_without_admin_rights_cannot_create_versions(client, db):
    criteria_set = make_criteria_set()
    client.force_login(UserFactory())
    response = client.post(
        reverse("admin:criteria_criteriaset_new_version", args=[criteria_set.pk])
    )
    assert response.status_code == 302 and "login" in response.url
    assert CriteriaSet.objects.count() == 1


def test_the_criteria_set_list_runs_a_constant_number_of_queries(
    admin_client, django_assert_max_num_queries
):
    for _ in range(2):
        make_criteria_set()
    url = reverse("admin:criteria_criteriaset_changelist")
    admin_client.get(url)  # warm caches (content types, sessions)
    with django_assert_max_num_queries(12) as small:
        admin_client.get(url)
    for _ in range(20):
        make_criteria_set()
    with django_assert_max_num_queries(len(small.captured_queries)):
        admin_client.get(url)

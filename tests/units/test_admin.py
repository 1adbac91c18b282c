import pytest
from django.urls import reverse

from tests.factories.units import (
    PersonFactory,
    UnitFactory,
    UserFactory,
    district_with_two_wards,
    make_administrator,
)
from units.models import Person, RoleAssignment


@pytest.fixture
def wards(db):
    _district, ward_a, ward_b = district_with_two_wards()
    return {
        "a": PersonFactory(unit=UnitFactory(parent=ward_a), full_name="Người Phường A"),
        "b": PersonFactory(unit=UnitFactory(parent=ward_b), full_name="Người Phường B"),
        "ward_a": ward_a,
        "ward_b": ward_b,
    }


@pytest.fixture
def ward_admin_client(client, wards):
    client.force_login(make_administrator(wards["ward_a"]))
    return client


def test_a_ward_administrator_lists_only_people_of_their_ward(ward_admin_client, wards):
    response = ward_admin_client.get(reverse("admin:units_person_changelist"))
    assert response.status_code == 200
    assert "Người Phường A" in response.text
    assert "Người Phường B" not in response.text


def test_another_wards_person_is_not_found_in_the_admin(ward_admin_client, wards):
    url = reverse("admin:units_person_change", args=[wards["b"].pk])
    response = ward_admin_client.get(url, follow=True)
    # Django's admin redirects a missing object to the index with a message.
    assert wards["b"].full_name not in response.text
    response = ward_admin_client.post(url, {"full_name": "Bị sửa"})
    wards["b"].refresh_from_db()
    assert wards["b"].full_name == "Người Phường B"


def test_a_ward_administrator_cannot_move_a_person_out_of_their_scope(ward_admin_client, wards):
    person = wards["a"]
    url = reverse("admin:units_person_change", args=[person.pk])
    response = ward_admin_client.post(
        url,
        {
            "full_name": person.full_name,
            "staff_code": person.staff_code,
            "unit": wards["b"].unit.pk,
            "category": "staff",
            "is_active": "on",
        },
    )
    assert response.status_code == 200  # the form is shown again with the error
    person.refresh_from_db()
    assert person.unit == wards["a"].unit


def test_a_ward_administrator_sees_only_units_of_their_ward(ward_admin_client, wards):
    response = ward_admin_client.get(reverse("admin:units_unit_changelist"))
    assert wards["ward_a"].name in response.text
    assert wards["ward_b"].name not in response.text


def test_people_are_deactivated_not_deleted_by_scoped_administrators(ward_admin_client, wards):
    url = reverse("admin:units_person_delete", args=[wards["a"].pk])
    assert ward_admin_client.post(url, {"post": "yes"}).status_code == 403
    assert Person.objects.filter(pk=wards["a"].pk).exists()


def test_moving_a_role_assignment_to_another_user_moves_admin_access(client, wards):
    superuser = UserFactory(is_superuser=True, is_staff=True)
    client.force_login(superuser)
    first, second = UserFactory(), UserFactory()
    assignment = RoleAssignment.objects.create(
        user=first, role="administrator", unit=wards["ward_a"]
    )
    response = client.post(
        reverse("admin:units_roleassignment_change", args=[assignment.pk]),
        {"user": second.pk, "role": "administrator", "unit": wards["ward_a"].pk, "block": ""},
    )
    assert response.status_code == 302
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.is_staff, second.is_staff) == (False, True)


def test_the_people_list_runs_a_constant_number_of_queries(
    ward_admin_client, wards, django_assert_max_num_queries
):
    url = reverse("admin:units_person_changelist")
    ward_admin_client.get(url)
    with django_assert_max_num_queries(20) as small:
        ward_admin_client.get(url)
    PersonFactory.create_batch(40, unit=wards["a"].unit)
    with django_assert_max_num_queries(len(small.captured_queries)):
        ward_admin_client.get(url)

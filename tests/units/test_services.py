import pytest
from django.contrib.auth.models import Group

from tests.factories.units import PersonFactory, UnitFactory, UserFactory, WardFactory
from units.models import Block, RoleAssignment
from units.services import (
    ROLE_GROUP_NAMES,
    person_create_login,
    role_assign,
    role_groups_sync,
    role_revoke,
    units_load_rows,
)

Role = RoleAssignment.Role


@pytest.mark.django_db
def test_every_role_has_a_group_with_the_configured_permissions():
    counts = role_groups_sync()
    assert set(counts) == set(ROLE_GROUP_NAMES.values())
    admin_group = Group.objects.get(name=ROLE_GROUP_NAMES[Role.ADMINISTRATOR])
    codes = set(admin_group.permissions.values_list("codename", flat=True))
    assert {"change_person", "import_person", "change_criteriaset"} <= codes
    reviewer = Group.objects.get(name=ROLE_GROUP_NAMES[Role.HOME_AFFAIRS_REVIEWER])
    assert "change_person" not in set(reviewer.permissions.values_list("codename", flat=True))


@pytest.mark.django_db
def test_assigning_the_administrator_role_gives_admin_access_and_the_group():
    user, ward = UserFactory(), WardFactory()
    role_assign(user=user, role=Role.ADMINISTRATOR, unit=ward)
    user.refresh_from_db()
    assert user.is_staff
    assert user.groups.filter(name=ROLE_GROUP_NAMES[Role.ADMINISTRATOR]).exists()
    assert user.has_perm("units.change_person")


@pytest.mark.django_db
def test_assigning_twice_creates_one_assignment():
    user, ward = UserFactory(), WardFactory()
    role_assign(user=user, role=Role.OFFICE_CLERK, unit=ward, block=Block.GOVERNMENT)
    role_assign(user=user, role=Role.OFFICE_CLERK, unit=ward, block=Block.GOVERNMENT)
    assert RoleAssignment.objects.filter(user=user).count() == 1


@pytest.mark.django_db
def test_revoking_the_last_administrator_assignment_removes_admin_access():
    user = UserFactory()
    assignment = role_assign(user=user, role=Role.ADMINISTRATOR, unit=WardFactory())
    role_revoke(assignment=assignment)
    user.refresh_from_db()
    assert not user.is_staff
    assert not user.groups.exists()


@pytest.mark.django_db
def test_revoking_one_of_two_assignments_keeps_the_group():
    user = UserFactory()
    first = role_assign(user=user, role=Role.ADMINISTRATOR, unit=WardFactory())
    role_assign(user=user, role=Role.ADMINISTRATOR, unit=WardFactory())
    role_revoke(assignment=first)
    user.refresh_from_db()
    assert user.is_staff
    assert user.groups.count() == 1


@pytest.mark.django_db
def test_creating_a_login_returns_a_password_that_works_once_only():
    person = PersonFactory(user=None, staff_code="BODE-07")
    password = person_create_login(person=person)
    person.refresh_from_db()
    assert person.user.username == "BODE-07"
    assert person.user.check_password(password)
    assert person_create_login(person=person) is None


@pytest.mark.django_db
def test_loading_units_accepts_children_before_parents_and_is_idempotent():
    rows = [
        {"code": "W1-UBND", "name": "UBND", "kind": "government_body", "block": "government",
         "parent_code": "W1"},
        {"code": "W1", "name": "Phường 1", "kind": "ward", "parent_code": "D"},
        {"code": "D", "name": "Quận", "kind": "district", "parent_code": ""},
    ]  # fmt: skip
    assert units_load_rows(rows)["created"] == 3
    assert units_load_rows(rows) == {"created": 0, "updated": 0, "unchanged": 3}


@pytest.mark.django_db
def test_loading_units_with_an_unknown_parent_writes_nothing():
    rows = [{"code": "X", "name": "X", "kind": "ward", "parent_code": "NOWHERE"}]
    with pytest.raises(ValueError, match=r"NOWHERE|X"):
        units_load_rows(rows)
    assert not UnitFactory._meta.model.objects.filter(code="X").exists()

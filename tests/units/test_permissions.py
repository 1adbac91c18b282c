import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ImproperlyConfigured

from tests.factories.units import (
    PersonFactory,
    UserFactory,
    make_administrator,
    make_role,
)
from tests.factories.world import build_world
from units.models import Block, Person, RoleAssignment
from units.permissions import can, registered_actions

Role = RoleAssignment.Role


@pytest.fixture
def org(db):
    """The pages' world: two wards; ward A has a government and a Party body, ward B a
    government body; one person of each body by key (the staff member for ward A's), and
    the head of ward A's government body."""
    world = build_world()
    units = {"a_gov": world.gov_a, "a_party": world.party_a, "b_gov": world.gov_b}
    people = {
        key: Person.objects.get(staff_code=code)
        for key, code in (("a_gov", "BD0001"), ("a_party", "BD0100"), ("b_gov", "GT0001"))
    }
    return {
        "district": world.district,
        "ward_a": world.ward_a,
        "ward_b": world.ward_b,
        **units,
        "people": people,
        "a_gov_head": Person.objects.get(staff_code="BD0002"),
    }


def test_anonymous_may_do_nothing(org):
    assert not can(AnonymousUser(), "units.view_unit", org["a_gov"])


def test_an_unknown_action_is_a_programming_error(org):
    with pytest.raises(ImproperlyConfigured):
        can(UserFactory(), "units.fly_away", None)


def test_inactive_users_may_do_nothing(org):
    person = org["people"]["a_gov"]
    person.user.is_active = False
    assert not can(person.user, "units.view_person", person)


def test_a_staff_member_sees_their_own_record_and_unit_only(org):
    me = org["people"]["a_gov"]
    colleague = PersonFactory(unit=org["a_gov"])
    assert can(me.user, "units.view_person", me)
    assert can(me.user, "units.view_unit", org["a_gov"])
    assert not can(me.user, "units.view_person", colleague)
    assert not can(me.user, "units.view_unit", org["b_gov"])


def test_a_unit_head_sees_the_people_of_their_unit_but_not_of_others(org):
    head = org["a_gov_head"]
    assert can(head.user, "units.view_person", org["people"]["a_gov"])
    assert not can(head.user, "units.view_person", org["people"]["a_party"])
    assert not can(head.user, "units.view_person", org["people"]["b_gov"])


@pytest.mark.parametrize(
    ("role", "block", "sees"),
    [
        (Role.HOME_AFFAIRS_REVIEWER, "", {"a_gov", "b_gov"}),
        (Role.ORGANISATION_BOARD_REVIEWER, "", {"a_party"}),
    ],
)
def test_district_reviewers_see_only_their_block(org, role, block, sees):
    reviewer = make_role(role, org["district"], block=block)
    visible = {
        key for key in ("a_gov", "a_party", "b_gov") if can(reviewer, "units.view_unit", org[key])
    }
    assert visible == sees


def test_a_block_office_clerk_sees_their_block_in_their_ward_only(org):
    clerk = make_role(Role.OFFICE_CLERK, org["ward_a"], block=Block.PARTY_MASS)
    assert can(clerk, "units.view_person", org["people"]["a_party"])
    assert not can(clerk, "units.view_person", org["people"]["a_gov"])
    assert not can(clerk, "units.view_person", org["people"]["b_gov"])


def test_a_ward_administrator_changes_only_their_ward(org):
    admin = make_administrator(org["ward_a"])
    assert can(admin, "units.change_person", org["people"]["a_gov"])
    assert can(admin, "units.change_unit", org["a_party"])
    assert not can(admin, "units.change_person", org["people"]["b_gov"])
    assert not can(admin, "units.import_into_unit", org["b_gov"])


def test_a_reviewer_may_not_change_people(org):
    reviewer = make_role(Role.HOME_AFFAIRS_REVIEWER, org["district"])
    assert not can(reviewer, "units.change_person", org["people"]["a_gov"])
    assert not can(reviewer, "units.import_roster")


def test_a_superuser_may_do_everything(org):
    root = UserFactory(is_superuser=True, is_staff=True)
    assert all(can(root, action, org["a_gov"]) for action in registered_actions())

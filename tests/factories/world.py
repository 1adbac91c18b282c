"""A small organisation with one user per persona, shared by the page tests."""

from dataclasses import dataclass

from criteria.models import Audience, CriteriaSet
from units.models import Block, RoleAssignment, Unit

from .criteria import make_criteria_set
from .units import (
    DistrictFactory,
    HeadFactory,
    PartyUnitFactory,
    PersonFactory,
    UnitFactory,
    UserFactory,
    WardFactory,
    make_role,
)

Role = RoleAssignment.Role


@dataclass
class World:
    district: Unit
    ward_a: Unit
    ward_b: Unit
    gov_a: Unit  # the staff member's own unit (government block, ward A)
    party_a: Unit  # same ward, other block
    gov_b: Unit  # same block, other ward
    users: dict
    staff_set: CriteriaSet
    leader_set: CriteriaSet
    draft_set: CriteriaSet


STAFF_SET = "Bộ tiêu chí công chức, viên chức, người lao động"
LEADER_SET = "Bộ tiêu chí cán bộ lãnh đạo, quản lý"


def build_world() -> World:
    district = DistrictFactory()
    ward_a = WardFactory(code="BODE", name="Phường Bồ Đề", parent=district)
    ward_b = WardFactory(code="GIATHUY", name="Phường Gia Thụy", parent=district)
    gov_a = UnitFactory(code="BODE-UBND", name="UBND phường Bồ Đề", parent=ward_a)
    party_a = PartyUnitFactory(code="BODE-DU", name="Đảng ủy phường Bồ Đề", parent=ward_a)
    gov_b = UnitFactory(code="GIATHUY-UBND", name="UBND phường Gia Thụy", parent=ward_b)

    staff = PersonFactory(
        unit=gov_a,
        full_name="Trần Thị Mai",
        staff_code="BD0001",
        position_title="Chuyên viên văn phòng",
        user__username="BD0001",
    )
    head = HeadFactory(
        unit=gov_a, full_name="Lê Văn Hùng", staff_code="BD0002", user__username="BD0002"
    )
    PersonFactory(unit=party_a, full_name="Phạm Thu Hà", staff_code="BD0100")
    PersonFactory(unit=gov_b, full_name="Đỗ Minh Quân", staff_code="GT0001")

    users = {"staff": staff.user, "head": head.user}
    # The users who hold a role rather than a post: persona → (username, role, over, block).
    roles = {
        "clerk": ("vp-bode", Role.OFFICE_CLERK, ward_a, Block.GOVERNMENT),
        "home_affairs": ("noivu", Role.HOME_AFFAIRS_REVIEWER, district, ""),
        "organisation_board": ("bantochuc", Role.ORGANISATION_BOARD_REVIEWER, district, ""),
        "administrator": ("quantri", Role.ADMINISTRATOR, district, ""),
    }
    for persona, (username, role, unit, block) in roles.items():
        users[persona] = make_role(role, unit, block=block, user=UserFactory(username=username))
    users["superuser"] = UserFactory(username="root", is_superuser=True, is_staff=True)
    sets = {
        "staff_set": make_criteria_set(audience=Audience.STAFF, groups=(2, 4), name=STAFF_SET),
        "leader_set": make_criteria_set(
            audience=Audience.LEADER, groups=(2, 4, 3), name=LEADER_SET
        ),
        "draft_set": make_criteria_set(status=CriteriaSet.Status.DRAFT, name="Bộ tiêu chí nháp"),
    }
    return World(district, ward_a, ward_b, gov_a, party_a, gov_b, users, **sets)


def grow(parent: Unit, *, units: int, people_per_unit: int = 1, party: bool = False) -> None:
    """Add ``units`` bodies under ``parent``, each with a few people (for query counts)."""
    factory = PartyUnitFactory if party else UnitFactory
    for _ in range(units):
        unit = factory(parent=parent)
        for _ in range(people_per_unit):
            PersonFactory(unit=unit, user=None)


def add_admin_personas(world: World) -> World:
    """The admin's personas on top of ``build_world()``: an administrator of ward A only
    (``ward_administrator``), the district's (``district_administrator``, the world's
    ``administrator``) and a colleague of the staff member. Kept apart so that the other
    tests see the world they always saw."""
    users = world.users
    users["ward_administrator"] = make_role(
        Role.ADMINISTRATOR, world.ward_a, user=UserFactory(username="quantri-bode")
    )
    users["district_administrator"] = users["administrator"]
    users["colleague"] = PersonFactory(
        unit=world.gov_a, full_name="Ngô Thị Lan", staff_code="BD0003", user__username="BD0003"
    ).user
    return world

"""Users, units and people; roles given through the service."""

import factory
from django.contrib.auth import get_user_model

from units.models import Block, Category, Person, RoleAssignment, Unit
from units.services import role_assign

DEFAULT_PASSWORD = "mat-khau-thu-nghiem-1"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.vn")
    password = factory.PostGenerationMethodCall("set_password", DEFAULT_PASSWORD)

    @factory.post_generation
    def save_password(self, create, extracted, **kwargs):
        if create:
            self.save()


class DistrictFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Unit
        django_get_or_create = ("code",)

    code = "LB"
    name = "Quận Long Biên"
    kind = Unit.Kind.DISTRICT
    block = ""


class WardFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Unit

    code = factory.Sequence(lambda n: f"W{n}")
    name = factory.Sequence(lambda n: f"Phường Thử {n}")
    kind = Unit.Kind.WARD
    block = ""
    parent = factory.SubFactory(DistrictFactory)


class UnitFactory(WardFactory):
    """A government body (UBND phường) by default: the ward factory's model, other defaults."""

    code = factory.Sequence(lambda n: f"U{n}")
    name = factory.Sequence(lambda n: f"UBND phường Thử {n}")
    kind = Unit.Kind.GOVERNMENT_BODY
    block = Block.GOVERNMENT
    parent = factory.SubFactory(WardFactory)


class PartyUnitFactory(UnitFactory):
    name = factory.Sequence(lambda n: f"Đảng ủy phường Thử {n}")
    kind = Unit.Kind.PARTY_BODY
    block = Block.PARTY_MASS


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    user = factory.SubFactory(UserFactory)
    full_name = factory.Sequence(lambda n: f"Nguyễn Văn Thử {n}")
    staff_code = factory.Sequence(lambda n: f"CB{n:05d}")
    unit = factory.SubFactory(UnitFactory)
    position_title = "Chuyên viên"
    category = Category.STAFF
    is_unit_head = False


class HeadFactory(PersonFactory):
    position_title = "Chủ tịch UBND phường"
    category = Category.LEADER
    is_unit_head = True


def make_role(role: str, unit: Unit, *, block: str = "", user=None):
    """A user holding ``role`` over ``unit`` (through the service, so groups are synced)."""
    user = user or UserFactory()
    role_assign(user=user, role=role, unit=unit, block=block)
    return user


def make_administrator(unit: Unit, **kwargs):
    return make_role(RoleAssignment.Role.ADMINISTRATOR, unit, **kwargs)


def district_with_two_wards(code_a=None, code_b=None) -> tuple[Unit, Unit, Unit]:
    """The district and two of its wards (codes generated unless given)."""
    district = DistrictFactory()
    ward_a, ward_b = (
        WardFactory(parent=district, **({"code": code} if code else {}))
        for code in (code_a, code_b)
    )
    return district, ward_a, ward_b


def ward_office(code="BODE", ward_name=None, **office_fields) -> Unit:
    """The UBND office ``<code>-UBND`` (the unit ``roster.person_row`` names by default) of the
    district's ward ``<code>``."""
    ward = WardFactory(
        code=code, parent=DistrictFactory(), **({"name": ward_name} if ward_name else {})
    )
    return UnitFactory(code=f"{code}-UBND", parent=ward, **office_fields)

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from tests.factories.units import HeadFactory, PersonFactory, UnitFactory, WardFactory
from units.models import Block, Category, Unit


@pytest.mark.django_db
def test_unit_path_is_the_chain_of_codes_from_the_root():
    unit = UnitFactory(code="BODE-UBND", parent=WardFactory(code="BODE"))
    assert unit.path == "/LB/BODE/BODE-UBND/"
    assert unit.depth == 3


@pytest.mark.django_db
def test_moving_a_unit_rewrites_the_paths_of_its_whole_subtree():
    ward_a, ward_b = WardFactory(code="A"), WardFactory(code="B")
    body = UnitFactory(code="BODY", parent=ward_a)
    child = UnitFactory(code="CHILD", parent=body)
    body.parent = ward_b
    body.save()
    child.refresh_from_db()
    assert child.path == "/LB/B/BODY/CHILD/"


@pytest.mark.django_db
def test_renaming_a_code_rewrites_descendant_paths():
    ward = WardFactory(code="OLD")
    body = UnitFactory(code="BODY", parent=ward)
    ward.code = "NEW"
    ward.save()
    body.refresh_from_db()
    assert body.path == "/LB/NEW/BODY/"


@pytest.mark.django_db
def test_a_unit_cannot_be_put_under_its_own_child():
    ward = WardFactory(code="W")
    body = UnitFactory(code="BODY", parent=ward)
    ward.parent = body
    with pytest.raises(ValidationError) as error:
        ward.full_clean()
    assert "parent" in error.value.message_dict


@pytest.mark.django_db
def test_a_body_without_a_block_is_refused_by_the_database():
    with pytest.raises(IntegrityError), transaction.atomic():
        UnitFactory(block="")


@pytest.mark.django_db
def test_a_school_needs_a_level():
    school = Unit(code="S1", name="Trường thử", kind=Unit.Kind.SCHOOL, block=Block.GOVERNMENT)
    with pytest.raises(ValidationError) as error:
        school.full_clean()
    assert "school_level" in error.value.message_dict


@pytest.mark.django_db
def test_a_unit_has_at_most_one_active_head():
    head = HeadFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        HeadFactory(unit=head.unit)


@pytest.mark.django_db
def test_an_inactive_former_head_does_not_block_a_new_head():
    former = HeadFactory(is_active=False)
    HeadFactory(unit=former.unit)
    assert former.unit.people.filter(is_unit_head=True).count() == 2


@pytest.mark.django_db
def test_a_unit_head_must_be_in_the_leader_category():
    with pytest.raises(IntegrityError), transaction.atomic():
        PersonFactory(is_unit_head=True, category=Category.STAFF)


@pytest.mark.django_db
def test_edits_of_people_are_kept_in_history():
    person = PersonFactory(position_title="Chuyên viên")
    person.position_title = "Phó Chủ tịch"
    person.save()
    assert [h.position_title for h in person.history.order_by("history_date")] == [
        "Chuyên viên",
        "Phó Chủ tịch",
    ]

import pytest

from tests.factories.units import PersonFactory


@pytest.mark.django_db
def test_person_factory_builds_a_person_in_a_government_body():
    person = PersonFactory()
    assert person.unit.path == f"/LB/{person.unit.parent.code}/{person.unit.code}/"

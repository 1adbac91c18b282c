"""Fixtures shared by the roster import and export tests: a ward with two offices."""

import pytest

from tests.factories.units import DistrictFactory, UnitFactory, WardFactory, make_administrator


@pytest.fixture
def district():
    return DistrictFactory()


@pytest.fixture
def ward(district):
    return WardFactory(code="BODE", name="Phường Bồ Đề", parent=district)


@pytest.fixture
def office(ward):
    return UnitFactory(code="BODE-UBND", name="UBND phường Bồ Đề", parent=ward)


@pytest.fixture
def other_office(district):
    other_ward = WardFactory(code="GIATHUY", name="Phường Gia Thụy", parent=district)
    return UnitFactory(code="GIATHUY-UBND", name="UBND phường Gia Thụy", parent=other_ward)


@pytest.fixture
def ward_admin(client, ward):
    user = make_administrator(ward)
    client.force_login(user)
    return client

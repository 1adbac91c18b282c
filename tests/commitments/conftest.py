import pytest

from .factories import Org


@pytest.fixture
def org(db):
    return Org()


@pytest.fixture
def campaign(org):
    return org.open_campaign()

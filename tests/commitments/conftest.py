import pytest

from tests.factories.commitments import Org


@pytest.fixture
def org(db):
    return Org()


@pytest.fixture
def campaign(org):
    return org.open_campaign()

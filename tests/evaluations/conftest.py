import pytest

from tests.factories.evaluations import Org


@pytest.fixture
def org(db):
    return Org()


@pytest.fixture
def cycle(org):
    return org.open_cycle()


@pytest.fixture
def evaluation(org, cycle):
    return org.evaluation(cycle, org.staff[0])

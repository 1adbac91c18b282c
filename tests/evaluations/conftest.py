import pytest

from tests.factories.evaluations import Org
from tests.factories.units import UserFactory


@pytest.fixture
def org(db):
    return Org()


@pytest.fixture
def cycle(org):
    return org.open_cycle()


@pytest.fixture
def evaluation(org, cycle):
    return org.evaluation(cycle, org.staff[0])


@pytest.fixture
def root_client(client):
    """The client logged in as a superuser."""
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    return client

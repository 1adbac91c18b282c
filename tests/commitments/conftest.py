import pytest

from tests.factories.commitments import Org


@pytest.fixture
def org(db):
    return Org()


@pytest.fixture
def campaign(org):
    return org.open_campaign()


@pytest.fixture
def admin_client(client, org):
    """The client logged in as the district's administrator, made a superuser."""
    org.admin.is_staff = True
    org.admin.is_superuser = True
    org.admin.save()
    client.force_login(org.admin)
    return client

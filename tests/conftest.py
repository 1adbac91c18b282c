import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def _vietnamese(settings):
    """Tests see what users see: the Vietnamese interface."""
    settings.LANGUAGE_CODE = "vi"
    with translation.override("vi"):
        yield


@pytest.fixture
def is_postgres():
    from django.db import connection

    return connection.vendor == "postgresql"

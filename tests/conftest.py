import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def _vietnamese(settings):
    """Tests see what users see: the Vietnamese interface."""
    settings.LANGUAGE_CODE = "vi"
    with translation.override("vi"):
        yield


def _cache_content_types() -> None:
    """The audit log names objects by content type, which Django caches per process after the
    first lookup; fill the cache (no query once it is full) so that a query count does not
    depend on which test ran first."""
    from django.apps import apps
    from django.contrib.contenttypes.models import ContentType

    ContentType.objects.get_for_models(*apps.get_models(), for_concrete_models=False)


def _after_caching_content_types(assert_queries):
    def counted(*args, **kwargs):
        _cache_content_types()
        return assert_queries(*args, **kwargs)

    return counted


@pytest.fixture
def django_assert_num_queries(django_assert_num_queries):
    return _after_caching_content_types(django_assert_num_queries)


@pytest.fixture
def django_assert_max_num_queries(django_assert_max_num_queries):
    return _after_caching_content_types(django_assert_max_num_queries)


@pytest.fixture
def is_postgres():
    from django.db import connection

    return connection.vendor == "postgresql"

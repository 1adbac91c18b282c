"""Every report page (and export) runs the same number of queries at two sizes."""

import pytest
from django.urls import reverse

from tests.factories.reports import make_district
from units.models import Unit

pytestmark = pytest.mark.django_db

# Per page, for the phòng Nội vụ reviewer at the top of the scope. Each export also writes
# its audit log entry (1).
QUERIES = {
    "reports:dashboard": 10,
    "reports:dashboard_export": 11,
    "reports:criteria": 12,
    "reports:criteria_export": 12,
    "reports:people": 14,
    "reports:people_export": 11,
    "reports:trend": 10,
    "reports:trend_export": 10,
}


@pytest.mark.parametrize("size", [60, 600])
@pytest.mark.parametrize("name", list(QUERIES))
def test_queries_do_not_grow_with_the_district(client, django_assert_num_queries, name, size):
    district = make_district(people=size)
    client.force_login(district.users["home_affairs"])

    with django_assert_num_queries(QUERIES[name]):
        response = client.get(reverse(name))
        if hasattr(response, "streaming_content"):
            b"".join(response.streaming_content)

    assert response.status_code == 200


# A unit's page and its people's page, by role (heads and offices find their scope and
# the people's links differently, but never per row).
DRILL_QUERIES = {"head": (12, 20), "organisation_board": (12, 16), "superuser": (10, 13)}


@pytest.mark.parametrize("size", [300, 1200])
@pytest.mark.parametrize("role", list(DRILL_QUERIES))
def test_drilling_into_a_unit_runs_constant_queries(client, django_assert_num_queries, role, size):
    district = make_district(people=size)
    client.force_login(district.users[role])
    unit = district.head.unit if role == "head" else Unit.objects.get(code="BM-P01")
    unit_page, people_page = DRILL_QUERIES[role]

    with django_assert_num_queries(unit_page):
        assert client.get(reverse("reports:dashboard"), {"unit": unit.pk}).status_code == 200
    with django_assert_num_queries(people_page):
        assert client.get(reverse("reports:people"), {"unit": unit.pk}).status_code == 200

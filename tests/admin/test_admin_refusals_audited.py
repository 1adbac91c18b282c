"""A forged admin URL (another ward's id) and a POST to a history version get the same answer
as before — the "doesn't exist" redirect, a 405 — and an audit entry."""

import pytest
from django.urls import reverse

from core.models import AuditLog
from tests.factories.world import add_admin_personas, build_world
from units.models import Person

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return add_admin_personas(build_world())


def _refusals():
    return AuditLog.objects.filter(action=AuditLog.Action.ACCESS_REFUSED)


def test_another_wards_person_in_the_admin_is_refused_and_recorded(client, world):
    other = Person.objects.filter(unit=world.gov_b).first()
    client.force_login(world.users["ward_administrator"])

    response = client.get(reverse("admin:units_person_change", args=[other.pk]))

    assert response.status_code == 302 and response.url == reverse("admin:index")
    entry = _refusals().get()
    assert entry.actor == world.users["ward_administrator"]
    assert (entry.object_id, entry.unit_path) == (str(other.pk), world.gov_b.path)


def test_a_missing_id_in_the_admin_is_not_recorded(client, world):
    client.force_login(world.users["ward_administrator"])

    response = client.get(reverse("admin:units_person_change", args=[999999]))

    assert response.status_code == 302
    assert not _refusals().exists()


def test_a_posted_history_version_is_refused_and_recorded(client, world):
    own = Person.objects.filter(unit=world.gov_a).first()
    version = own.history.first()
    client.force_login(world.users["superuser"])
    url = reverse("admin:units_person_simple_history", args=[own.pk, version.history_id])

    response = client.post(url, {"full_name": "Đổi tên"})

    assert response.status_code == 405
    own.refresh_from_db()
    assert own.full_name != "Đổi tên"
    assert _refusals().get().data["refused"] == "revert"

"""The admin's "view on site" link answers only for objects the user's admin shows: for
another ward's object it is the same 404 as for an id that does not exist."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from tests.factories.world import add_admin_personas, build_world
from units.models import Unit

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(monkeypatch):
    # Units have no public page of their own: Django's redirect stands in, so that only
    # our gate can answer 404.
    from django.contrib.contenttypes import views
    from django.http import HttpResponseRedirect

    monkeypatch.setattr(views, "shortcut", lambda request, ct, pk: HttpResponseRedirect(f"/{pk}"))
    return add_admin_personas(build_world())


def _url(obj_or_pk, model=Unit):
    pk = getattr(obj_or_pk, "pk", obj_or_pk)
    content_type = ContentType.objects.get_for_model(model)
    return reverse("admin_view_on_site", args=[content_type.pk, pk])


def test_a_ward_administrator_reaches_their_own_units_page(client, world):
    client.force_login(world.users["ward_administrator"])

    response = client.get(_url(world.gov_a))

    assert response.status_code == 302
    assert response["Location"] == f"/{world.gov_a.pk}"


@pytest.mark.parametrize("target", ["other_ward", "missing", "not_a_number"])
def test_another_wards_object_is_answered_like_a_missing_one(client, world, target):
    client.force_login(world.users["ward_administrator"])
    pk = {"other_ward": world.gov_b.pk, "missing": 999999, "not_a_number": "abc"}[target]

    assert client.get(_url(pk)).status_code == 404


def test_anonymous_visitors_go_to_the_admin_login(client, world):
    response = client.get(_url(world.gov_a))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))

"""The favicon and the web manifest (core/site_icons.py): no 404 for /favicon.ico, a
manifest that names the site in Vietnamese with icons that exist, and every page's head
pointing at them."""

import json

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse
from PIL import Image

from tests.factories.units import PersonFactory, UnitFactory
from units.services import person_create_login


def test_favicon_ico_leads_to_a_real_icon(client):
    response = client.get("/favicon.ico")

    assert response.status_code == 301
    path = finders.find(response["Location"].removeprefix("/static/"))
    assert path, response["Location"]
    with Image.open(path) as icon:
        assert icon.format == "ICO"
        assert (32, 32) in icon.info["sizes"]


def test_the_manifest_names_the_site_in_vietnamese(client):
    response = client.get("/manifest.webmanifest")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/manifest+json"
    data = json.loads(response.content)
    assert data["name"] == "Đánh giá sự chuyên nghiệp · Long Biên"
    assert data["short_name"] == "Đánh giá"
    assert data["lang"] == "vi"
    assert data["start_url"] == reverse("home")
    assert data["description"].startswith("Đánh giá sự chuyên nghiệp")


def test_the_manifest_icons_exist_at_their_sizes(client):
    data = json.loads(client.get(reverse("manifest")).content)

    sizes = set()
    for icon in data["icons"]:
        path = finders.find(icon["src"].removeprefix("/static/"))
        assert path, icon["src"]
        with Image.open(path) as image:
            assert f"{image.width}x{image.height}" == icon["sizes"]
            sizes.add(image.width)
    assert {192, 512} <= sizes


def test_the_manifest_only_answers_reads(client):
    assert client.post(reverse("manifest")).status_code == 405


@pytest.mark.django_db
@pytest.mark.parametrize("url_name", ["login", "home"])
def test_every_page_names_its_icons_and_manifest(client, url_name):
    person = PersonFactory()
    if url_name == "home":
        client.force_login(person.user)

    html = client.get(reverse(url_name)).content.decode()

    assert '<link rel="manifest" href="/manifest.webmanifest">' in html
    assert 'rel="icon" href="/static/icons/favicon.ico"' in html
    assert 'lang="vi"' in html


@pytest.mark.django_db
@pytest.mark.parametrize("url_name", ["favicon", "manifest"])
def test_a_one_time_password_does_not_hide_the_icons(client, url_name):
    """The browser fetches them on the password change page itself: no redirect there, and
    no warning piled up for the next page."""
    person = PersonFactory(user=None, unit=UnitFactory())
    person_create_login(person=person)
    person.refresh_from_db()
    client.force_login(person.user)

    response = client.get(reverse(url_name))

    assert response.status_code in (200, 301)
    assert response.get("Location", "") != reverse("password_change")

"""Every page the admin offers, walked as ward A's administrator with ward B's objects.

For each model of ``admin.site._registry`` and each URL its admin offers
(``model_admin.get_urls()``, including what django-simple-history and
django-import-export add) and each URL of the admin site itself: no 5xx, nothing of ward
B in the answer, and ward B's object answered exactly as an id that does not exist is
(404, the "doesn't exist" redirect, or a refusal every id gets). Posting (change,
delete, history "revert") changes nothing. A model or URL pattern this file does not know
fails with a message saying what to add.
"""

import io
import zipfile

import openpyxl
import pytest
from django.contrib import admin
from django.forms.models import model_to_dict
from django.urls import URLPattern, URLResolver, reverse

from .other_ward import DISTRICT_OBJECTS, OTHER_WARD, SECRETS

MISSING_PK = 987654

# Admin URL names (after "<app>_<model>_") the walk knows; an object URL takes the pk.
OBJECT_URLS = {"change", "delete", "history", "simple_history", "password_change"}
LIST_URLS = {"changelist", "add", "export", "import", "process_import", "import_template"}
# Custom buttons that take a pk and change something (criteria sets): POSTed.
OBJECT_ACTIONS = {"new_version", "activate"}
# The admin site's own URL names (not about one model).
SITE_URLS = {
    "index",
    "login",
    "logout",
    "password_change",
    "password_change_done",
    "autocomplete",
    "jsi18n",
    "view_on_site",
    "app_list",
}
# Query strings that once gave a 500 or might: each is tried on every list and export.
ODD_QUERIES = (
    "?format=1",
    "?format=abc",
    "?format=",
    "?o=abc",
    "?o=99",
    "?p=abc",
    "?p=9999",
    "?e=1",
    "?all=",
    "?q=Quân",
    "?q=%00",
    "?_to_field=password",
    "?unit__id__exact=abc",
    "?_changelist_filters=unit__id__exact%3Dabc",
    "?resource=9&format=9",
)
# Statuses that say nothing about whether an object exists (when a missing id gets the same).
REFUSALS = {302, 403, 404, 405}


@pytest.fixture
def walk(world, client):
    client.force_login(world.users["ward_administrator"])
    return world, world.other, client


def model_label(model) -> str:
    return model._meta.label_lower


def url_kind(model, pattern: URLPattern) -> str | None:
    info = f"{model._meta.app_label}_{model._meta.model_name}_"
    if pattern.name is None:
        return None
    assert pattern.name.startswith(info), f"admin URL {pattern.name!r} is not named {info}…"
    return pattern.name.removeprefix(info)


def response_text(response) -> str:
    """What a person would read in the response, lower-cased (spreadsheets opened)."""
    content = b"".join(response.streaming_content) if response.streaming else response.content
    if content[:2] == b"PK":
        with zipfile.ZipFile(io.BytesIO(content)):
            pass  # a valid archive: read it as a workbook
        workbook = openpyxl.load_workbook(io.BytesIO(content), read_only=True)
        cells = [
            str(value)
            for sheet in workbook.worksheets
            for row in sheet.iter_rows(values_only=True)
            for value in row
            if value is not None
        ]
        return " ".join(cells).lower()
    return content.decode("utf-8", errors="replace").lower()


def assert_nothing_of_ward_b(response, what: str) -> None:
    assert response.status_code < 500, f"{what}: {response.status_code}"
    text = response_text(response)
    leaked = [secret for secret in SECRETS if secret in text]
    assert not leaked, f"{what} shows ward B's data: {leaked}"


def snapshot(obj):
    fresh = type(obj)._default_manager.filter(pk=obj.pk).first()
    return None if fresh is None else model_to_dict(fresh)


def object_urls(name: str, obj) -> tuple[str, str]:
    """The URL about ``obj`` and the same URL about an id that does not exist."""
    if name.endswith("_simple_history"):
        version = obj.history.filter(**{obj._meta.pk.attname: obj.pk}).first()
        version_id = version.history_id if version else 1
        return (
            reverse(f"admin:{name}", args=[obj.pk, version_id]),
            reverse(f"admin:{name}", args=[MISSING_PK, version_id]),
        )
    return reverse(f"admin:{name}", args=[obj.pk]), reverse(f"admin:{name}", args=[MISSING_PK])


def check_hidden_object_url(client, name, obj):
    url, missing = object_urls(name, obj)
    before = snapshot(obj)
    for method in ("get", "post"):
        got = getattr(client, method)(url)
        expected = getattr(client, method)(missing)
        what = f"{method.upper()} {url}"
        assert_nothing_of_ward_b(got, what)
        assert got.status_code in REFUSALS, f"{what} answered {got.status_code}"
        assert got.status_code == expected.status_code, (
            f"{what} answered {got.status_code}, an id that does not exist "
            f"{expected.status_code}: the answer tells that the object exists"
        )
        if got.status_code == 302:
            assert got["Location"] == expected["Location"], what
    assert snapshot(obj) == before, f"POST {url} changed ward B's object"


def check_read_only_object_url(client, name, obj):
    url, _ = object_urls(name, obj)
    before = snapshot(obj)
    for method in ("get", "post"):
        response = getattr(client, method)(url, {"name": "Bị sửa", "post": "yes"})
        assert response.status_code < 500, f"{method.upper()} {url}: {response.status_code}"
    assert snapshot(obj) == before, f"POST {url} changed the district's object"


def check_list_url(client, kind, name):
    url = reverse(f"admin:{name}")
    queries = ODD_QUERIES if kind in {"changelist", "export"} else ("",)
    for query in ("", *queries):
        assert_nothing_of_ward_b(client.get(url + query), f"GET {url}{query}")
    if kind == "export":
        for data in ({"format": "0", "resource": "0"}, {"format": "1"}, {"format": "abc"}):
            assert_nothing_of_ward_b(client.post(url, data), f"POST {url} {data}")


def admin_patterns():
    for model, model_admin in admin.site._registry.items():
        for pattern in model_admin.get_urls():
            yield model, model_admin, pattern


def test_the_walk_knows_every_registered_model():
    registered = {model_label(model) for model in admin.site._registry}
    unknown = registered - set(OTHER_WARD)
    assert not unknown, (
        f"New admin models {sorted(unknown)}: add to tests/admin/other_ward.py how to build "
        "another ward's object (OTHER_WARD and build_other_ward)."
    )
    assert not set(OTHER_WARD) - registered, "OTHER_WARD lists models no longer registered"


def test_the_walk_knows_every_admin_url():
    known = OBJECT_URLS | LIST_URLS | OBJECT_ACTIONS
    for model, _, pattern in admin_patterns():
        kind = url_kind(model, pattern)
        if kind is None:
            assert str(pattern.pattern) == "<path:object_id>/", pattern
            continue
        assert kind in known, (
            f"{pattern.name}: an admin URL the walk does not know. Add it to the walk's "
            "tables (tests/admin/test_admin_walk.py) with how it must answer."
        )
    for pattern in admin.site.get_urls():
        if isinstance(pattern, URLResolver) or str(pattern.pattern) == "(?P<url>.*)$":
            continue  # a model's URLs (above), or the catch-all "not found"
        assert pattern.name in SITE_URLS, (
            f"admin site URL {pattern.name!r} is unknown to the walk: add it to SITE_URLS"
        )


def _model_cases():
    for model in admin.site._registry:
        yield pytest.param(model, id=model_label(model))


@pytest.mark.django_db
@pytest.mark.parametrize("model", list(_model_cases()))
def test_a_ward_administrator_reaches_nothing_of_another_ward(walk, model):
    _world, objects, client = walk
    label = model_label(model)
    obj = objects[label]
    district_obj = objects.get(DISTRICT_OBJECTS.get(label, ""))
    for _, model_admin, pattern in admin_patterns():
        if model_admin.model is not model:
            continue
        kind = url_kind(model, pattern)
        if kind is None:
            response = client.get(f"/quan-tri/{model._meta.app_label}/{model._meta.model_name}/")
            assert response.status_code < 500
        elif kind in LIST_URLS:
            check_list_url(client, kind, pattern.name)
        elif kind in OBJECT_URLS | OBJECT_ACTIONS:
            if OTHER_WARD[label] == "hidden":
                check_hidden_object_url(client, pattern.name, obj)
            if district_obj is not None:
                check_read_only_object_url(client, pattern.name, district_obj)
        # unknown kinds fail test_the_walk_knows_every_admin_url
    if OTHER_WARD[label] == "hidden":
        response = client.get(
            reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
        )
        if response.status_code == 200:
            shown = {row.pk for row in response.context["cl"].result_list}
            assert obj.pk not in shown, f"{label}: ward B's object is listed"


@pytest.mark.django_db
def test_a_ward_administrator_autocompletes_nothing_of_another_ward(walk):
    _world, objects, client = walk
    asked = 0
    for model, model_admin in admin.site._registry.items():
        for field_name in model_admin.autocomplete_fields:
            remote = model._meta.get_field(field_name).remote_field.model
            hidden = objects.get(model_label(remote))
            for term in ("", *SECRETS):
                response = client.get(
                    reverse("admin:autocomplete"),
                    {
                        "app_label": model._meta.app_label,
                        "model_name": model._meta.model_name,
                        "field_name": field_name,
                        "term": term,
                    },
                )
                what = f"autocomplete {model_label(model)}.{field_name} {term!r}"
                assert_nothing_of_ward_b(response, what)
                if response.status_code == 200 and hidden is not None:
                    ids = {row["id"] for row in response.json()["results"]}
                    assert str(hidden.pk) not in ids, what
                asked += 1
    assert asked, "no autocomplete field was walked"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query",
    [
        {},
        {"app_label": "units"},
        {"app_label": "units", "model_name": "person", "field_name": "nope"},
        {"app_label": "nope", "model_name": "nope", "field_name": "unit"},
        {"app_label": "units", "model_name": "person", "field_name": "unit", "page": "abc"},
    ],
)
def test_odd_autocomplete_queries_are_refused_without_an_error(walk, query):
    _, _, client = walk
    response = client.get(reverse("admin:autocomplete"), query)
    assert response.status_code in {200, 403, 404}


@pytest.mark.django_db
def test_the_admin_sites_own_pages_show_nothing_of_another_ward(walk):
    _world, objects, client = walk
    for name, args in (
        ("index", []),
        ("password_change", []),
        ("password_change_done", []),
        ("jsi18n", []),
        *(("app_list", [app]) for app in ("units", "auth", "evaluations", "commitments")),
        *(("app_list", [app]) for app in ("criteria", "axes")),
    ):
        url = reverse(f"admin:{name}", args=args)
        assert_nothing_of_ward_b(client.get(url), f"GET {url}")
    # "View on site" only redirects to the public page, which refuses ward B itself.
    person = objects["units.person"]
    from django.contrib.contenttypes.models import ContentType

    content_type = ContentType.objects.get_for_model(person)
    response = client.get(reverse("admin:view_on_site", args=[content_type.pk, person.pk]))
    assert response.status_code in REFUSALS
    if response.status_code == 302:
        assert client.get(response["Location"]).status_code == 404


@pytest.mark.django_db
def test_odd_history_ids_are_not_found(walk):
    world, _objects, client = walk
    own = world.users["staff"].person
    for suffix in ("abc/history/", "abc/history/1/", f"{own.pk}/history/abc/", "1.5/history/"):
        response = client.get(f"/quan-tri/units/person/{suffix}")
        assert response.status_code in {302, 404}, suffix

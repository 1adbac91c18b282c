"""Who may open which page: role × URL × whose object → status.

Every page outside the admin is listed here; ``test_every_url_is_in_the_matrix`` walks the
URLconf so that a new URL cannot ship without its entry in ``PAGES`` (see tests/matrix.py
for how an entry says what each persona gets).
"""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.commitments.matrix import COMMITMENT_PAGES
from tests.evaluations.matrix import EVALUATION_PAGES
from tests.factories.jobs import JobFactory, done_job
from tests.factories.world import build_world
from tests.matrix import PERSONAS, Page, everyone, everyone_but, only
from tests.reports.matrix import REPORT_PAGES

ROLES = ["anonymous", *PERSONAS]

# "Own" is the staff member's unit (government block, ward A). The clerk keeps the
# government office of ward A; the district reviewers each see one block everywhere.
PAGES = {
    "home": Page("home", None, everyone()),
    "unit_list": Page("units:unit_list", None, everyone()),
    "unit_own": Page("units:unit_detail", lambda w: w.gov_a.pk, everyone_but("organisation_board")),
    "unit_other_ward": Page(
        "units:unit_detail",
        lambda w: w.gov_b.pk,
        only("home_affairs", "administrator", "superuser"),
    ),
    "unit_other_block": Page(
        "units:unit_detail",
        lambda w: w.party_a.pk,
        only("organisation_board", "administrator", "superuser"),
    ),
    "criteria_list": Page("criteria:set_list", None, everyone()),
    "criteria_detail": Page("criteria:set_detail", lambda w: w.staff_set.pk, everyone()),
    "criteria_draft": Page(
        "criteria:set_detail", lambda w: w.draft_set.pk, only("administrator", "superuser")
    ),
    "password_change": Page("password_change", None, everyone()),
    "password_change_done": Page("password_change_done", None, everyone()),
    # A background job (core.jobs) is its owner's only, whoever else asks.
    "job_list": Page("jobs:list", None, everyone()),
    "job_detail": Page(
        "jobs:detail", lambda w: JobFactory(owner=w.users["staff"]).pk, only("staff")
    ),
    "job_download": Page("jobs:download", lambda w: done_job(w.users["staff"]).pk, only("staff")),
    # Each app's pages live next to its tests.
    **COMMITMENT_PAGES,
    **EVALUATION_PAGES,
    **REPORT_PAGES,
}

# Pages that are not behind a login, tested on their own below.
# The health probe is public and says only which checks pass (tests/test_healthz.py).
PUBLIC_URL_NAMES = {"login", "logout", "set_language", "favicon", "manifest", "healthz"}
# Admin pages outside the admin's namespace, walked with the admin (tests/admin/).
ADMIN_AREA_URL_NAMES = {"admin_view_on_site"}


def _cases():
    for role in ROLES:
        for url_key, page in PAGES.items():
            # A persona missing from a page fails here and in the completeness test below.
            expected = 302 if role == "anonymous" else page.expected.get(role)
            yield pytest.param(role, url_key, expected, id=f"{role}-{url_key}")


@pytest.fixture
def world(db):
    return build_world()


def _url(world, url_key):
    page = PAGES[url_key]
    value = page.arg(world) if page.arg else None
    args = value if isinstance(value, list) else ([value] if page.arg else [])
    return reverse(page.url_name, args=args)


@pytest.mark.django_db
@pytest.mark.parametrize(("role", "url_key", "expected"), list(_cases()))
def test_role_gets_expected_status(client, world, role, url_key, expected):
    if role != "anonymous":
        client.force_login(world.users[role])
    url = _url(world, url_key)

    response = client.get(url)

    assert response.status_code == expected
    if role == "anonymous":
        assert response["Location"].startswith(reverse("login") + "?next=")
    elif expected == 302:
        # A step the state does not allow: back to a page of the app, never the login page.
        assert not response["Location"].startswith(reverse("login"))


def test_every_page_says_what_every_persona_gets():
    incomplete = {
        url_key: sorted(set(PERSONAS) ^ set(page.expected))
        for url_key, page in PAGES.items()
        if set(page.expected) != set(PERSONAS)
    }

    assert not incomplete, f"pages whose personas differ from PERSONAS: {incomplete}"


def _walk(resolver, prefix=""):
    """Yield (route, full name) of every pattern outside the admin."""
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace == "admin":
                continue
            namespace = f"{prefix}{pattern.namespace}:" if pattern.namespace else prefix
            yield from _walk(pattern, namespace)
        elif isinstance(pattern, URLPattern):
            name = f"{prefix}{pattern.name}" if pattern.name else None
            yield str(pattern.pattern), name


def test_every_url_is_in_the_matrix():
    covered = {page.url_name for page in PAGES.values()} | PUBLIC_URL_NAMES | ADMIN_AREA_URL_NAMES
    found = list(_walk(get_resolver()))

    unnamed = [route for route, name in found if name is None]
    missing = sorted({name for _route, name in found if name and name not in covered})

    assert not unnamed, f"URL patterns without a name: {unnamed}"
    assert not missing, f"URLs missing from the permission matrix: {missing}"


@pytest.mark.django_db
def test_login_page_is_open_to_anonymous_users(client):
    assert client.get(reverse("login")).status_code == 200


@pytest.mark.django_db
def test_login_page_sends_a_logged_in_user_home(client, world):
    client.force_login(world.users["staff"])

    response = client.get(reverse("login"))

    assert response.status_code == 302
    assert response["Location"] == reverse("home")


@pytest.mark.django_db
def test_logout_needs_post_and_returns_to_login(client, world):
    client.force_login(world.users["staff"])

    assert client.get(reverse("logout")).status_code == 405
    response = client.post(reverse("logout"))

    assert response.status_code == 302
    assert response["Location"] == reverse("login")
    assert client.get(reverse("home")).status_code == 302


@pytest.mark.django_db
def test_set_language_switches_to_english_for_anyone(client):
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"})

    assert response.status_code == 302
    assert response.cookies["django_language"].value == "en"


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("url_name", ["favicon", "manifest"])
def test_the_icons_are_open_to_everyone(client, world, role, url_name):
    if role != "anonymous":
        client.force_login(world.users[role])

    response = client.get(reverse(url_name))

    assert response.status_code in (200, 301)
    assert not response.get("Location", "").startswith(reverse("login"))


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("role", ["anonymous", "staff", "superuser"])
def test_the_health_probe_tells_everyone_the_same_and_nothing_more(client, world, role):
    if role != "anonymous":
        client.force_login(world.users[role])
    response = client.get(reverse("healthz"))
    assert response.status_code == 200
    assert response.json() == {
        "Database": "OK",
        "Cache": "OK",
        "MigrationsApplied": "OK",
        "WorkerHeartbeat": "OK",
    }

"""Who may open which page: role × URL × whose object → status.

Every page outside the admin is listed here; ``test_every_url_is_in_the_matrix`` walks the
URLconf so that a new URL cannot ship without a row.
"""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.commitments.matrix import COMMITMENT_EXPECTED, COMMITMENT_URLS
from tests.evaluations.matrix import EVALUATION_EXPECTED, EVALUATION_URLS
from tests.page_factories import build_world
from tests.reports.matrix import REPORT_EXPECTED, REPORT_URLS

ROLES = [
    "anonymous",
    "staff",
    "head",
    "clerk",
    "home_affairs",
    "organisation_board",
    "administrator",
    "superuser",
]

# name: (url name, how to get the argument from the world)
URLS = {
    "home": ("home", None),
    "unit_list": ("units:unit_list", None),
    "unit_own": ("units:unit_detail", lambda w: w.gov_a.pk),
    "unit_other_ward": ("units:unit_detail", lambda w: w.gov_b.pk),
    "unit_other_block": ("units:unit_detail", lambda w: w.party_a.pk),
    "criteria_list": ("criteria:set_list", None),
    "criteria_detail": ("criteria:set_detail", lambda w: w.staff_set.pk),
    "criteria_draft": ("criteria:set_detail", lambda w: w.draft_set.pk),
    "password_change": ("password_change", None),
    "password_change_done": ("password_change_done", None),
}

# "Own" is the staff member's unit (government block, ward A). The clerk keeps the
# government office of ward A; the district reviewers each see one block everywhere.
_ = 200
N = 404
EXPECTED = {
    #                    home list own oward oblock crit cdet draft pw pwdone
    "staff": [_, _, _, N, N, _, _, N, _, _],
    "head": [_, _, _, N, N, _, _, N, _, _],
    "clerk": [_, _, _, N, N, _, _, N, _, _],
    "home_affairs": [_, _, _, _, N, _, _, N, _, _],
    "organisation_board": [_, _, N, N, _, _, _, N, _, _],
    "administrator": [_, _, _, _, _, _, _, _, _, _],
    "superuser": [_, _, _, _, _, _, _, _, _, _],
}

# The commitment pages' columns live in tests/commitments/matrix.py.
URLS.update(COMMITMENT_URLS)
for _role, _row in COMMITMENT_EXPECTED.items():
    EXPECTED[_role] = EXPECTED[_role] + _row

# The evaluation pages' columns live in tests/evaluations/matrix.py.
URLS.update(EVALUATION_URLS)
for _role, _row in EVALUATION_EXPECTED.items():
    EXPECTED[_role] = EXPECTED[_role] + _row

# The report pages' columns live in tests/reports/matrix.py.
URLS.update(REPORT_URLS)
for _role, _row in REPORT_EXPECTED.items():
    EXPECTED[_role] = EXPECTED[_role] + _row

# Pages that are not behind a login, tested on their own below.
PUBLIC_URL_NAMES = {"login", "logout", "set_language"}


def _cases():
    for role in ROLES:
        for index, url_key in enumerate(URLS):
            expected = 302 if role == "anonymous" else EXPECTED[role][index]
            yield pytest.param(role, url_key, expected, id=f"{role}-{url_key}")


@pytest.fixture
def world(db):
    return build_world()


def _url(world, url_key):
    name, arg = URLS[url_key]
    value = arg(world) if arg else None
    args = value if isinstance(value, list) else ([value] if arg else [])
    return reverse(name, args=args)


@pytest.mark.django_db
@pytest.mark.parametrize(("role", "url_key", "expected"), list(_cases()))
def test_role_gets_expected_status(client, world, role, url_key, expected):
    if role != "anonymous":
        client.force_login(world.users[role])
    url = _url(world, url_key)

    response = client.get(url)

    assert response.status_code == expected
    if expected == 302:
        assert response["Location"].startswith(reverse("login") + "?next=")


def test_matrix_rows_are_complete():
    assert set(EXPECTED) == set(ROLES) - {"anonymous"}
    assert all(len(row) == len(URLS) for row in EXPECTED.values())


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
    covered = {name for name, _arg in URLS.values()} | PUBLIC_URL_NAMES
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

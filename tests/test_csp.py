"""Content-Security-Policy: every page is sent with a policy that allows no inline script or
style, and no page needs one.

The walk covers every page of the permission matrix (tests/test_permissions_matrix.py) for
every persona who may open it, the login and error pages, and the admin (every model's list,
one object's change form and history, the roster's import and export pages). A template that
brings back an inline ``<script>``, a ``<style>`` element, a ``style="…"`` attribute or an
``on…=`` handler fails here, before a browser refuses to run it (tests/browser/test_csp.py).
"""

from html.parser import HTMLParser

import pytest
from django.contrib import admin
from django.urls import reverse

from core.security_headers import permissions_policy
from tests.commitments.matrix import _data as commitment_data
from tests.evaluations.matrix import _data as evaluation_data
from tests.factories.world import build_world
from tests.matrix import OK, PERSONAS
from tests.test_permissions_matrix import PAGES, _url

pytestmark = pytest.mark.django_db

DIRECTIVES = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "font-src": "'self'",
    "connect-src": "'self'",
    "frame-ancestors": "'none'",
    "form-action": "'self'",
    "base-uri": "'self'",
    "object-src": "'none'",
}
URL_ATTRIBUTES = {"href", "src", "action", "formaction"}


class InlineCode(HTMLParser):
    """Collects what the policy would block: inline scripts and styles, event handlers."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        where = self.get_starttag_text()
        data = (attributes.get("type") or "").lower() == "application/json"
        if tag == "script" and "src" not in attributes and not data:
            self.found.append(f"inline script: {where}")
        if tag == "style":
            self.found.append(f"<style> element: {where}")
        for name, value in attrs:
            if name == "style":
                self.found.append(f"style attribute: {where}")
            elif name.startswith("on"):
                self.found.append(f"{name} handler: {where}")
            elif name in URL_ATTRIBUTES and (value or "").strip().lower().startswith("javascript:"):
                self.found.append(f"javascript: URL: {where}")

    handle_startendtag = handle_starttag


def inline_code(html: str) -> list[str]:
    parser = InlineCode()
    parser.feed(html)
    parser.close()
    return parser.found


def policy_of(response) -> dict[str, str]:
    header = response.headers.get("Content-Security-Policy")
    assert header, f"no Content-Security-Policy on {response.request['PATH_INFO']}"
    directives = (part.strip().split(None, 1) for part in header.split(";") if part.strip())
    return {name: (value[0] if value else "") for name, *value in directives}


# An uploaded file served back (a commitment scan) is locked down further: nothing may run
# in it. Other downloads (the xlsx exports) carry the pages' policy.
DOWNLOAD_DIRECTIVES = {"default-src": "'none'", "sandbox": ""}


def assert_clean(response):
    policy = policy_of(response)
    if response.headers.get("Content-Disposition", "").startswith("attachment"):
        assert policy in (DIRECTIVES, DOWNLOAD_DIRECTIVES)
    else:
        assert policy == DIRECTIVES
    header = response.headers["Content-Security-Policy"]
    assert "unsafe-inline" not in header
    assert "unsafe-eval" not in header
    if response.headers.get("Content-Type", "").startswith("text/html"):
        body = response.content.decode(response.charset or "utf-8")
        assert inline_code(body) == [], response.request["PATH_INFO"]


def _page_cases():
    for url_key, page in PAGES.items():
        for persona in PERSONAS:
            if page.expected[persona] == OK:
                yield pytest.param(persona, url_key, id=f"{persona}-{url_key}")


@pytest.fixture
def world():
    world = build_world()
    evaluation_data(world)
    commitment_data(world)
    return world


@pytest.mark.parametrize(("persona", "url_key"), list(_page_cases()))
def test_page_has_a_strict_policy_and_no_inline_code(client, world, persona, url_key):
    client.force_login(world.users[persona])

    response = client.get(_url(world, url_key))

    assert response.status_code == OK
    assert_clean(response)


def test_login_and_error_pages_have_a_strict_policy_and_no_inline_code(client, world):
    login = client.get(reverse("login"))
    client.force_login(world.users["staff"])
    missing = client.get("/khong-co-trang-nay/")

    assert (login.status_code, missing.status_code) == (200, 404)
    assert_clean(login)
    assert_clean(missing)


def _admin_urls(world):
    """The admin index, each model's list and add page, one object's change and history."""
    yield reverse("admin:index")
    for model, model_admin in admin.site._registry.items():
        info = model._meta.app_label, model._meta.model_name
        yield reverse("admin:{}_{}_changelist".format(*info))
        yield reverse("admin:{}_{}_add".format(*info))
        obj = model_admin.get_queryset(_Request(world.users["superuser"])).first()
        if obj is not None:
            yield reverse("admin:{}_{}_change".format(*info), args=[obj.pk])
            yield reverse("admin:{}_{}_history".format(*info), args=[obj.pk])
    for name in ("unit", "person"):
        yield reverse(f"admin:units_{name}_import")
        yield reverse(f"admin:units_{name}_export")


class _Request:
    """What a ModelAdmin's get_queryset reads from a request."""

    def __init__(self, user):
        self.user = user
        self.GET = {}


@pytest.mark.parametrize("persona", ["superuser", "administrator"])
def test_admin_pages_have_a_strict_policy_and_no_inline_code(client, world, persona):
    client.force_login(world.users[persona])
    seen = 0

    for url in _admin_urls(world):
        response = client.get(url)
        # A page the administrator may not see is refused (403, or the admin's
        # "doesn't exist" redirect to its index): its policy is checked all the same.
        refused_redirect = response.status_code == 302 and response.url == reverse("admin:index")
        assert response.status_code in {200, 403} or refused_redirect, url
        if response.status_code == 200:
            seen += 1
        assert_clean(response)

    assert seen > 20


def test_other_security_headers_are_sent_everywhere(client, world):
    client.force_login(world.users["administrator"])

    for url in (reverse("home"), reverse("admin:index"), "/static/css/site.css"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert response.headers["Permissions-Policy"] == (
            "camera=(), microphone=(), geolocation=(), payment=(), usb=()"
        )
        assert response.headers["Referrer-Policy"] == "same-origin"
        assert response.headers["Cross-Origin-Opener-Policy"] == "same-origin"
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]
    assert client.get(reverse("home")).headers["X-Frame-Options"] == "DENY"


def test_permissions_policy_lists_features_and_their_origins():
    features = {"camera": [], "fullscreen": ["self"], "autoplay": ["self", "https://a.vn"]}

    assert permissions_policy(features) == (
        'camera=(), fullscreen=(self), autoplay=(self "https://a.vn")'
    )


def test_the_guard_finds_inline_code():
    html = """<script>alert(1)</script><script type="application/json">{}</script>
    <script src="/static/a.js" defer></script><style>p{}</style><p style="color:red">
    <button onclick="go()">x</button><a href="javascript:go()">y</a><img src=x onerror=y>"""

    found = inline_code(html)

    assert [item.split(":")[0] for item in found] == [
        "inline script",
        "<style> element",
        "style attribute",
        "onclick handler",
        "javascript",
        "onerror handler",
    ]

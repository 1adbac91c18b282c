"""Who gets which admin page: persona × model × page (about ward B's object) → outcome.

Outcomes: ``LOGIN`` the admin's login page (anonymous, and every login that is not an
administrator: the admin is for ``is_staff`` logins only); ``OK``; ``GONE`` the admin's
"doesn't exist" redirect to its index (what any id not in the user's list gets);
``NOT_FOUND`` a 404 (history pages); ``FORBIDDEN`` Django's 403 for a page the user may
not open whatever the id (the role groups, the sign-in lockouts of the district). Ward
B's object is what ward A's administrator must not reach (see tests/admin/other_ward.py;
criteria sets belong to the district and are read by every administrator).
"""

import pytest
from django.contrib import admin
from django.urls import reverse

OK, NOT_FOUND, FORBIDDEN = 200, 404, 403
LOGIN, GONE = "login", "gone"

PERSONAS = (
    "anonymous",
    "staff",
    "colleague",
    "head",
    "clerk",
    "home_affairs",
    "organisation_board",
    "ward_administrator",
    "district_administrator",
    "superuser",
)
NOT_STAFF = PERSONAS[:7]


def expect(*, ward, district=OK, superuser=OK) -> dict:
    """Every persona's outcome: the logins that are not administrators get the login."""
    return {
        **dict.fromkeys(NOT_STAFF, LOGIN),
        "ward_administrator": ward,
        "district_administrator": district,
        "superuser": superuser,
    }


SCOPED = {
    "list": expect(ward=OK),
    "change": expect(ward=GONE),
    "history": expect(ward=NOT_FOUND),
}
# The audit log: scoped, read only, with Django's own history page (the "doesn't exist"
# redirect for an entry not in the list).
AUDIT_LOG = {
    "list": expect(ward=OK),
    "change": expect(ward=GONE),
    "history": expect(ward=GONE),
}
# The district's own (criteria sets): read by every administrator.
DISTRICTS = {"list": expect(ward=OK), "change": expect(ward=OK), "history": expect(ward=OK)}
LOCKOUTS = {
    "list": expect(ward=FORBIDDEN),
    "change": expect(ward=FORBIDDEN),
    "history": expect(ward=GONE),
}
GROUPS = {
    "list": expect(ward=FORBIDDEN, district=FORBIDDEN),
    "change": expect(ward=FORBIDDEN, district=FORBIDDEN),
    "history": expect(ward=GONE, district=GONE),
}
# Every registered model: what each page gives each persona.
MODELS = {
    "units.unit": SCOPED,
    "units.person": SCOPED,
    "units.roleassignment": SCOPED,
    "auth.user": SCOPED,
    "auth.group": GROUPS,
    "axes.accessattempt": LOCKOUTS,
    "axes.accessfailurelog": LOCKOUTS,
    "axes.accesslog": LOCKOUTS,
    "criteria.criteriaset": DISTRICTS,
    "criteria.criteriongroup": DISTRICTS,
    "evaluations.cycle": SCOPED,
    "evaluations.evaluation": SCOPED,
    "evaluations.auditentry": SCOPED,
    "evaluations.collectivereview": SCOPED,
    "commitments.campaign": SCOPED,
    "commitments.commitment": SCOPED,
    "commitments.unitreport": SCOPED,
    "commitments.reminderlog": SCOPED,
    "commitments.auditentry": SCOPED,
    "core.auditlog": AUDIT_LOG,
    # The task queue: whole-district administrators and superusers, as the lockouts.
    "django_tasks_database.dbtaskresult": LOCKOUTS,
    # The background jobs (core.jobs): the same people as the task queue.
    "core.job": LOCKOUTS,
}
EXPORTS = {"units.unit": expect(ward=OK), "units.person": expect(ward=OK)}
AUTOCOMPLETES = {
    ("units", "unit", "parent"): expect(ward=OK),
    ("units", "person", "unit"): expect(ward=OK),
    ("units", "person", "user"): expect(ward=OK),
    ("units", "roleassignment", "user"): expect(ward=OK),
    ("units", "roleassignment", "unit"): expect(ward=OK),
}


def _cases():
    for label, pages in MODELS.items():
        for page, outcomes in pages.items():
            for persona in PERSONAS:
                yield pytest.param(
                    persona, label, page, outcomes[persona], id=f"{persona}-{label}-{page}"
                )
    for label, outcomes in EXPORTS.items():
        for persona in PERSONAS:
            yield pytest.param(
                persona, label, "export", outcomes[persona], id=f"{persona}-{label}-export"
            )
    for (app, model, field), outcomes in AUTOCOMPLETES.items():
        for persona in PERSONAS:
            label = f"{app}.{model}.{field}"
            yield pytest.param(
                persona,
                label,
                "autocomplete",
                outcomes[persona],
                id=f"{persona}-{label}-autocomplete",
            )


def _url(world, label, page):
    if page == "autocomplete":
        app, model, field = label.split(".")
        query = f"?app_label={app}&model_name={model}&field_name={field}&term="
        return reverse("admin:autocomplete") + query
    app, model = label.split(".")
    name = f"admin:{app}_{model}_"
    if page in ("list", "export"):
        return reverse(name + ("changelist" if page == "list" else "export"))
    return reverse(name + page, args=[world.other[label].pk])


def _outcome(response):
    if response.status_code == 302:
        location = response["Location"]
        if location.startswith(reverse("admin:login")):
            return LOGIN
        if location == reverse("admin:index"):
            return GONE
        return location
    return response.status_code


def test_the_matrix_knows_every_registered_model():
    registered = {model._meta.label_lower for model in admin.site._registry}
    assert registered == set(MODELS), (
        f"Add to tests/admin/test_admin_matrix.py MODELS: {sorted(registered - set(MODELS))}"
    )


@pytest.mark.django_db
@pytest.mark.parametrize(("persona", "label", "page", "expected"), list(_cases()))
def test_persona_gets_expected_admin_outcome(client, world, persona, label, page, expected):
    if persona != "anonymous":
        client.force_login(world.users[persona])
    assert _outcome(client.get(_url(world, label, page))) == expected

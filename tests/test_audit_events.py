"""Every kind of event the audit log must answer for ("who did what, when"): one test each,
asserting the action, the actor, the object, the unit and the data."""

import hashlib
import io
import json
import re

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, RequestFactory
from django.urls import reverse

from commitments import services as commitment_services
from commitments.errors import CommitmentError
from commitments.models import AuditEntry as CommitmentAuditEntry
from core.models import AuditLog
from evaluations import services as evaluation_services
from evaluations.errors import NotAllowedError
from evaluations.models import AuditEntry as EvaluationAuditEntry
from tests.admin_actions import admin_action
from tests.factories import commitments as commitment_factories
from tests.factories.evaluations import Org, fill, full_scores, to_concluded
from tests.factories.roster import confirm, person_row, post_import, xlsx_bytes
from tests.factories.units import (
    DEFAULT_PASSWORD,
    PersonFactory,
    UnitFactory,
    UserFactory,
    WardFactory,
    district_with_two_wards,
    make_administrator,
    ward_office,
)
from units.models import Person, RoleAssignment
from units.services import role_assign, role_revoke

pytestmark = pytest.mark.django_db

Action = AuditLog.Action
Role = RoleAssignment.Role
LOGIN = reverse("login")


def entries(action, **filters):
    return list(AuditLog.objects.filter(action=action, **filters).order_by("pk"))


def last(action, **filters) -> AuditLog:
    found = entries(action, **filters)
    assert found, f"no {action} entry"
    return found[-1]


def log_in(client, username, password, ip="192.0.2.10"):
    return client.post(
        LOGIN,
        {"username": username, "password": password},
        REMOTE_ADDR=ip,
        HTTP_USER_AGENT="Mozilla/5.0 (Cốc Cốc)",
    )


@pytest.fixture
def person():
    return PersonFactory(user__username="BD0001")


@pytest.fixture
def org(db):
    return Org()


# --- authentication --------------------------------------------------------------------------


def test_a_login_is_recorded_with_the_persons_unit_address_and_browser(client, person):
    log_in(client, "BD0001", DEFAULT_PASSWORD)

    entry = last(Action.LOGIN)
    assert (entry.actor, entry.actor_username) == (person.user, "BD0001")
    assert (entry.unit_path, entry.unit_block) == (person.unit.path, person.unit.block)
    assert (entry.ip_address, entry.user_agent) == ("192.0.2.10", "Mozilla/5.0 (Cốc Cốc)")


def test_a_failed_login_is_recorded_with_the_name_tried_and_never_the_password(client, person):
    log_in(client, "BD0001", "sai-mat-khau-123")
    log_in(client, "khong-co-ai", "sai-mat-khau-456")

    known, unknown = entries(Action.LOGIN_FAILED)
    assert (known.actor, known.unit_path) == (person.user, person.unit.path)
    assert (unknown.actor, unknown.actor_username, unknown.unit_path) == (None, "khong-co-ai", "")
    stored = json.dumps([known.data, unknown.data])
    assert "sai-mat-khau" not in stored
    assert not entries(Action.LOGIN)


def test_a_lockout_is_recorded(client, person):
    for _ in range(5):
        log_in(client, "BD0001", "sai")

    entry = last(Action.LOCKED_OUT)
    assert (entry.actor, entry.actor_username) == (person.user, "BD0001")
    assert entry.unit_path == person.unit.path
    assert entry.ip_address == "192.0.2.10"
    assert entry.data == {"reentry": False}


def test_a_logout_is_recorded(client, person):
    log_in(client, "BD0001", DEFAULT_PASSWORD)

    client.post(reverse("logout"), REMOTE_ADDR="192.0.2.11")

    entry = last(Action.LOGOUT)
    assert (entry.actor, entry.unit_path, entry.ip_address) == (
        person.user,
        person.unit.path,
        "192.0.2.11",
    )


# --- refused access --------------------------------------------------------------------------


def test_refused_access_is_recorded_and_the_answer_stays_404(client, org):
    cycle = org.open_cycle()
    evaluation = org.evaluation(cycle, org.staff[0])
    client.force_login(org.other_head.user)
    url = reverse("evaluations:result", args=[evaluation.pk])

    response = client.get(url, REMOTE_ADDR="192.0.2.20")

    assert response.status_code == 404
    entry = last(Action.ACCESS_REFUSED)
    assert (entry.actor, entry.object_id) == (org.other_head.user, str(evaluation.pk))
    assert entry.content_type.model == "evaluation"
    assert (entry.unit_path, entry.ip_address) == (evaluation.unit.path, "192.0.2.20")
    assert entry.data["path"] == url and entry.data["method"] == "GET"
    assert entry.data["permission"].startswith("evaluations.")


def test_a_missing_id_is_a_404_that_is_not_recorded_as_refused(client, org):
    client.force_login(org.other_head.user)

    response = client.get(reverse("evaluations:result", args=[999_999]))

    assert response.status_code == 404
    assert not entries(Action.ACCESS_REFUSED)


def page_without(response, url) -> str:
    """The page without its own address and its random form tokens."""
    text = response.content.decode().replace(url, "URL")
    return re.sub(r'value="[A-Za-z0-9]{32,}"', "", text)


def test_the_refused_page_looks_like_any_missing_page(client, org):
    cycle = org.open_cycle()
    evaluation = org.evaluation(cycle, org.staff[0])
    client.force_login(org.other_head.user)

    refused_url = reverse("evaluations:result", args=[evaluation.pk])
    missing_url = reverse("evaluations:result", args=[999_999])
    refused, missing = client.get(refused_url), client.get(missing_url)

    assert refused.status_code == missing.status_code == 404
    assert page_without(refused, refused_url) == page_without(missing, missing_url)


def test_a_page_refused_to_a_role_is_recorded(client, org):
    client.force_login(org.staff[0].user)

    assert client.get(reverse("reports:dashboard")).status_code == 404

    entry = last(Action.ACCESS_REFUSED)
    assert entry.actor == org.staff[0].user
    assert entry.data["permission"] == "reports"


# --- password re-entry -----------------------------------------------------------------------


def signing_request():
    return RequestFactory().post("/", REMOTE_ADDR="10.5.5.5", HTTP_USER_AGENT="Edge")


def test_a_wrong_password_at_sign_off_is_recorded_once_as_a_refused_reentry(org):
    cycle = org.open_cycle()
    evaluation = to_concluded(org, org.evaluation(cycle, org.staff[0]))
    head = org.head.user

    with pytest.raises(NotAllowedError):
        evaluation_services.evaluation_sign_off(
            evaluation=evaluation, actor=head, password="sai-roi", request=signing_request()
        )

    entry = last(Action.PASSWORD_REFUSED)
    assert (entry.actor, entry.unit_path) == (head, org.head.unit.path)
    assert (entry.ip_address, entry.user_agent) == ("10.5.5.5", "Edge")
    assert entry.data == {"locked": False}
    assert not entries(Action.LOGIN_FAILED)  # the re-entry is not also a failed login


def test_a_wrong_password_when_signing_a_commitment_is_recorded():
    org = commitment_factories.Org()
    campaign = org.open_campaign()
    person = org.staff[0]

    with pytest.raises(CommitmentError):
        commitment_services.commitment_sign_online(
            commitment=org.commitment(campaign, person),
            actor=person.user,
            typed_name=person.full_name,
            password="sai",
            request=signing_request(),
        )

    entry = last(Action.PASSWORD_REFUSED)
    assert (entry.actor, entry.unit_path) == (person.user, person.unit.path)


# --- workflow and scores ---------------------------------------------------------------------


def test_an_evaluation_step_is_recorded_centrally_and_in_the_apps_own_log(org):
    cycle = org.open_cycle()
    person = org.staff[0]
    evaluation = org.evaluation(cycle, person)
    fill(evaluation, person, "self", 8)

    evaluation_services.self_assessment_submit(evaluation=evaluation, actor=person.user)

    entry = last(Action.WORKFLOW, data__step="self_submit")
    assert (entry.actor, entry.object_id) == (person.user, str(evaluation.pk))
    assert entry.content_type.model == "evaluation"
    assert entry.unit_path == evaluation.unit.path
    assert entry.data["app"] == "evaluations"
    assert (entry.data["from"], entry.data["to"]) == ("self_draft", "self_submitted")
    assert EvaluationAuditEntry.objects.filter(evaluation=evaluation, action="self_submit")


def test_a_commitment_step_is_recorded_centrally_and_in_the_apps_own_log():
    org = commitment_factories.Org()
    campaign = org.open_campaign()
    person = org.staff[0]

    commitment = org.sign_online(campaign, person, request=signing_request())

    entry = last(Action.WORKFLOW, data__step="sign_online")
    assert (entry.actor, entry.object_id) == (person.user, str(commitment.pk))
    assert (entry.data["app"], entry.unit_path) == ("commitments", person.unit.path)
    assert CommitmentAuditEntry.objects.filter(commitment=commitment, action="sign_online")
    opened = last(Action.WORKFLOW, data__step="campaign_open")
    assert opened.content_type.model == "campaign" and opened.actor == org.admin


def test_a_score_change_keeps_the_total_and_the_changed_criteria_before_and_after(org):
    cycle = org.open_cycle()
    person = org.staff[0]
    evaluation = org.evaluation(cycle, person)
    fill(evaluation, person, "self", 8)
    scores = full_scores(evaluation, 8)
    changed_id = sorted(scores)[0]
    scores[changed_id] = 5

    assessment = evaluation_services.assessment_save_draft(
        evaluation=evaluation, assessor=person, kind="self", scores=scores, actor=person.user
    )

    first, second = entries(Action.SCORES_CHANGED)
    assert second.object_id == str(assessment.pk) and second.actor == person.user
    assert second.unit_path == evaluation.unit.path
    assert second.data["evaluation"] == evaluation.pk and second.data["kind"] == "self"
    assert second.data["criteria"] == {str(changed_id): {"before": "8.00", "after": "5.00"}}
    assert second.data["total"]["before"] == first.data["total"]["after"]
    assert second.data["total"]["after"] == str(assessment.total)
    assert len(first.data["criteria"]) == len(scores)  # the first save set every score


def test_saving_the_same_scores_again_records_no_score_change(org):
    cycle = org.open_cycle()
    person = org.staff[0]
    evaluation = org.evaluation(cycle, person)
    fill(evaluation, person, "self", 8)

    fill(evaluation, person, "self", 8)

    assert len(entries(Action.SCORES_CHANGED)) == 1


# --- imports and exports ---------------------------------------------------------------------


@pytest.fixture
def roster_admin(client):
    office = ward_office("BODE")
    ward = office.parent
    PersonFactory(unit=office, staff_code="CB90002", user=None)
    admin = make_administrator(ward)
    client.force_login(admin)
    return admin, ward


def test_a_roster_import_keeps_the_file_name_its_sha256_and_the_row_counts(client, roster_admin):
    admin, ward = roster_admin
    content = xlsx_bytes([person_row("CB90001"), person_row("CB90002"), person_row("CB90003")])
    upload = SimpleUploadedFile("danh-sach-bode.xlsx", content)
    preview = post_import(client, upload)
    assert not entries(Action.IMPORT)  # the preview imports nothing

    assert confirm(client, preview).status_code == 302

    entry = last(Action.IMPORT)
    assert entry.actor == admin
    assert entry.data["model"] == "units.Person"
    assert entry.data["file_name"] == "danh-sach-bode.xlsx"
    assert entry.data["sha256"] == hashlib.sha256(content).hexdigest()
    assert entry.data["rows"] == {"new": 2, "updated": 1, "skipped": 0}
    assert entry.unit_path == ward.path


def test_a_roster_export_is_recorded(client, roster_admin):
    admin, _ward = roster_admin

    response = client.post(reverse("admin:units_person_export"), {"format": "0", "resource": "0"})

    assert response.status_code == 200
    entry = last(Action.EXPORT)
    assert entry.actor == admin
    assert entry.data == {"export": "units.Person", "format": "RosterXLSX", "rows": 1}


def test_a_report_export_is_recorded_with_its_filters(client, org):
    client.force_login(org.admin)

    response = client.get(reverse("reports:people_export"), REMOTE_ADDR="192.0.2.30")

    assert response.status_code == 200
    entry = last(Action.EXPORT)
    assert (entry.actor, entry.ip_address) == (org.admin, "192.0.2.30")
    assert entry.data["export"] == "reports.people"
    assert "query" in entry.data
    assert entry.unit_path == org.district.path


def test_the_commitment_tracking_export_is_recorded():
    org = commitment_factories.Org()
    campaign = org.open_campaign()
    client = Client()
    client.force_login(org.home_affairs)

    response = client.get(reverse("commitments:tracking_export", args=[campaign.pk]))
    b"".join(response.streaming_content)

    entry = last(Action.EXPORT)
    assert (entry.actor, entry.object_id) == (org.home_affairs, str(campaign.pk))
    assert entry.data == {"export": "commitments.tracking", "block": ""}
    assert entry.unit_path == org.district.path


def test_opening_an_evaluations_print_page_is_recorded(client, org):
    cycle = org.open_cycle()
    evaluation = org.evaluation(cycle, org.staff[0])
    client.force_login(org.head.user)

    assert client.get(reverse("evaluations:print", args=[evaluation.pk])).status_code == 200

    entry = last(Action.PRINT)
    assert (entry.actor, entry.object_id) == (org.head.user, str(evaluation.pk))
    assert entry.unit_path == evaluation.unit.path


def test_opening_a_commitments_print_page_is_recorded():
    org = commitment_factories.Org()
    campaign = org.open_campaign()
    person = org.staff[0]
    commitment = org.sign_online(campaign, person)
    client = Client()
    client.force_login(person.user)

    assert client.get(reverse("commitments:print", args=[commitment.pk])).status_code == 200

    entry = last(Action.PRINT)
    assert (entry.actor, entry.object_id) == (person.user, str(commitment.pk))
    assert entry.content_type.model == "commitment"
    assert entry.unit_path == person.unit.path


# --- roles and accounts ----------------------------------------------------------------------


def test_a_role_given_changed_and_taken_away_is_recorded():
    _district, ward, other = district_with_two_wards("BODE", "GIATHUY")
    user = UserFactory(username="quantri-bode")

    assignment = role_assign(user=user, role=Role.ADMINISTRATOR, unit=ward)
    assignment = RoleAssignment.objects.get(pk=assignment.pk)
    assignment.unit = other
    assignment.save()
    role_revoke(assignment=RoleAssignment.objects.get(pk=assignment.pk))

    added = last(Action.ROLE_ADDED)
    assert (added.object_id, added.unit_path) == (str(assignment.pk), ward.path)
    assert added.data == {
        "user": "quantri-bode",
        "role": "administrator",
        "unit": "BODE",
        "block": "",
    }
    changed = last(Action.ROLE_CHANGED)
    assert changed.unit_path == other.path
    assert changed.data["changed"] == {"unit": {"before": ward.pk, "after": other.pk}}
    removed = last(Action.ROLE_REMOVED)
    assert (removed.object_id, removed.data["unit"]) == (str(assignment.pk), "GIATHUY")


def test_role_changes_in_the_admin_name_the_administrator(client):
    district = make_administrator(WardFactory(code="LB0").parent)
    client.force_login(district)
    ward = WardFactory(code="BODE")
    # A login the district's administrator may choose: its person works in the district.
    user = PersonFactory(unit=UnitFactory(parent=ward)).user

    response = client.post(
        reverse("admin:units_roleassignment_add"),
        {"user": user.pk, "role": Role.OFFICE_CLERK, "unit": ward.pk, "block": "government"},
    )

    assert response.status_code == 302
    entry = last(Action.ROLE_ADDED)
    assert entry.actor == district
    assert entry.data["user"] == user.username


def test_an_account_created_and_its_flags_changed_are_recorded():
    user = get_user_model().objects.create_user(username="moi", password="Mat-khau-moi-9")

    user.is_staff = True
    user.is_superuser = True
    user.save()
    user.is_active = False
    user.save(update_fields=["is_active"])

    created = last(Action.USER_CREATED)
    assert (created.object_id, created.object_repr) == (str(user.pk), "moi")
    assert created.data == {"is_active": True, "is_staff": False, "is_superuser": False}
    first, second = entries(Action.USER_CHANGED, object_id=str(user.pk))
    assert first.data == {
        "is_staff": {"before": False, "after": True},
        "is_superuser": {"before": False, "after": True},
    }
    assert second.data == {"is_active": {"before": True, "after": False}}
    assert not entries(Action.PASSWORD_RESET)  # the password given at creation is no reset


def test_a_login_account_made_in_the_admin_names_the_administrator(client):
    admin = UserFactory(is_superuser=True, is_staff=True)
    person = PersonFactory(user=None)
    client.force_login(admin)

    admin_action(client, Person, "create_logins", [person.pk])

    entry = last(Action.USER_CREATED)
    assert (entry.actor, entry.object_repr) == (admin, person.staff_code)


def test_a_password_changed_by_its_owner_is_recorded(client, person):
    client.force_login(person.user)

    response = client.post(
        reverse("password_change"),
        {
            "old_password": DEFAULT_PASSWORD,
            "new_password1": "Hoa-sen-tim-2025",
            "new_password2": "Hoa-sen-tim-2025",
        },
    )

    assert response.status_code == 302
    entry = last(Action.PASSWORD_CHANGED)
    assert (entry.actor, entry.object_id) == (person.user, str(person.user.pk))
    assert entry.unit_path == person.unit.path
    assert entry.data == {}
    assert "Hoa-sen" not in json.dumps(list(AuditLog.objects.values_list("data", flat=True)))


def test_a_password_set_by_an_administrator_is_a_reset(client, person):
    admin = UserFactory(is_superuser=True, is_staff=True)
    client.force_login(admin)
    url = reverse("admin:auth_user_password_change", args=[person.user.pk])

    response = client.post(
        url,
        {
            "password1": "Hoa-sen-tim-2025",
            "password2": "Hoa-sen-tim-2025",
            "usable_password": "true",
        },
    )

    assert response.status_code == 302
    entry = last(Action.PASSWORD_RESET)
    assert (entry.actor, entry.object_id) == (admin, str(person.user.pk))
    assert not entries(Action.PASSWORD_CHANGED)


def test_a_password_rehashed_at_login_is_not_a_password_change(client, person, settings):
    settings.PASSWORD_HASHERS = [
        "django.contrib.auth.hashers.PBKDF2PasswordHasher",
        *settings.PASSWORD_HASHERS,
    ]

    before = AuditLog.objects.filter(action__startswith="password").count()

    log_in(client, "BD0001", DEFAULT_PASSWORD)

    person.user.refresh_from_db()
    assert person.user.password.startswith("pbkdf2")  # the hash was upgraded
    assert AuditLog.objects.filter(action__startswith="password").count() == before


# --- never a password ------------------------------------------------------------------------


def test_no_entry_of_a_whole_journey_holds_a_password(client, org):
    cycle = org.open_cycle()
    evaluation = to_concluded(org, org.evaluation(cycle, org.staff[0]))
    log_in(client, org.head.user.username, "sai-mat-khau-xyz")
    log_in(client, org.head.user.username, DEFAULT_PASSWORD)
    with pytest.raises(NotAllowedError):
        evaluation_services.evaluation_sign_off(
            evaluation=evaluation, actor=org.head.user, password="sai-ky-duyet", request=None
        )
    evaluation_services.evaluation_sign_off(
        evaluation=evaluation, actor=org.head.user, password=DEFAULT_PASSWORD
    )

    stored = io.StringIO()
    json.dump(list(AuditLog.objects.values_list("data", flat=True)), stored)
    text = stored.getvalue()
    assert AuditLog.objects.count() > 10
    for secret in (DEFAULT_PASSWORD, "sai-mat-khau-xyz", "sai-ky-duyet", '"password'):
        assert secret not in text

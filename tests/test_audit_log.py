"""The central audit log itself: one writer that keeps who, what, where and from where, never a
password; entries that are never changed or deleted; an admin that only reads, each
administrator within their scope."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import transaction
from django.test import RequestFactory
from django.urls import reverse

from core.audit import AuditRequestMiddleware, audit_log, current_request, scrub
from core.errors import AppendOnlyError
from core.models import AuditLog
from tests.factories.units import (
    PersonFactory,
    UnitFactory,
    UserFactory,
    district_with_two_wards,
    make_administrator,
)

pytestmark = pytest.mark.django_db

Action = AuditLog.Action
CHANGELIST = reverse("admin:core_auditlog_changelist")


@pytest.fixture
def entry():
    unit = UnitFactory()
    return audit_log(action=Action.EXPORT, actor=UserFactory(), obj=unit, unit=unit)


# --- the writer ------------------------------------------------------------------------------


def test_the_writer_keeps_actor_object_unit_and_data():
    user = UserFactory(username="quantri")
    unit = UnitFactory(name="UBND phường Bồ Đề")

    entry = audit_log(action=Action.EXPORT, actor=user, obj=unit, unit=unit, data={"rows": 3})

    entry.refresh_from_db()
    assert (entry.action, entry.actor, entry.actor_username) == ("export", user, "quantri")
    assert entry.content_type.model == "unit"
    assert (entry.object_id, entry.object_repr) == (str(unit.pk), "UBND phường Bồ Đề")
    assert (entry.unit_path, entry.unit_block) == (unit.path, unit.block)
    assert entry.data == {"rows": 3}
    assert entry.created_at is not None


def test_the_writer_reads_address_and_browser_from_the_request_behind_a_proxy(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    request = RequestFactory().get(
        "/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.7", HTTP_USER_AGENT="Cốc Cốc"
    )
    request.user = AnonymousUser()

    entry = audit_log(action=Action.LOGOUT, request=request)

    assert (entry.ip_address, entry.user_agent) == ("203.0.113.7", "Cốc Cốc")
    assert entry.actor is None


def test_the_request_middleware_gives_services_the_address_and_the_user():
    user = UserFactory()
    request = RequestFactory().get("/", REMOTE_ADDR="192.0.2.5", HTTP_USER_AGENT="Firefox")
    request.user = user
    seen = {}

    def service(request):
        seen["entry"] = audit_log(action=Action.WORKFLOW)  # no request, no actor passed
        return "ok"

    assert AuditRequestMiddleware(service)(request) == "ok"

    entry = seen["entry"]
    assert (entry.actor, entry.ip_address, entry.user_agent) == (user, "192.0.2.5", "Firefox")
    assert current_request() is None  # forgotten after the response


def test_the_request_is_forgotten_even_when_the_view_fails():
    request = RequestFactory().get("/")

    def failing(request):
        raise RuntimeError

    with pytest.raises(RuntimeError):
        AuditRequestMiddleware(failing)(request)
    assert current_request() is None


def test_no_password_is_ever_kept_in_data():
    data = {
        "password": "mat-khau",
        "new_password1": "x",
        "csrfmiddlewaretoken": "t",
        "nested": {"old_password": "y", "rows": [{"password": "z", "kept": 1}]},
        "kept": "yes",
    }

    entry = audit_log(action=Action.IMPORT, data=data)

    entry.refresh_from_db()
    assert entry.data == {"nested": {"rows": [{"kept": 1}]}, "kept": "yes"}
    assert scrub({"Password": 1}) == {}


# --- append-only -----------------------------------------------------------------------------


def test_an_entry_cannot_be_saved_again(entry):
    entry.data = {"rows": 0}
    with pytest.raises(AppendOnlyError):
        entry.save()
    stored = AuditLog.objects.get(pk=entry.pk)
    with pytest.raises(AppendOnlyError):
        stored.save(update_fields=["data"])


def test_an_entry_cannot_be_deleted(entry):
    with pytest.raises(AppendOnlyError):
        entry.delete()
    assert AuditLog.objects.filter(pk=entry.pk).exists()


def test_bulk_update_and_delete_refuse(entry):
    with pytest.raises(AppendOnlyError):
        AuditLog.objects.filter(pk=entry.pk).update(actor_username="someone else")
    with pytest.raises(AppendOnlyError):
        AuditLog.objects.all().delete()
    with pytest.raises(AppendOnlyError), transaction.atomic():
        AuditLog.objects.bulk_update([entry], ["data"])
    assert AuditLog.objects.get(pk=entry.pk).actor_username == entry.actor_username


def test_deleting_a_user_keeps_their_entries_and_name():
    user = UserFactory(username="da-nghi")
    entry = audit_log(action=Action.LOGIN, actor=user)

    user.delete()

    entry = AuditLog.objects.get(pk=entry.pk)
    assert entry.actor is None and entry.actor_username == "da-nghi"


# --- the admin -------------------------------------------------------------------------------


@pytest.fixture
def two_wards():
    district, ward_a, ward_b = district_with_two_wards("BODE", "GIATHUY")
    unit_a = UnitFactory(parent=ward_a)
    unit_b = UnitFactory(parent=ward_b)
    entries = {
        "a": audit_log(action=Action.PRINT, obj=unit_a, unit=unit_a),
        "b": audit_log(action=Action.PRINT, obj=unit_b, unit=unit_b),
        "none": audit_log(action=Action.LOGIN_FAILED, username="khong-ai"),
    }
    return district, ward_a, entries


def _listed(client, entries) -> set[str]:
    """Which of the fixture's entries the list shows (the login and role of the user who
    looks are entries too)."""
    response = client.get(CHANGELIST)
    assert response.status_code == 200
    shown = {entry.pk for entry in response.context["cl"].result_list}
    return {name for name, entry in entries.items() if entry.pk in shown}


def test_a_ward_administrator_sees_only_their_wards_entries(client, two_wards):
    _district, ward_a, entries = two_wards
    client.force_login(make_administrator(ward_a))

    assert _listed(client, entries) == {"a"}
    other = reverse("admin:core_auditlog_change", args=[entries["b"].pk])
    assert client.get(other).status_code == 302  # the admin's "does not exist" redirect


def test_a_district_administrator_also_sees_the_entries_without_a_unit(client, two_wards):
    district, _ward_a, entries = two_wards
    client.force_login(make_administrator(district))

    assert _listed(client, entries) == {"a", "b", "none"}


def test_someone_without_an_administrator_role_gets_no_audit_log(client, two_wards):
    user = PersonFactory().user
    user.is_staff = True
    user.save()
    client.force_login(user)

    assert client.get(CHANGELIST).status_code == 403


@pytest.mark.parametrize("who", ["superuser", "district_admin"])
def test_nobody_adds_changes_or_deletes_an_entry(client, two_wards, who):
    district, _ward_a, entries = two_wards
    if who == "superuser":
        user = UserFactory(is_superuser=True, is_staff=True)
    else:
        user = make_administrator(district)
    client.force_login(user)
    entry = entries["a"]
    change = reverse("admin:core_auditlog_change", args=[entry.pk])

    assert client.get(reverse("admin:core_auditlog_add")).status_code == 403
    page = client.get(change)
    assert page.status_code == 200 and not page.context["has_change_permission"]
    assert client.post(change, {"actor_username": "x"}).status_code == 403
    delete = reverse("admin:core_auditlog_delete", args=[entry.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403
    bulk = {"action": "delete_selected", "_selected_action": [entry.pk], "post": "yes"}
    client.post(CHANGELIST, bulk)
    assert AuditLog.objects.get(pk=entry.pk).actor_username == entry.actor_username
    assert AuditLog.objects.filter(pk__in=[e.pk for e in entries.values()]).count() == 3


def test_the_list_searches_by_name_and_filters_by_action_and_block(client, two_wards):
    _district, _ward_a, entries = two_wards
    client.force_login(UserFactory(is_superuser=True, is_staff=True))

    found = client.get(CHANGELIST, {"q": "khong-ai"}).context["cl"].result_list
    assert [entry.pk for entry in found] == [entries["none"].pk]
    printed = client.get(CHANGELIST, {"action__exact": "print"}).context["cl"].result_list
    assert {entry.pk for entry in printed} == {entries["a"].pk, entries["b"].pk}
    by_block = client.get(CHANGELIST, {"unit_block__exact": "government"}).context["cl"]
    assert {entry.pk for entry in by_block.result_list} == {entries["a"].pk, entries["b"].pk}

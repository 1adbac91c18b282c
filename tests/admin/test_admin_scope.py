"""What the admin lets an administrator change: history is never reverted, the district's
cycles and campaigns are the district's, logins never gain the admin or superuser flag."""

import pytest
from django.conf import settings
from django.contrib import admin
from django.contrib.auth.models import Permission
from django.forms.models import model_to_dict
from django.urls import reverse
from simple_history.admin import SimpleHistoryAdmin

from commitments.models import AuditEntry as CommitmentAudit
from commitments.models import Campaign
from evaluations.models import AuditEntry as EvaluationAudit
from evaluations.models import Cycle
from tests.admin_actions import admin_action
from tests.factories.evaluations import CycleFactory

from .test_admin_walk import snapshot


def _history_models():
    for model, model_admin in admin.site._registry.items():
        if isinstance(model_admin, SimpleHistoryAdmin):
            yield pytest.param(model, id=model._meta.label_lower)


def test_history_revert_is_switched_off():
    assert settings.SIMPLE_HISTORY_REVERT_DISABLED is True


@pytest.mark.django_db
@pytest.mark.parametrize("model", list(_history_models()))
def test_posting_a_history_version_changes_nothing_even_for_a_superuser(client, world, model):
    label = model._meta.label_lower
    obj = world.other[label]
    version = obj.history.filter(**{model._meta.pk.attname: obj.pk}).first()
    assert version is not None, f"{label}: the walk's object has no history"
    client.force_login(world.users["superuser"])
    before = snapshot(obj)
    audits = EvaluationAudit.objects.count(), CommitmentAudit.objects.count()
    opts = model._meta
    url = reverse(
        f"admin:{opts.app_label}_{opts.model_name}_simple_history",
        args=[obj.pk, version.history_id],
    )

    assert client.get(url).status_code == 200  # a superuser reads the version
    response = client.post(url, {"state": "self_draft", "unit": world.ward_a.pk})

    assert response.status_code == 405
    assert snapshot(obj) == before
    assert (EvaluationAudit.objects.count(), CommitmentAudit.objects.count()) == audits


def _change(client, cycle, name):
    data = {}
    for field, value in model_to_dict(cycle).items():
        if field == "scope_units":
            data[field] = [unit.pk for unit in value]
        elif value is not None and value is not False:
            data[field] = "on" if value is True else value
    data["name"] = name
    return client.post(reverse("admin:evaluations_cycle_change", args=[cycle.pk]), data)


@pytest.mark.django_db
def test_a_ward_administrator_reads_the_districts_cycle_and_cannot_change_it(client, world):
    cycle = world.other["district.cycle"]
    client.force_login(world.users["ward_administrator"])

    page = client.get(reverse("admin:evaluations_cycle_change", args=[cycle.pk]))
    assert page.status_code == 200
    assert 'name="_save"' not in page.text
    assert _change(client, cycle, "Bị sửa").status_code == 403
    admin_action(client, Cycle, "open_cycles", [cycle.pk])
    assert client.post(reverse("admin:evaluations_cycle_delete", args=[cycle.pk]), {"post": "yes"})
    cycle.refresh_from_db()
    assert (cycle.name, cycle.status) == ("Đánh giá toàn quận", Cycle.Status.DRAFT)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("persona", "scope"),
    [("ward_administrator", "ward"), ("district_administrator", "district")],
)
def test_an_administrator_of_the_cycles_whole_scope_changes_it(client, world, persona, scope):
    if scope == "ward":
        cycle = CycleFactory(name="Đánh giá phường Bồ Đề", scope=[world.ward_a])
    else:
        cycle = world.other["district.cycle"]
    client.force_login(world.users[persona])

    response = _change(client, cycle, f"{cycle.name} (sửa)")

    assert response.status_code == 302
    renamed = cycle.name + " (sửa)"
    cycle.refresh_from_db()
    assert cycle.name == renamed


@pytest.mark.django_db
def test_a_ward_administrator_cannot_open_or_change_the_districts_campaign(client, world):
    campaign = world.other["district.campaign"]
    client.force_login(world.users["ward_administrator"])

    admin_action(client, Campaign, "open_campaigns", [campaign.pk])
    response = client.post(
        reverse("admin:commitments_campaign_change", args=[campaign.pk]),
        {"year": campaign.year, "scope_units": [world.ward_a.pk]},
    )

    assert response.status_code == 403
    campaign.refresh_from_db()
    assert campaign.status == Campaign.Status.DRAFT
    assert list(campaign.scope_units.all()) == [world.district]


@pytest.mark.django_db
def test_a_ward_administrator_never_sees_a_superuser_nor_grants_the_admin(client, world):
    ward_admin = world.users["ward_administrator"]
    ward_admin.user_permissions.add(Permission.objects.get(codename="change_user"))
    colleague = world.users["colleague"]
    client.force_login(ward_admin)

    listed = client.get(reverse("admin:auth_user_changelist"))
    users = {user.username for user in listed.context["cl"].result_list}
    assert "root" not in users
    assert {"BD0001", "BD0003", "quantri-bode"} <= users
    client.post(
        reverse("admin:auth_user_change", args=[colleague.pk]),
        {
            "username": colleague.username,
            "is_active": "on",
            "is_staff": "on",
            "is_superuser": "on",
            "date_joined_0": "2025-01-01",
            "date_joined_1": "00:00:00",
        },
    )

    colleague.refresh_from_db()
    assert not colleague.is_superuser
    assert not colleague.is_staff
    root = world.users["superuser"]
    assert client.get(reverse("admin:auth_user_password_change", args=[root.pk])).status_code == (
        404
    )


@pytest.mark.django_db
@pytest.mark.parametrize("query", ["?format=1", "?format=abc", "?khong-co=1"])
def test_an_export_address_with_an_unknown_filter_gets_a_vietnamese_message(client, world, query):
    client.force_login(world.users["ward_administrator"])
    url = reverse("admin:units_person_export")

    response = client.get(url + query, follow=True)

    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == url
    messages = [str(message) for message in response.context["messages"]]
    assert any("bộ lọc không tồn tại" in message for message in messages), messages

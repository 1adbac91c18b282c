"""The admin opens cycles through the service and never edits a signed evaluation."""

import pytest
from django.urls import reverse

from evaluations.models import AuditEntry, Cycle, Evaluation
from tests.admin_actions import admin_action
from tests.factories.evaluations import to_signed

pytestmark = pytest.mark.django_db


def test_open_cycle_action_calls_the_service(org, admin_client):
    cycle = org.cycle()
    response = admin_action(admin_client, Cycle, "open_cycles", [cycle.pk], follow=True)
    cycle.refresh_from_db()
    assert cycle.status == Cycle.Status.OPEN
    assert "8 phiếu đánh giá" in response.content.decode()


def test_open_cycle_action_reports_a_refusal_in_vietnamese(org, admin_client, cycle):
    response = admin_action(admin_client, Cycle, "open_cycles", [cycle.pk], follow=True)
    assert "Chỉ có thể mở đợt đánh giá" in response.content.decode()


def test_signed_evaluation_is_read_only_in_the_admin(org, admin_client, evaluation):
    to_signed(org, evaluation)
    url = reverse("admin:evaluations_evaluation_change", args=[evaluation.pk])
    response = admin_client.get(url)
    assert response.status_code == 200
    assert 'name="reviewer"' not in response.content.decode()
    admin_client.post(url, {"reviewer": org.other_head.pk})
    evaluation.refresh_from_db()
    assert evaluation.reviewer is None
    delete = admin_client.get(reverse("admin:evaluations_evaluation_delete", args=[evaluation.pk]))
    assert delete.status_code == 403


def test_unsigned_evaluation_lets_the_admin_name_a_reviewer(org, admin_client, evaluation):
    url = reverse("admin:evaluations_evaluation_change", args=[evaluation.pk])
    assert 'name="reviewer"' in admin_client.get(url).content.decode()


def test_audit_entries_are_read_only(org, admin_client, cycle):
    entry = AuditEntry.objects.get(cycle=cycle, action="cycle_open")
    assert admin_client.get(reverse("admin:evaluations_auditentry_changelist")).status_code == 200
    url = reverse("admin:evaluations_auditentry_change", args=[entry.pk])
    assert admin_client.get(url).status_code == 200
    assert admin_client.post(url, {"reason": "x"}).status_code == 403
    assert admin_client.get(reverse("admin:evaluations_auditentry_add")).status_code == 403
    assert Evaluation.objects.filter(cycle=cycle).count() == 8

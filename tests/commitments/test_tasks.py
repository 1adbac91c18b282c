"""Opening a campaign in the task worker: the admin refuses at once what opening would
refuse, queues the rest, and the task opens the campaign once however often it runs."""

import pytest
from django.test import override_settings
from django_tasks_db.models import DBTaskResult

from commitments.models import Campaign, Commitment
from commitments.tasks import open_campaign
from tests.admin_actions import admin_action

pytestmark = pytest.mark.django_db
DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def _open(client, campaign):
    return admin_action(client, Campaign, "open_campaigns", [campaign.pk], follow=True)


@override_settings(TASKS=DATABASE_TASKS)
def test_the_admin_queues_the_opening_and_the_task_opens_once(admin_client, org):
    campaign = org.campaign()
    assert "đang được mở ở chế độ nền" in _open(admin_client, campaign).content.decode()
    campaign.refresh_from_db()
    assert campaign.status == Campaign.Status.DRAFT
    (queued,) = DBTaskResult.objects.all()
    assert queued.task_path == "commitments.tasks.open_campaign"

    kwargs = queued.args_kwargs["kwargs"]
    assert open_campaign.call(**kwargs) == 8
    assert open_campaign.call(**kwargs) == 8
    campaign.refresh_from_db()
    assert campaign.status == Campaign.Status.OPEN
    assert Commitment.objects.filter(campaign=campaign).count() == 8


@override_settings(TASKS=DATABASE_TASKS)
def test_a_refusal_is_shown_at_once_and_nothing_is_queued(admin_client, org):
    campaign = org.campaign()
    campaign.scope_units.clear()
    response = _open(admin_client, campaign)
    assert "chọn ít nhất một đơn vị cho đợt ký" in response.content.decode()
    assert not DBTaskResult.objects.exists()

"""Opening a cycle in the task worker: the admin refuses at once what opening would refuse,
queues the rest, and the task opens the cycle once however often it runs."""

import pytest
from django.test import override_settings
from django_tasks_db.models import DBTaskResult

from evaluations.models import Cycle, Evaluation
from evaluations.tasks import open_cycle
from tests.admin_actions import admin_action

pytestmark = pytest.mark.django_db
DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def _open(client, cycle):
    return admin_action(client, Cycle, "open_cycles", [cycle.pk], follow=True)


@override_settings(TASKS=DATABASE_TASKS)
def test_the_admin_queues_the_opening_and_the_task_opens_once(org, root_client):
    cycle = org.cycle()
    response = _open(root_client, cycle)
    assert "đang được mở ở chế độ nền" in response.content.decode()
    cycle.refresh_from_db()
    assert cycle.status == Cycle.Status.DRAFT  # the request only queued it
    (queued,) = DBTaskResult.objects.all()
    assert queued.task_path == "evaluations.tasks.open_cycle"

    kwargs = queued.args_kwargs["kwargs"]
    assert open_cycle.call(**kwargs) == 8
    assert open_cycle.call(**kwargs) == 8  # run twice: nothing more
    cycle.refresh_from_db()
    assert cycle.status == Cycle.Status.OPEN
    assert Evaluation.objects.filter(cycle=cycle).count() == 8


@override_settings(TASKS=DATABASE_TASKS)
def test_a_refusal_is_shown_at_once_and_nothing_is_queued(org, root_client):
    cycle = org.cycle()
    cycle.scope_units.clear()
    response = _open(root_client, cycle)
    assert "chọn ít nhất một đơn vị cho đợt đánh giá" in response.content.decode()
    assert not DBTaskResult.objects.exists()

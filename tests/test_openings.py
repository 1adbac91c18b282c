"""Opening a cycle or a campaign in the task worker (core.tasks.open_once): the admin refuses
at once what opening would refuse, queues the rest, and the task opens it once however
often it runs."""

from dataclasses import dataclass

import pytest
from django.test import override_settings
from django_tasks_db.models import DBTaskResult

from commitments.models import Campaign, Commitment
from commitments.tasks import open_campaign
from evaluations.models import Cycle, Evaluation
from evaluations.tasks import open_cycle
from tests.admin_actions import admin_action
from tests.factories import commitments, evaluations

pytestmark = pytest.mark.django_db
DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@dataclass(frozen=True)
class Opening:
    org: type  # the app's test organisation, whose ``draft()`` makes one in draft
    draft: str
    model: type
    action: str
    task: object
    task_path: str
    rows: type  # what opening creates, one per person in scope
    refusal: str  # what the admin says when the scope is empty


OPENINGS = {
    "cycle": Opening(
        evaluations.Org, "cycle", Cycle, "open_cycles", open_cycle,
        "evaluations.tasks.open_cycle", Evaluation,
        "chọn ít nhất một đơn vị cho đợt đánh giá",
    ),
    "campaign": Opening(
        commitments.Org, "campaign", Campaign, "open_campaigns", open_campaign,
        "commitments.tasks.open_campaign", Commitment,
        "chọn ít nhất một đơn vị cho đợt ký",
    ),
}  # fmt: skip


def _open(client, opening, scoped):
    return admin_action(client, opening.model, opening.action, [scoped.pk], follow=True)


@pytest.mark.parametrize("what", OPENINGS)
@override_settings(TASKS=DATABASE_TASKS)
def test_the_admin_queues_the_opening_and_the_task_opens_once(admin_client, what):
    opening = OPENINGS[what]
    scoped = getattr(opening.org(), opening.draft)()

    response = _open(admin_client, opening, scoped)

    assert "đang được mở ở chế độ nền" in response.content.decode()
    scoped.refresh_from_db()
    assert scoped.status == opening.model.Status.DRAFT  # the request only queued it
    (queued,) = DBTaskResult.objects.all()
    assert queued.task_path == opening.task_path
    kwargs = queued.args_kwargs["kwargs"]
    assert opening.task.call(**kwargs) == 8
    assert opening.task.call(**kwargs) == 8  # run twice: nothing more
    scoped.refresh_from_db()
    assert scoped.status == opening.model.Status.OPEN
    assert opening.rows.objects.filter(**{what: scoped}).count() == 8


@pytest.mark.parametrize("what", OPENINGS)
@override_settings(TASKS=DATABASE_TASKS)
def test_a_refusal_is_shown_at_once_and_nothing_is_queued(admin_client, what):
    opening = OPENINGS[what]
    scoped = getattr(opening.org(), opening.draft)()
    scoped.scope_units.clear()

    response = _open(admin_client, opening, scoped)

    assert opening.refusal in response.content.decode()
    assert not DBTaskResult.objects.exists()

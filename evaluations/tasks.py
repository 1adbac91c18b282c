"""Evaluation work done by the task worker (core.tasks explains the backends)."""

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django_tasks import task

from core.tasks import retry_later

from .models import Cycle
from .services import cycle_open, reminders_send


@task()
def send_reminders(*, days: int = 3) -> int:
    """Queue today's deadline reminders; safe to run twice a day (each email is keyed by
    person, text and day, see ``reminders_send``). Returns how many were queued."""
    with transaction.atomic():
        return reminders_send(days=days)


@task()
def open_cycle(*, cycle_id: int, actor_id: int, attempt: int = 1) -> int:
    """Open the cycle (``cycle_open``) and return how many evaluations it has. Safe to run
    twice: a cycle an earlier run opened is left as it is. A refusal is final; any other
    failure (the database away) is retried."""
    cycle = Cycle.objects.get(pk=cycle_id)
    if cycle.opened_at is not None:
        return cycle.evaluations.count()
    try:
        return cycle_open(cycle=cycle, actor=get_user_model().objects.get(pk=actor_id))
    except ValidationError:
        cycle.refresh_from_db()
        if cycle.opened_at is not None:  # opened meanwhile by another run
            return cycle.evaluations.count()
        raise
    except Exception:
        kwargs = {"cycle_id": cycle_id, "actor_id": actor_id}
        retry_later(open_cycle, attempt=attempt, kwargs=kwargs)
        raise

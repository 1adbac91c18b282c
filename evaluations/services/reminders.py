"""Deadline reminders: who still has something to do in an open cycle, and an email each."""

import datetime
import hashlib

from django.db.models import Q
from django.utils.translation import gettext

from core.time import local_today

from .. import notifications, selectors
from ..models import Assessment, Cycle, Evaluation, State
from ..workflow import SELF_EDITABLE


def _reminder_text(deadline: datetime.date, cycle: Cycle) -> tuple[str, str]:
    return (
        gettext("Reminder: evaluation deadline %(deadline)s")
        % {"deadline": deadline.strftime("%d/%m/%Y")},
        gettext("Your part of the evaluation cycle %(cycle)s is due by %(deadline)s.")
        % {"cycle": cycle.name, "deadline": deadline.strftime("%d/%m/%Y")},
    )


def reminders_due(*, days: int = 3, today: datetime.date | None = None) -> list[tuple]:
    """(person, subject, body) for everyone whose phase deadline is within ``days`` days
    (or passed) and whose part is not done, in open cycles.
    """
    today = today or local_today()
    horizon = today + datetime.timedelta(days=days)
    cycles = Cycle.objects.filter(status=Cycle.Status.OPEN)
    due: list[tuple] = []
    text = _reminder_text

    for evaluation in Evaluation.objects.filter(
        cycle__in=cycles.filter(self_deadline__lte=horizon), state__in=SELF_EDITABLE
    ).select_related("cycle", "person", "person__user"):
        due.append((evaluation.person, *text(evaluation.cycle.self_deadline, evaluation.cycle)))

    for assessment in Assessment.objects.filter(
        evaluation__cycle__in=cycles.filter(colleague_deadline__lte=horizon),
        evaluation__state=State.COLLEAGUES,
        kind=Assessment.Kind.COLLEAGUE,
        status=Assessment.Status.DRAFT,
    ).select_related("evaluation__cycle", "assessor", "assessor__user"):
        cycle = assessment.evaluation.cycle
        due.append((assessment.assessor, *text(cycle.colleague_deadline, cycle)))

    heads: dict[int, object] = {}
    for evaluation in Evaluation.objects.filter(
        Q(state=State.HEAD_REVIEW) | Q(state=State.CONCLUDED),
        cycle__in=cycles.filter(head_deadline__lte=horizon),
    ).select_related("cycle", "person", "unit", "reviewer", "reviewer__user"):
        head = selectors.evaluation_head(evaluation)
        if head is not None and head.pk not in heads:
            heads[head.pk] = head
            due.append((head, *text(evaluation.cycle.head_deadline, evaluation.cycle)))
    return due


def reminders_send(*, days: int = 3, today: datetime.date | None = None) -> int:
    """Send the due reminders (after commit) and return how many were queued."""
    today = today or local_today()
    due = reminders_due(days=days, today=today)
    for person, subject, body in due:
        # Once per person, text and day: a second run the same day sends nothing again.
        digest = hashlib.sha256(f"{subject}\n{body}".encode()).hexdigest()[:16]
        notifications.queue(
            person,
            lambda subject=subject, body=body: (subject, body),
            key=f"evaluations.reminder:{person.pk}:{today.isoformat()}:{digest}",
        )
    return len(due)


def reminders_send_for_head(*, head, cycle: Cycle) -> int:
    """Remind the people a head reviews in ``cycle`` of their pending part, whatever the
    deadline: those whose self-assessment is not submitted and the colleagues asked who have
    not answered. One email per person (after commit); returns how many were queued.
    Three queries.
    """
    if cycle.status != Cycle.Status.OPEN:
        return 0
    evaluations = selectors.evaluations_for_head(head, cycle)
    people: dict[int, tuple] = {}
    for evaluation in evaluations.filter(state__in=SELF_EDITABLE):
        people.setdefault(evaluation.person_id, (evaluation.person, cycle.self_deadline))
    for assessment in Assessment.objects.filter(
        evaluation__in=evaluations.filter(state=State.COLLEAGUES),
        kind=Assessment.Kind.COLLEAGUE,
        status=Assessment.Status.DRAFT,
    ).select_related("assessor", "assessor__user"):
        people.setdefault(assessment.assessor_id, (assessment.assessor, cycle.colleague_deadline))
    for person, deadline in people.values():
        notifications.queue(person, lambda deadline=deadline: _reminder_text(deadline, cycle))
    return len(people)
